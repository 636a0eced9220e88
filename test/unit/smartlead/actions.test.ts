import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { Smartlead } from '../../../nodes/Smartlead/Smartlead.node';
import {
	executeFailing,
	executeNode,
	routedPlatform,
	type ExecuteOptions,
} from '../lib/executeContext';
import type { FakeAnswer, FakePlatform, SentRequest } from '../lib/hookContext';

/**
 * Every operation of the SmartLead node, run through its real `execute()` with n8n's HTTP helper
 * replaced by a recorder: the requests each operation sends, the items it outputs and pairs, and
 * the errors it raises for bad parameters or SmartLead's refusals.
 */

const smartlead = routedPlatform;

const CATEGORIES = {
	status: 200,
	body: [
		{ id: 101, name: 'Hot Lead', sentiment_type: 'positive' },
		{ id: 1, name: 'Interested', sentiment_type: 'positive' },
		{ id: 7, name: 'Not Interested', sentiment_type: 'negative' },
	],
};
const NOT_FOUND = { status: 404, body: { message: 'Not found' } };

/** Runs the node on `items`; see executeNode. */
const run = (
	items: Array<Record<string, unknown>>,
	platform: FakePlatform,
	options: ExecuteOptions = {},
) => executeNode(new Smartlead(), items, platform, options);

/** Runs one item that must fail; returns the error and the requests sent before it. */
const failure = (item: Record<string, unknown>, platform: FakePlatform = smartlead({})) =>
	executeFailing(new Smartlead(), [item], platform);

const json = (output: INodeExecutionData[]) => output.map((item) => item.json);

describe('SmartLead node: Campaign → Get Many', () => {
	const campaigns = Array.from({ length: 60 }, (_, index) => ({
		id: index + 1,
		name: `C${index}`,
	}));
	const campaignItem = { resource: 'campaign', operation: 'getAll' };

	it('sends GET /campaigns with the SmartLead credential and returns Limit (50) campaigns', async () => {
		const result = await run(
			[campaignItem],
			smartlead({ 'GET /campaigns': { status: 200, body: campaigns } }),
		);
		expect(result.sent).toEqual([{ method: 'GET', path: '/campaigns' }]);
		expect(result.credentialTypes).toEqual(['smartleadApi']);
		expect(json(result.output).map((campaign) => campaign.id)).toEqual(
			campaigns.slice(0, 50).map((campaign) => campaign.id),
		);
	});

	it('returns every object entry with Return All, and the given Limit otherwise', async () => {
		const platform = smartlead({
			'GET /campaigns': { status: 200, body: { data: [...campaigns, 'not a campaign', null] } },
		});
		const all = await run([{ ...campaignItem, returnAll: true }], platform);
		expect(json(all.output)).toEqual(campaigns);
		const two = await run([{ ...campaignItem, limit: 2 }], platform);
		expect(json(two.output)).toEqual(campaigns.slice(0, 2));
	});

	it("passes the client filter as client_id and reads nothing from an answer that isn't a list", async () => {
		const result = await run(
			[{ ...campaignItem, returnAll: true, filters: { clientId: '42' } }],
			smartlead({ 'GET /campaigns': { status: 200, body: { ok: true } } }),
		);
		expect(result.sent).toEqual([{ method: 'GET', path: '/campaigns', qs: { client_id: '42' } }]);
		expect(result.output).toEqual([]);
	});
});

