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
	routedSubtitle,
} from '../shared/descriptions/properties';
import { offerDuplicateStores } from '../shared/duplicates/storeOffer';
import { outputsExpression } from '../shared/pipeline/routing';
import { runTrigger } from '../shared/pipeline/runTrigger';
import { readDeliveryConfig } from './config';
import { processDelivery } from './delivery';
import { activeCampaignEvents } from './events';
import { checkExists, create, remove } from './lifecycle';
import { ALL_SOURCES } from './registration';
import { ACTIVECAMPAIGN_CREDENTIAL } from './types';
import { activeCampaign } from './provider';

export class ActiveCampaignEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ActiveCampaign Events Trigger',
		name: 'activeCampaignEventsTrigger',
		icon: {
			light: 'file:../../icons/activecampaign.svg',
			dark: 'file:../../icons/activecampaign.dark.svg',
		},
		group: ['trigger'],
		// The node is the same in both versions; n8n is not. For a start node at version 1 it
		// evaluates an expression per delivery (an isolate under lazy isolate acquire); above 1 it
		// skips it and leaves bodies it cannot parse unread, which runTrigger then reads. Saved
		// workflows keep version 1.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: routedSubtitle,
		description:
			'Starts the workflow on ActiveCampaign webhook events, parsed into nested, typed items',
		defaults: { name: 'ActiveCampaign Events Trigger' },
		triggerPanel: activeCampaign.triggerPanel,
		inputs: [],
		outputs: outputsExpression(activeCampaign.categories, activeCampaign.eventNames),
		credentials: [{ name: ACTIVECAMPAIGN_CREDENTIAL, required: true }],
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
				displayName:
					'Publishing registers a webhook in ActiveCampaign and unpublishing removes it. ActiveCampaign only delivers to HTTPS on port 443 (or plain HTTP).',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(activeCampaignEvents, 'ActiveCampaign'),
			{
				displayName: 'Sources',
				name: 'sources',
				type: 'multiOptions',
				default: [...ALL_SOURCES],
				description:
					'Who must have caused an event for ActiveCampaign to send it. None chosen means all four.',
				options: [
					{ name: 'Admin', value: 'admin', description: 'A user in the ActiveCampaign app' },
					{ name: 'API', value: 'api', description: 'An API call (including n8n workflows)' },
					{
						name: 'Public',
						value: 'public',
						description: 'The contact (form, open, click, unsubscribe)',
					},
					{ name: 'System', value: 'system', description: 'Automations and system processes' },
				],
			},
			{
				displayName: 'Ignore Changes Made Through the API',
				name: 'ignoreApiChanges',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out the API source, so that updates this workflow (or any API client) makes in ActiveCampaign do not trigger it again',
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
					...duplicateOptions(activeCampaign.whenDuplicateStoreUnavailable),
					{
						displayName: 'List ID',
						name: 'listId',
						type: 'string',
						default: '',
						description:
							'Only receive list-scoped events (subscribe, unsubscribe, campaign events…) of this list. Empty means all lists.',
					},
				],
			},
		],
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
			provider: activeCampaign,
			process: (delivery, now) => processDelivery(delivery, readDeliveryConfig(this), now),
		});
	}
}
