import {
	driftOf,
	eventTypesFor,
	planCampaignSync,
	planGenericSync,
	scopeKey,
	type DesiredWebhook,
} from '../../../nodes/Smartlead/registration';
import {
	createdId,
	createGenericWebhookRequest,
	deleteCampaignWebhookRequest,
	deleteGenericWebhookRequest,
	getGenericWebhookRequest,
	listCampaignWebhooksRequest,
	parseRemoteWebhook,
	parseWebhookList,
	saveCampaignWebhookRequest,
	updateGenericWebhookRequest,
} from '../../../nodes/Smartlead/transport';
import type { RemoteWebhook } from '../../../nodes/Smartlead/types';

const URL_BASE = 'https://n8n.example.com/webhook/0f4c/webhook';

function desired(overrides: Partial<DesiredWebhook> = {}): DesiredWebhook {
	return {
		scope: 'campaign',
		campaignId: 9181,
		name: 'n8n: Replies',
		url: `${URL_BASE}?token=tok-new`,
		events: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
		categories: ['Interested'],
		categoryIds: [],
		...overrides,
	};
}

function remote(overrides: Partial<RemoteWebhook> = {}): RemoteWebhook {
	return {
		id: 217,
		url: `${URL_BASE}?token=tok-new`,
		events: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
		categories: ['Interested'],
		categoryIds: [],
		...overrides,
	};
}

describe('which endpoint serves which scope', () => {
	it('campaign scope: list, save (create with id null, update with an id) and delete with the id in a JSON body', () => {
		expect(listCampaignWebhooksRequest(9181)).toEqual({
			method: 'GET',
			path: '/campaigns/9181/webhooks',
			allowStatuses: [404],
		});
		expect(saveCampaignWebhookRequest(desired(), null)).toEqual({
			method: 'POST',
			path: '/campaigns/9181/webhooks',
			body: {
				id: null,
				name: 'n8n: Replies',
				webhook_url: `${URL_BASE}?token=tok-new`,
				event_types: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
				categories: ['Interested'],
			},
		});
		expect(saveCampaignWebhookRequest(desired(), 217).body).toMatchObject({ id: 217 });
		expect(deleteCampaignWebhookRequest(9181, 217)).toEqual({
			method: 'DELETE',
			path: '/campaigns/9181/webhooks',
			body: { id: 217 },
			allowStatuses: [404],
		});
	});

	it('client scope: POST /webhook/create with association_type, client_id and maps of events and category ids', () => {
		const request = createGenericWebhookRequest(
			desired({ scope: 'client', campaignId: undefined, clientId: 42, categoryIds: [1, 101] }),
			'name',
		);
		expect(request).toEqual({
			method: 'POST',
			path: '/webhook/create',
			body: {
				name: 'n8n: Replies',
				webhook_url: `${URL_BASE}?token=tok-new`,
				association_type: 'client',
				client_id: 42,
				event_type_map: { EMAIL_BOUNCE: true, EMAIL_REPLY: true },
				category_id_map: { '1': true, '101': true },
			},
		});
	});

	it('user scope: no client or campaign id, and the numeric association_type on request', () => {
		const body = createGenericWebhookRequest(
			desired({ scope: 'user', campaignId: undefined }),
			'number',
		).body as Record<string, unknown>;
		expect(body.association_type).toBe(1);
		expect(body).not.toHaveProperty('client_id');
		expect(body).not.toHaveProperty('email_campaign_id');
		expect(
			(
				createGenericWebhookRequest(desired({ scope: 'client', clientId: 5 }), 'number')
					.body as Record<string, unknown>
			).association_type,
		).toBe(2);
	});

	it('generic get, update (arrays, not maps) and delete by id', () => {
		expect(getGenericWebhookRequest(456)).toEqual({
			method: 'GET',
			path: '/webhook/456',
			allowStatuses: [404],
		});
		expect(updateGenericWebhookRequest(desired({ scope: 'user', categoryIds: [3] }), 456)).toEqual({
			method: 'PUT',
			path: '/webhook/update/456',
			body: {
				name: 'n8n: Replies',
				webhook_url: `${URL_BASE}?token=tok-new`,
				event_types: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
				categories: [3],
			},
		});
		expect(deleteGenericWebhookRequest(456)).toEqual({
			method: 'DELETE',
			path: '/webhook/delete/456',
			allowStatuses: [404],
		});
	});

	it('keys a registration by scope and target', () => {
		expect(scopeKey({ scope: 'campaign', campaignId: 1 })).toBe('campaign:1');
		expect(scopeKey({ scope: 'client', clientId: 2 })).toBe('client:2');
		expect(scopeKey({ scope: 'user' })).toBe('user');
	});
});

describe('eventTypesFor', () => {
	it('expands All Events to the catalogue, without untracked replies on a campaign', () => {
		expect(eventTypesFor(['*'], 'user')).toHaveLength(11);
		expect(eventTypesFor(['*'], 'campaign')).toHaveLength(10);
		expect(eventTypesFor(['*'], 'campaign')).not.toContain('UNTRACKED_REPLIES');
		expect(eventTypesFor([], 'client')).toHaveLength(11);
	});

	it('keeps an explicit choice, sorted and without repeats', () => {
		expect(eventTypesFor(['EMAIL_REPLY', 'EMAIL_BOUNCE', 'EMAIL_REPLY'], 'campaign')).toEqual([
			'EMAIL_BOUNCE',
			'EMAIL_REPLY',
		]);
		expect(eventTypesFor(['UNTRACKED_REPLIES'], 'campaign')).toEqual(['UNTRACKED_REPLIES']);
	});
});

