import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { credentialCacheOption } from '../shared/credentials/cacheOption';
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
import { processDelivery } from './delivery';
import { leadterraEvents } from './events';
import { readDeliveryConfig } from './config';
import { checkExists, create, remove } from './lifecycle';
import { LEADTERRA_CREDENTIAL } from './types';
import { leadterra } from './provider';

export class LeadterraTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Leadterra Trigger',
		name: 'leadterraTrigger',
		icon: { light: 'file:../../icons/leadterra.svg', dark: 'file:../../icons/leadterra.dark.svg' },
		group: ['trigger'],
		// The node is the same in both versions; n8n is not. For a start node at version 1 it
		// evaluates an expression per delivery (an isolate under lazy isolate acquire); above 1 it
		// skips it and leaves bodies it cannot parse unread, which runTrigger then reads. Saved
		// workflows keep version 1.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: routedSubtitle,
		description:
			'Starts the workflow on verified Leadterra webhook events (campaigns, messages, replies)',
		defaults: { name: 'Leadterra Trigger' },
		triggerPanel: leadterra.triggerPanel,
		inputs: [],
		outputs: outputsExpression(leadterra.categories, leadterra.eventNames),
		credentials: [{ name: LEADTERRA_CREDENTIAL, required: true }],
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
					'Publishing the workflow registers this trigger at Leadterra, and unpublishing removes the registration. Leadterra only accepts https URLs.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(leadterraEvents, 'Leadterra'),
			routeByProperty,
			...reportRejectionsProperties,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					credentialCacheOption,
					...duplicateOptions(leadterra.whenDuplicateStoreUnavailable),
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
			provider: leadterra,
			process: async (delivery, now) =>
				processDelivery(delivery, await readDeliveryConfig(this), now),
		});
	}
}
