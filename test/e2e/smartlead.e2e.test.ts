import { readFileSync } from 'fs';

import { distinctEventNames, findEvent } from '../../nodes/shared/catalogue/definitions';
import { smartleadEvents } from '../../nodes/Smartlead/events';
import {
	FAKE_CATEGORIES,
	FakeSmartlead,
	type FakeScope,
	type FakeWebhook,
} from '../../harness/fakes/smartlead';
import { triggerOutputs, triggerWorkflow } from '../../harness/client';
import { sharedN8n } from './lib/shared';

// The project-level testTimeout is not applied when a single project is selected, so set it here.
jest.setTimeout(900_000);

// Distinctive so that a leak into any answer, item or log line is found by a plain search.
const API_KEY = 'slk-e2e-7Q2mZ9xKp4WvB8';

interface ScopeCase {
	scope: FakeScope;
	parameters: Record<string, unknown>;
	leadCategories: string[];
	expectedEvents: string[];
	expectedCategories: (webhook: FakeWebhook) => void;
	cycles: number;
	createPath: string;
	deletePath: string;
	listPath?: string;
}

const ALL = distinctEventNames(smartleadEvents).sort();

const CASES: ScopeCase[] = [
	{
		scope: 'campaign',
		parameters: { campaignId: '9181' },
		leadCategories: [],
		expectedEvents: ALL.filter((event) => event !== 'UNTRACKED_REPLIES'),
		// No filter chosen: every category (SmartLead's campaign endpoint refuses an empty list).
		expectedCategories: (webhook) =>
			expect(webhook.categories).toEqual(FAKE_CATEGORIES.map((category) => category.name).sort()),
		cycles: 20,
		createPath: '/api/v1/campaigns/9181/webhooks',
		deletePath: '/api/v1/campaigns/9181/webhooks',
		listPath: '/api/v1/campaigns/9181/webhooks',
	},
	{
		scope: 'client',
		parameters: { clientId: '42' },
		leadCategories: ['Interested', 'Hot Lead'],
		expectedEvents: ALL,
		expectedCategories: (webhook) => expect(webhook.categoryIds).toEqual([1, 101]),
		cycles: 8,
		createPath: '/api/v1/webhook/create',
		deletePath: '/api/v1/webhook/delete/',
	},
	{
		scope: 'user',
		parameters: {},
		leadCategories: ['Meeting Booked'],
		expectedEvents: ALL,
		expectedCategories: (webhook) => expect(webhook.categoryIds).toEqual([3]),
		cycles: 8,
		createPath: '/api/v1/webhook/create',
		deletePath: '/api/v1/webhook/delete/',
	},
];