describe('SmartLead node: Webhook → Get Many', () => {
	const hooks = [
		{ id: 1, webhook_url: 'https://a.example/1' },
		{ id: 2, webhook_url: 'https://a.example/2' },
		{ id: 3, webhook_url: 'https://a.example/3' },
	];
	const item = { resource: 'webhook', operation: 'getAll', campaignId: '9181' };

	it("lists the campaign's webhooks up to the Limit", async () => {
		const result = await run(
			[{ ...item, limit: 2 }],
			smartlead({ 'GET /campaigns/9181/webhooks': { status: 200, body: hooks } }),
		);
		expect(result.sent).toEqual([{ method: 'GET', path: '/campaigns/9181/webhooks' }]);
		expect(json(result.output)).toEqual(hooks.slice(0, 2));
	});

	it('outputs the single webhook of an answer that is one object', async () => {
		const result = await run(
			[{ ...item, returnAll: true }],
			smartlead({ 'GET /campaigns/9181/webhooks': { status: 200, body: { data: hooks[2] } } }),
		);
		expect(json(result.output)).toEqual([hooks[2]]);
	});

	it('refuses a campaign ID that is not a positive whole number without calling SmartLead', async () => {
		for (const campaignId of ['abc', '0', '-3', '1.5']) {
			const { error, sent } = await failure({ ...item, campaignId });
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(`"${campaignId}" is not a SmartLead campaign ID`);
			expect(sent).toEqual([]);
		}
	});

	it('fails on an unknown campaign (404) instead of listing nothing', async () => {
		const { error } = await failure(item, smartlead({ 'GET /campaigns/9181/webhooks': NOT_FOUND }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('SmartLead could not find the requested resource (404)');
	});
});

describe('SmartLead node: Webhook → Create', () => {
	const campaignCreate = {
		resource: 'webhook',
		operation: 'create',
		scope: 'campaign',
		campaignId: '9181',
		name: 'CRM sync',
		webhookUrl: '  https://crm.example.com/hook ',
		events: ['EMAIL_REPLY', 'EMAIL_OPEN', 'EMAIL_REPLY'],
		leadCategories: ['Interested', 'Hot Lead'],
	};
	const listed = {
		status: 200,
		body: [
			{ id: 3, webhook_url: 'https://other.example/hook' },
			{ id: 11, webhook_url: 'https://crm.example.com/hook' },
			{ id: 12, webhook_url: 'https://crm.example.com/hook' },
		],
	};

	it('campaign scope: POSTs the webhook with id null, then finds it by URL in the campaign list', async () => {
		const result = await run(
			[campaignCreate],
			smartlead({
				'POST /campaigns/9181/webhooks': { status: 200, body: { ok: true } },
				'GET /campaigns/9181/webhooks': listed,
			}),
		);
		expect(result.sent).toEqual([
			{
				method: 'POST',
				path: '/campaigns/9181/webhooks',
				body: {
					id: null,
					name: 'CRM sync',
					webhook_url: 'https://crm.example.com/hook',
					event_types: ['EMAIL_OPEN', 'EMAIL_REPLY'],
					categories: ['Hot Lead', 'Interested'],
				},
			},
			{ method: 'GET', path: '/campaigns/9181/webhooks' },
		]);
		expect(result.output).toEqual([
			{
				json: {
					ok: true,
					id: 11,
					scope: 'campaign',
					campaign_id: 9181,
					name: 'CRM sync',
					webhook_url: 'https://crm.example.com/hook',
					event_types: ['EMAIL_OPEN', 'EMAIL_REPLY'],
					categories: ['Hot Lead', 'Interested'],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('campaign scope: prefers the id SmartLead answered with, else the newest webhook with the URL', async () => {
		const withId = (id: number) =>
			run(
				[campaignCreate],
				smartlead({
					'POST /campaigns/9181/webhooks': { status: 200, body: { ok: true, id } },
					'GET /campaigns/9181/webhooks': listed,
				}),
			);
		expect((await withId(12)).output[0].json.id).toBe(12);
		expect((await withId(99)).output[0].json.id).toBe(12);
	});

	it('campaign scope without a category filter sends every category SmartLead has', async () => {
		const result = await run(
			[{ ...campaignCreate, leadCategories: [] }],
			smartlead({
				'GET /leads/fetch-categories': CATEGORIES,
				'POST /campaigns/9181/webhooks': { status: 200, body: { ok: true, id: 11 } },
				'GET /campaigns/9181/webhooks': listed,
			}),
		);
		expect(result.sent[0]).toEqual({ method: 'GET', path: '/leads/fetch-categories' });
		expect((result.sent[1].body as { categories: string[] }).categories).toEqual([
			'Hot Lead',
			'Interested',
			'Not Interested',
		]);
	});

	it('campaign scope: names the campaign when SmartLead does not know it', async () => {
		const { error } = await failure(
			campaignCreate,
			smartlead({
				'POST /campaigns/9181/webhooks': { status: 200, body: { ok: true } },
				'GET /campaigns/9181/webhooks': NOT_FOUND,
			}),
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('SmartLead has no campaign with ID 9181');
	});

	it('client scope: POST /webhook/create with the client, event map and category ids', async () => {
		const result = await run(
			[
				{
					...campaignCreate,
					scope: 'client',
					clientId: '42',
					name: 'Client hook',
					events: ['EMAIL_OPEN'],
				},
			],
			smartlead({
				'GET /leads/fetch-categories': CATEGORIES,
				'POST /webhook/create': { status: 200, body: { ok: true, data: { id: 555 } } },
			}),
		);
		expect(result.sent).toEqual([
			{ method: 'GET', path: '/leads/fetch-categories' },
			{
				method: 'POST',
				path: '/webhook/create',
				body: {
					name: 'Client hook',
					webhook_url: 'https://crm.example.com/hook',
					association_type: 'client',
					event_type_map: { EMAIL_OPEN: true },
					category_id_map: { '1': true, '101': true },
					client_id: 42,
				},
			},
		]);
		expect(json(result.output)).toEqual([
			{
				id: 555,
				scope: 'client',
				client_id: 42,
				name: 'Client hook',
				webhook_url: 'https://crm.example.com/hook',
				event_types: ['EMAIL_OPEN'],
				category_ids: [1, 101],
			},
		]);
	});

	it('user scope: repeats a refused create once with the numeric association_type', async () => {
		const result = await run(
			[{ ...campaignCreate, scope: 'user', leadCategories: [] }],
			smartlead({
				'POST /webhook/create': (request) =>
					(request.body as { association_type: unknown }).association_type === 'user'
						? { status: 422, body: { message: 'association_type must be a number' } }
						: { status: 200, body: { id: 77 } },
			}),
		);
		expect(
			result.sent.map(
				(request) => (request.body as { association_type: unknown }).association_type,
			),
		).toEqual(['user', 1]);
		expect(json(result.output)).toEqual([
			expect.objectContaining({ id: 77, scope: 'user', client_id: null, category_ids: [] }),
		]);
	});

	it.each([
		[
			{ webhookUrl: 'ftp://crm.example.com/hook' },
			'Webhook URL must start with http:// or https://',
		],
		[{ webhookUrl: '' }, 'Webhook URL must start with http:// or https://'],
		[{ events: [] }, 'Choose at least one event'],
		[{ campaignId: 'Q1' }, '"Q1" is not a SmartLead campaign ID'],
		[{ scope: 'client', clientId: 'acme' }, '"acme" is not a SmartLead client ID'],
	])('refuses %p before calling SmartLead: %s', async (change, message) => {
		const { error, sent } = await failure({ ...campaignCreate, ...change });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(sent).toEqual([]);
	});

	it('names lead categories SmartLead does not have', async () => {
		const { error } = await failure(
			{ ...campaignCreate, scope: 'user', leadCategories: ['Interested', 'Warm'] },
			smartlead({ 'GET /leads/fetch-categories': CATEGORIES }),
		);
		expect(error.message).toBe('SmartLead has no lead category named "Warm"');
	});
});

describe('SmartLead node: Webhook → Get', () => {
	const getItem = { resource: 'webhook', operation: 'get', scope: 'campaign', campaignId: '9181' };

	it("campaign scope: picks the webhook from the campaign's list", async () => {
		const hook = {
			id: 11,
			webhook_url: 'https://crm.example.com/hook',
			event_types: ['EMAIL_OPEN'],
		};
		const platform = smartlead({
			'GET /campaigns/9181/webhooks': {
				status: 200,
				body: [{ id: 3, webhook_url: 'https://x.example' }, hook],
			},
		});
		const result = await run([{ ...getItem, webhookId: ' 11 ' }], platform);
		expect(result.sent).toEqual([{ method: 'GET', path: '/campaigns/9181/webhooks' }]);
		expect(json(result.output)).toEqual([hook]);

		const { error } = await failure({ ...getItem, webhookId: '12' }, platform);
		expect(error.message).toBe('Campaign 9181 has no webhook with ID 12');
	});

	it('user and client scope: GET /webhook/{id}, the id escaped, the answer unwrapped', async () => {
		const result = await run(
			[
				{ resource: 'webhook', operation: 'get', scope: 'client', webhookId: '77' },
				{ resource: 'webhook', operation: 'get', scope: 'user', webhookId: 'a/b c' },
			],
			smartlead({
				'GET /webhook/77': { status: 200, body: { data: { id: 77, name: 'Client hook' } } },
				'GET /webhook/a%2Fb%20c': { status: 200, body: 'plain text' },
			}),
		);
		expect(result.sent.map((request) => request.path)).toEqual([
			'/webhook/77',
			'/webhook/a%2Fb%20c',
		]);
		expect(result.output).toEqual([
			{ json: { id: 77, name: 'Client hook' }, pairedItem: { item: 0 } },
			{ json: { value: 'plain text' }, pairedItem: { item: 1 } },
		]);
	});

	it('fails on an unknown webhook (404) and on an empty Webhook ID', async () => {
		const missing = await failure(
			{ resource: 'webhook', operation: 'get', scope: 'user', webhookId: '999' },
			smartlead({ 'GET /webhook/999': NOT_FOUND }),
		);
		expect(missing.error).toBeInstanceOf(NodeApiError);
		expect(missing.error.message).toContain(
			'SmartLead could not find the requested resource (404)',
		);

		const unknownCampaign = await failure(
			{ ...getItem, webhookId: '11' },
			smartlead({ 'GET /campaigns/9181/webhooks': NOT_FOUND }),
		);
		expect(unknownCampaign.error).toBeInstanceOf(NodeApiError);
		expect(unknownCampaign.error.message).toContain(
			'SmartLead could not find the requested resource (404)',
		);

		const empty = await failure({ ...getItem, webhookId: '  ' });
		expect(empty.error.message).toBe('Webhook ID is empty');
		expect(empty.sent).toEqual([]);
	});
});

describe('SmartLead node: Webhook → Update', () => {
	const updateItem = {
		resource: 'webhook',
		operation: 'update',
		scope: 'campaign',
		campaignId: '9181',
		webhookId: '11',
		name: 'CRM sync',
		webhookUrl: 'https://crm.example.com/v2',
		events: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
		leadCategories: ['Interested'],
	};
	const fields = {
		name: 'CRM sync',
		webhook_url: 'https://crm.example.com/v2',
		event_types: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
	};

	it('campaign scope: POSTs the webhook with its id to the campaign endpoint', async () => {
		const result = await run(
			[updateItem],
			smartlead({ 'POST /campaigns/9181/webhooks': { status: 200, body: { ok: true } } }),
		);
		expect(result.sent).toEqual([
			{
				method: 'POST',
				path: '/campaigns/9181/webhooks',
				body: { id: 11, ...fields, categories: ['Interested'] },
			},
		]);
		expect(json(result.output)).toEqual([{ ok: true, id: 11, scope: 'campaign', ...fields }]);
	});

	it('client scope: PUT /webhook/update/{id} with category ids, no client needed', async () => {
		const result = await run(
			[{ ...updateItem, scope: 'client', webhookId: 'wh-9' }],
			smartlead({
				'GET /leads/fetch-categories': CATEGORIES,
				'PUT /webhook/update/wh-9': { status: 200, body: { data: { updated: true } } },
			}),
		);
		expect(result.sent[1]).toEqual({
			method: 'PUT',
			path: '/webhook/update/wh-9',
			body: { ...fields, categories: [1] },
		});
		expect(json(result.output)).toEqual([
			{ updated: true, id: 'wh-9', scope: 'client', ...fields },
		]);
	});

	it('refuses an empty Webhook ID and a bad URL before calling SmartLead', async () => {
		const empty = await failure({ ...updateItem, webhookId: '' });
		expect(empty.error.message).toBe('Webhook ID is empty');
		const badUrl = await failure({ ...updateItem, webhookUrl: 'crm.example.com' });
		expect(badUrl.error.message).toBe('Webhook URL must start with http:// or https://');
		expect([...empty.sent, ...badUrl.sent]).toEqual([]);
	});
});

describe('SmartLead node: Webhook → Delete', () => {
	it('campaign scope: DELETE /campaigns/{id}/webhooks with the id in the JSON body', async () => {
		const result = await run(
			[{ resource: 'webhook', operation: 'delete', campaignId: '9181', webhookId: '11' }],
			smartlead({ 'DELETE /campaigns/9181/webhooks': { status: 200, body: { ok: true } } }),
		);
		expect(result.sent).toEqual([
			{ method: 'DELETE', path: '/campaigns/9181/webhooks', body: { id: 11 } },
		]);
		expect(json(result.output)).toEqual([{ deleted: true, id: 11, scope: 'campaign' }]);
	});

	it('user scope: DELETE /webhook/delete/{id}', async () => {
		const result = await run(
			[{ resource: 'webhook', operation: 'delete', scope: 'user', webhookId: '77' }],
			smartlead({ 'DELETE /webhook/delete/77': { status: 200, body: { ok: true } } }),
		);
		expect(result.sent).toEqual([{ method: 'DELETE', path: '/webhook/delete/77' }]);
		expect(json(result.output)).toEqual([{ deleted: true, id: 77, scope: 'user' }]);
	});

	it('fails when the webhook is already gone (404) rather than reporting it deleted', async () => {
		const { error } = await failure(
			{ resource: 'webhook', operation: 'delete', scope: 'client', webhookId: '77' },
			smartlead({ 'DELETE /webhook/delete/77': NOT_FOUND }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('SmartLead could not find the requested resource (404)');
	});

	it('campaign scope: refuses a bad campaign ID before calling SmartLead', async () => {
		const { error, sent } = await failure({
			resource: 'webhook',
			operation: 'delete',
			campaignId: 'none',
			webhookId: '11',
		});
		expect(error.message).toBe('"none" is not a SmartLead campaign ID');
		expect(sent).toEqual([]);
	});
});

describe('SmartLead node: items, routing and Continue On Fail', () => {
	const listFor = (request: SentRequest): FakeAnswer => {
		const id = Number(/^\/campaigns\/(\d+)\/webhooks$/.exec(request.path)?.[1]);
		return { status: 200, body: [{ id: id * 10 }, { id: id * 10 + 1 }] };
	};
	const platform = smartlead({
		'GET /campaigns/1/webhooks': listFor,
		'GET /campaigns/2/webhooks': listFor,
		'GET /campaigns/3/webhooks': NOT_FOUND,
	});
	const listItem = (campaignId: string) => ({
		resource: 'webhook',
		operation: 'getAll',
		campaignId,
	});

	it('runs each item with its own parameters and pairs every output item with its input item', async () => {
		const result = await run([listItem('1'), listItem('2')], platform);
		expect(result.sent.map((request) => request.path)).toEqual([
			'/campaigns/1/webhooks',
			'/campaigns/2/webhooks',
		]);
		expect(result.output).toEqual([
			{ json: { id: 10 }, pairedItem: { item: 0 } },
			{ json: { id: 11 }, pairedItem: { item: 0 } },
			{ json: { id: 20 }, pairedItem: { item: 1 } },
			{ json: { id: 21 }, pairedItem: { item: 1 } },
		]);
	});

	it('with Continue On Fail, a failing item becomes one error item and the others still run', async () => {
		const result = await run([listItem('x'), listItem('3'), listItem('2')], platform, {
			continueOnFail: true,
		});
		expect(result.output).toHaveLength(4);
		expect(result.output[0]).toEqual({
			json: { error: '"x" is not a SmartLead campaign ID' },
			pairedItem: { item: 0 },
		});
		expect(result.output[1].pairedItem).toEqual({ item: 1 });
		expect(result.output[1].json.error).toContain(
			'SmartLead could not find the requested resource (404)',
		);
		expect(json(result.output.slice(2))).toEqual([{ id: 20 }, { id: 21 }]);
	});

	it('without it, the first failing item stops the node with an error tied to that item', async () => {
		const { error, sent } = await executeFailing(
			new Smartlead(),
			[listItem('1'), listItem('x'), listItem('2')],
			platform,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('"x" is not a SmartLead campaign ID');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(sent.map((request) => request.path)).toEqual(['/campaigns/1/webhooks']);
	});

	it('turns an error that is not an n8n error into one tied to its item', async () => {
		const credentials = () => {
			throw new Error('credential store unavailable');
		};
		const failed = await run([listItem('1')], platform, { continueOnFail: true, credentials });
		expect(json(failed.output)).toEqual([{ error: 'credential store unavailable' }]);

		// The second item's credential read fails: the error must name item 1, not item 0.
		let reads = 0;
		const { error } = await executeFailing(
			new Smartlead(),
			[listItem('1'), listItem('2')],
			platform,
			{ credentials: () => (++reads === 1 ? { apiKey: 'test-api-key' } : credentials()) },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('credential store unavailable');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('names an operation or resource the node does not have', async () => {
		const operation = await failure({ resource: 'campaign', operation: 'delete' });
		expect(operation.error.message).toBe('The operation "delete" is not supported');
		const resource = await failure({ resource: 'lead', operation: 'getAll' });
		expect(resource.error.message).toBe('The resource "lead" is not supported');
	});

	it('keeps the API key out of errors even when SmartLead echoes it', async () => {
		const { error } = await failure(
			listItem('1'),
			smartlead({
				'GET /campaigns/1/webhooks': {
					status: 400,
					body: { message: 'invalid request for api_key=test-api-key' },
				},
			}),
		);
		expect(error.message).toContain('SmartLead refused the request (400)');
		expect(
			JSON.stringify({ message: error.message, description: (error as NodeApiError).description }),
		).not.toContain('test-api-key');
	});
});
