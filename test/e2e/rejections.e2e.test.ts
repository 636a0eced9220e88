import { createHmac } from 'crypto';
import { readFileSync } from 'fs';

import { FakeSmartlead } from '../../harness/fakes/smartlead';
import { triggerOutputs, triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';

// The project-level testTimeout is not applied when a single project is selected, so set it here.
jest.setTimeout(600_000);

// Distinctive so that a leak into an item, an answer or a log line is found by a plain search.
const SECRET = 'e2e-rejection-secret-Zq81Lm40';
const WRONG_SECRET = 'e2e-some-other-secret-Pp20Xy';
const API_KEY = 'slk-e2e-rejections-Hn5Vb3';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An Aktify v2 request as Aktify builds it: `t=<ms>,v2=HMAC(secret, "<t>.<body>")`. */
function aktifyRequest(secret: string, t: number) {
	const body = JSON.stringify({
		metadata: {
			apiVersion: '2026-02-09',
			eventType: 'lead.link_clicked',
			campaignId: 'cmp_e2e',
			eventTime: new Date().toISOString(),
		},
		data: { phone: '+15095551234', url: 'https://example.com/x', shortUrl: 'https://akt.fy/x' },
	});
	const signature = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
	return {
		body,
		headers: { 'content-type': 'application/json', 'aktify-signature': `t=${t},v2=${signature}` },
	};
}

async function post(url: string, body: string, headers: Record<string, string>) {
	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
}

describe('Rejected deliveries in a real n8n', () => {
	const n8n = sharedN8n();

	// The first request of this test process has been answered by a closed socket ("other side
	// closed") when it was the file's first test; a read that is retried once absorbs that.
	beforeAll(async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				await n8n.api('GET', '/workflows?limit=1');
				return;
			} catch (error) {
				if (attempt >= 3) throw error;
				await sleep(1000);
			}
		}
	});

	/** Starts "Listen for test event" for one trigger, as the editor does. */
	async function listen(workflowId: string, nodeName: string): Promise<void> {
		expect((await n8n.startTestRun(workflowId, nodeName)).waitingForWebhook).toBe(true);
	}

	/** The manual executions of a workflow, with their data, once `count` have finished. */
	async function manualExecutions(workflowId: string, count: number): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + 30_000;
		let found: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			found = (await n8n.executions(workflowId)).filter(
				(execution) => (execution as { mode?: string }).mode === 'manual',
			);
			if (found.length >= count && (await n8n.runningExecutions(workflowId)) === 0) break;
			await sleep(300);
		}
		return found;
	}

	async function aktifyWorkflow(): Promise<{ id: string; path: string; node: string }> {
		const credentialId = await n8n.createCredential('aktifyApi', {
			clientSecret: SECRET,
			customAuth: 'none',
		});
		const built = triggerWorkflow({
			type: 'aktifyTrigger',
			name: 'Aktify Trigger',
			parameters: { events: ['*'], routeBy: 'category' },
			credentials: { aktifyApi: credentialId },
		});
		const id = await n8n.createWorkflow(built.workflow);
		return { id, path: built.webhookPath, node: built.nodeName };
	}

	describe('while listening for a test event', () => {
		it('answers a wrongly signed Aktify delivery 401 and ends the listening with the reason and hint past the outputs', async () => {
			const wf = await aktifyWorkflow();
			await listen(wf.id, wf.node);
			const request = aktifyRequest(WRONG_SECRET, Date.now());
			const answer = await post(
				`${n8n.baseUrl}/webhook-test/${wf.path}`,
				request.body,
				request.headers,
			);
			expect(answer).toEqual({
				status: 401,
				json: { status: 'rejected', reason: 'Signature does not match' },
			});

			const [execution] = await manualExecutions(wf.id, 1);
			expect(execution).toBeDefined();
			const outputs = triggerOutputs(execution, wf.node);
			// Routed by category: six declared outputs stay empty; the item is on a seventh, from
			// which no node can run.
			expect(outputs.map((items) => items.length)).toEqual([0, 0, 0, 0, 0, 0, 1]);
			const item = outputs[6][0];
			expect(item).toMatchObject({
				rejected: true,
				status: 401,
				reason: 'Signature does not match',
				cause: 'signature-mismatch',
				evidence: { provider: 'Aktify', scheme: 'v2', signatureChecked: true, mode: 'test' },
				body: JSON.parse(request.body),
			});
			expect(item.hint).toContain('does not match the Client Secret or the Previous Client Secret');
			expect((item.check as string[]).length).toBeGreaterThan(0);
			const text = JSON.stringify(execution);
			expect(text).not.toContain(SECRET);
			expect(text).not.toContain(SECRET.slice(0, 12));

			// The listening ended: the Test URL is gone.
			const again = await fetch(`${n8n.baseUrl}/webhook-test/${wf.path}`, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			expect(again.status).toBe(404);
			await n8n.deleteWorkflow(wf.id);
		});

		it('says a timestamp in seconds is in seconds', async () => {
			const wf = await aktifyWorkflow();
			await listen(wf.id, wf.node);
			const t = Math.floor(Date.now() / 1000);
			const request = aktifyRequest(SECRET, t);
			const answer = await post(
				`${n8n.baseUrl}/webhook-test/${wf.path}`,
				request.body,
				request.headers,
			);
			expect(answer.status).toBe(401);
			const [execution] = await manualExecutions(wf.id, 1);
			const item = triggerOutputs(execution, wf.node)[6][0];
			expect(item).toMatchObject({
				cause: 'timestamp-out-of-window',
				evidence: { timestampMs: t, signatureValidWith: 'client-secret' },
			});
			expect(item.hint).toContain(`t=${t} looks like unix seconds`);
			expect(item.hint).toContain('The signature itself is valid (with the Client Secret)');
			await n8n.deleteWorkflow(wf.id);
		});

		it('answers a SmartLead delivery without its URL token 401 and says the query string is missing', async () => {
			const fake = new FakeSmartlead({ apiKey: API_KEY });
			await fake.start();
			try {
				const credentialId = await n8n.createCredential('smartleadApi', {
					apiKey: API_KEY,
					baseUrl: fake.baseUrl,
				});
				const built = triggerWorkflow({
					type: 'smartleadTrigger',
					name: 'SmartLead Trigger',
					parameters: { scope: 'user', events: ['*'], leadCategories: [], routeBy: 'none' },
					credentials: { smartleadApi: credentialId },
				});
				const id = await n8n.createWorkflow(built.workflow);
				await listen(id, built.nodeName);

				// Listening registered the Test URL, with its own token, at the fake.
				const registered = fake.all();
				expect(registered).toHaveLength(1);
				const [webhook] = registered;
				expect(webhook.webhookUrl).toMatch(/\/webhook-test\/.+\?token=[A-Za-z0-9_-]{32}$/);
				const token = webhook.webhookUrl.split('token=')[1];

				const payload = fake.payloadFor('EMAIL_REPLY', webhook);
				const withoutQuery = webhook.webhookUrl.split('?')[0];
				const answer = await post(withoutQuery, JSON.stringify(payload), {
					'content-type': 'application/json',
				});
				expect(answer).toEqual({
					status: 401,
					json: { status: 'rejected', reason: 'Missing token in the webhook URL' },
				});

				const [execution] = await manualExecutions(id, 1);
				expect(execution).toBeDefined();
				const outputs = triggerOutputs(execution, built.nodeName);
				expect(outputs.map((items) => items.length)).toEqual([0, 1]);
				const item = outputs[1][0];
				expect(item).toMatchObject({
					rejected: true,
					status: 401,
					cause: 'token-missing',
					evidence: { provider: 'SmartLead', mode: 'test' },
					body: { event_type: payload.event_type, secret_key: '[redacted]' },
				});
				expect(item.hint).toContain('copied without its query string');
				const text = JSON.stringify(execution);
				expect(text).not.toContain(token);
				expect(text).not.toContain(String(payload.secret_key));

				// The listening ended, and with it the test registration at SmartLead.
				const deadline = Date.now() + 15_000;
				while (fake.all().length > 0 && Date.now() < deadline) await sleep(200);
				expect(fake.all()).toHaveLength(0);
				await n8n.deleteWorkflow(id);
			} finally {
				await fake.stop();
			}
		});
	});

	describe('in production', () => {
		it('starts no execution and writes one warning; a second within the minute is counted, then summarised', async () => {
			const wf = await aktifyWorkflow();
			const status = await n8n.publish(wf.id);
			expect(status.status).toBe('published');
			await n8n.waitForWebhook(wf.path);
			const logLines = () =>
				readFileSync(n8n.logFile, 'utf8')
					.split('\n')
					.filter((line) => line.includes(`(${wf.id})`) && line.includes('webhook deliver'));

			const first = aktifyRequest(WRONG_SECRET, Date.now());
			expect((await n8n.deliver(wf.path, first.body, first.headers)).status).toBe(401);
			const second = aktifyRequest(WRONG_SECRET, Date.now());
			expect((await n8n.deliver(wf.path, second.body, second.headers)).status).toBe(401);
			expect(await n8n.waitForExecutions(wf.id, 0, { settleMs: 1500 })).toHaveLength(0);

			const lines = logLines();
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain('Rejected a webhook delivery in workflow "e2e aktifyTrigger');
			expect(lines[0]).toContain('node "Aktify Trigger": 401 Signature does not match.');
			expect(lines[0]).toContain('Hint: The signature does not match the Client Secret');
			expect(lines[0]).not.toContain(SECRET);

			// The minute ends: one summary line with the count, nothing per delivery.
			const deadline = Date.now() + 90_000;
			while (logLines().length < 2 && Date.now() < deadline) await sleep(1000);
			const after = logLines();
			expect(after).toHaveLength(2);
			expect(after[1]).toContain('Rejected 1 more webhook delivery in workflow');
			expect(after[1]).toContain('1 × Signature does not match');

			await n8n.unpublish(wf.id);
			await n8n.deleteWorkflow(wf.id);
		});
	});
});
