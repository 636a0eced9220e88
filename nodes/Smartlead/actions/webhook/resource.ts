import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../../shared/actions/runOperations';
import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import { scope, scopedCampaign, webhookId, webhookSettings } from './properties';
import * as update from './update.operation';

/** The Webhook resource: its Operation parameter, its other parameters and what each operation runs. */

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'getAll',
	displayOptions: { show: { resource: ['webhook'] } },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a webhook',
			description: 'Register a webhook at user, client or campaign level',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a webhook',
			description: 'Remove a webhook',
		},
		{ name: 'Get', value: 'get', action: 'Get a webhook', description: 'Read one webhook by ID' },
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many webhooks',
			description: "List a campaign's webhooks (SmartLead cannot list user or client webhooks)",
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a webhook',
			description: 'Change the URL, events or category filter of a webhook',
		},
	],
};

/** In the order the editor shows them: where the webhook is, which one, then what it is. */
export const properties: INodeProperties[] = [
	scope,
	scopedCampaign,
	...getAll.description,
	...create.description,
	...deleteWebhook.description,
	...get.description,
	...update.description,
	webhookId,
	...webhookSettings,
];

export const operations = new Map<string, ItemRun>([
	['create', create.execute],
	['delete', deleteWebhook.execute],
	['get', get.execute],
	['getAll', getAll.execute],
	['update', update.execute],
]);
