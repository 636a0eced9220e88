import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { Leadterra } from '../../../nodes/Leadterra/Leadterra.node';
import {
	executeFailing,
	executeNode,
	routedPlatform,
	type ExecuteOptions,
} from '../lib/executeContext';
import type { FakePlatform } from '../lib/hookContext';

/**
 * Every operation of the Leadterra node, run through its real `execute()` with n8n's HTTP helper
 * replaced by a recorder: the requests each operation sends, the items it outputs and pairs, that
 * signing secrets never reach an item, and the errors for bad parameters or Leadterra's refusals.
 */

const leadterra = routedPlatform;

const SECRET = 'whsec_unit_9f2c4e';
const hook = (id: string) => ({
	id,
	url: `https://crm.example.com/${id}`,
	events: ['reply.received'],
	status: 'active',
});
const NOT_FOUND = { status: 404, body: { error: { message: 'No webhook wh_gone' } } };

/** Runs the node on `items`; see executeNode. */
const run = (
	items: Array<Record<string, unknown>>,
	platform: FakePlatform,
	options: ExecuteOptions = {},
) => executeNode(new Leadterra(), items, platform, options);

/** Runs one item that must fail; returns the error and the requests sent before it. */
const failure = (item: Record<string, unknown>, platform: FakePlatform = leadterra({})) =>
	executeFailing(new Leadterra(), [item], platform);

const json = (output: INodeExecutionData[]) => output.map((item) => item.json);

describe('Leadterra node: Webhook → Create', () => {
	const createItem = {
		operation: 'create',
		url: ' https://crm.example.com/leadterra ',
		events: ['reply.received', 'message.sent'],
	};

	it('POSTs /webhooks with the URL and events, and outputs the webhook without its secret', async () => {
		const result = await run(
			[createItem],
			leadterra({
				'POST /webhooks': {
					status: 201,
					body: { webhook: { ...hook('wh_1'), secret: SECRET } },
				},
			}),
		);
		expect(result.sent).toEqual([
			{
				method: 'POST',
				path: '/webhooks',
				body: {
					url: 'https://crm.example.com/leadterra',
					events: ['reply.received', 'message.sent'],
				},
			},
		]);
		expect(result.credentialTypes).toEqual(['leadterraApi']);
		expect(result.output).toEqual([{ json: hook('wh_1'), pairedItem: { item: 0 } }]);
	});

	it.each([
		[{ url: '  ' }, 'The parameter "url" is empty'],
		[{ events: [] }, 'Choose at least one event'],
	])('refuses %p before calling Leadterra: %s', async (change, message) => {
		const { error, sent } = await failure({ ...createItem, ...change });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(sent).toEqual([]);
	});
});

describe('Leadterra node: Webhook → Get', () => {
	it('GETs /webhooks/{id}, the id escaped, and outputs the webhook without its secret', async () => {
		const result = await run(
			[
				{ operation: 'get', webhookId: 'wh_1' },
				{ operation: 'get', webhookId: ' wh/2 ' },
			],
			leadterra({
				'GET /webhooks/wh_1': {
					status: 200,
					body: { data: { ...hook('wh_1'), signingSecret: SECRET } },
				},
				'GET /webhooks/wh%2F2': { status: 200, body: hook('wh/2') },
			}),
		);
		expect(result.sent).toEqual([
			{ method: 'GET', path: '/webhooks/wh_1' },
			{ method: 'GET', path: '/webhooks/wh%2F2' },
		]);
		expect(result.output).toEqual([
			{ json: hook('wh_1'), pairedItem: { item: 0 } },
			{ json: hook('wh/2'), pairedItem: { item: 1 } },
		]);
	});

	it("fails with Leadterra's own message for an unknown id, and on an empty Webhook ID", async () => {
		const missing = await failure(
			{ operation: 'get', webhookId: 'wh_gone' },
			leadterra({ 'GET /webhooks/wh_gone': NOT_FOUND }),
		);
		expect(missing.error).toBeInstanceOf(NodeApiError);
		expect(missing.error.message).toContain(
			'Leadterra could not find the requested resource (404)',
		);
		expect(missing.error.message).toContain('No webhook wh_gone');

		const empty = await failure({ operation: 'get', webhookId: '' });
		expect(empty.error.message).toBe('The parameter "webhookId" is empty');
		expect(empty.sent).toEqual([]);
	});
});

