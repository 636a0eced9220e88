import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { createWebhook, withoutSecrets } from '../../transport';
import { requiredText } from '../parameters';
import { eventChoices, showFor } from './properties';

/** Webhook → Create: registers a URL for Leadterra events. */

export const description: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/webhooks/leadterra',
		displayOptions: showFor(['create']),
		description: 'The https address Leadterra posts events to',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: eventChoices,
		displayOptions: showFor(['create']),
		description: 'The events to deliver to the URL',
	},
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const url = requiredText(this, 'url', index);
	const events = this.getNodeParameter('events', index, []) as string[];
	if (events.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event', {
			itemIndex: index,
		});
	}
	const response = await createWebhook.call(this, url, events);
	// The answer carries the new webhook's signing secret; output items never do.
	return [withoutSecrets(response.body) as IDataObject];
}
