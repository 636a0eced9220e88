import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { leadterraRequest, withoutSecrets } from '../../transport';
import { webhookPath } from '../parameters';
import { eventChoices, showFor } from './properties';

/** Webhook → Update: changes a webhook's URL or events. */

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(['update']),
		options: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				default: [],
				options: eventChoices,
				description: 'The events to deliver to the URL (replaces the current list)',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				description: 'The new https address Leadterra posts events to',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const fields = this.getNodeParameter('updateFields', index, {}) as {
		url?: string;
		events?: string[];
	};
	const changes: IDataObject = {};
	if (fields.url) changes.url = fields.url.trim();
	if (fields.events && fields.events.length > 0) changes.events = fields.events;
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(this.getNode(), 'Add a URL or events to update', {
			itemIndex: index,
		});
	}
	const response = await leadterraRequest.call(this, {
		method: 'PATCH',
		path: webhookPath(this, index),
		body: changes,
	});
	return [withoutSecrets(response.body) as IDataObject];
}
