import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import { rejection } from '../../../nodes/shared/result';
import { runTrigger } from '../../../nodes/shared/pipeline/runTrigger';
import { outputLabels, outputsExpression } from '../../../nodes/shared/pipeline/routing';
import { processRejectionReports } from '../../../nodes/shared/diagnostics/rejectedOutput';
import { reportRejectionsProperties } from '../../../nodes/shared/descriptions/properties';
import { testProvider } from '../lib/testProvider';
import { fakeWebhookContext } from '../lib/webhookContext';

// A production rejection schedules the rejection log's per-minute summary; fake timers keep it
// from holding the test process open (Date stays real and is set per test with a spy).
beforeAll(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date'] });
});
afterAll(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-29T12:00:00.000Z');
let clock = T0;
beforeEach(() => {
	processRejectionReports.clear();
	clock = T0;
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

// Distinctive sender content: none of it may reach the Rejected output's item.
const SENDER = {
	body: JSON.stringify({
		event: 'a.one',
		secret_key: 'sender-secret-Qw81',
		note: 'sender-body-Xy77',
	}),
	headers: {
		'x-sender-header-Hd55': 'sender-header-value-Vb22',
		'aktify-signature': 't=1,v2=sender-signature-Zz91',
		authorization: 'SenderScheme sender-auth-Ty33',
	},
	query: { token: 'sender-url-token-Uu44' },
};
const SENDER_STRINGS = [
	'sender-secret-Qw81',
	'sender-body-Xy77',
	'x-sender-header-Hd55',
	'sender-header-value-Vb22',
	'sender-signature-Zz91',
	'SenderScheme',
	'sender-auth-Ty33',
	'sender-url-token-Uu44',
	'a.one',
];

function context(options: {
	mode?: 'manual' | 'webhook';
	parameters?: Record<string, unknown>;
	nodeId?: string;
	connections?: Array<Array<{ node: string }>>;
}) {
	return fakeWebhookContext({
		mode: options.mode ?? 'webhook',
		body: SENDER.body,
		headers: SENDER.headers,
		query: SENDER.query,
		parameters: {
			routeBy: 'category',
			reportRejections: true,
			reportIntervalMinutes: 15,
			...options.parameters,
		},
		workflowId: 'wf-rep',
		workflowName: 'Leads',
		nodeId: options.nodeId ?? 'node-rep',
		nodeName: 'Aktify Trigger',
		nodeType: 'n8n-nodes-lead-events.aktifyTrigger',
		connections: options.connections ?? [[{ node: 'CRM' }], [], [], [{ node: 'Slack' }]],
	});
}

const provider = testProvider();
const mismatch = (): DeliveryOutcome<TriggerItem> =>
	rejection(
		401,
		'Signature does not match',
		'signature-mismatch',
		{ header: 'aktify-signature' },
		() => ({
			signatureBody: 'sorted-keys',
			signatureValidWith: 'client-secret',
			authorizationScheme: 'SenderScheme',
			timestampMs: 1,
		}),
	);
const missing = (): DeliveryOutcome<TriggerItem> =>
	rejection(401, 'No signature header', 'signature-missing', { header: 'aktify-signature' });
const accept = (): DeliveryOutcome<TriggerItem> => ({
	ok: true,
	item: { event: 'b.two', category: 'B', dedupeKey: 'k1' },
});

async function deliver(
	process: () => DeliveryOutcome<TriggerItem>,
	options: Parameters<typeof context>[0] = {},
) {
	const fake = context(options);
	const result = await runTrigger(fake.context, { provider, process });
	return { result, response: fake.response };
}

describe('the outputs with Report Rejections', () => {
	it('adds Rejected as the last output only when on, after every routing', () => {
		const cats = provider.categories;
		const events = provider.eventNames;
		expect(outputLabels({ routeBy: 'none' }, cats, events)).toEqual(['']);
		expect(outputLabels({ routeBy: 'none', reportRejections: false }, cats, events)).toEqual(['']);
		// Not routed: the events' output is named, or the editor calls it "Undefined Branch".
		expect(outputLabels({ routeBy: 'none', reportRejections: true }, cats, events)).toEqual([
			'Events',
			'Rejected',
		]);
		expect(outputLabels({ routeBy: 'category', reportRejections: true }, cats, events)).toEqual([
			'A',
			'B',
			'Other',
			'Rejected',
		]);
		expect(
			outputLabels({ routeBy: 'event', events: ['b.two'], reportRejections: true }, cats, events),
		).toEqual(['b.two', 'Other', 'Rejected']);
	});

	it('labels the Rejected output in the expression the editor evaluates', () => {
		const expression = outputsExpression(provider.categories, provider.eventNames);
		const body = expression.slice('={{'.length, -'}}'.length);
		const evaluate = new Function('$parameter', `return ${body};`) as (p: unknown) => unknown;
		expect(evaluate({ routeBy: 'none', reportRejections: true })).toEqual([
			{ type: 'main', displayName: 'Events' },
			{ type: 'main', displayName: 'Rejected' },
		]);
		expect(evaluate({ routeBy: 'none', reportRejections: false })).toEqual([{ type: 'main' }]);
		expect(evaluate({ routeBy: 'category' })).toHaveLength(3);
	});

	it('offers the option off by default and an interval of at least 1 minute, default 15, shown only when on', () => {
		const [option, interval] = reportRejectionsProperties;
		expect(option).toMatchObject({ name: 'reportRejections', type: 'boolean', default: false });
		expect(interval).toMatchObject({
			name: 'reportIntervalMinutes',
			displayName: 'Report Interval (Minutes)',
			default: 15,
			typeOptions: { minValue: 1 },
			displayOptions: { show: { reportRejections: [true] } },
		});
	});

	it('routes ordinary deliveries as before when on (never to Rejected)', async () => {
		const { result } = await deliver(accept);
		expect(result.webhookResponse).toEqual({ status: 'accepted', event: 'b.two' });
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 1, 0, 0]);
		const unrouted = await deliver(
			() => ({ ok: true, item: { event: 'zzz', category: 'Z', dedupeKey: 'k' } }),
			{ parameters: { routeBy: 'none' } },
		);
		expect(unrouted.result.workflowData?.map((output) => output.length)).toEqual([1, 0]);
	});
});

describe('production rejections with Report Rejections on', () => {
	it('answers the sender its 4xx and starts one execution with one item on Rejected for the first rejection', async () => {
		const { result, response } = await deliver(mismatch);
		expect(response).toEqual({
			statusCode: 401,
			body: { status: 'rejected', reason: 'Signature does not match' },
		});
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 1]);
		const item = result.workflowData![3][0].json;
		expect(item).toMatchObject({
			rejectedCount: 1,
			causes: [{ cause: 'signature-mismatch', title: 'Signature does not match', count: 1 }],
			firstRejectedAt: '2026-01-29T12:00:00.000Z',
			lastRejectedAt: '2026-01-29T12:00:00.000Z',
			mostFrequent: { cause: 'signature-mismatch', count: 1 },
			trigger: { name: 'Aktify Trigger', id: 'node-rep' },
			workflow: { name: 'Leads', id: 'wf-rep' },
			provider: provider.displayName,
			reportIntervalMinutes: 15,
			countedAcross: 'this process',
			mode: 'production',
		});
		// The finding of the diagnosis (no sender content) sharpens the hint.
		expect((item.mostFrequent as { hint: string }).hint).toContain('keys in another order');
		expect((item.mostFrequent as { check: string[] }).check.length).toBeGreaterThan(0);
	});

	it('counts the rest of the interval and reports them with the first rejection after it', async () => {
		expect((await deliver(mismatch)).result.workflowData).toBeDefined();
		for (let i = 1; i <= 5; i++) {
			clock = T0 + i * MINUTE;
			const { result, response } = await deliver(i % 2 ? missing : mismatch);
			expect(response.statusCode).toBe(401);
			expect(result).toEqual({ noWebhookResponse: true });
		}
		clock = T0 + 15 * MINUTE - 1;
		expect((await deliver(missing)).result.workflowData).toBeUndefined();
		clock = T0 + 15 * MINUTE;
		const { result } = await deliver(mismatch);
		const item = result.workflowData![3][0].json;
		expect(item).toMatchObject({
			rejectedCount: 7,
			causes: [
				{ cause: 'signature-missing', count: 4 },
				{ cause: 'signature-mismatch', count: 3 },
			],
			firstRejectedAt: new Date(T0 + MINUTE).toISOString(),
			lastRejectedAt: new Date(T0 + 15 * MINUTE).toISOString(),
			mostFrequent: { cause: 'signature-missing', count: 4 },
		});
	});

	it('starts at most one execution for 1,000 forged deliveries within one interval', async () => {
		let executions = 0;
		let answered401 = 0;
		for (let i = 0; i < 1000; i++) {
			clock = T0 + i * 800; // 800 s in all, within the 15-minute interval
			const { result, response } = await deliver(mismatch);
			if (response.statusCode === 401) answered401++;
			if (result.workflowData?.flat().length) executions++;
		}
		expect(answered401).toBe(1000);
		expect(executions).toBe(1);
	});

	it('honours the interval set on the node', async () => {
		const options = { parameters: { reportIntervalMinutes: 1 } };
		expect((await deliver(mismatch, options)).result.workflowData).toBeDefined();
		clock = T0 + MINUTE - 1;
		expect((await deliver(mismatch, options)).result.workflowData).toBeUndefined();
		clock = T0 + MINUTE;
		expect((await deliver(mismatch, options)).result.workflowData![3][0].json).toMatchObject({
			rejectedCount: 2,
			reportIntervalMinutes: 1,
		});
	});

	it('carries nothing the sender sent', async () => {
		await deliver(mismatch);
		clock = T0 + 15 * MINUTE;
		const { result } = await deliver(missing);
		const text = JSON.stringify(result.workflowData);
		for (const sent of SENDER_STRINGS) expect(text).not.toContain(sent);
	});

	it('starts nothing for a refusal without a cause (not about the delivery)', async () => {
		const { result, response } = await deliver(() => rejection(503, 'Try again later'));
		expect(response.statusCode).toBe(503);
		expect(result).toEqual({ noWebhookResponse: true });
	});
});

