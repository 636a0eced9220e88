import type { INodeProperties } from 'n8n-workflow';

import * as campaign from './campaign/resource';
import * as webhook from './webhook/resource';

/** The SmartLead node's parameters: the resource, then each resource's operations and parameters. */

/** Return All and Limit, shared by the Get Many operation of both resources. */
const limitProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: { show: { operation: ['getAll'] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { operation: ['getAll'], returnAll: [false] } },
	},
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: 'webhook',
		options: [
			{ name: 'Campaign', value: 'campaign' },
			{ name: 'Webhook', value: 'webhook' },
		],
	},
	campaign.operationProperty,
	webhook.operationProperty,
	...webhook.properties,
	...limitProperties,
	...campaign.properties,
];
