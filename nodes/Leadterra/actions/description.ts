import type { INodeProperties } from 'n8n-workflow';

import * as webhook from './webhook/resource';

/** The Leadterra node's parameters: the resource, then its operations and parameters. */

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'webhook',
		options: [{ name: 'Webhook', value: 'webhook' }],
	},
	webhook.operationProperty,
	...webhook.properties,
];
