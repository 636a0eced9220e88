import {
	distribute,
	OTHER_OUTPUT,
	outputLabels,
	outputsExpression,
	routeIndex,
	type RoutingParameters,
} from '../../../nodes/shared/pipeline/routing';

const CATEGORIES = ['Lead Lifecycle', 'Messaging', 'Voice'];
const EVENTS = ['dnc.created', 'lead.message_sent', 'lead.call_ended'];

describe('outputLabels', () => {
	it('has one unnamed output when not routing', () => {
		expect(outputLabels({ routeBy: 'none' }, CATEGORIES, EVENTS)).toEqual(['']);
		expect(outputLabels({}, CATEGORIES, EVENTS)).toEqual(['']);
		// n8n may evaluate the expression before the node has parameters.
		expect(outputLabels(undefined as unknown as RoutingParameters, CATEGORIES, EVENTS)).toEqual([
			'',
		]);
	});

	it('has one output per category, then Other, when routing by category', () => {
		expect(
			outputLabels({ routeBy: 'category', events: ['dnc.created'] }, CATEGORIES, EVENTS),
		).toEqual([...CATEGORIES, OTHER_OUTPUT]);
	});

	it('has one output per selected event, then Other, when routing by event', () => {
		expect(
			outputLabels(
				{ routeBy: 'event', events: ['lead.call_ended', 'dnc.created'] },
				CATEGORIES,
				EVENTS,
			),
		).toEqual(['lead.call_ended', 'dnc.created', OTHER_OUTPUT]);
		expect(outputLabels({ routeBy: 'event', events: 'dnc.created' }, CATEGORIES, EVENTS)).toEqual([
			'dnc.created',
			OTHER_OUTPUT,
		]);
	});

	it('has one output per catalogue event when routing by event with all events or none selected', () => {
		for (const events of [['*'], [], undefined, '*', '']) {
			expect(outputLabels({ routeBy: 'event', events }, CATEGORIES, EVENTS)).toEqual([
				...EVENTS,
				OTHER_OUTPUT,
			]);
		}
		// "All Events" next to named events still means the named ones only.
		expect(
			outputLabels({ routeBy: 'event', events: ['*', 'dnc.created'] }, CATEGORIES, EVENTS),
		).toEqual(['dnc.created', OTHER_OUTPUT]);
	});

	it('does not change the lists it is given', () => {
		const categories = [...CATEGORIES];
		const events = [...EVENTS];
		outputLabels({ routeBy: 'category' }, categories, events);
		outputLabels({ routeBy: 'event' }, categories, events);
		expect(categories).toEqual(CATEGORIES);
		expect(events).toEqual(EVENTS);
	});
});

describe('routeIndex', () => {
	it('sends everything to the only output when not routing', () => {
		expect(routeIndex([''], 'none', { event: 'dnc.created', category: 'Lead Lifecycle' })).toBe(0);
	});

	it('finds the category output, and Other for a category without one', () => {
		const labels = outputLabels({ routeBy: 'category' }, CATEGORIES, EVENTS);
		expect(routeIndex(labels, 'category', { event: 'lead.call_ended', category: 'Voice' })).toBe(2);
		expect(routeIndex(labels, 'category', { event: 'x', category: 'Lead Lifecycle' })).toBe(0);
		expect(routeIndex(labels, 'category', { event: 'x', category: 'Other' })).toBe(
			labels.length - 1,
		);
		expect(routeIndex(labels, 'category', { event: 'x', category: 'Billing' })).toBe(
			labels.length - 1,
		);
		expect(routeIndex(labels, 'category', { event: 'x' })).toBe(labels.length - 1);
	});

	it('finds the event output, and Other for an event without one', () => {
		const labels = outputLabels(
			{ routeBy: 'event', events: ['lead.message_sent', 'dnc.created'] },
			CATEGORIES,
			EVENTS,
		);
		expect(routeIndex(labels, 'event', { event: 'dnc.created', category: 'Lead Lifecycle' })).toBe(
			1,
		);
		expect(routeIndex(labels, 'event', { event: 'lead.message_sent' })).toBe(0);
		expect(routeIndex(labels, 'event', { event: 'lead.call_ended' })).toBe(2);
		expect(routeIndex(labels, 'event', { event: 'unknown' })).toBe(2);
	});
});

describe('distribute', () => {
	it('lays items out over the outputs, keeping empty outputs', () => {
		expect(
			distribute(3, [
				{ index: 2, item: 'a' },
				{ index: 0, item: 'b' },
				{ index: 2, item: 'c' },
			]),
		).toEqual([['b'], [], ['a', 'c']]);
		expect(distribute(0, [])).toEqual([[]]);
	});
});

/** Evaluates the `outputs` expression the way the editor does, with `$parameter` bound to `parameter`. */
function evaluateOutputs(
	expression: string,
	parameter: unknown,
): Array<{ type: string; displayName?: string }> {
	expect(expression.startsWith('={{')).toBe(true);
	expect(expression.endsWith('}}')).toBe(true);
	const body = expression.slice('={{'.length, -'}}'.length);
	// The expression is built from our own function source and JSON, never from user input.
	return new Function('$parameter', `return (${body});`)(parameter) as Array<{
		type: string;
		displayName?: string;
	}>;
}

describe('outputsExpression', () => {
	const expression = outputsExpression(CATEGORIES, EVENTS);
	const cases: RoutingParameters[] = [
		{ routeBy: 'none' },
		{},
		{ routeBy: 'category' },
		{ routeBy: 'category', events: ['dnc.created'] },
		{ routeBy: 'event' },
		{ routeBy: 'event', events: ['*'] },
		{ routeBy: 'event', events: ['lead.call_ended', 'dnc.created'] },
		{ routeBy: 'event', events: 'lead.message_sent' },
		{ routeBy: 'event', events: ['*', 'lead.message_sent'] },
	];

	it.each(cases)('evaluates to the outputs outputLabels describes for %j', (parameter) => {
		const outputs = evaluateOutputs(expression, parameter);
		expect(outputs.map((output) => output.displayName ?? '')).toEqual(
			outputLabels(parameter, CATEGORIES, EVENTS),
		);
		expect(outputs.every((output) => output.type === 'main')).toBe(true);
	});

	it('leaves the single output of an unrouted trigger unnamed, as n8n draws a plain trigger', () => {
		expect(evaluateOutputs(expression, { routeBy: 'none' })).toEqual([{ type: 'main' }]);
	});

	it('carries the catalogue lists, so the editor needs nothing from this package at run time', () => {
		const other = outputsExpression(['Only'], ['only.event']);
		expect(
			evaluateOutputs(other, { routeBy: 'category' }).map((output) => output.displayName),
		).toEqual(['Only', OTHER_OUTPUT]);
		expect(
			evaluateOutputs(other, { routeBy: 'event' }).map((output) => output.displayName),
		).toEqual(['only.event', OTHER_OUTPUT]);
	});
});
