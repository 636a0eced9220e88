import { FAKE_API_KEY, FakeActiveCampaign } from '../../harness/fakes/activecampaign';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { FakeSmartlead } from '../../harness/fakes/smartlead';
import { triggerWorkflow } from '../../harness/client';
import { balancerLog } from '../../harness/loadBalancer';
import {
	WEBHOOK_PROCESSORS,
	ensureRunning,
	loadState,
	mainClient,
	processorClients,
	restartMain,
	seconds,
} from '../../harness/queue';
import { countBy, settledRows } from './lib/aktify';

/**
 * The registering triggers in queue mode: main registers (publish, start, test mode), the webhook
 * processors receive. Providers are the local fakes; they deliver to the URL n8n registered, which
 * is the load balancer's, so consecutive deliveries alternate between the two webhook processors.
 */

const state = loadState();
let main = mainClient(state);
const processors = processorClients(state);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Provider {
	name: string;
	start(): Promise<unknown>;
	stop(): Promise<void>;
	credential(): { type: string; data: Record<string, unknown> };
	triggerType: string;
	parameters: Record<string, unknown>;
	/** Registered URLs (query included) whose address without the query is `url`. */
	registered(url: string): string[];
	/** One signed or token-carrying event from the platform to `url` (and any other registration). */
	deliverTo(url: string): Promise<number[]>;
}

const leadterra = new FakeLeadterra();
const smartleadApiKey = 'slk-queue-5Rr8Tq2Lm6Vx';
const smartlead = new FakeSmartlead({ apiKey: smartleadApiKey });
const activeCampaign = new FakeActiveCampaign();
const withoutQuery = (url: string) => url.split('?')[0];

const providers: Provider[] = [
	{
		name: 'Leadterra',
		start: () => leadterra.start(),
		stop: () => leadterra.stop(),
		credential: () => ({
			type: 'leadterraApi',
			data: { apiKey: leadterra.apiKey, baseUrl: leadterra.baseUrl, signingSecret: '' },
		}),
		triggerType: 'leadterraTrigger',
		parameters: { events: ['*'] },
		registered: (url) =>
			leadterra
				.list()
				.map((webhook) => webhook.url)
				.filter((candidate) => withoutQuery(candidate) === url),
		deliverTo: async (url) =>
			(await leadterra.deliver('reply.received'))
				.filter((result) => withoutQuery(result.url) === url)
				.map((result) => result.status),
	},
	{
		name: 'SmartLead',
		start: () => smartlead.start(),
		stop: () => smartlead.stop(),
		credential: () => ({
			type: 'smartleadApi',
			data: { apiKey: smartleadApiKey, baseUrl: smartlead.baseUrl },
		}),
		triggerType: 'smartleadTrigger',
		parameters: { scope: 'campaign', campaignId: '9181', events: ['*'], routeBy: 'category' },
		registered: (url) =>
			smartlead
				.all()
				.map((webhook) => webhook.webhookUrl)
				.filter((candidate) => withoutQuery(candidate) === url),
		deliverTo: async (url) => {
			const results = await smartlead.deliver('EMAIL_REPLY');
			const ids = smartlead
				.all()
				.filter((webhook) => withoutQuery(webhook.webhookUrl) === url)
				.map((webhook) => webhook.id);
			return results
				.filter((result) => ids.includes(result.webhookId))
				.map((result) => result.status);
		},
	},
	{
		name: 'ActiveCampaign',
		start: () => activeCampaign.start(),
		stop: () => activeCampaign.stop(),
		credential: () => ({
			type: 'activeCampaignEventsApi',
			data: { apiUrl: activeCampaign.url, apiKey: FAKE_API_KEY },
		}),
		triggerType: 'activeCampaignEventsTrigger',
		parameters: { events: ['*'] },
		registered: (url) =>
			[...activeCampaign.webhooks.values()]
				.map((hook) => hook.url)
				.filter((candidate) => withoutQuery(candidate) === url),
		deliverTo: async (url) =>
			(await activeCampaign.fire('subscribe', { to: url })).map((delivery) => delivery.status),
	},
];

interface Deployed {
	provider: Provider;
	workflowId: string;
	nodeName: string;
	webhookPath: string;
	productionUrl: string;
	testUrl: string;
	delivered: number;
}

async function waitFor<T>(read: () => T, done: (value: T) => boolean, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	let value = read();
	while (!done(value) && Date.now() < deadline) {
		await sleep(200);
		value = read();
	}
	return value;
}

const deployed = new Map<string, Deployed>();
const byName = (name: string) => deployed.get(name)!;

