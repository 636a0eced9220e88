import { randomUUID } from 'crypto';

import { LEADTERRA_EVENT_NAMES, leadterraEvents } from '../../nodes/Leadterra/events';
import { signLeadterraBody } from '../../nodes/Leadterra/auth';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import {
	actionNodeWorkflow,
	triggerOutputs,
	triggerWorkflow,
	type ExecutionSummary,
} from '../../harness/client';
import { sharedN8n } from './lib/shared';
import { eventually } from './lib/eventually';

// Activation failures take n8n's five attempts with backoff (about 15 s); the cycles test takes minutes.
jest.setTimeout(600_000);

const n8n = sharedN8n();

interface TriggerSetup {
	workflowId: string;
	webhookPath: string;
	nodeName: string;
	credentialId: string;
	/** n8n's production URL of the trigger, without the token. */
	url: string;
}

async function triggerAt(
	fake: FakeLeadterra,
	parameters: Record<string, unknown>,
	apiKey = fake.apiKey,
): Promise<TriggerSetup> {
	const credentialId = await n8n.createCredential('leadterraApi', {
		apiKey,
		baseUrl: fake.baseUrl,
		signingSecret: '',
	});
	const built = triggerWorkflow({
		type: 'leadterraTrigger',
		parameters,
		credentials: { leadterraApi: credentialId },
	});
	const workflowId = await n8n.createWorkflow(built.workflow);
	return {
		workflowId,
		credentialId,
		webhookPath: built.webhookPath,
		nodeName: built.nodeName,
		url: `${n8n.baseUrl}/webhook/${built.webhookPath}`,
	};
}

const sampleData = (name: string) =>
	(leadterraEvents.find((event) => event.name === name)!.sample as { data: unknown }).data;
const pointingAt = (fake: FakeLeadterra, url: string) =>
	fake.list().filter((webhook) => webhook.url.split('?')[0] === url);

function onlyItem(
	execution: ExecutionSummary,
	nodeName: string,
): { output: number; item: Record<string, unknown> } {
	const outputs = triggerOutputs(execution, nodeName);
	const placed = outputs.flatMap((items, output) => items.map((item) => ({ output, item })));
	expect(placed).toHaveLength(1);
	return placed[0];
}

