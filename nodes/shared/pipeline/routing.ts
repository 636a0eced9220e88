/**
 * Output routing for triggers with several outputs. `outputLabels` is the single definition of
 * which outputs exist: the editor evaluates it (stringified, see `outputsExpression`) to draw the
 * outputs, and `webhook()` calls it to find the index an item belongs to. It therefore has to stay
 * self-contained plain JavaScript: no imports, no closures, no syntax TypeScript would rewrite.
 */

export const OTHER_OUTPUT = 'Other';
/** The last output when Report Rejections is on (see diagnostics/rejectionReports.ts). */
export const REJECTED_OUTPUT = 'Rejected';

export interface RoutingParameters {
	routeBy?: string;
	events?: string[] | string;
	reportRejections?: boolean;
}

export function outputLabels(
	parameter: RoutingParameters,
	categories: readonly string[],
	allEvents: readonly string[],
): string[] {
	const mode = parameter && parameter.routeBy ? parameter.routeBy : 'none';
	let labels = [''];
	if (mode === 'category') labels = categories.concat(['Other']);
	if (mode === 'event') {
		const raw = parameter.events;
		const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(function (name) {
			return name !== '*';
		});
		labels = (chosen.length > 0 ? chosen : allEvents).concat(['Other']);
	}
	if (!parameter || parameter.reportRejections !== true) return labels;
	// Always last, so turning it on or off leaves the connections of the other outputs in place.
	// Next to a labelled output an unlabelled one is shown as "Undefined Branch", so it gets a name.
	return (labels.length === 1 && labels[0] === '' ? ['Events'] : labels).concat(['Rejected']);
}

/**
 * Index of the Rejected output in labels produced by `outputLabels`, or undefined when Report
 * Rejections is off. Only the last label can be it: routed labels end with "Other" otherwise.
 */
export function rejectedOutputIndex(labels: readonly string[]): number | undefined {
	return labels.length > 1 && labels[labels.length - 1] === REJECTED_OUTPUT
		? labels.length - 1
		: undefined;
}

/** The `outputs` expression of a routed trigger: evaluated by n8n with the node's parameters. */
export function outputsExpression(
	categories: readonly string[],
	allEvents: readonly string[],
): `={{${string}}}` {
	const toOutputs = `function (labels) { return labels.map(function (label) { return label ? { type: 'main', displayName: label } : { type: 'main' }; }); }`;
	return `={{(${toOutputs})((${outputLabels.toString()})($parameter, ${JSON.stringify(categories)}, ${JSON.stringify(allEvents)}))}}`;
}

/** Index of the output an event goes to, for labels produced by `outputLabels`. */
export function routeIndex(
	allLabels: string[],
	routeBy: string,
	item: { event: string; category?: string },
): number {
	// An event never goes to the Rejected output.
	const rejected = rejectedOutputIndex(allLabels);
	const labels = rejected === undefined ? allLabels : allLabels.slice(0, rejected);
	if (labels.length <= 1) return 0;
	const key = routeBy === 'category' ? item.category : item.event;
	const index = key === undefined ? -1 : labels.indexOf(key);
	return index >= 0 ? index : labels.length - 1;
}

/** Lays out items over `outputCount` outputs, n8n's `workflowData` shape. */
export function distribute<T>(
	outputCount: number,
	placed: Array<{ index: number; item: T }>,
): T[][] {
	const outputs: T[][] = Array.from({ length: Math.max(1, outputCount) }, () => []);
	for (const { index, item } of placed) outputs[index].push(item);
	return outputs;
}