describe('registering triggers in queue mode', () => {
	const started = Date.now();

	beforeAll(async () => {
		await ensureRunning(state);
		for (const provider of providers) {
			await provider.start();
			const { type, data } = provider.credential();
			const credentialId = await main.createCredential(type, data);
			const built = triggerWorkflow({
				type: provider.triggerType,
				parameters: provider.parameters,
				credentials: { [type]: credentialId },
			});
			const workflowId = await main.createWorkflow(built.workflow);
			const status = await main.publish(workflowId);
			expect({ provider: provider.name, status: status.status }).toEqual({
				provider: provider.name,
				status: 'published',
			});
			for (const processor of processors) await processor.waitForWebhook(built.webhookPath, 60_000);
			deployed.set(provider.name, {
				provider,
				workflowId,
				nodeName: built.nodeName,
				webhookPath: built.webhookPath,
				productionUrl: `${state.balancerUrl}/webhook/${built.webhookPath}`,
				testUrl: `${state.balancerUrl}/webhook-test/${built.webhookPath}`,
				delivered: 0,
			});
		}
	});

	afterAll(async () => {
		for (const provider of providers) await provider.stop();
		process.stderr.write(`[queue] phase "registering triggers" took ${seconds(started)}\n`);
	});

	const names = providers.map((provider) => provider.name);

	it.each(names)(
		'%s: publishing on main registers exactly one webhook, at the balancer',
		(name) => {
			const setup = byName(name);
			expect(setup.provider.registered(setup.productionUrl)).toHaveLength(1);
		},
	);

	it.each(names)(
		'%s: deliveries through both webhook processors authenticate with what registration stored',
		async (name) => {
			const setup = byName(name);
			const before = (await balancerLog(state.balancerUrl)).length;
			for (let round = 0; round < 4; round++)
				expect(await setup.provider.deliverTo(setup.productionUrl)).toEqual([200]);
			setup.delivered += 4;
			const routed = (await balancerLog(state.balancerUrl))
				.slice(before)
				.filter((entry) => entry.path.startsWith(`/webhook/${setup.webhookPath}`));
			expect(countBy(routed, (entry) => `${entry.backend} ${entry.status}`)).toEqual({
				[`${WEBHOOK_PROCESSORS[0]} 200`]: 2,
				[`${WEBHOOK_PROCESSORS[1]} 200`]: 2,
			});
			const rows = await settledRows(state, setup.workflowId, setup.delivered, 60_000);
			expect(countBy(rows, (row) => row.status)).toEqual({ success: setup.delivered });
		},
	);

	it('leaves exactly one registration per trigger after main restarts, and deliveries still verify', async () => {
		const restartStarted = Date.now();
		await restartMain(state);
		main = mainClient(state);
		process.stderr.write(`[queue] main restarted in ${seconds(restartStarted)}\n`);
		for (const name of names) {
			const setup = byName(name);
			expect({ name, registered: setup.provider.registered(setup.productionUrl) }).toEqual({
				name,
				registered: [expect.any(String)],
			});
			expect({ name, statuses: await setup.provider.deliverTo(setup.productionUrl) }).toEqual({
				name,
				statuses: [200],
			});
			setup.delivered += 1;
			const rows = await settledRows(state, setup.workflowId, setup.delivered, 60_000);
			expect({ name, statuses: countBy(rows, (row) => row.status) }).toEqual({
				name,
				statuses: { success: setup.delivered },
			});
		}
	});

	it.each(names)(
		'%s: "Test this trigger" on main registers the test URL, takes one event through the balancer to main, then removes it',
		async (name) => {
			const setup = byName(name);
			const answer = await main.startTestRun(setup.workflowId, setup.nodeName);
			expect(answer).toEqual({ waitingForWebhook: true });
			expect(
				await waitFor(
					() => setup.provider.registered(setup.testUrl),
					(found) => found.length === 1,
				),
			).toHaveLength(1);
			expect(setup.provider.registered(setup.productionUrl)).toHaveLength(1);
			const before = (await balancerLog(state.balancerUrl)).length;
			expect(await setup.provider.deliverTo(setup.testUrl)).toEqual([200]);
			const routed = (await balancerLog(state.balancerUrl))
				.slice(before)
				.filter((entry) => entry.path.startsWith('/webhook-test/'));
			expect(routed.map((entry) => `${entry.backend} ${entry.status}`)).toEqual(['main 200']);
			expect(
				await waitFor(
					() => setup.provider.registered(setup.testUrl),
					(found) => found.length === 0,
				),
			).toHaveLength(0);
			// The published registration is untouched by the test run.
			expect(setup.provider.registered(setup.productionUrl)).toHaveLength(1);
		},
	);

	it.each(names)('%s: unpublishing on main removes the registration', async (name) => {
		const setup = byName(name);
		await main.unpublish(setup.workflowId);
		expect(
			await waitFor(
				() => setup.provider.registered(setup.productionUrl),
				(found) => found.length === 0,
			),
		).toHaveLength(0);
	});
});
