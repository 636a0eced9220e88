import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import {
	duplicateOptions,
	eventsProperty,
	reportRejectionsProperties,
	routeByProperty,
} from '../shared/descriptions/properties';
import { offerDuplicateStores } from '../shared/duplicates/storeOffer';
import { outputsExpression } from '../shared/pipeline/routing';
import { runTrigger } from '../shared/pipeline/runTrigger';
import { processDelivery } from './delivery';
import { smartleadEvents } from './events';
import { getCampaigns, getClients, getLeadCategories } from './methods/loadOptions';
import { SMARTLEAD_CREDENTIAL } from './types';
import { readDeliveryConfig } from './config';
import { checkExists, create, remove } from './lifecycle';
import { smartlead } from './provider';

export class SmartleadTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SmartLead Trigger',
		name: 'smartleadTrigger',
		icon: { light: 'file:../../icons/smartlead.svg', dark: 'file:../../icons/smartlead.dark.svg' },
		group: ['trigger'],
		// The node is the same in both versions; n8n is not. For a start node at version 1 it
		// evaluates an expression per delivery (an isolate under lazy isolate acquire); above 1 it
		// skips it and leaves bodies it cannot parse unread, which runTrigger then reads. Saved
		// workflows keep version 1.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["scope"] + " webhook" }}',
		description:
			'Starts the workflow on SmartLead email events; registers its own webhook at user, client or campaign level',
		defaults: { name: 'SmartLead Trigger' },
		triggerPanel: smartlead.triggerPanel,
		inputs: [],
		outputs: outputsExpression(smartlead.categories, smartlead.eventNames),
		credentials: [{ name: SMARTLEAD_CREDENTIAL, required: true }],
		// Written out in each node (not shared) so n8n's lint rule webhook-lifecycle-complete can see it.
		// Answered as soon as a delivery is accepted; empty responseData makes n8n send runTrigger's answer.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Scope',
				name: 'scope',
				type: 'options',
				default: 'campaign',
				description: 'Which SmartLead events reach this trigger',
				options: [
					{
						name: 'Campaign',
						value: 'campaign',
						description: 'Events of one campaign (the safest choice)',
					},
					{
						name: 'Client',
						value: 'client',
						description: 'Events of every campaign of one client (agency sub-account)',
					},
					{ name: 'User', value: 'user', description: 'Events of every campaign of the account' },
				],
			},
			{
				displayName:
					'SmartLead gives a user-level webhook priority over client- and campaign-level ones for the same event, so it can silently take events away from other integrations (or be starved by them). User and client webhooks use endpoints only the newer SmartLead docs describe.',
				name: 'scopeNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { scope: ['user', 'client'] } },
			},
			{
				displayName: 'Campaign Name or ID',
				name: 'campaignId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getCampaigns' },
				required: true,
				default: '',
				description:
					'The campaign whose events start the workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { scope: ['campaign'] } },
			},
			{
				displayName: 'Client Name or ID',
				name: 'clientId',
				type: 'options',
				typeOptions: { loadOptionsMethod: 'getClients' },
				required: true,
				default: '',
				description:
					'The client (agency sub-account) whose events start the workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { scope: ['client'] } },
			},
			eventsProperty(smartleadEvents, 'SmartLead'),
			{
				displayName: 'Lead Category Filter Names or IDs',
				name: 'leadCategories',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getLeadCategories' },
				default: [],
				description:
					'SmartLead sends Lead Category Updated events only for these categories. Empty means every category. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			routeByProperty,
			...reportRejectionsProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...duplicateOptions(smartlead.whenDuplicateStoreUnavailable),
					{
						displayName: 'Required Secret Key',
						name: 'secretKey',
						type: 'string',
						typeOptions: { password: true },
						default: '',
						description:
							'When set, deliveries must carry this value in their secret_key field (shown in any SmartLead webhook payload); others are answered 401',
					},
					{
						displayName: 'Webhook Name',
						name: 'webhookName',
						type: 'string',
						default: '',
						placeholder: 'n8n: My workflow',
						description:
							'Name of the webhook in SmartLead. Defaults to "n8n: " and the workflow name.',
					},
				],
			},
		],
	};

	methods = {
		loadOptions: { getCampaigns, getClients, getLeadCategories },
	};

	constructor() {
		// The Redis duplicate store (its property, credential and test) in this package; nothing
		// in the one-service editions. See duplicateStoreOffer.ts.
		offerDuplicateStores(this);
	}

	// Wrappers rather than `{ checkExists, create, delete: remove }`: the community rule
	// webhook-lifecycle-complete only counts function expressions as lifecycle methods.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runTrigger(this, {
			provider: smartlead,
			process: (delivery, now) => processDelivery(delivery, readDeliveryConfig(this), now),
		});
	}
}
