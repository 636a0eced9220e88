import { testProvider } from '../lib/testProvider';
import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import { rejection } from '../../../nodes/shared/result';
import { runTrigger } from '../../../nodes/shared/pipeline/runTrigger';
import { fakeWebhookContext } from '../lib/webhookContext';

// A production rejection schedules the rejection log's per-minute summary; fake timers keep that
// pending timer from holding the test process open for a minute after the tests are done.
beforeAll(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date'] });
});
afterAll(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

/** n8n's webhook context (the shared fake) in test (manual) or production mode. */
function context(options: {
	mode: 'manual' | 'webhook';
	body: string;
	headers?: Record<string, string>;
	parameters?: Record<string, unknown>;
	workflowId?: string;
	/**
	 * The trigger's outgoing connections by output index, as n8n's context carries them on its
	 * `workflow`; `'unknown'` for a context without them that reports `children` instead.
	 */
	connections?: Array<Array<{ node: string }>> | 'unknown';
	children?: string[];
}) {
	const fake = fakeWebhookContext({
		mode: options.mode,
		body: options.body,
		headers: options.headers,
		parameters: { routeBy: 'category', ...options.parameters },
		workflowId: options.workflowId ?? 'wf-r',
		workflowName: 'Leads',
		nodeName: 'Aktify Trigger',
		nodeType: 'n8n-nodes-lead-events.aktifyTrigger',
		connections: options.connections ?? [[{ node: 'Slack' }]],
		children: options.children,
	});
	return { ctx: fake.context, response: fake.response, warn: fake.logger.warn };
}

const base = { provider: testProvider() };
const BODY = JSON.stringify({ event: 'a.one', secret_key: 'real-secret-key-123', data: { x: 1 } });
const mismatch = (): DeliveryOutcome<TriggerItem> =>
	rejection(
		401,
		'Signature does not match',
		'signature-mismatch',
		{ header: 'aktify-signature' },
		() => ({
			signatureBody: 'sorted-keys',
			signatureValidWith: 'client-secret',
		}),
	);

describe('a rejected delivery while the editor listens (manual mode)', () => {
	it('answers the sender and ends the listening with one item saying why, past the declared outputs', async () => {
		const { ctx, response, warn } = context({ mode: 'manual', body: BODY });
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(response).toEqual({
			statusCode: 401,
			body: { status: 'rejected', reason: 'Signature does not match' },
		});
		expect(result.noWebhookResponse).toBe(true);
		// Routed by category: A, B and Other stay empty, so no node connected to them runs; the
		// item is on a fourth output, which the trigger does not declare and nothing leaves from.
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 1]);
		const [item] = result.workflowData![3];
		expect(item.json).toMatchObject({
			rejected: true,
			status: 401,
			reason: 'Signature does not match',
			cause: 'signature-mismatch',
			title: 'Signature does not match',
			evidence: {
				provider: 'Example',
				header: 'aktify-signature',
				signatureBody: 'sorted-keys',
				signatureValidWith: 'client-secret',
				mode: 'test',
			},
			request: { method: 'POST', contentType: 'application/json', bodyBytes: BODY.length },
			body: { event: 'a.one', secret_key: '[redacted]', data: { x: 1 } },
		});
		expect(item.json.hint).toContain('keys in another order');
		expect(JSON.stringify(item.json)).not.toContain('real-secret-key-123');
		expect(warn).not.toHaveBeenCalled();
	});

	it('shows an event the trigger is not set to, still answered 200 ignored', async () => {
		const { ctx } = context({
			mode: 'manual',
			body: BODY,
			parameters: { events: ['b.two'], routeBy: 'none' },
		});
		const result = await runTrigger(ctx, {
			...base,
			process: () => ({ ok: true, item: { event: 'a.one', category: 'A', dedupeKey: 'k' } }),
		});
		expect(result.webhookResponse).toEqual({
			status: 'ignored',
			reason: 'Event "a.one" is not selected in this trigger',
		});
		// One declared output (not routed), connected: the item is on the second, unconnected one.
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 1]);
		expect(result.workflowData![1][0].json).toMatchObject({
			ignored: true,
			cause: 'event-not-selected',
			evidence: { event: 'a.one', selectedEvents: ['b.two'] },
		});
		expect(result.workflowData![1][0].json.hint).toContain('listens for b.two');
	});

	it('keeps listening for a refusal without a cause', async () => {
		const { ctx, response } = context({ mode: 'manual', body: BODY });
		const result = await runTrigger(ctx, {
			...base,
			process: () => rejection(503, 'Try again later'),
		});
		expect(response.statusCode).toBe(503);
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('names a body above the limit with its size', async () => {
		const { ctx } = context({
			mode: 'manual',
			body: 'x'.repeat(3000),
			parameters: { options: { maxBodySizeKb: 2 } },
		});
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		const [item] = result.workflowData!.flat();
		expect(item.json).toMatchObject({
			status: 413,
			cause: 'body-too-large',
			evidence: { limitBytes: 2048 },
			request: { bodyBytes: 3000 },
		});
		expect(item.json.hint).toContain('(3 KB) is larger than the limit of 2 KB');
	});

	it('skips an output index that still has a connection, e.g. left from an earlier routing', async () => {
		// Declared: A, B, Other. A connection from index 3 (left behind when the outputs were
		// fewer or more) must not receive the item, nor any connection of a declared output.
		const { ctx } = context({
			mode: 'manual',
			body: BODY,
			connections: [[{ node: 'Slack' }], [], [{ node: 'Mail' }], [{ node: 'CRM' }]],
		});
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 0, 1]);
		expect(result.workflowData![4][0].json).toMatchObject({ rejected: true });
	});

	it('shows the item past the declared outputs of a trigger without connections', async () => {
		const { ctx } = context({ mode: 'manual', body: BODY, connections: [] });
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 1]);
	});

	it('puts the item on no output when the connections cannot be read and nodes follow the trigger', async () => {
		const { ctx, response } = context({
			mode: 'manual',
			body: BODY,
			connections: 'unknown',
			children: ['Slack'],
		});
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(response.statusCode).toBe(401);
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData?.flat()).toEqual([]);
	});

	it('shows the item when the connections cannot be read but no node follows the trigger', async () => {
		const { ctx } = context({ mode: 'manual', body: BODY, connections: 'unknown' });
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 1]);
	});
});

describe('a rejected delivery in production', () => {
	it('starts nothing and writes one warning naming workflow, node, status, reason and hint', async () => {
		const { ctx, response, warn } = context({
			mode: 'webhook',
			body: BODY,
			workflowId: 'wf-prod-1',
		});
		const result = await runTrigger(ctx, { ...base, process: mismatch });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
		expect(warn).toHaveBeenCalledTimes(1);
		const [line, meta] = warn.mock.calls[0] as [string, Record<string, unknown>];
		expect(line).toContain(
			'workflow "Leads" (wf-prod-1), node "Aktify Trigger": 401 Signature does not match.',
		);
		expect(line).toContain(
			'Hint: The signature matches the body re-serialised with its keys in another order',
		);
		expect(meta).toMatchObject({
			workflowId: 'wf-prod-1',
			status: 401,
			cause: 'signature-mismatch',
		});

		// A second one within the minute is counted, not written.
		const second = context({ mode: 'webhook', body: BODY, workflowId: 'wf-prod-1' });
		await runTrigger(second.ctx, { ...base, process: mismatch });
		expect(second.warn).not.toHaveBeenCalled();
	});
});
