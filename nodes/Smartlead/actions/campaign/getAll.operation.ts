import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CAMPAIGNS_PATH, smartleadRequest, unwrap } from '../../transport';
import { limitResults } from '../output';

/** Campaign → Get Many: the account's campaigns, optionally of one client. */

export const description: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['campaign'], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Client Name or ID',
				name: 'clientId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getClients' },
				default: '',
				description:
					'Only campaigns of this client. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', index, {}) as { clientId?: string };
	const qs = filters.clientId ? { client_id: filters.clientId } : undefined;
	const response = await smartleadRequest.call(this, { method: 'GET', path: CAMPAIGNS_PATH, qs });
	const value = unwrap(response.body);
	return limitResults(this, index, Array.isArray(value) ? value : []);
}
