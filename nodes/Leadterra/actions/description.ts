import type { INodeProperties } from 'n8n-workflow';

import { leadterraEvents } from '../events';

const showFor = (operation: string[]) => ({ show: { resource: ['webhook'], operation } });

const eventChoices = leadterraEvents
	.map((event) => ({ name: event.displayName, value: event.name, description: event.description }))
	.sort((a, b) => a.name.localeCompare(b.name));

export const webhookOperations: INodeProperties = {
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

export const webhookFields: INodeProperties[] = [
	{
		displayName: 'Webhook ID',
		name: 'webhookId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wh_01HZC7RQNP4XT2KM',
		displayOptions: showFor(['get', 'update', 'delete']),
		description: 'The ID Leadterra returned when the webhook was created',
	},
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