describe('Leadterra node: Webhook → Get Many', () => {
	const many = Array.from({ length: 55 }, (_, index) => hook(`wh_${index}`));

	it('GETs /webhooks and returns Limit (50) entries, secrets stripped', async () => {
		const result = await run(
			[{ operation: 'getAll' }],
			leadterra({
				'GET /webhooks': {
					status: 200,
					body: { data: many.map((entry) => ({ ...entry, secret: SECRET })) },
				},
			}),
		);
		expect(result.sent).toEqual([{ method: 'GET', path: '/webhooks' }]);
		expect(json(result.output)).toEqual(many.slice(0, 50));
		expect(JSON.stringify(result.output)).not.toContain(SECRET);
	});

	it('returns every entry with an id with Return All, and the given Limit otherwise', async () => {
		const platform = leadterra({
			'GET /webhooks': { status: 200, body: { webhooks: [...many, { url: 'no id' }] } },
		});
		expect(json((await run([{ operation: 'getAll', returnAll: true }], platform)).output)).toEqual(
			many,
		);
		expect(json((await run([{ operation: 'getAll', limit: 3 }], platform)).output)).toEqual(
			many.slice(0, 3),
		);
	});
});

describe('Leadterra node: Webhook → Update', () => {
	it('PATCHes /webhooks/{id} with only the fields given', async () => {
		const result = await run(
			[
				{
					operation: 'update',
					webhookId: 'wh_1',
					updateFields: { url: ' https://crm.example.com/v2 ', events: ['message.sent'] },
				},
				{ operation: 'update', webhookId: 'wh_2', updateFields: { events: ['reply.received'] } },
			],
			leadterra({
				'PATCH /webhooks/wh_1': (request) => ({
					status: 200,
					body: { webhook: { ...hook('wh_1'), ...(request.body as object), secret: SECRET } },
				}),
				'PATCH /webhooks/wh_2': { status: 200, body: hook('wh_2') },
			}),
		);
		expect(result.sent).toEqual([
			{
				method: 'PATCH',
				path: '/webhooks/wh_1',
				body: { url: 'https://crm.example.com/v2', events: ['message.sent'] },
			},
			{ method: 'PATCH', path: '/webhooks/wh_2', body: { events: ['reply.received'] } },
		]);
		expect(json(result.output)).toEqual([
			{ ...hook('wh_1'), url: 'https://crm.example.com/v2', events: ['message.sent'] },
			hook('wh_2'),
		]);
	});

	it('refuses an update with nothing to change, or without a Webhook ID, before calling Leadterra', async () => {
		const nothing = await failure({
			operation: 'update',
			webhookId: 'wh_1',
			updateFields: { url: '', events: [] },
		});
		expect(nothing.error.message).toBe('Add a URL or events to update');
		const noId = await failure({ operation: 'update', updateFields: { events: ['message.sent'] } });
		expect(noId.error.message).toBe('The parameter "webhookId" is empty');
		expect([...nothing.sent, ...noId.sent]).toEqual([]);
	});
});

describe('Leadterra node: Webhook → Delete', () => {
	it('DELETEs /webhooks/{id} and outputs the id', async () => {
		const result = await run(
			[{ operation: 'delete', webhookId: ' wh_1 ' }],
			leadterra({ 'DELETE /webhooks/wh_1': { status: 204 } }),
		);
		expect(result.sent).toEqual([{ method: 'DELETE', path: '/webhooks/wh_1' }]);
		expect(json(result.output)).toEqual([{ id: 'wh_1', deleted: true }]);
	});

	it('fails when the webhook is already gone (404) rather than reporting it deleted', async () => {
		const { error } = await failure(
			{ operation: 'delete', webhookId: 'wh_gone' },
			leadterra({ 'DELETE /webhooks/wh_gone': NOT_FOUND }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Leadterra could not find the requested resource (404)');
	});
});

describe('Leadterra node: items, routing and Continue On Fail', () => {
	const platform = leadterra({
		'GET /webhooks/wh_1': { status: 200, body: hook('wh_1') },
		'GET /webhooks/wh_gone': NOT_FOUND,
	});
	const getItem = (webhookId: string) => ({ operation: 'get', webhookId });

	it('with Continue On Fail, each failing item becomes one error item paired with it', async () => {
		const result = await run([getItem('wh_gone'), getItem(''), getItem('wh_1')], platform, {
			continueOnFail: true,
		});
		expect(result.output).toHaveLength(3);
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
		expect(result.output[0].json.error).toContain('No webhook wh_gone');
		expect(result.output[1]).toEqual({
			json: { error: 'The parameter "webhookId" is empty' },
			pairedItem: { item: 1 },
		});
		expect(result.output[2]).toEqual({ json: hook('wh_1'), pairedItem: { item: 2 } });
	});

	it('without it, the first failing item stops the node with an error tied to that item', async () => {
		const { error, sent } = await executeFailing(
			new Leadterra(),
			[getItem('wh_1'), getItem(' '), getItem('wh_1')],
			platform,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The parameter "webhookId" is empty');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(sent).toHaveLength(1);
	});

	it('names an operation or resource the node does not have', async () => {
		const operation = await failure({ operation: 'archive' });
		expect(operation.error.message).toBe('The operation "archive" is not supported');
		const resource = await failure({ resource: 'lead', operation: 'getAll' });
		expect(resource.error.message).toBe('The resource "lead" is not supported');
	});
});
