import type { IDataObject } from 'n8n-workflow';

import { checkExists, create, remove } from '../../../nodes/Smartlead/lifecycle';
import { fakeHookContext, type FakePlatform } from '../lib/hookContext';

const URL_ = 'https://n8n.example.com/webhook/0f4c/webhook';
const CAMPAIGN = 9181;
const LIST_PATH = `/campaigns/${CAMPAIGN}/webhooks`;

interface Registration {
	id: number;
	name: string;
	webhook_url: string;
	event_types: string[];
	categories: string[];
}

/** SmartLead's campaign and generic webhook endpoints over in-memory lists. */
function smartlead(campaignHooks: Registration[] = [], generic: Registration[] = []) {
	const campaign = new Map(campaignHooks.map((hook) => [hook.id, { ...hook }]));
	const byId = new Map(generic.map((hook) => [hook.id, { ...hook }]));
	const state = { loseNextSave: false, next: 300 };
	const platform: FakePlatform = ({ method, path, body }) => {
		const fields = (body ?? {}) as Record<string, unknown>;
		if (path === '/leads/fetch-categories')
			return { status: 200, body: [{ id: 1, name: 'Interested' }] };
		if (path === LIST_PATH && method === 'GET')
			return { status: 200, body: [...campaign.values()] };
		if (path === LIST_PATH && method === 'POST') {
			const id = (fields.id as number | null) ?? state.next++;
			campaign.set(id, {
				id,
				name: fields.name as string,
				webhook_url: fields.webhook_url as string,
				event_types: fields.event_types as string[],
				categories: fields.categories as string[],
			});
			if (state.loseNextSave) {
				state.loseNextSave = false;
				throw new Error('socket hang up');
			}
			return { status: 200, body: { ok: true, id } };
		}
		if (path === LIST_PATH && method === 'DELETE') {
			return campaign.delete(fields.id as number)
				? { status: 200, body: { ok: true } }
				: { status: 404 };
		}
		const genericId = Number(path.split('/').pop());
		if (method === 'DELETE' && path.startsWith('/webhook/delete/')) {
			return byId.delete(genericId) ? { status: 200, body: { ok: true } } : { status: 404 };
		}
		if (method === 'GET' && path.startsWith('/webhook/')) {
			const hook = byId.get(genericId);
			return hook ? { status: 200, body: hook } : { status: 404 };
		}
		throw new Error(`unexpected ${method} ${path}`);
	};
	return { campaign, byId, platform, state };
}

function hook(platform: FakePlatform, staticData: IDataObject = {}, parameters = {}) {
	return fakeHookContext({
		platform,
		staticData,
		webhookUrl: URL_,
		parameters: {
			scope: 'campaign',
			campaignId: CAMPAIGN,
			events: ['EMAIL_REPLY'],
			leadCategories: [],
			...parameters,
		},
		credentials: { apiKey: 'sl_key' },
	});
}

const registration = (id: number, token: string, events = ['EMAIL_REPLY']): Registration => ({
	id,
	name: 'n8n: Lifecycle test',
	webhook_url: `${URL_}?token=${token}`,
	event_types: events,
	categories: ['Interested'],
});

describe('SmartLead lifecycle (campaign scope)', () => {
	it('adopts a registration of this URL whose token was lost, repairing its URL in place', async () => {
		const api = smartlead([registration(217, 'lost')]);
		const fake = hook(api.platform);
		expect(await checkExists.call(fake.context)).toBe(true);
		const token = fake.staticData.token as string;
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(fake.calls('POST', LIST_PATH)).toEqual([
			{
				method: 'POST',
				path: LIST_PATH,
				body: {
					id: 217,
					name: 'n8n: Lifecycle test',
					webhook_url: `${URL_}?token=${token}`,
					event_types: ['EMAIL_REPLY'],
					categories: ['Interested'],
				},
			},
		]);
		expect(fake.staticData).toEqual({
			token,
			webhookId: 217,
			scopeKey: `campaign:${CAMPAIGN}`,
			scope: 'campaign',
			campaignId: CAMPAIGN,
			endpoint: URL_,
		});
	});

	it('repairs changed events of the stored registration, sending its id', async () => {
		const api = smartlead([registration(217, 'tok', ['EMAIL_BOUNCE'])]);
		const fake = hook(api.platform, {
			token: 'tok',
			webhookId: 217,
			scopeKey: `campaign:${CAMPAIGN}`,
		});
		expect(await checkExists.call(fake.context)).toBe(true);
		expect(api.campaign.get(217)?.event_types).toEqual(['EMAIL_REPLY']);
		expect(
			fake.calls('POST', LIST_PATH).map((request) => (request.body as IDataObject).id),
		).toEqual([217]);
	});

	it('after a save whose response was lost, the next publish keeps that registration instead of adding one', async () => {
		const api = smartlead();
		api.state.loseNextSave = true;
		const first = hook(api.platform);
		await expect(create.call(first.context)).rejects.toThrow('Could not reach SmartLead');
		expect([...api.campaign.keys()]).toEqual([300]);

		const second = hook(api.platform, first.staticData);
		expect(await checkExists.call(second.context)).toBe(true);
		expect(second.calls('POST')).toEqual([]);
		expect([...api.campaign.keys()]).toEqual([300]);
		expect(second.staticData.webhookId).toBe(300);
	});

	it('deletes every registration of this URL in the campaign, also one never stored, and no other', async () => {
		const foreign = { ...registration(5, 'x'), webhook_url: 'https://crm.example.com/hook' };
		const api = smartlead([registration(217, 'tok'), registration(218, 'older'), foreign]);
		const fake = hook(api.platform, {
			token: 'tok',
			webhookId: 217,
			scope: 'campaign',
			campaignId: CAMPAIGN,
			endpoint: URL_,
		});
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE').map((request) => request.body)).toEqual([{ id: 217 }, { id: 218 }]);
		expect([...api.campaign.keys()]).toEqual([5]);
		expect(fake.staticData).toEqual({});
	});
});

describe('SmartLead lifecycle (user scope)', () => {
	const user = { scope: 'user', campaignId: '' };

	it('deletes the stored registration by its id', async () => {
		const api = smartlead([], [registration(55, 'tok')]);
		const fake = hook(api.platform, { token: 'tok', webhookId: 55, scope: 'user' }, user);
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.sent).toEqual([{ method: 'DELETE', path: '/webhook/delete/55' }]);
		expect(api.byId.size).toBe(0);
		expect(fake.staticData).toEqual({});
	});

	it('treats a 404 on delete as already removed', async () => {
		const api = smartlead();
		const fake = hook(api.platform, { token: 'tok', webhookId: 55, scope: 'user' }, user);
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.sent).toEqual([{ method: 'DELETE', path: '/webhook/delete/55' }]);
		expect(fake.staticData).toEqual({});
	});

	it('creates anew when the stored registration is gone (404 on get)', async () => {
		const api = smartlead();
		const fake = hook(
			api.platform,
			{ token: 'tok', webhookId: 55, scope: 'user', scopeKey: 'user' },
			user,
		);
		expect(await checkExists.call(fake.context)).toBe(false);
		expect(fake.sent).toEqual([{ method: 'GET', path: '/webhook/55' }]);
		expect(fake.staticData).toEqual({ token: 'tok' });
	});
});
