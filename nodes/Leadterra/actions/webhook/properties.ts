import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { leadterraEvents } from '../../events';

/** Parameters that several operations of the Webhook resource show. */

export const showFor = (operation: string[]) => ({ show: { resource: ['webhook'], operation } });

export const eventChoices: INodePropertyOptions[] = leadterraEvents
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const webhookId: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'wh_01HZC7RQNP4XT2KM',
	displayOptions: showFor(['get', 'update', 'delete']),
	description: 'The ID Leadterra returned when the webhook was created',
};
