import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';

import { activeCampaignEvents } from '../../nodes/ActiveCampaign/events';
import { aktifyEvents } from '../../nodes/Aktify/events';
import { leadterraEvents } from '../../nodes/Leadterra/events';
import { smartleadEvents } from '../../nodes/Smartlead/events';
import { FakeActiveCampaign, FAKE_API_KEY } from '../../harness/fakes/activecampaign';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { FakeSmartlead } from '../../harness/fakes/smartlead';
import { PACKAGE_NAME } from '../../harness/installPackage';
import { triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';

/**
 * The simulator as a user runs it: the `lead-events-simulate` bin of the package n8n installed
 * (its dist/cli/simulate.js), against each trigger published in a real n8n. Every catalogue sample
 * it sends must be accepted and become one successful execution.
 */

jest.setTimeout(600_000);

const run = promisify(execFile);
const n8n = sharedN8n();
const bin = join(
	n8n.userFolder,
	'.n8n',
	'nodes',
	'node_modules',
	PACKAGE_NAME,
	'dist',
	'cli',
	'simulate.js',
);

async function simulate(args: string[]): Promise<string> {
	const { stdout } = await run(process.execPath, [bin, ...args], { timeout: 120_000 });
	return stdout;
}

async function publishTrigger(
	type: string,
	parameters: Record<string, unknown>,
	credentials: Record<string, string>,
): Promise<{ workflowId: string; url: string }> {
	const built = triggerWorkflow({ type, parameters, credentials });
	const workflowId = await n8n.createWorkflow(built.workflow);
	expect((await n8n.publish(workflowId)).status).toBe('published');
	await n8n.waitForWebhook(built.webhookPath);
	return { workflowId, url: `${n8n.baseUrl}/webhook/${built.webhookPath}` };
}

function expectAllSucceeded(executions: ExecutionSummary[], count: number): void {
	expect(executions).toHaveLength(count);
	expect(executions.map((execution) => execution.status)).toEqual(Array(count).fill('success'));
}

describe('lead-events-simulate from the installed package', () => {
	const cleanups: Array<() => Promise<unknown>> = [];
	afterAll(async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
	});

	it('sends every Aktify sample, signed, to a published Aktify Trigger', async () => {
		const secret = 'simulator_e2e_secret_0123456789';
		const credentialId = await n8n.createCredential('aktifyApi', { clientSecret: secret });
		const { workflowId, url } = await publishTrigger(
			'aktifyTrigger',
			{ events: ['*'] },
			{ aktifyApi: credentialId },
		);
		cleanups.push(() => n8n.unpublish(workflowId));
		const output = await simulate(['aktify', '--url', url, '--secret', secret]);
		expect(output).toContain(
			`${aktifyEvents.length} of ${aktifyEvents.length} deliveries answered 2xx`,
		);
		expectAllSucceeded(
			await n8n.waitForExecutions(workflowId, aktifyEvents.length),
			aktifyEvents.length,
		);
	});

	it('sends every Leadterra sample, signed with the registration secret, to the registered URL', async () => {
		const fake = new FakeLeadterra();
		await fake.start();
		cleanups.push(() => fake.stop());
		const credentialId = await n8n.createCredential('leadterraApi', {
			apiKey: fake.apiKey,
			baseUrl: fake.baseUrl,
			signingSecret: '',
		});
		const { workflowId, url } = await publishTrigger(
			'leadterraTrigger',
			{ events: ['*'] },
			{ leadterraApi: credentialId },
		);
		cleanups.push(() => n8n.unpublish(workflowId));
		const [registration] = fake.list().filter((webhook) => webhook.url.startsWith(`${url}?`));
		const output = await simulate([
			'leadterra',
			'--url',
			registration.url,
			'--secret',
			registration.secret,
		]);
		expect(output).not.toContain(new URL(registration.url).searchParams.get('token') as string);
		expect(output).toContain(
			`${leadterraEvents.length} of ${leadterraEvents.length} deliveries answered 2xx`,
		);
		expectAllSucceeded(
			await n8n.waitForExecutions(workflowId, leadterraEvents.length),
			leadterraEvents.length,
		);
	});

	it('sends every SmartLead sample to the registered URL with its token', async () => {
		const fake = new FakeSmartlead({ apiKey: 'slk-simulator-e2e-0123' });
		await fake.start();
		cleanups.push(() => fake.stop());
		const credentialId = await n8n.createCredential('smartleadApi', {
			apiKey: 'slk-simulator-e2e-0123',
			baseUrl: fake.baseUrl,
		});
		const { workflowId } = await publishTrigger(
			'smartleadTrigger',
			{ scope: 'campaign', campaignId: '9181', events: ['*'] },
			{ smartleadApi: credentialId },
		);
		cleanups.push(() => n8n.unpublish(workflowId));
		const [registration] = fake.all();
		const output = await simulate(['smartlead', '--url', registration.webhookUrl]);
		expect(output).toContain(
			`${smartleadEvents.length} of ${smartleadEvents.length} deliveries answered 2xx`,
		);
		// All Events registers no user-level event at campaign scope, but one that arrives is accepted.
		expectAllSucceeded(
			await n8n.waitForExecutions(workflowId, smartleadEvents.length),
			smartleadEvents.length,
		);
	});

	it('posts every ActiveCampaign sample form-encoded to the registered URL with its token', async () => {
		const fake = new FakeActiveCampaign();
		await fake.start();
		cleanups.push(() => fake.stop());
		const credentialId = await n8n.createCredential('activeCampaignEventsApi', {
			apiUrl: fake.url,
			apiKey: FAKE_API_KEY,
		});
		const { workflowId, url } = await publishTrigger(
			'activeCampaignEventsTrigger',
			{ events: ['*'] },
			{ activeCampaignEventsApi: credentialId },
		);
		cleanups.push(() => n8n.unpublish(workflowId));
		const [registration] = fake.hooksFor(url);
		const output = await simulate(['activecampaign', '--url', registration.url]);
		expect(output).toContain(
			`${activeCampaignEvents.length} of ${activeCampaignEvents.length} deliveries answered 2xx`,
		);
		expectAllSucceeded(
			await n8n.waitForExecutions(workflowId, activeCampaignEvents.length, { timeoutMs: 120_000 }),
			activeCampaignEvents.length,
		);
	});
});