describe('SmartLead Trigger in a real n8n', () => {
	const n8n = sharedN8n();
	const fake = new FakeSmartlead({ apiKey: API_KEY });
	let credentialId: string;

	beforeAll(async () => {
		await fake.start();
		credentialId = await n8n.createCredential('smartleadApi', {
			apiKey: API_KEY,
			baseUrl: fake.baseUrl,
		});
	});

	afterAll(async () => {
		await fake.stop();
	});

	describe.each(CASES)('$scope scope', (spec) => {
		let workflowId: string;
		let webhookPath: string;
		let nodeName: string;

		beforeAll(async () => {
			fake.reset();
			const built = triggerWorkflow({
				type: 'smartleadTrigger',
				parameters: {
					scope: spec.scope,
					...spec.parameters,
					events: ['*'],
					leadCategories: spec.leadCategories,
					routeBy: 'category',
				},
				credentials: { smartleadApi: credentialId },
			});
			({ webhookPath, nodeName } = built);
			workflowId = await n8n.createWorkflow(built.workflow);
			const status = await n8n.publish(workflowId);
			expect(status.status).toBe('published');
			await n8n.waitForWebhook(webhookPath);
		});

		afterAll(async () => {
			await n8n.unpublish(workflowId).catch(() => undefined);
			await n8n.deleteWorkflow(workflowId);
		});

		it('publish registers exactly one webhook at that scope, with the right event map and a token in its URL', () => {
			const registered = fake.all();
			expect(registered).toHaveLength(1);
			const [webhook] = registered;
			expect(webhook.scope).toBe(spec.scope);
			expect(webhook.webhookUrl).toMatch(
				new RegExp(`^${n8n.baseUrl}/webhook/${webhookPath}\\?token=[A-Za-z0-9_-]{32}$`),
			);
			expect([...webhook.events].sort()).toEqual(spec.expectedEvents);
			spec.expectedCategories(webhook);
			if (spec.scope === 'campaign') expect(webhook.campaignId).toBe(9181);
			if (spec.scope === 'client') expect(webhook.clientId).toBe(42);
		});

		it('delivers every subscribed event as one typed item on its category output', async () => {
			for (const event of spec.expectedEvents) {
				const results = await fake.deliver(event);
				expect(results).toHaveLength(1);
				expect(results[0].status).toBe(200);
				expect(JSON.parse(results[0].text)).toMatchObject({ status: 'accepted', event });
			}
			const executions = await n8n.waitForExecutions(workflowId, spec.expectedEvents.length);
			expect(executions).toHaveLength(spec.expectedEvents.length);
			const seen: string[] = [];
			for (const execution of executions) {
				expect(execution.status).toBe('success');
				const outputs = triggerOutputs(execution, nodeName);
				const items = outputs.flat();
				expect(items).toHaveLength(1);
				const item = items[0];
				const definition = findEvent(smartleadEvents, String(item.event));
				expect(definition?.name).toBe(item.event);
				expect(item.category).toBe(definition!.category);
				// Routed by category: the item sits on the output of its category.
				const labels = ['Sending', 'Engagement', 'Replies', 'Lead Status', 'Campaign', 'Other'];
				expect(outputs[labels.indexOf(String(item.category))]).toHaveLength(1);
				expect(item.validation).toEqual({ valid: true, issues: [] });
				expect(typeof item.dedupeKey).toBe('string');
				const data = item.data as Record<string, unknown>;
				expect(data.secret_key).toBe('[redacted]');
				expect(JSON.stringify(item)).not.toMatch(/token=[A-Za-z0-9_-]{8}/);
				if (item.event !== 'UNTRACKED_REPLIES' && spec.scope === 'campaign')
					expect(item.campaignId).toBe(9181);
				seen.push(String(item.event));
			}
			expect(seen.sort()).toEqual(spec.expectedEvents);
		});

		it('answers a delivery without the token, or with a wrong one, with 401 and starts no execution', async () => {
			const before = (await n8n.executions(workflowId, false)).length;
			const [webhook] = fake.all();
			const body = JSON.stringify(fake.payloadFor('EMAIL_REPLY', webhook));
			const missing = await n8n.deliver(webhookPath, body);
			expect(missing.status).toBe(401);
			expect(missing.json).toMatchObject({
				status: 'rejected',
				reason: 'Missing token in the webhook URL',
			});
			const wrong = await n8n.deliver(`${webhookPath}?token=not-the-token`, body);
			expect(wrong.status).toBe(401);
			expect(wrong.text).not.toContain(webhook.webhookUrl.split('token=')[1]);
			const after = await n8n.waitForExecutions(workflowId, before, { settleMs: 1000 });
			expect(after).toHaveLength(before);
		});

		it('unpublish removes the registration', async () => {
			const status = await n8n.unpublish(workflowId);
			expect(status.status).toBe('not_published');
			expect(fake.all()).toHaveLength(0);
		});

		it(`survives ${spec.cycles} publish/unpublish cycles with injected 500s and 429s without leaving an orphan`, async () => {
			type Failure = {
				method: string;
				pathPrefix: string;
				status: number;
				headers?: Record<string, string>;
				times: number;
			};
			const retryAfter = { 'retry-after': '1' };
			const failures: Failure[] = [
				{ method: 'POST', pathPrefix: spec.createPath, status: 500, times: 1 },
				{ method: 'POST', pathPrefix: spec.createPath, status: 429, headers: retryAfter, times: 1 },
				{ method: 'DELETE', pathPrefix: spec.deletePath, status: 500, times: 1 },
				{
					method: 'DELETE',
					pathPrefix: spec.deletePath,
					status: 429,
					headers: retryAfter,
					times: 1,
				},
				...(spec.listPath
					? [{ method: 'GET', pathPrefix: spec.listPath, status: 500, times: 2 }]
					: []),
			];
			const matching = (failure: Failure, from: number) =>
				fake.log
					.slice(from)
					.filter(
						(request) =>
							request.method === failure.method && request.path.startsWith(failure.pathPrefix),
					).length;
			const cycle = async (label: string) => {
				const published = await n8n.publish(workflowId);
				expect({ label, status: published.status }).toEqual({ label, status: 'published' });
				expect({ label, registered: fake.all().length }).toEqual({ label, registered: 1 });
				const unpublished = await n8n.unpublish(workflowId);
				expect(unpublished.status).toBe('not_published');
				expect({ label, registered: fake.all().length }).toEqual({ label, registered: 0 });
			};

			// A clean cycle first: how many matching calls one cycle makes without failures.
			const start = fake.log.length;
			await cycle('baseline');
			const baseline = failures.map((failure) => matching(failure, start));

			for (let index = 0; index < spec.cycles; index++) {
				const which = index % failures.length;
				const failure = failures[which];
				const from = fake.log.length;
				fake.inject(failure);
				await cycle(`cycle ${index} (${failure.status} on ${failure.method})`);
				// The failure was served and recovered from: the call was repeated beyond the clean count.
				expect({
					index,
					calls: matching(failure, from) >= baseline[which] + failure.times,
				}).toEqual({ index, calls: true });
				fake.clearFailures();
			}
		});
	});

	it('adopts and repairs in place a registration of its own URL it lost track of, removing copies and leaving others alone', async () => {
		fake.reset();
		const built = triggerWorkflow({
			type: 'smartleadTrigger',
			parameters: {
				scope: 'campaign',
				campaignId: '9181',
				events: ['EMAIL_REPLY', 'EMAIL_BOUNCE'],
				leadCategories: ['Interested'],
			},
			credentials: { smartleadApi: credentialId },
		});
		const ourUrl = `${n8n.baseUrl}/webhook/${built.webhookPath}`;
		const seed = (
			id: number,
			webhookUrl: string,
			events: string[],
			categories: string[],
		): FakeWebhook => ({
			id,
			scope: 'campaign',
			campaignId: 9181,
			clientId: null,
			name: 'old',
			webhookUrl,
			events,
			categories,
			categoryIds: [],
			createdAt: '2025-01-01T00:00:00.000Z',
			updatedAt: '2025-01-01T00:00:00.000Z',
		});
		// As if static data were lost: two registrations of our URL with a stale token and stale events, and someone else's.
		fake.webhooks.set(
			900,
			seed(900, `${ourUrl}?token=stale-token`, ['EMAIL_SENT'], ['Not Interested']),
		);
		fake.webhooks.set(
			901,
			seed(901, `${ourUrl}?token=older-token`, ['EMAIL_SENT'], ['Interested']),
		);
		fake.webhooks.set(
			902,
			seed(902, 'https://crm.example.com/hook', ['EMAIL_SENT'], ['Interested']),
		);
		const workflowId = await n8n.createWorkflow(built.workflow);
		try {
			expect((await n8n.publish(workflowId)).status).toBe('published');
			await n8n.waitForWebhook(built.webhookPath);
			expect(
				fake
					.all()
					.map((webhook) => webhook.id)
					.sort(),
			).toEqual([900, 902]);
			const repaired = fake.webhooks.get(900)!;
			expect(repaired.webhookUrl).toMatch(new RegExp(`^${ourUrl}\\?token=[A-Za-z0-9_-]{32}$`));
			expect(repaired.events).toEqual(['EMAIL_BOUNCE', 'EMAIL_REPLY']);
			expect(repaired.categories).toEqual(['Interested']);
			expect(
				fake.log.filter(
					(request) => request.method === 'POST' && request.path.endsWith('/webhooks'),
				),
			).toHaveLength(1);
			const [result] = await fake.deliver('EMAIL_REPLY');
			expect(result.status).toBe(200);
			expect((await n8n.unpublish(workflowId)).status).toBe('not_published');
			expect(fake.all().map((webhook) => webhook.id)).toEqual([902]);
		} finally {
			await n8n.unpublish(workflowId).catch(() => undefined);
			await n8n.deleteWorkflow(workflowId);
		}
	});

	it('surfaces an API failure during activation as a clear error that never shows the api_key', async () => {
		fake.reset();
		// SmartLead error bodies can echo the request; make this one echo the key to prove it is masked.
		fake.inject({
			method: 'POST',
			pathPrefix: '/api/v1/campaigns/9181/webhooks',
			status: 500,
			body: { error: `upstream failed for api_key=${API_KEY}` },
			times: 100,
		});
		const built = triggerWorkflow({
			type: 'smartleadTrigger',
			parameters: { scope: 'campaign', campaignId: '9181', events: ['EMAIL_REPLY'] },
			credentials: { smartleadApi: credentialId },
		});
		const workflowId = await n8n.createWorkflow(built.workflow);
		try {
			const status = await n8n.publish(workflowId, 180_000);
			expect(status.status).toBe('failed');
			const message = status.triggers.map((trigger) => trigger.errorMessage ?? '').join(' ');
			expect(message).toContain('SmartLead had a server error (500)');
			expect(message).not.toContain(API_KEY);
			expect(fake.all()).toHaveLength(0);
		} finally {
			fake.clearFailures();
			await n8n.unpublish(workflowId).catch(() => undefined);
			await n8n.deleteWorkflow(workflowId);
		}
		expect(readFileSync(n8n.logFile, 'utf8')).not.toContain(API_KEY);
	});
});
