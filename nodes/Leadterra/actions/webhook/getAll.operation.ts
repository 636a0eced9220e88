import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { leadterraRequest, stripSecrets, webhookEntries } from '../../transport';
import { limitResults } from '../output';
import { showFor } from './properties';

/** Webhook → Get Many: the workspace's webhook registrations. */

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: showFor(['getAll']),
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { resource: ['webhook'], operation: ['getAll'], returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const response = await leadterraRequest.call(this, { method: 'GET', path: '/webhooks' });
	const all = webhookEntries(response.body).map((entry) => stripSecrets(entry) as IDataObject);
	return limitResults(this, index, all);
}
