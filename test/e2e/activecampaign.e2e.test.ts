import {
	ACTIVECAMPAIGN_EVENT_NAMES,
	activeCampaignEvents,
} from '../../nodes/ActiveCampaign/events';
import { encodeFormBody } from '../../nodes/ActiveCampaign/formParser';
import {
	FAKE_API_KEY,
	FakeActiveCampaign,
	type FakeWebhook,
} from '../../harness/fakes/activecampaign';
import { expectedNestedData } from '../../harness/fakes/activecampaignSamples';
import { triggerOutputs, triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';

jest.setTimeout(900_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ActiveCampaign Events Trigger in a real n8n', () => {
	const n8n = sharedN8n();
	const fake = new FakeActiveCampaign();
	let credentialId: string;

	beforeAll(async () => {
		await fake.start();
		credentialId = await n8n.createCredential('activeCampaignEventsApi', {
			apiUrl: fake.url,
			apiKey: FAKE_API_KEY,
		});
	});

	afterAll(async () => {
		await fake.stop();
	});

	async function createTrigger(parameters: Record<string, unknown>) {
		const built = triggerWorkflow({
			type: 'activeCampaignEventsTrigger',
			parameters,
			credentials: { activeCampaignEventsApi: credentialId },
		});
		const workflowId = await n8n.createWorkflow(built.workflow);
		return { ...built, workflowId, productionUrl: `${n8n.baseUrl}/webhook/${built.webhookPath}` };
	}

	async function publish(workflowId: string, webhookPath: string): Promise<void> {
		const status = await n8n.publish(workflowId);
		expect(status).toMatchObject({ status: 'published' });
		await n8n.waitForWebhook(webhookPath);
	}

	function onlyHook(productionUrl: string): FakeWebhook {
		const hooks = fake.hooksFor(productionUrl);
		expect(hooks).toHaveLength(1);
		return hooks[0];
	}

	/** Waits until the fake holds `count` registrations for the URL (n8n's retries run in the background). */
	async function waitForHooks(
		productionUrl: string,
		count: number,
		timeoutMs = 60_000,
	): Promise<FakeWebhook[]> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline && fake.hooksFor(productionUrl).length !== count) await sleep(200);
		return fake.hooksFor(productionUrl);
	}

	function itemsOf(
		executions: ExecutionSummary[],
		nodeName: string,
	): Array<Record<string, unknown>> {
		return executions.flatMap((execution) => triggerOutputs(execution, nodeName).flat());
	}

	it('tests the credential with GET /api/3/users/me and the Api-Token header', async () => {
		const test = async (apiKey: string) => {
			const data = { apiUrl: `${fake.url}/`, apiKey };
			const id = await n8n.createCredential('activeCampaignEventsApi', data);
			return n8n.api<{ data: { status: string; message: string } }>(
				'POST',
				'/credentials/test',
				{ credentials: { id, name: 'probe', type: 'activeCampaignEventsApi', data } },
				'rest',
			);
		};
		const good = await test(FAKE_API_KEY);
		expect(good.data.status).toBe('OK');
		const bad = await test('not-the-key');
		expect(bad.data.status).toBe('Error');
		const calls = fake.server.requests('GET', '/api/3/users/me');
		expect(calls.map((request) => request.headers['api-token'])).toEqual([
			FAKE_API_KEY,
			'not-the-key',
		]);
	});

	it('registers on publish with the token URL, all events and all four sources, and removes it on unpublish', async () => {
		const all = await createTrigger({ events: ['*'] });
		const some = await createTrigger({
			events: ['click', 'open'],
			ignoreApiChanges: true,
			options: { listId: '3' },
		});
		await publish(all.workflowId, all.webhookPath);
		await publish(some.workflowId, some.webhookPath);

		const allHook = onlyHook(all.productionUrl);
		expect(allHook.url).toMatch(
			new RegExp(`^${all.productionUrl.replace(/[.?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]{32}$`),
		);
		expect([...allHook.events].sort()).toEqual([...ACTIVECAMPAIGN_EVENT_NAMES].sort());
		expect([...allHook.sources].sort()).toEqual(['admin', 'api', 'public', 'system']);
		expect(allHook.listid).toBe('0');

		const someHook = onlyHook(some.productionUrl);
		expect([...someHook.events].sort()).toEqual(['click', 'open']);
		expect([...someHook.sources].sort()).toEqual(['admin', 'public', 'system']);
		expect(someHook.listid).toBe('3');
		expect(someHook.url.split('token=')[1]).not.toBe(allHook.url.split('token=')[1]);

		const creates = fake.server.requests('POST', '/api/3/webhooks');
		expect(creates.length).toBeGreaterThanOrEqual(2);
		for (const request of creates) expect(request.headers['api-token']).toBe(FAKE_API_KEY);

		await n8n.unpublish(all.workflowId);
		await n8n.unpublish(some.workflowId);
		expect(fake.hooksFor(all.productionUrl)).toHaveLength(0);
		expect(fake.hooksFor(some.productionUrl)).toHaveLength(0);
	});

	it('parses every one of the 27 event types into its nested shape, one execution each', async () => {
		const trigger = await createTrigger({ events: ['*'] });
		await publish(trigger.workflowId, trigger.webhookPath);
		const hook = onlyHook(trigger.productionUrl);

		for (const event of activeCampaignEvents) {
			const deliveries = await fake.fire(event.name, { to: trigger.productionUrl });
			expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		}
		const executions = await n8n.waitForExecutions(
			trigger.workflowId,
			activeCampaignEvents.length,
			{ timeoutMs: 90_000 },
		);
		expect(executions).toHaveLength(activeCampaignEvents.length);
		const items = itemsOf(executions, trigger.nodeName);
		expect(items.map((item) => item.event).sort()).toEqual([...ACTIVECAMPAIGN_EVENT_NAMES].sort());

		const maskedUrl = hook.url.replace(/token=[^&]+/, 'token=***');
		for (const event of activeCampaignEvents) {
			const item = items.find((candidate) => candidate.event === event.name)!;
			expect(item).toMatchObject({
				category: event.category,
				dateTime: '2026-02-28T07:04:13-06:00',
				occurredAt: '2026-02-28T13:04:13.000Z',
				validation: { valid: true, issues: [] },
				dedupeKey: expect.stringMatching(new RegExp(`^activecampaign:${event.name}:`)),
			});
			expect(item.data).toEqual(expectedNestedData({ ...event.sample, url: maskedUrl }));
		}
		expect(JSON.stringify(items)).not.toContain(hook.url.split('token=')[1]);
		await n8n.unpublish(trigger.workflowId);
	});

	it('answers 410 to a stale token (after unpublish + publish) and to a missing one, 401 to a wrong one, and runs nothing', async () => {
		const trigger = await createTrigger({ events: ['*'] });
		await publish(trigger.workflowId, trigger.webhookPath);
		const old = onlyHook(trigger.productionUrl);
		await n8n.unpublish(trigger.workflowId);
		await publish(trigger.workflowId, trigger.webhookPath);
		const current = onlyHook(trigger.productionUrl);
		expect(current.url).not.toBe(old.url);

		const body = encodeFormBody(
			activeCampaignEvents.find((event) => event.name === 'update')!.sample,
		);
		const stale = await fake.post(old.id, old.url, 'update', body);
		expect(stale.status).toBe(410);
		expect(stale.text).toMatch(/Stale token/);
		const missing = await fake.post('none', trigger.productionUrl, 'update', body);
		expect(missing.status).toBe(410);
		const wrong = await fake.post(
			'none',
			`${trigger.productionUrl}?token=not-our-token`,
			'update',
			body,
		);
		expect(wrong.status).toBe(401);
		for (const response of [stale, missing, wrong])
			expect(response.text).not.toContain(current.url.split('token=')[1]);

		const none = await n8n.waitForExecutions(trigger.workflowId, 0, { settleMs: 1500 });
		expect(none).toHaveLength(0);

		// An orphan left behind (e.g. by a failed clean-up) is switched off by its first delivery.
		const orphanId = 'orphan-1';
		fake.webhooks.set(orphanId, { ...old, id: orphanId });
		const first = await fake.fire('update', { to: trigger.productionUrl });
		expect(first.map((delivery) => [delivery.webhookId, delivery.status]).sort()).toEqual(
			[
				[current.id, 200],
				[orphanId, 410],
			].sort(),
		);
		expect(fake.isActive(orphanId)).toBe(false);
		const second = await fake.fire('update', {
			to: trigger.productionUrl,
			overrides: { date_time: '2026-02-28T07:05:00-06:00' },
		});
		expect(second.map((delivery) => delivery.webhookId)).toEqual([current.id]);

		const executions = await n8n.waitForExecutions(trigger.workflowId, 2);
		expect(executions).toHaveLength(2);
		fake.webhooks.delete(orphanId);
		await n8n.unpublish(trigger.workflowId);
		expect(fake.hooksFor(trigger.productionUrl)).toHaveLength(0);
	});

	it('leaves no orphan after 20 publish/unpublish cycles with injected failures and leftovers', async () => {
		const trigger = await createTrigger({ events: ['update', 'click'] });
		const outcomes: string[] = [];
		const count = (method: string) => fake.server.requests(method, '/api/3/webhooks').length;
		for (let cycle = 1; cycle <= 20; cycle++) {
			const before = { POST: count('POST'), DELETE: count('DELETE'), GET: count('GET') };
			if (cycle % 5 === 1)
				fake.server.inject({ method: 'POST', pathPrefix: '/api/3/webhooks', status: 500 });
			if (cycle % 5 === 3)
				fake.server.inject({
					method: 'GET',
					pathPrefix: '/api/3/webhooks',
					status: 429,
					headers: { 'retry-after': '0' },
				});
			if (cycle % 5 === 4) {
				// A registration whose id was lost (for example a create whose answer never arrived).
				fake.webhooks.set(`lost-${cycle}`, {
					id: `lost-${cycle}`,
					cdate: '',
					listid: '0',
					name: 'n8n-lead-events:lost',
					url: `${trigger.productionUrl}?token=${'L'.repeat(32)}`,
					events: ['update'],
					sources: ['admin'],
				});
			}
			const status = await n8n.publish(trigger.workflowId);
			outcomes.push(`${cycle}:${status.status}`);
			const hooks = await waitForHooks(trigger.productionUrl, 1);
			expect(hooks).toHaveLength(1);
			expect(hooks[0].id).not.toMatch(/^lost-/);

			if (cycle % 5 === 2)
				fake.server.inject({ method: 'DELETE', pathPrefix: '/api/3/webhooks', status: 500 });
			await n8n.unpublish(trigger.workflowId);
			expect(await waitForHooks(trigger.productionUrl, 0)).toHaveLength(0);
			const calls = {
				POST: count('POST') - before.POST,
				DELETE: count('DELETE') - before.DELETE,
				GET: count('GET') - before.GET,
			};
			outcomes.push(`POST=${calls.POST},DELETE=${calls.DELETE},GET=${calls.GET}`);
			// Each injected failure really happened and was recovered from by a second attempt.
			if (cycle % 5 === 1) expect(calls.POST).toBe(2);
			else expect(calls.POST).toBe(1);
			if (cycle % 5 === 2) expect(calls.DELETE).toBeGreaterThanOrEqual(2);
			if (cycle % 5 === 4) expect(fake.webhooks.has(`lost-${cycle}`)).toBe(false);
			fake.server.clearFailures();
		}

		await publish(trigger.workflowId, trigger.webhookPath);
		onlyHook(trigger.productionUrl);
		const deliveries = await fake.fire('update', { to: trigger.productionUrl });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
		expect(await n8n.waitForExecutions(trigger.workflowId, 1)).toHaveLength(1);
		await n8n.unpublish(trigger.workflowId);
		expect(fake.hooksFor(trigger.productionUrl)).toHaveLength(0);
		// Recorded for the report: how n8n reported each publication.
		console.log(`ActiveCampaign cycles:\n${outcomes.join('\n')}`);
	});

	it('suppresses a repeated delivery when duplicate suppression is on, and lets a different event through', async () => {
		const trigger = await createTrigger({ events: ['*'], options: { suppressDuplicates: true } });
		await publish(trigger.workflowId, trigger.webhookPath);
		const first = await fake.fire('update', { to: trigger.productionUrl });
		const repeat = await fake.fire('update', { to: trigger.productionUrl });
		expect(first.map((delivery) => delivery.status)).toEqual([200]);
		expect(repeat.map((delivery) => delivery.status)).toEqual([200]);
		expect(JSON.parse(repeat[0].text)).toMatchObject({ status: 'duplicate' });
		const changed = await fake.fire('update', {
			to: trigger.productionUrl,
			overrides: { 'contact[fields][12]': 'TIER2' },
		});
		expect(changed.map((delivery) => delivery.status)).toEqual([200]);

		const executions = await n8n.waitForExecutions(trigger.workflowId, 2, { settleMs: 1500 });
		expect(executions).toHaveLength(2);
		const items = itemsOf(executions, trigger.nodeName);
		expect(new Set(items.map((item) => item.dedupeKey)).size).toBe(2);
		expect(
			items
				.map(
					(item) =>
						(item.data as { contact: { fields: Record<string, string> } }).contact.fields['12'],
				)
				.sort(),
		).toEqual(['TIER1', 'TIER2']);
		await n8n.unpublish(trigger.workflowId);
	});
});
