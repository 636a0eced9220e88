/**
 * Output routing for triggers with several outputs. `outputLabels` is the single definition of
 * which outputs exist: the editor evaluates it (stringified, see `outputsExpression`) to draw the
 * outputs, and `webhook()` calls it to find the index an item belongs to. It therefore has to stay
 * self-contained plain JavaScript: no imports, no closures, no syntax TypeScript would rewrite.
 */

export const OTHER_OUTPUT = 'Other';

export interface RoutingParameters {
	routeBy?: string;
	events?: string[] | string;
}

export function outputLabels(
	parameter: RoutingParameters,
	categories: readonly string[],
	allEvents: readonly string[],
): string[] {
	const mode = parameter && parameter.routeBy ? parameter.routeBy : 'none';
	if (mode === 'category') return categories.concat(['Other']);
	if (mode === 'event') {
		const raw = parameter.events;
		const chosen = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(function (name) {
			return name !== '*';
		});
		return (chosen.length > 0 ? chosen : allEvents).concat(['Other']);
	}
	return [''];
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
	labels: string[],
	routeBy: string,
	item: { event: string; category?: string },
): number {
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