describe('Leadterra Trigger in a real n8n: registration, verified deliveries, clean removal', () => {
	const fake = new FakeLeadterra();
	let setup: TriggerSetup;

	beforeAll(async () => {
		await fake.start();
		setup = await triggerAt(fake, { events: ['*'] });
		const status = await n8n.publish(setup.workflowId);
		expect(status.status).toBe('published');
		await n8n.waitForWebhook(setup.webhookPath);
	});

	afterAll(async () => {
		await fake.stop();
	});

	it('passes the credential test with the right key (trailing slash in the base URL too) and fails with a wrong one', async () => {
		// A fake of its own: the wrong key below must not show up in the shared fake's request log.
		const probe = new FakeLeadterra();
		await probe.start();
		try {
			expect(
				await n8n.testCredential('leadterraApi', {
					apiKey: probe.apiKey,
					baseUrl: `${probe.baseUrl}/`,
				}),
			).toMatchObject({ status: 'OK' });
			expect(
				await n8n.testCredential('leadterraApi', {
					apiKey: 'sk_test_wrong',
					baseUrl: probe.baseUrl,
				}),
			).toMatchObject({ status: 'Error' });
			// n8n repeats a request that answered 401 once, so the wrong key may arrive twice.
			const keys = probe
				.requests('GET', '/v1/sender-pools')
				.map((request) => request.headers.authorization);
			expect(keys[0]).toBe(`Bearer ${probe.apiKey}`);
			expect(keys.length).toBeGreaterThanOrEqual(2);
			expect(new Set(keys.slice(1))).toEqual(new Set(['Bearer sk_test_wrong']));
		} finally {
			await probe.stop();
		}
	});

	it('registers exactly one webhook, for every event, at its production URL with a token', () => {
		expect(fake.requests('POST', '/v1/webhooks')).toHaveLength(1);
		const [webhook] = fake.list();
		expect(fake.list()).toHaveLength(1);
		expect(webhook.url).toMatch(
			new RegExp(`^${setup.url.replace(/[.?]/g, '\\$&')}\\?token=[A-Za-z0-9_-]{20,}$`),
		);
		expect([...webhook.events].sort()).toEqual([...LEADTERRA_EVENT_NAMES].sort());
		expect(
			fake.requests().every((request) => request.headers.authorization === `Bearer ${fake.apiKey}`),
		).toBe(true);
	});

	it('turns a signed delivery of each of the four events into one typed execution', async () => {
		for (const event of LEADTERRA_EVENT_NAMES) {
			const [result] = await fake.deliver(event);
			expect(result.status).toBe(200);
			expect(JSON.parse(result.text)).toEqual({ status: 'accepted', event });
		}
		const executions = await n8n.waitForExecutions(setup.workflowId, 4);
		expect(executions).toHaveLength(4);
		const items = executions.map((execution) => onlyItem(execution, setup.nodeName).item);
		for (const event of leadterraEvents) {
			const item = items.find((candidate) => candidate.event === event.name);
			expect(item).toMatchObject({
				category: event.category,
				authentication: 'signature',
				validation: { valid: true, issues: [] },
				timestamp: expect.stringMatching(/^2025-06-10T/),
			});
			const data = item!.data as Record<string, unknown>;
			expect(Object.keys(data).sort()).toEqual(
				Object.keys(sampleData(event.name) as object).sort(),
			);
			expect(item!.dedupeKey).toEqual(expect.stringContaining(`leadterra:${event.name}:`));
		}
	});

	it('starts a second execution for a retried delivery when duplicate suppression is off', async () => {
		const before = (await n8n.executions(setup.workflowId, false)).length;
		const [retry] = await fake.deliver('reply.received', { retry: true });
		expect(retry.status).toBe(200);
		const after = await n8n.waitForExecutions(setup.workflowId, before + 1);
		expect(after).toHaveLength(before + 1);
	});

	type Forgery = (
		registered: { url: string; secret: string },
		body: string,
	) => { url: string; headers: Record<string, string>; body: string };
	it.each<[string, Forgery]>([
		[
			'signed with another secret',
			(registered, body) => ({
				url: registered.url,
				headers: {
					'x-leadterra-signature': signLeadterraBody('whsec_forged_0123456789abcdef', body),
				},
				body,
			}),
		],
		[
			'unsigned, even with the right URL token',
			(registered, body) => ({ url: registered.url, headers: {}, body }),
		],
		[
			'correctly signed, then tampered with',
			(registered, body) => ({
				url: registered.url,
				headers: { 'x-leadterra-signature': signLeadterraBody(registered.secret, body) },
				body: body.replace('interested', 'not_interested'),
			}),
		],
	])('answers a delivery %s with 401 and starts no execution', async (_label, forge) => {
		const before = (await n8n.executions(setup.workflowId, false)).length;
		const [webhook] = fake.list();
		const forged = forge(webhook, fake.bodyFor('reply.received'));
		const response = await fetch(forged.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...forged.headers },
			body: forged.body,
		});
		expect(response.status).toBe(401);
		const text = await response.text();
		expect(JSON.parse(text)).toMatchObject({ status: 'rejected' });
		expect(text).not.toContain(webhook.secret);
		const after = await n8n.waitForExecutions(setup.workflowId, before, { settleMs: 1000 });
		expect(after).toHaveLength(before);
	});

	it('deletes its registration when the workflow is unpublished', async () => {
		const [webhook] = fake.list();
		const status = await n8n.unpublish(setup.workflowId);
		expect(status.status).toBe('not_published');
		const remaining = await eventually(
			() => fake.list(),
			(list) => list.length === 0,
		);
		expect(remaining).toEqual([]);
		expect(fake.requests('DELETE', `/v1/webhooks/${webhook.id}`).length).toBeGreaterThanOrEqual(1);
	});
});

