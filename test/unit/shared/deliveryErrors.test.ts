import { testProvider } from '../lib/testProvider';
import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import { MAX_ITEM_DEPTH, TOO_DEEP } from '../../../nodes/shared/pipeline/depth';
import { rejection } from '../../../nodes/shared/result';
import { runTrigger, storableItem } from '../../../nodes/shared/pipeline/runTrigger';
import { fakeWebhookContext } from '../lib/webhookContext';

/**
 * What the shared runtime does when a handler throws, when building a hint throws, and with an
 * item too deep for n8n to store: an answer, a rate-limited log line, never an exception.
 */

// A production rejection schedules the rejection log's per-minute summary; fake timers keep that
// pending timer from holding the test process open for a minute after the tests are done.
beforeAll(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date'] });
});
afterAll(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

const base = { provider: testProvider({ categories: ['A'], eventNames: ['a.one'] }) };
let workflows = 0;

function delivery(mode: 'webhook' | 'manual', workflowId = `wf-errors-${++workflows}`) {
	return fakeWebhookContext({
		mode,
		workflowId,
		nodeName: 'Aktify Trigger',
		nodeType: 'n8n-nodes-lead-events.aktifyTrigger',
		body: '{"event":"a.one"}',
	});
}

describe('a handler that throws', () => {
	const throwing = () => {
		throw new RangeError('Maximum call stack size exceeded\nRejected a webhook delivery in "x"');
	};

	it('is answered 400 each time and logged once per node and minute, as an error on one line', async () => {
		const workflowId = `wf-errors-${++workflows}`;
		const contexts = Array.from({ length: 20 }, () => delivery('webhook', workflowId));
		for (const fake of contexts) {
			const result = await runTrigger(fake.context, { ...base, process: throwing });
			expect(fake.response).toEqual({
				statusCode: 400,
				body: { status: 'rejected', reason: 'Delivery could not be processed' },
			});
			expect(result.workflowData).toBeUndefined();
		}
		const errors = contexts.flatMap((fake) => fake.logger.error.mock.calls.map(([line]) => line));
		const warnings = contexts.flatMap((fake) => fake.logger.warn.mock.calls);
		expect(warnings).toHaveLength(0);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toContain('400 Delivery could not be processed.');
		expect(errors[0]).toContain(
			'Error: RangeError: Maximum call stack size exceeded Rejected a webhook delivery in "x".',
		);
		expect(String(errors[0]).split('\n')).toHaveLength(1);
	});

	it('in test mode also shows the item and logs the error through the same limit', async () => {
		const workflowId = `wf-errors-${++workflows}`;
		const first = delivery('manual', workflowId);
		const result = await runTrigger(first.context, { ...base, process: throwing });
		expect(first.response.statusCode).toBe(400);
		// Shown past the trigger's one output, where no node runs on it.
		expect(result.workflowData?.[0]).toEqual([]);
		expect(result.workflowData?.[1]?.[0]?.json).toMatchObject({
			rejected: true,
			cause: 'processing-failed',
		});
		expect(first.logger.error).toHaveBeenCalledTimes(1);
		const second = delivery('manual', workflowId);
		await runTrigger(second.context, { ...base, process: throwing });
		expect(second.logger.error).not.toHaveBeenCalled();
	});
});

describe('a rejection whose diagnosis throws', () => {
	const refused = (): DeliveryOutcome<TriggerItem> =>
		rejection(401, 'Signature does not match', 'signature-mismatch', { header: 'x' }, () => {
			throw new RangeError('Maximum call stack size exceeded');
		});

	it('is answered 401, counted and logged without the diagnosis; the next is only counted', async () => {
		const workflowId = `wf-errors-${++workflows}`;
		const first = delivery('webhook', workflowId);
		await runTrigger(first.context, { ...base, process: refused });
		expect(first.response.statusCode).toBe(401);
		expect(first.logger.warn).toHaveBeenCalledTimes(1);
		expect(first.logger.warn.mock.calls[0][0]).toContain('401 Signature does not match.');
		const second = delivery('webhook', workflowId);
		await runTrigger(second.context, { ...base, process: refused });
		expect(second.response.statusCode).toBe(401);
		expect(second.logger.warn).not.toHaveBeenCalled();
	});

	it('still gives the editor an item with the plain evidence in test mode', async () => {
		const fake = delivery('manual');
		const result = await runTrigger(fake.context, { ...base, process: refused });
		expect(fake.response.statusCode).toBe(401);
		expect(result.workflowData?.[0]).toEqual([]);
		const item = result.workflowData?.[1]?.[0]?.json;
		expect(item).toMatchObject({
			rejected: true,
			cause: 'signature-mismatch',
			evidence: { header: 'x', mode: 'test' },
		});
		expect(typeof item?.hint).toBe('string');
	});
});

describe('an accepted item nested too deep for n8n to store', () => {
	function deepValue(depth: number): unknown {
		let value: unknown = { password: 'at-the-bottom' };
		for (let level = 0; level < depth; level++) value = [value];
		return value;
	}

	it('is emitted with the deep part replaced and a validation problem, in both modes', async () => {
		for (const mode of ['webhook', 'manual'] as const) {
			const fake = delivery(mode);
			const item = {
				event: 'a.one',
				category: 'A',
				dedupeKey: 'k',
				data: deepValue(10_000),
				validation: { valid: true, issues: [] },
			};
			const result = await runTrigger(fake.context, {
				...base,
				process: () => ({ ok: true, item }),
			});
			expect(result.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
			const [[emitted]] = result.workflowData ?? [[]];
			const text = JSON.stringify(emitted.json);
			expect(text).toContain(TOO_DEEP);
			expect(emitted.json).toMatchObject({
				event: 'a.one',
				dedupeKey: 'k',
				validation: {
					valid: false,
					issues: [expect.stringMatching(/nested deeper than 100 levels/)],
				},
			});
		}
	});

	it('leaves an item within the limit untouched (the same object)', () => {
		const item = {
			event: 'a.one',
			category: 'A',
			dedupeKey: 'k',
			data: deepValue(MAX_ITEM_DEPTH - 3),
			validation: { valid: true, issues: [] },
		};
		expect(storableItem(item)).toBe(item);
		const deeper = { ...item, data: deepValue(MAX_ITEM_DEPTH) };
		const stored = storableItem(deeper);
		expect(stored).not.toBe(deeper);
		expect(stored.validation).toMatchObject({ valid: false });
	});
});