describe('reading SmartLead answers', () => {
	const entry = {
		id: 217,
		name: 'x',
		webhook_url: 'https://a/b',
		email_campaign_id: 9181,
		event_types: ['EMAIL_REPLY', 'EMAIL_BOUNCE'],
		categories: ['Interested'],
	};

	it('accepts a bare array, a {data} envelope and a single object', () => {
		const expected = [
			{
				id: 217,
				url: 'https://a/b',
				events: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
				categories: ['Interested'],
				categoryIds: [],
			},
		];
		expect(parseWebhookList([entry])).toEqual(expected);
		expect(parseWebhookList({ success: true, data: [entry] })).toEqual(expected);
		expect(parseWebhookList(entry)).toEqual(expected);
		expect(parseWebhookList('<html>oops</html>')).toEqual([]);
		expect(parseWebhookList([{ name: 'no id' }, null, 3])).toEqual([]);
	});

	it('reads the generic shape with maps keyed by event and category id', () => {
		const parsed = parseRemoteWebhook({
			id: '456',
			webhook_url: 'https://a/b',
			event_type_map: { EMAIL_REPLY: true, EMAIL_SENT: false },
			category_id_map: { '5': true, '1': true },
		});
		expect(parsed).toEqual({
			id: 456,
			url: 'https://a/b',
			events: ['EMAIL_REPLY'],
			categories: [],
			categoryIds: [1, 5],
		});
	});

	it('finds the id of a created webhook in the envelopes SmartLead uses, or none', () => {
		expect(createdId({ ok: true, id: 456, webhook_url: 'x' })).toBe(456);
		expect(createdId({ success: true, data: { id: '457' } })).toBe(457);
		expect(createdId({ ok: true, webhook: { id: 458 } })).toBe(458);
		expect(createdId({ ok: true })).toBeUndefined();
		expect(createdId('saved')).toBeUndefined();
	});
});

describe('drift detection and repair in place', () => {
	it('sees no drift when URL, events and categories match', () => {
		expect(driftOf(remote(), desired())).toEqual([]);
	});

	it.each([
		['url', { url: `${URL_BASE}?token=tok-old` }],
		['events', { events: ['EMAIL_REPLY'] }],
		['categories', { categories: ['Interested', 'Meeting Booked'] }],
	] as Array<[string, Partial<RemoteWebhook>]>)('notices a changed %s', (aspect, change) => {
		expect(driftOf(remote(change), desired())).toEqual([aspect]);
	});

	it('compares category ids, not names, at user and client scope', () => {
		const wanted = desired({ scope: 'user', categories: [], categoryIds: [1, 3] });
		expect(driftOf(remote({ categories: [], categoryIds: [1, 3] }), wanted)).toEqual([]);
		expect(driftOf(remote({ categories: [], categoryIds: [1] }), wanted)).toEqual(['categories']);
	});

	it('campaign: creates only when no registration of this URL exists', () => {
		expect(
			planCampaignSync(desired(), [remote({ id: 5, url: 'https://someone.else/hook' })]),
		).toEqual({ action: 'create', remove: [] });
	});

	it('campaign: keeps a matching registration', () => {
		expect(planCampaignSync(desired(), [remote()])).toEqual({
			action: 'keep',
			webhook: remote(),
			remove: [],
		});
	});

	it('campaign: repairs a drifted registration in place, whatever its token', () => {
		const stale = remote({ url: `${URL_BASE}?token=lost`, events: ['EMAIL_SENT'] });
		expect(planCampaignSync(desired(), [stale])).toEqual({
			action: 'repair',
			webhook: stale,
			drift: ['url', 'events'],
			remove: [],
		});
	});

	it('campaign: keeps the stored id among duplicates and removes the others, never touching foreign webhooks', () => {
		const list = [
			remote({ id: 1 }),
			remote({ id: 2, events: ['EMAIL_SENT'] }),
			remote({ id: 3, url: 'https://crm.example.com/x' }),
		];
		expect(planCampaignSync(desired(), list, 2)).toEqual({
			action: 'repair',
			webhook: list[1],
			drift: ['events'],
			remove: [1],
		});
		expect(planCampaignSync(desired(), list)).toEqual({
			action: 'keep',
			webhook: list[0],
			remove: [2],
		});
	});

	it('user/client: creates when the stored webhook is gone, repairs or keeps it otherwise', () => {
		const wanted = desired({ scope: 'client', clientId: 42, categories: [], categoryIds: [] });
		expect(planGenericSync(wanted, undefined)).toEqual({ action: 'create', remove: [] });
		const kept = remote({ categories: [] });
		expect(planGenericSync(wanted, kept)).toEqual({ action: 'keep', webhook: kept, remove: [] });
		const drifted = remote({ categories: [], events: ['EMAIL_OPEN'] });
		expect(planGenericSync(wanted, drifted)).toEqual({
			action: 'repair',
			webhook: drifted,
			drift: ['events'],
			remove: [],
		});
	});
});