describe('Leadterra Trigger without a signing secret: URL token mode', () => {
	const fake = new FakeLeadterra(undefined, { returnSecret: false });
	let setup: TriggerSetup;

	beforeAll(async () => {
		await fake.start();
		setup = await triggerAt(fake, { events: ['message.sent', 'message.bounced'] });
		expect((await n8n.publish(setup.workflowId)).status).toBe('published');
		await n8n.waitForWebhook(setup.webhookPath);
	});

	afterAll(async () => {
		await n8n.unpublish(setup.workflowId);
		await fake.stop();
	});

	it('subscribes to the selected events only', () => {
		expect(fake.list().map((webhook) => [...webhook.events].sort())).toEqual([
			['message.bounced', 'message.sent'],
		]);
	});

	it('accepts deliveries that present the token, and rejects those that do not', async () => {
		const [accepted] = await fake.deliver('message.sent');
		expect(accepted.status).toBe(200);
		const executions = await n8n.waitForExecutions(setup.workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(onlyItem(executions[0], setup.nodeName).item).toMatchObject({
			event: 'message.sent',
			authentication: 'token',
		});

		const [webhook] = fake.list();
		const body = fake.bodyFor('message.bounced');
		const signature = {
			'content-type': 'application/json',
			'x-leadterra-signature': signLeadterraBody(webhook.secret, body),
		};
		const wrongToken = webhook.url.replace(/token=[^&]+/, 'token=not-the-token');
		for (const url of [setup.url, wrongToken]) {
			const response = await fetch(url, { method: 'POST', headers: signature, body });
			expect(response.status).toBe(401);
		}
		expect(await n8n.waitForExecutions(setup.workflowId, 1, { settleMs: 1000 })).toHaveLength(1);
	});
});

describe('Leadterra Trigger routing and duplicate suppression', () => {
	const fake = new FakeLeadterra();
	let setup: TriggerSetup;

	beforeAll(async () => {
		await fake.start();
		setup = await triggerAt(fake, {
			events: ['*'],
			routeBy: 'event',
			options: { suppressDuplicates: true },
		});
		expect((await n8n.publish(setup.workflowId)).status).toBe('published');
		await n8n.waitForWebhook(setup.webhookPath);
	});

	afterAll(async () => {
		await n8n.unpublish(setup.workflowId);
		await fake.stop();
	});

	it('puts each event on its own output', async () => {
		for (const event of LEADTERRA_EVENT_NAMES)
			expect((await fake.deliver(event))[0].status).toBe(200);
		const executions = await n8n.waitForExecutions(setup.workflowId, 4);
		expect(executions).toHaveLength(4);
		for (const execution of executions) {
			const { output, item } = onlyItem(execution, setup.nodeName);
			expect(output).toBe(LEADTERRA_EVENT_NAMES.indexOf(item.event as string));
			// n8n lays out one array per output: the four events plus "Other".
			expect(triggerOutputs(execution, setup.nodeName)).toHaveLength(
				LEADTERRA_EVENT_NAMES.length + 1,
			);
		}
	});

	it('drops a retried delivery, and still accepts a new event', async () => {
		const before = (await n8n.executions(setup.workflowId, false)).length;
		const [retry] = await fake.deliver('message.sent', { retry: true });
		expect(retry.status).toBe(200);
		expect(JSON.parse(retry.text)).toMatchObject({ status: 'duplicate' });
		const [fresh] = await fake.deliver('message.sent');
		expect(JSON.parse(fresh.text)).toMatchObject({ status: 'accepted' });
		expect(
			await n8n.waitForExecutions(setup.workflowId, before + 1, { settleMs: 1000 }),
		).toHaveLength(before + 1);
	});
});

describe('Leadterra Trigger adopting and repairing an existing registration', () => {
	const fake = new FakeLeadterra();

	beforeAll(async () => {
		await fake.start();
	});

	afterAll(async () => {
		await fake.stop();
	});

	it('keeps its stored registration, repairs drifted events, deletes a duplicate, leaves other URLs alone', async () => {
		const credentialId = await n8n.createCredential('leadterraApi', {
			apiKey: fake.apiKey,
			baseUrl: fake.baseUrl,
		});
		const built = triggerWorkflow({
			type: 'leadterraTrigger',
			parameters: { events: ['*'] },
			credentials: { leadterraApi: credentialId },
		});
		const url = `${n8n.baseUrl}/webhook/${built.webhookPath}`;
		const token = `tok_${randomUUID()}`;
		// As left by an earlier publication, then edited in Leadterra, plus a duplicate and a foreign one.
		const mine = fake.seed(`${url}?token=${token}`, ['reply.received']);
		const duplicate = fake.seed(url, LEADTERRA_EVENT_NAMES);
		const foreign = fake.seed('https://crm.example.com/hooks/leadterra', ['message.sent']);
		const staticData = {
			[`node:${built.nodeName}`]: {
				webhookId: mine.id,
				webhookUrl: mine.url,
				webhookEvents: ['reply.received'],
				webhookSecret: mine.secret,
				webhookToken: token,
			},
		};
		const workflowId = await n8n.createWorkflow({ ...built.workflow, staticData });

		expect((await n8n.publish(workflowId)).status).toBe('published');
		await n8n.waitForWebhook(built.webhookPath);
		expect(fake.requests('POST', '/v1/webhooks')).toHaveLength(0);
		expect(fake.requests('PATCH', `/v1/webhooks/${mine.id}`)).toHaveLength(1);
		expect(fake.requests('DELETE', `/v1/webhooks/${duplicate.id}`)).toHaveLength(1);
		expect(pointingAt(fake, url)).toEqual([
			expect.objectContaining({ id: mine.id, url: mine.url }),
		]);
		expect([...fake.webhooks.get(mine.id)!.events].sort()).toEqual(
			[...LEADTERRA_EVENT_NAMES].sort(),
		);
		expect(fake.webhooks.get(foreign.id)).toMatchObject({
			url: foreign.url,
			events: ['message.sent'],
		});

		// The stored secret still verifies deliveries of the adopted registration.
		const [delivered] = (await fake.deliver('message.bounced')).filter(
			(result) => result.webhookId === mine.id,
		);
		expect(delivered.status).toBe(200);
		expect(await n8n.waitForExecutions(workflowId, 1)).toHaveLength(1);

		await n8n.unpublish(workflowId);
		await eventually(
			() => pointingAt(fake, url),
			(list) => list.length === 0,
		);
		expect(fake.list().map((webhook) => webhook.id)).toEqual([foreign.id]);
	});
});

describe('Leadterra Trigger activation failures and publish/unpublish cycles', () => {
	const fake = new FakeLeadterra();

	beforeAll(async () => {
		await fake.start();
	});

	afterAll(async () => {
		await fake.stop();
	});

	it('reports a rejected API key as a failed publication with an actionable message and no key', async () => {
		const wrongKey = `sk_live_${randomUUID().replace(/-/g, '')}`;
		const setup = await triggerAt(fake, { events: ['*'] }, wrongKey);
		const status = await n8n.publish(setup.workflowId);
		expect(status.status).toBe('failed');
		const message = status.triggers.map((trigger) => trigger.errorMessage ?? '').join(' ');
		expect(message).toContain('Leadterra rejected the API key (401)');
		expect(message).toContain('check the credential');
		expect(message).not.toContain(wrongKey);
		expect(fake.list()).toEqual([]);
		// n8n keeps a failed publication as published: it must be unpublished before it can be deleted.
		await n8n.unpublish(setup.workflowId);
		await n8n.deleteWorkflow(setup.workflowId);
	});

	it('reports a platform that keeps failing as a failed publication and leaves nothing registered', async () => {
		const setup = await triggerAt(fake, { events: ['*'] });
		fake.inject({
			method: 'POST',
			pathPrefix: '/v1/webhooks',
			status: 500,
			body: { message: 'database unavailable' },
			times: 10,
		});
		const status = await n8n.publish(setup.workflowId);
		fake.server.clearFailures();
		expect(status.status).toBe('failed');
		const message = status.triggers.map((trigger) => trigger.errorMessage ?? '').join(' ');
		expect(message).toContain('Leadterra had a server error (500)');
		expect(message).toContain('database unavailable');
		expect(message).not.toContain(fake.apiKey);
		expect(fake.list()).toEqual([]);
		// n8n keeps a failed publication as published: it must be unpublished before it can be deleted.
		await n8n.unpublish(setup.workflowId);
		await n8n.deleteWorkflow(setup.workflowId);
	});

	it('leaves no orphaned registration after 20 publish/unpublish cycles with injected API failures', async () => {
		const setup = await triggerAt(fake, { events: ['reply.received'] });
		const failures: Array<() => void> = [
			() => undefined,
			() => fake.inject({ method: 'POST', pathPrefix: '/v1/webhooks', status: 500 }),
			() =>
				fake.inject({
					method: 'GET',
					pathPrefix: '/v1/webhooks',
					status: 429,
					headers: { 'retry-after': '1' },
				}),
			() => fake.loseNextCreateResponse(502),
			() => fake.inject({ method: 'GET', pathPrefix: '/v1/webhooks', status: 503, delayMs: 1500 }),
		];
		for (let cycle = 0; cycle < 20; cycle++) {
			failures[cycle % failures.length]();
			const published = await n8n.publish(setup.workflowId);
			expect({ cycle, status: published.status }).toEqual({ cycle, status: 'published' });
			expect({ cycle, registered: pointingAt(fake, setup.url).length }).toEqual({
				cycle,
				registered: 1,
			});
			if (cycle % 4 === 3)
				fake.inject({ method: 'DELETE', pathPrefix: '/v1/webhooks/', status: 500 });
			const unpublished = await n8n.unpublish(setup.workflowId);
			expect(unpublished.status).toBe('not_published');
			const left = await eventually(
				() => fake.list(),
				(list) => list.length === 0,
			);
			expect({ cycle, left }).toEqual({ cycle, left: [] });
			fake.server.clearFailures();
		}
		// One registration per cycle, plus one per lost create response (its orphan was found and removed).
		expect(fake.created).toHaveLength(20 + 4);
		expect(fake.list()).toEqual([]);
	});
});

type Call = ((body: unknown) => Promise<{ status: number; json: unknown }>) & {
	workflowId: string;
};

describe('Leadterra action node against the fake API', () => {
	const fake = new FakeLeadterra();
	let credentialId: string;
	const workflows: string[] = [];

	/** A Webhook node that starts the workflow and answers with the Leadterra node's output. */
	async function actionWorkflow(
		parameters: Record<string, unknown>,
		settings: Record<string, unknown> = {},
	): Promise<Call> {
		const { workflow, webhookPath: path } = actionNodeWorkflow({
			type: 'leadterra',
			name: 'Leadterra',
			parameters: { resource: 'webhook', ...parameters },
			credentials: { leadterraApi: credentialId },
			settings,
		});
		const id = await n8n.createWorkflow(workflow);
		workflows.push(id);
		expect((await n8n.publish(id)).status).toBe('published');
		await n8n.waitForWebhook(path);
		return Object.assign(
			async (body: unknown) => {
				const response = await n8n.deliver(path, JSON.stringify(body));
				return { status: response.status, json: response.json };
			},
			{ workflowId: id },
		);
	}

	let create: Call;
	let get: Call;
	let getAll: Call;
	let update: Call;
	let remove: Call;
	let getContinuing: Call;

	beforeAll(async () => {
		await fake.start();
		credentialId = await n8n.createCredential('leadterraApi', {
			apiKey: fake.apiKey,
			baseUrl: fake.baseUrl,
		});
		create = await actionWorkflow({
			operation: 'create',
			url: '={{ $json.body.url }}',
			events: ['reply.received'],
		});
		get = await actionWorkflow({ operation: 'get', webhookId: '={{ $json.body.id }}' });
		getAll = await actionWorkflow({ operation: 'getAll', returnAll: true });
		update = await actionWorkflow({
			operation: 'update',
			webhookId: '={{ $json.body.id }}',
			updateFields: { events: ['message.sent', 'reply.received'] },
		});
		remove = await actionWorkflow({ operation: 'delete', webhookId: '={{ $json.body.id }}' });
		getContinuing = await actionWorkflow(
			{ operation: 'get', webhookId: '={{ $json.body.id }}' },
			{ onError: 'continueRegularOutput' },
		);
	});

	afterAll(async () => {
		for (const id of workflows) {
			await n8n.unpublish(id);
			await n8n.deleteWorkflow(id);
		}
		await fake.stop();
	});

	it('creates, reads, lists, updates and deletes a webhook, never outputting its secret', async () => {
		const created = await create({ url: 'https://crm.example.com/hooks/leadterra' });
		expect(created.status).toBe(200);
		const [webhook] = created.json as Array<Record<string, unknown>>;
		expect(webhook).toMatchObject({
			id: expect.stringMatching(/^wh_/),
			url: 'https://crm.example.com/hooks/leadterra',
			events: ['reply.received'],
			status: 'active',
		});
		expect(JSON.stringify(created.json)).not.toMatch(/secret|whsec_/i);
		const id = webhook.id as string;
		expect(fake.webhooks.get(id)?.url).toBe('https://crm.example.com/hooks/leadterra');

		expect((await get({ id })).json).toEqual([
			expect.objectContaining({ id, events: ['reply.received'] }),
		]);
		expect(((await getAll({})).json as Array<{ id: string }>).map((entry) => entry.id)).toEqual([
			id,
		]);

		const updated = await update({ id });
		expect(updated.json).toEqual([
			expect.objectContaining({ id, events: ['message.sent', 'reply.received'] }),
		]);
		expect(fake.webhooks.get(id)?.events).toEqual(['message.sent', 'reply.received']);

		expect((await remove({ id })).json).toEqual([{ id, deleted: true }]);
		expect(fake.webhooks.has(id)).toBe(false);
	});

	it("reports the API's own message for an unknown id, as an item when continuing on fail", async () => {
		const response = await getContinuing({ id: 'wh_DOES_NOT_EXIST' });
		expect(response.status).toBe(200);
		const [item] = response.json as Array<{ error: string }>;
		expect(item.error).toContain('Leadterra could not find the requested resource (404)');
		expect(item.error).toContain('No webhook wh_DOES_NOT_EXIST');
		expect(item.error).not.toContain(fake.apiKey);
	});

	it('fails the execution with that message when not continuing', async () => {
		const before = (await n8n.executions(get.workflowId, false)).length;
		const response = await get({ id: 'wh_DOES_NOT_EXIST' });
		expect(response.status).toBeGreaterThanOrEqual(400);
		expect(JSON.stringify(response.json)).not.toContain(fake.apiKey);
		const executions = await n8n.waitForExecutions(get.workflowId, before + 1);
		const failed = executions.find((execution) => execution.status === 'error');
		expect(failed?.data?.resultData?.error?.message).toContain(
			'Leadterra could not find the requested resource (404)',
		);
		expect(JSON.stringify(failed?.data)).not.toContain(fake.apiKey);
	});
});
