import type { IDataObject } from 'n8n-workflow';

import { checkExists, create, remove } from '../../../nodes/ActiveCampaign/lifecycle';
import { ACTIVECAMPAIGN_EVENT_NAMES } from '../../../nodes/ActiveCampaign/events';
import { fakeHookContext, type FakePlatform } from '../lib/hookContext';

const URL_ = 'https://n8n.example.com/webhook/6f1c/webhook';
const TOKEN = 'T'.repeat(32);
const SOURCES = ['public', 'admin', 'api', 'system'];

interface Hook {
	id: string;
	name: string;
	url: string;
	events: string[];
	sources: string[];
	listid: string;
}

/** ActiveCampaign's /api/3/webhooks over an in-memory list; ids are strings, as AC sends them. */
function activeCampaign(initial: Hook[] = []) {
	const hooks = new Map(initial.map((hook) => [hook.id, { ...hook }]));
	const state = { loseNextCreate: false, failList: false, next: 40 };
	const platform: FakePlatform = ({ method, path, body }) => {
		if (method === 'GET' && path === '/api/3/webhooks') {
			if (state.failList) return { status: 500, body: { message: 'list unavailable' } };
			return {
				status: 200,
				body: { webhooks: [...hooks.values()], meta: { total: String(hooks.size) } },
			};
		}
		if (method === 'POST' && path === '/api/3/webhooks') {
			const spec = (body as { webhook: Omit<Hook, 'id' | 'listid'> }).webhook;
			const hook = { ...spec, id: String(state.next++), listid: '0' };
			hooks.set(hook.id, hook);
			if (state.loseNextCreate) {
				state.loseNextCreate = false;
				throw new Error('socket hang up');
			}
			return { status: 201, body: { webhook: hook } };
		}
		if (method === 'DELETE') {
			const id = decodeURIComponent(path.split('/').pop() ?? '');
			return hooks.delete(id)
				? { status: 200, body: {} }
				: { status: 404, body: { message: 'No Result found' } };
		}
		throw new Error(`unexpected ${method} ${path}`);
	};
	return { hooks, platform, state };
}

function hook(platform: FakePlatform, staticData: IDataObject = {}, parameters = {}) {
	return fakeHookContext({
		platform,
		staticData,
		webhookUrl: URL_,
		parameters: { events: ['*'], sources: SOURCES, ignoreApiChanges: false, ...parameters },
		credentials: { apiUrl: 'https://acct.api-us1.com', apiKey: 'ac_key' },
	});
}

const registered = (id: string, token: string): Hook => ({
	id,
	name: `n8n-lead-events:${URL_}`,
	url: `${URL_}?token=${token}`,
	events: [...ACTIVECAMPAIGN_EVENT_NAMES],
	sources: SOURCES,
	listid: '0',
});

describe('ActiveCampaign lifecycle', () => {
	it('keeps the stored registration when it matches and removes other registrations of this URL', async () => {
		const api = activeCampaign([registered('1', TOKEN), registered('2', 'O'.repeat(32))]);
		const fake = hook(api.platform, { webhookId: '1', token: TOKEN });
		expect(await checkExists.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/api/3/webhooks/2' }]);
		expect([...api.hooks.keys()]).toEqual(['1']);
		expect(fake.staticData).toEqual({ webhookId: '1', token: TOKEN });
	});

	it('does not adopt a registration whose token it lost: create replaces it with one of a new token', async () => {
		const api = activeCampaign([registered('1', 'L'.repeat(32))]);
		const fake = hook(api.platform);
		expect(await checkExists.call(fake.context)).toBe(false);
		expect(await create.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/api/3/webhooks/1' }]);
		const token = fake.staticData.token as string;
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect([...api.hooks.values()].map((entry) => entry.url)).toEqual([`${URL_}?token=${token}`]);
		expect(fake.staticData).toEqual({ webhookId: '40', token });
	});

	it('replaces a registration whose settings drifted (no repair in place: the token changes)', async () => {
		const api = activeCampaign([registered('1', TOKEN)]);
		const fake = hook(api.platform, { webhookId: '1', token: TOKEN }, { ignoreApiChanges: true });
		expect(await checkExists.call(fake.context)).toBe(false);
		expect(fake.staticData).toEqual({ token: TOKEN });
		expect(await create.call(fake.context)).toBe(true);
		expect([...api.hooks.keys()]).toEqual(['40']);
		expect(api.hooks.get('40')?.sources).toEqual(['public', 'admin', 'system']);
	});

	it('after a create whose response was lost, the next create removes the orphan and registers once', async () => {
		const api = activeCampaign();
		api.state.loseNextCreate = true;
		const first = hook(api.platform);
		await expect(create.call(first.context)).rejects.toThrow('Could not reach ActiveCampaign');
		expect(first.staticData).toEqual({});
		expect([...api.hooks.keys()]).toEqual(['40']);

		const second = hook(api.platform, first.staticData);
		expect(await checkExists.call(second.context)).toBe(false);
		expect(await create.call(second.context)).toBe(true);
		expect(second.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/api/3/webhooks/40' }]);
		expect([...api.hooks.keys()]).toEqual(['41']);
	});

	it('deletes the stored id and every registration of this URL, leaving other URLs alone', async () => {
		const foreign = { ...registered('9', TOKEN), url: 'https://crm.example.com/ac' };
		const api = activeCampaign([registered('1', TOKEN), registered('2', 'O'.repeat(32)), foreign]);
		const fake = hook(api.platform, { webhookId: '1', token: TOKEN });
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE').map((request) => request.path)).toEqual([
			'/api/3/webhooks/1',
			'/api/3/webhooks/2',
		]);
		expect([...api.hooks.keys()]).toEqual(['9']);
		expect(fake.staticData).toEqual({});
	});

	it('still deletes the stored id when listing fails', async () => {
		const api = activeCampaign([registered('1', TOKEN)]);
		api.state.failList = true;
		const fake = hook(api.platform, { webhookId: '1', token: TOKEN });
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/api/3/webhooks/1' }]);
		expect(api.hooks.size).toBe(0);
	});

	it('treats a 404 on delete as already removed', async () => {
		const api = activeCampaign();
		const fake = hook(api.platform, { webhookId: '7', token: TOKEN });
		expect(await remove.call(fake.context)).toBe(true);
		expect(fake.calls('DELETE')).toEqual([{ method: 'DELETE', path: '/api/3/webhooks/7' }]);
		expect(fake.staticData).toEqual({});
	});
});
