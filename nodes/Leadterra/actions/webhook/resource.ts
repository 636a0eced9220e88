import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../../shared/actions/runOperations';
import * as create from './create.operation';
import * as deleteWebhook from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import { webhookId } from './properties';
import * as update from './update.operation';

/** The Webhook resource: its Operation parameter, its other parameters and what each operation runs. */

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['webhook'] } },
	default: 'getAll',
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Create a webhook',
			description: 'Register a URL for Leadterra events',
		},
		{
			name: 'Delete',
			value: 'delete',
			action: 'Delete a webhook',
			description: 'Remove a webhook registration',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get a webhook',
			description: 'Retrieve one webhook registration',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many webhooks',
			description: 'List the workspace webhook registrations',
		},
		{
			name: 'Update',
			value: 'update',
			action: 'Update a webhook',
			description: "Change a webhook's URL or events",
		},
	],
};

/** In the order the editor shows them: which webhook, then what each operation writes or reads. */
export const properties: INodeProperties[] = [
	webhookId,
	...create.description,
	...deleteWebhook.description,
	...get.description,
	...update.description,
	...getAll.description,
];

export const operations = new Map<string, ItemRun>([
	['create', create.execute],
	['delete', deleteWebhook.execute],
	['get', get.execute],
	['getAll', getAll.execute],
	['update', update.execute],
]);