describe('production rejections with Report Rejections off', () => {
	it('starts nothing, whatever the interval', async () => {
		for (let i = 0; i < 3; i++) {
			clock = T0 + i * 60 * MINUTE;
			const { result, response } = await deliver(mismatch, {
				parameters: { reportRejections: false },
			});
			expect(response.statusCode).toBe(401);
			expect(result).toEqual({ noWebhookResponse: true });
		}
	});
});

describe('test deliveries', () => {
	it('with Report Rejections on: the explanation goes to the Rejected output, without sender content', async () => {
		const { result, response } = await deliver(mismatch, { mode: 'manual' });
		expect(response.statusCode).toBe(401);
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 1]);
		const item = result.workflowData![3][0].json;
		expect(item).toMatchObject({
			rejectedCount: 1,
			causes: [{ cause: 'signature-mismatch', count: 1 }],
			mostFrequent: { cause: 'signature-mismatch' },
			mode: 'test',
		});
		expect((item.mostFrequent as { hint: string }).hint).toContain('keys in another order');
		const text = JSON.stringify(result.workflowData);
		for (const sent of SENDER_STRINGS) expect(text).not.toContain(sent);
		// A test delivery is not counted toward production reports.
		const production = await deliver(mismatch);
		expect(production.result.workflowData![3][0].json).toMatchObject({ rejectedCount: 1 });
	});

	it('with Report Rejections off: past the declared outputs, where no node runs', async () => {
		const { result } = await deliver(mismatch, {
			mode: 'manual',
			parameters: { reportRejections: false },
		});
		// A, B, Other declared; the connection from index 3 is skipped too.
		expect(result.workflowData?.map((output) => output.length)).toEqual([0, 0, 0, 0, 1]);
		expect(result.workflowData![4][0].json).toMatchObject({
			rejected: true,
			cause: 'signature-mismatch',
		});
	});
});
