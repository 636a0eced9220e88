import { createHmac, randomUUID } from 'crypto';

import { triggerOutputs, triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';

jest.setTimeout(600_000);

// Distinctive so that a leak into an item is found by a plain search.
const SECRET = 'e2e-report-secret-Kd73Pq10';
const WRONG_SECRET = 'e2e-report-forger-Wm44Rt';
const PHONE = '+15095557766';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Aktify v2 request as Aktify builds it: `t=<ms>,v2=HMAC(secret, "<t>.<body>")`. */
function aktifyRequest(secret: string) {
	const t = Date.now();
	const body = JSON.stringify({
		metadata: {
			apiVersion: '2026-02-09',
			eventType: 'lead.link_clicked',
			campaignId: 'cmp_report_e2e',
			eventTime: new Date(t).toISOString(),
		},
		data: { phone: PHONE, url: 'https://example.com/x', shortUrl: 'https://akt.fy/x' },
	});
	const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
	return {
		body,
		signature,
		headers: { 'content-type': 'application/json', 'aktify-signature': `t=${t},v2=${signature}` },
	};
}

/** The trigger's Rejected output (index 1 here: not routed) runs a NoOp standing in for Slack. */
function alertWorkflow(
	credentialId: string,
	parameters: Record<string, unknown>,
): { workflow: Record<string, unknown>; path: string; node: string } {
	const built = triggerWorkflow({
		type: 'aktifyTrigger',
		name: 'Aktify Trigger',
		parameters: { events: ['*'], routeBy: 'none', ...parameters },
		credentials: { aktifyApi: credentialId },
	});
	const workflow = built.workflow as unknown as {
		nodes: unknown[];
		connections: Record<string, unknown>;
	};
	workflow.nodes.push(
		{
			id: randomUUID(),
			name: 'Events',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [300, -100],
			parameters: {},
		},
		{
			id: randomUUID(),
			name: 'Alert',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [300, 100],
			parameters: {},
		},
	);
	workflow.connections = {
		[built.nodeName]: {
			main: [
				[{ node: 'Events', type: 'main', index: 0 }],
				[{ node: 'Alert', type: 'main', index: 0 }],
			],
		},
	};
	return {
		workflow: workflow as Record<string, unknown>,
		path: built.webhookPath,
		node: built.nodeName,
	};
}

function ran(execution: ExecutionSummary, node: string): boolean {
	return (execution.data?.resultData?.runData?.[node]?.length ?? 0) > 0;
}

describe('Report Rejections in a real n8n', () => {
	const n8n = sharedN8n();
	let credentialId: string;

	beforeAll(async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				credentialId = await n8n.createCredential('aktifyApi', {
					clientSecret: SECRET,
					customAuth: 'none',
				});
				return;
			} catch (error) {
				if (attempt >= 3) throw error;
				await sleep(1000);
			}
		}
	});

	async function published(parameters: Record<string, unknown>) {
		const wf = alertWorkflow(credentialId, parameters);
		const id = await n8n.createWorkflow(wf.workflow);
		expect((await n8n.publish(id)).status).toBe('published');
		await n8n.waitForWebhook(wf.path);
		return { id, path: wf.path, node: wf.node };
	}

	/** Sends `count` forged deliveries, `parallel` at a time; returns the statuses answered. */
	async function forge(path: string, count: number, parallel = 10): Promise<number[]> {
		const statuses: number[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: parallel }, async () => {
				while (next < count) {
					next++;
					const request = aktifyRequest(WRONG_SECRET);
					statuses.push((await n8n.deliver(path, request.body, request.headers)).status);
				}
			}),
		);
		return statuses;
	}

	it('1,000 forged deliveries within one interval start one execution, with one item on Rejected that runs the alert branch', async () => {
		const wf = await published({ reportRejections: true, reportIntervalMinutes: 15 });
		const sent = 1000;
		const statuses = await forge(wf.path, sent);
		expect(statuses).toHaveLength(sent);
		expect(statuses.every((status) => status === 401)).toBe(true);
		const executions = await n8n.waitForExecutions(wf.id, 1, { settleMs: 3000 });
		console.log(
			`Report Rejections flood: ${sent} forged deliveries sent, ${executions.length} execution(s) started`,
		);
		expect(executions).toHaveLength(1);
		const [execution] = executions;
		expect(execution.status).toBe('success');
		const outputs = triggerOutputs(execution, wf.node);
		expect(outputs.map((items) => items.length)).toEqual([0, 1]);
		expect(outputs[1][0]).toMatchObject({
			rejectedCount: 1,
			causes: [{ cause: 'signature-mismatch', title: 'Signature does not match', count: 1 }],
			mostFrequent: { cause: 'signature-mismatch' },
			trigger: { name: 'Aktify Trigger' },
			workflow: { id: wf.id },
			provider: 'Aktify',
			countedAcross: 'this process',
			mode: 'production',
		});
		expect(ran(execution, 'Alert')).toBe(true);
		expect(ran(execution, 'Events')).toBe(false);
		const text = JSON.stringify(execution);
		for (const leak of [SECRET, WRONG_SECRET, PHONE, 'cmp_report_e2e', 'aktify-signature']) {
			expect(text).not.toContain(leak);
		}
		await n8n.unpublish(wf.id);
		await n8n.deleteWorkflow(wf.id);
	});

	it('reports a burst once, the next one after the interval with the count since, and leaves genuine deliveries alone', async () => {
		// The interval's minimum (1 minute) is used, so the test waits just over a minute once.
		const wf = await published({ reportRejections: true, reportIntervalMinutes: 1 });

		const genuine = aktifyRequest(SECRET);
		const accepted = await n8n.deliver(wf.path, genuine.body, genuine.headers);
		expect(accepted.status).toBe(200);
		expect(accepted.json).toMatchObject({ status: 'accepted', event: 'lead.link_clicked' });

		const burst = await forge(wf.path, 20, 5);
		expect(burst.every((status) => status === 401)).toBe(true);
		let executions = await n8n.waitForExecutions(wf.id, 2, { settleMs: 2000 });
		expect(executions).toHaveLength(2);
		const ordinary = executions.filter((execution) => ran(execution, 'Events'));
		expect(ordinary).toHaveLength(1);
		expect(triggerOutputs(ordinary[0], wf.node)[0][0]).toMatchObject({
			event: 'lead.link_clicked',
		});
		expect(ran(ordinary[0], 'Alert')).toBe(false);
		const reports = () =>
			executions
				.filter((execution) => ran(execution, 'Alert'))
				.map((execution) => triggerOutputs(execution, wf.node)[1][0])
				.sort((a, b) => String(a.reportedAt).localeCompare(String(b.reportedAt)));
		expect(reports()).toHaveLength(1);
		expect(reports()[0]).toMatchObject({ rejectedCount: 1, reportIntervalMinutes: 1 });

		// Still within the interval: counted, not reported.
		await forge(wf.path, 5, 5);
		await sleep(61_000);
		const late = aktifyRequest(WRONG_SECRET);
		expect((await n8n.deliver(wf.path, late.body, late.headers)).status).toBe(401);
		executions = await n8n.waitForExecutions(wf.id, 3, { settleMs: 2000 });
		expect(executions).toHaveLength(3);
		const [first, second] = reports();
		// 19 of the burst, 5 more, and the one that made the report.
		expect(second).toMatchObject({
			rejectedCount: 25,
			causes: [{ cause: 'signature-mismatch', count: 25 }],
		});
		expect(
			Date.parse(String(second.reportedAt)) - Date.parse(String(first.reportedAt)),
		).toBeGreaterThanOrEqual(60_000);

		// A genuine delivery after all that still runs as usual.
		const again = aktifyRequest(SECRET);
		expect((await n8n.deliver(wf.path, again.body, again.headers)).status).toBe(200);
		executions = await n8n.waitForExecutions(wf.id, 4, { settleMs: 1500 });
		expect(executions.filter((execution) => ran(execution, 'Events'))).toHaveLength(2);
		await n8n.unpublish(wf.id);
		await n8n.deleteWorkflow(wf.id);
	});

	it('starts nothing for rejections with Report Rejections off', async () => {
		const wf = await published({});
		const statuses = await forge(wf.path, 30, 5);
		expect(statuses.every((status) => status === 401)).toBe(true);
		expect(await n8n.waitForExecutions(wf.id, 0, { settleMs: 2000 })).toHaveLength(0);
		const genuine = aktifyRequest(SECRET);
		expect((await n8n.deliver(wf.path, genuine.body, genuine.headers)).status).toBe(200);
		const executions = await n8n.waitForExecutions(wf.id, 1, { settleMs: 1000 });
		expect(executions).toHaveLength(1);
		expect(triggerOutputs(executions[0], wf.node).map((items) => items.length)).toEqual([1]);
		await n8n.unpublish(wf.id);
		await n8n.deleteWorkflow(wf.id);
	});
});
