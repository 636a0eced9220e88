import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { triggerOutputs, triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';
import { eventually } from './lib/eventually';

jest.setTimeout(180_000);

const n8n = sharedN8n();

/**
 * "Test this trigger" in the editor, over n8n's REST API: n8n registers the trigger once more at
 * its `/webhook-test/` URL (with static data of its own), runs one manual execution for the first
 * delivery there and then deletes that registration; "Stop Listening" deletes it without one. The
 * production registration of the published workflow must come through untouched.
 */
describe('Leadterra Trigger test mode ("Test this trigger")', () => {
	const fake = new FakeLeadterra();
	let workflowId: string;
	let nodeName: string;
	let productionUrl: string;
	let testUrl: string;

	const pointingAt = (url: string) =>
		fake.list().filter((webhook) => webhook.url.split('?')[0] === url);

	beforeAll(async () => {
		await fake.start();
		const credentialId = await n8n.createCredential('leadterraApi', {
			apiKey: fake.apiKey,
			baseUrl: fake.baseUrl,
			signingSecret: '',
		});
		const built = triggerWorkflow({
			type: 'leadterraTrigger',
			parameters: { events: ['*'] },
			credentials: { leadterraApi: credentialId },
		});
		nodeName = built.nodeName;
		productionUrl = `${n8n.baseUrl}/webhook/${built.webhookPath}`;
		testUrl = `${n8n.baseUrl}/webhook-test/${built.webhookPath}`;
		workflowId = await n8n.createWorkflow(built.workflow);
		expect((await n8n.publish(workflowId)).status).toBe('published');
		await n8n.waitForWebhook(built.webhookPath);
	});

	afterAll(async () => {
		await n8n.unpublish(workflowId);
		await fake.stop();
	});

	it('registers the test URL while listening, runs one manual execution, then removes it', async () => {
		const [production] = pointingAt(productionUrl);
		expect(production).toBeDefined();

		expect(await n8n.startTestRun(workflowId, nodeName)).toEqual({ waitingForWebhook: true });
		const listening = await eventually(
			() => pointingAt(testUrl),
			(list) => list.length === 1,
		);
		expect(listening).toHaveLength(1);
		const [registration] = listening;
		expect(registration.url).toMatch(/\?token=[A-Za-z0-9_-]{20,}$/);
		expect(registration.id).not.toBe(production.id);

		const results = await fake.deliver('reply.received');
		const atTestUrl = results.filter((result) => result.url.split('?')[0] === testUrl);
		expect(atTestUrl.map((result) => result.status)).toEqual([200]);
		expect(JSON.parse(atTestUrl[0].text)).toEqual({
			status: 'accepted',
			event: 'reply.received',
		});

		const gone = await eventually(
			() => pointingAt(testUrl),
			(list) => list.length === 0,
		);
		expect(gone).toEqual([]);
		expect(fake.requests('DELETE', `/v1/webhooks/${registration.id}`).length).toBeGreaterThan(0);
		expect(pointingAt(productionUrl).map((webhook) => webhook.id)).toEqual([production.id]);

		// The same delivery reached both URLs: one production and one manual execution.
		const executions = await n8n.waitForExecutions(workflowId, 2);
		const byMode = Object.fromEntries(
			executions.map((execution) => [
				(execution as ExecutionSummary & { mode: string }).mode,
				execution,
			]),
		);
		expect(Object.keys(byMode).sort()).toEqual(['manual', 'webhook']);
		const items = triggerOutputs(byMode.manual, nodeName).flat();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ event: 'reply.received', authentication: 'signature' });
	});

	it('removes the test registration on "Stop Listening" without a delivery', async () => {
		expect(await n8n.startTestRun(workflowId, nodeName)).toEqual({ waitingForWebhook: true });
		const [registration] = await eventually(
			() => pointingAt(testUrl),
			(list) => list.length === 1,
		);
		expect(registration).toBeDefined();
		await n8n.stopTestRun(workflowId);
		expect(
			await eventually(
				() => pointingAt(testUrl),
				(list) => list.length === 0,
			),
		).toEqual([]);
		expect(fake.requests('DELETE', `/v1/webhooks/${registration.id}`).length).toBeGreaterThan(0);
		expect(pointingAt(productionUrl)).toHaveLength(1);
	});
});
