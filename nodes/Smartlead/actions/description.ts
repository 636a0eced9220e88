import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { smartleadEvents } from '../events';

/** Parameters of the SmartLead node: resources Webhook and Campaign. */

const eventChoices: INodePropertyOptions[] = [...smartleadEvents]
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }))
	.sort((a, b) => a.name.localeCompare(b.name));

const webhook = { resource: ['webhook'] };
const scoped = ['create', 'delete', 'get', 'update'];
const writing = ['create', 'update'];

const campaignChoice = {
	displayName: 'Campaign Name or ID',
	name: 'campaignId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getCampaigns' },
	required: true,
	default: '',
	description:
		'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
} satisfies Partial<INodeProperties>;

export const smartleadProperties: INodeProperties[] = [
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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many campaigns',
				description: 'List the campaigns of the account',
			},
		],
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'getAll',
		displayOptions: { show: webhook },
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
	},
	{
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
	},
	{
		...campaignChoice,
		displayOptions: { show: { ...webhook, operation: scoped, scope: ['campaign'] } },
	},
	{ ...campaignChoice, displayOptions: { show: { ...webhook, operation: ['getAll'] } } },
	{
		displayName: 'Client Name or ID',
		name: 'clientId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getClients' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { ...webhook, operation: ['create'], scope: ['client'] } },
	},
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { ...webhook, operation: ['delete', 'get', 'update'] } },
	},
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
