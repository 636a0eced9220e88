import { testProvider } from '../lib/testProvider';
import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import { runTrigger } from '../../../nodes/shared/pipeline/runTrigger';
import { fakeWebhookContext, type FakeWebhookOptions } from '../lib/webhookContext';

// A production rejection schedules the rejection log's per-minute summary; fake timers keep that
// pending timer from holding the test process open for a minute after the tests are done.
beforeAll(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date'] });
});
afterAll(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

/** n8n's webhook context as runTrigger sees it (the shared fake), with its request and response. */
function context(options: FakeWebhookOptions) {
	const fake = fakeWebhookContext(options);
	return { ctx: fake.context, response: fake.response, req: fake.request };
}

const item = (event: string, category: string, dedupeKey = `key-${event}`): TriggerItem => ({
	event,
	category,
	dedupeKey,
});
const accept = (value: TriggerItem) => (): DeliveryOutcome<TriggerItem> => ({
	ok: true,
	item: value,
});
const base = { provider: testProvider() };

describe('runTrigger', () => {
	it('emits an accepted item on a single output by default', async () => {
		const { ctx } = context({ body: '{}' });
		const result = await runTrigger(ctx, { ...base, process: accept(item('a.one', 'A')) });
		expect(result.workflowData).toEqual([[{ json: item('a.one', 'A') }]]);
		expect(result.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
	});

	it('routes by category and by event, with "Other" last', async () => {
		const byCategory = context({ body: '{}', parameters: { routeBy: 'category' } });
		const routed = await runTrigger(byCategory.ctx, {
			...base,
			process: accept(item('b.two', 'B')),
		});
		expect(routed.workflowData?.map((output) => output.length)).toEqual([0, 1, 0]);
		const byEvent = context({ body: '{}', parameters: { routeBy: 'event', events: ['b.two'] } });
		const other = await runTrigger(byEvent.ctx, { ...base, process: accept(item('b.two', 'B')) });
		expect(other.workflowData?.map((output) => output.length)).toEqual([1, 0]);
	});

	it('acknowledges unselected events without starting an execution', async () => {
		const { ctx } = context({ body: '{}', parameters: { events: ['a.one'] } });
		const result = await runTrigger(ctx, { ...base, process: accept(item('b.two', 'B')) });
		expect(result.workflowData).toBeUndefined();
		expect(result.webhookResponse).toMatchObject({ status: 'ignored' });
	});

	it('shows an unselected test event only past the outputs, so no connected node runs on it', async () => {
		// Routed by category (A, B, Other), every output connected, and a connection left at index 3.
		const connected = [[{ node: 'Set' }], [{ node: 'Set' }], [{ node: 'Set' }], [{ node: 'Old' }]];
		const { ctx, response } = context({
			body: '{}',
			mode: 'manual',
			parameters: { events: ['a.one'], routeBy: 'category' },
			connections: connected,
		});
		const result = await runTrigger(ctx, { ...base, process: accept(item('b.two', 'B')) });
		// n8n answers the sender from webhookResponse: still 200 ignored.
		expect(response.statusCode).toBeUndefined();
		expect(result.webhookResponse).toEqual({
			status: 'ignored',
			reason: 'Event "b.two" is not selected in this trigger',
		});
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 0, 1]);
		expect(result.workflowData![4][0].json).toMatchObject({
			ignored: true,
			cause: 'event-not-selected',
			evidence: { event: 'b.two', selectedEvents: ['a.one'], mode: 'test' },
		});
	});

	it('emits an accepted test event on its declared output as in production', async () => {
		const { ctx } = context({
			body: '{}',
			mode: 'manual',
			parameters: { routeBy: 'category' },
			connections: [[{ node: 'Set' }], [{ node: 'Set' }], [{ node: 'Set' }]],
		});
		const result = await runTrigger(ctx, { ...base, process: accept(item('b.two', 'B')) });
		expect(result.workflowData).toEqual([[], [{ json: item('b.two', 'B') }], []]);
	});

	it('suppresses a repeated dedupe key only when asked, per workflow', async () => {
		const on = { options: { suppressDuplicates: true, duplicateWindowSeconds: 60 } };
		const first = await runTrigger(
			context({ body: '{}', parameters: on, workflowId: 'wf-dup' }).ctx,
			{ ...base, process: accept(item('a.one', 'A', 'same')) },
		);
		const second = await runTrigger(
			context({ body: '{}', parameters: on, workflowId: 'wf-dup' }).ctx,
			{ ...base, process: accept(item('a.one', 'A', 'same')) },
		);
		const elsewhere = await runTrigger(
			context({ body: '{}', parameters: on, workflowId: 'wf-other' }).ctx,
			{ ...base, process: accept(item('a.one', 'A', 'same')) },
		);
		const off = await runTrigger(context({ body: '{}', workflowId: 'wf-dup' }).ctx, {
			...base,
			process: accept(item('a.one', 'A', 'same')),
		});
		const emitted = {
			workflowData: [[{ json: item('a.one', 'A', 'same') }]],
			webhookResponse: { status: 'accepted', event: 'a.one' },
		};
		expect(first).toEqual(emitted);
		expect(second).toEqual({ webhookResponse: { status: 'duplicate', dedupeKey: 'same' } });
		expect(elsewhere).toEqual(emitted);
		expect(off).toEqual(emitted);
	});

	it.each([
		['a GET request', { method: 'GET', body: '' }, 405, 'Only POST is accepted'],
		[
			'multipart/form-data',
			{ headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: 'x' },
			415,
			'multipart/form-data is not supported',
		],
		[
			'a declared length above the limit',
			{ headers: { 'content-length': String(2 * 1024 * 1024) }, body: '{}' },
			413,
			'Body is larger than 1024 KB',
		],
		[
			'a body above the configured limit',
			{ body: 'x'.repeat(3000), parameters: { options: { maxBodySizeKb: 2 } } },
			413,
			'Body is larger than 2 KB',
		],
	])('rejects %s before processing', async (_label, options, status, reason) => {
		const { ctx, response } = context(options);
		const process = jest.fn(accept(item('a.one', 'A')));
		const result = await runTrigger(ctx, { ...base, process });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(status);
		expect(response.body).toEqual({ status: 'rejected', reason });
		expect(process).not.toHaveBeenCalled();
	});

	it('answers the handler rejection with its status and reason', async () => {
		const { ctx, response } = context({ body: '{}' });
		await runTrigger(ctx, {
			...base,
			process: () => ({ ok: false, status: 401, reason: 'Signature does not match' }),
		});
		expect(response).toEqual({
			statusCode: 401,
			body: { status: 'rejected', reason: 'Signature does not match' },
		});
	});

	it('turns an unexpected handler error into a 400 without the error text', async () => {
		const { ctx, response } = context({ body: '{}' });
		const result = await runTrigger(ctx, {
			...base,
			process: () => {
				throw new Error('secret-bearing internal detail');
			},
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			statusCode: 400,
			body: { status: 'rejected', reason: 'Delivery could not be processed' },
		});
	});

	it('reads the body itself when n8n did not', async () => {
		const { ctx, req } = context({ headers: { 'content-type': 'application/octet-stream' } });
		req.readRawBody.mockImplementation(async () => {
			(req as { rawBody?: Buffer }).rawBody = Buffer.from('late');
		});
		let seen = '';
		await runTrigger(ctx, {
			...base,
			process: (delivery) => {
				seen = delivery.rawBody.toString();
				return { ok: true, item: item('a.one', 'A') };
			},
		});
		expect(req.readRawBody).toHaveBeenCalled();
		expect(seen).toBe('late');
	});
});
