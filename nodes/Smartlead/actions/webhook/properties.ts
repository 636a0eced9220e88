import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { smartleadEvents } from '../../events';

/** Parameters that several operations of the Webhook resource show. */

const eventChoices: INodePropertyOptions[] = [...smartleadEvents]
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }))
	.sort((a, b) => a.name.localeCompare(b.name));

const webhook = { resource: ['webhook'] };
/** The operations that act on one webhook at a chosen scope. */
const scoped = ['create', 'delete', 'get', 'update'];
const writing = ['create', 'update'];

/** The campaign dropdown; each use adds its own displayOptions. */
export const campaignChoice = {
	displayName: 'Campaign Name or ID',
	name: 'campaignId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
} satisfies Partial<INodeProperties>;

export const scope: INodeProperties = {
	displayName: 'Scope',
	name: 'scope',
	type: 'options',
	default: 'campaign',
	displayOptions: { show: { ...webhook, operation: scoped } },
	options: [
		{ name: 'Campaign', value: 'campaign', description: 'A webhook of one campaign' },
		{
			name: 'Client',
			value: 'client',
			description: 'A webhook for every campaign of one client',
		},
		{ name: 'User', value: 'user', description: 'A webhook for every campaign of the account' },
	],
};

export const scopedCampaign: INodeProperties = {
	...campaignChoice,
	displayOptions: { show: { ...webhook, operation: scoped, scope: ['campaign'] } },
};

export const webhookId: INodeProperties = {
	displayName: 'Webhook ID',
	name: 'webhookId',
	type: 'string',
	required: true,
	default: '',
	displayOptions: { show: { ...webhook, operation: ['delete', 'get', 'update'] } },
};

/** What Create and Update write: name, URL, events and the lead category filter. */
export const webhookSettings: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'CRM sync',
		description: 'Name of the webhook in SmartLead',
		displayOptions: { show: { ...webhook, operation: writing } },
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/smartlead',
		description: 'Where SmartLead sends the events',
		displayOptions: { show: { ...webhook, operation: writing } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: eventChoices,
		displayOptions: { show: { ...webhook, operation: writing } },
	},
	{
		displayName: 'Lead Category Filter Names or IDs',
		name: 'leadCategories',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getLeadCategories' },
		default: [],
		description:
			'Lead Category Updated events are sent only for these categories; empty means every category. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { ...webhook, operation: writing } },
	},
];
