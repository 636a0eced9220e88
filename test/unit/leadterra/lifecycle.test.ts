import { checkExists, create, remove } from '../../../nodes/Leadterra/lifecycle';
import { fakeHookContext, type FakePlatform } from '../lib/hookContext';

const URL_ = 'https://n8n.example.com/webhook/0b6d/webhook';
const ALL = ['campaign.started', 'message.sent', 'message.bounced', 'reply.received'];

interface Registration {
	id: string;
	url: string;
	events: string[];
}

/** Leadterra's webhook endpoints over an in-memory list; `loseNextCreate` registers but fails the answer. */
function leadterra(initial: Registration[] = []) {
	const webhooks = new Map(initial.map((webhook) => [webhook.id, { ...webhook }]));
	let next = 1;
	const state = { loseNextCreate: false };
	const platform: FakePlatform = ({ method, path, body }) => {
		const id = decodeURIComponent(path.split('/')[2] ?? '');
		if (method === 'GET' && path === '/webhooks')
			return { status: 200, body: { data: [...webhooks.values()] } };
		if (method === 'POST' && path === '/webhooks') {
			const { url, events } = body as { url: string; events: string[] };
			const webhook = { id: `wh_${next++}`, url, events };
			webhooks.set(webhook.id, webhook);
			if (state.loseNextCreate) {
				state.loseNextCreate = false;
				throw new Error('socket hang up');
			}
			return { status: 201, body: { webhook: { ...webhook, secret: `whsec_${webhook.id}` } } };
		}
		const webhook = webhooks.get(id);
		if (!webhook) return { status: 404, body: { message: `No webhook ${id}` } };
		if (method === 'PATCH') {
			Object.assign(webhook, body);
			return { status: 200, body: { webhook } };
		}
		if (method === 'DELETE') {
			webhooks.delete(id);
			return { status: 204 };
		}
		return { status: 200, body: { webhook } };
	};
	return { webhooks, platform, state };
}

function hook(
	platform: FakePlatform,
	staticData = {},
	options: { events?: string[]; signingSecret?: string } = {},
) {
	return fakeHookContext({
		platform,
		staticData,
		webhookUrl: URL_,
		parameters: { events: options.events ?? ['*'] },
		credentials: { apiKey: 'lt_key', signingSecret: options.signingSecret ?? '' },
	});
}

describe('Leadterra lifecycle', () => {
	it('creates one registration and stores its id, secret and token', async () => {
		const api = leadterra();
		const fake = hook(api.platform);
		expect(await checkExists.call(fake.context)).toBe(false);
		expect(await create.call(fake.context)).toBe(true);
		const [webhook] = [...api.webhooks.values()];
		const token = new URL(webhook.url).searchParams.get('token');
		expect(webhook).toEqual({ id: 'wh_1', url: `${URL_}?token=${token}`, events: ALL });
		expect(fake.staticData).toEqual({
			webhookId: 'wh_1',
			webhookUrl: webhook.url,
			webhookEvents: ALL,
			webhookSecret: 'whsec_wh_1',
			webhookToken: token,
		});
	});

	it('adopts a registration of this URL it has no record of when the credential holds the secret', async () => {
		const api = leadterra([{ id: 'wh_9', url: `${URL_}?token=lost`, events: ALL }]);
		const fake = hook(api.platform, {}, { signingSecret: 'whsec_from_credential' });
		expect(await checkExists.call(fake.context)).toBe(true);
		// Its unknown token is dropped from the URL: the credential's secret authenticates instead.
		expect(fake.calls('PATCH')).toEqual([
			{ method: 'PATCH', path: '/webhooks/wh_9', body: { url: URL_ } },
		]);
		expect(fake.staticData).toEqual({ webhookId: 'wh_9', webhookUrl: URL_, webhookEvents: ALL });
		expect(fake.calls('POST')).toEqual([]);
	});

	it('repairs changed events in place and keeps the stored secret and token', async () => {
		const api = leadterra([{ id: 'wh_1', url: `${URL_}?token=tok`, events: ALL }]);
		const stored = {
			webhookId: 'wh_1',
			webhookUrl: `${URL_}?token=tok`,
			webhookEvents: ALL,
			webhookSecret: 'whsec_1',
			webhookToken: 'tok',
		};
		const fake = hook(api.platform, { ...stored }, { events: ['reply.received'] });
		expect(await checkExists.call(fake.context)).toBe(true);
		expect(fake.calls('PATCH')).toEqual([
			{ method: 'PATCH', path: '/webhooks/wh_1', body: { events: ['reply.received'] } },
		]);
		expect(api.webhooks.get('wh_1')?.events).toEqual(['reply.received']);
		expect(fake.staticData).toEqual({ ...stored, webhookEvents: ['reply.received'] });
	});

	it('after a create whose response was lost, the next publish removes the orphan and registers once', async () => {
		const api = leadterra();
		api.state.loseNextCreate = true;
		const first = hook(api.platform);
		await expect(create.call(first.context)).rejects.toThrow('Could not reach Leadterra');
		expect(first.staticData).toEqual({});
		expect([...api.webhooks.keys()]).toEqual(['wh_1']);

		const second = hook(api.platform, first.staticData);
		expect(await checkExists.call(second.context)).toBe(false);
		expect(second.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/webhooks/wh_1' }]);
		expect(await create.call(second.context)).toBe(true);
		expect([...api.webhooks.keys()]).toEqual(['wh_2']);
		expect(second.staticData.webhookId).toBe('wh_2');
	});

	it('deletes the stored registration by id and every other one of this URL, leaving others alone', async () => {
		const api = leadterra([
			{ id: 'wh_1', url: `${URL_}?token=tok`, events: ALL },
			{ id: 'wh_2', url: `${URL_}?token=older`, events: ALL },
			{ id: 'wh_3', url: 'https://crm.example.com/leadterra', events: ALL },
		]);
		const fake = hook(api.platform, { webhookId: 'wh_1', webhookToken: 'tok' });
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE').map((request) => request.path)).toEqual([
			'/webhooks/wh_1',
			'/webhooks/wh_2',
		]);
		expect([...api.webhooks.keys()]).toEqual(['wh_3']);
		expect(fake.staticData).toEqual({});
	});

	it('treats a 404 on delete as already removed', async () => {
		const api = leadterra();
		const fake = hook(api.platform, { webhookId: 'wh_gone', webhookToken: 'tok' });
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/webhooks/wh_gone' }]);
		expect(fake.staticData).toEqual({});
	});
});
