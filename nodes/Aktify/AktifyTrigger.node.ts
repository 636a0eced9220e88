import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IHookFunctions,
	INodeCredentialTestResult,
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
import {
	credentialProblems,
	DEFAULT_EVENT_FIELDS,
	DEFAULT_TOLERANCE_SECONDS,
	readDeliveryConfig,
	type AktifyCredentialData,
} from './config';
import { processDelivery } from './delivery';
import { aktifyEvents } from './events';
import { checkExists, create, remove } from './lifecycle';
import { aktify } from './provider';

export class AktifyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aktify Trigger',
		name: 'aktifyTrigger',
		icon: { light: 'file:../../icons/aktify.svg', dark: 'file:../../icons/aktify.dark.svg' },
		group: ['trigger'],
		// The node is the same in both versions; n8n is not. For a start node at version 1 it
		// evaluates an expression per delivery (an isolate under lazy isolate acquire); above 1 it
		// skips it and leaves bodies it cannot parse unread, which runTrigger then reads. Saved
		// workflows keep version 1.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: routedSubtitle,
		description: 'Starts the workflow on verified Aktify webhook events (SMS, voice, links, leads)',
		defaults: { name: 'Aktify Trigger' },
		triggerPanel: aktify.triggerPanel,
		inputs: [],
		outputs: outputsExpression(aktify.categories, aktify.eventNames),
		// A literal name: n8n's lint rule credential-test-required looks for it next to testedBy.
		credentials: [{ name: 'aktifyApi', required: true, testedBy: 'aktifyApiTest' }],
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
					'Aktify has no API to register webhooks: copy the Production URL above into the Aktify Portal (Settings → Webhooks), with the same client secret as in the credential',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			eventsProperty(aktifyEvents, 'Aktify'),
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
					...duplicateOptions(aktify.whenDuplicateStoreUnavailable),
					{
						displayName: 'Custom Payload Event Fields',
						name: 'eventFields',
						type: 'string',
						default: DEFAULT_EVENT_FIELDS,
						description:
							'Comma-separated fields of a custom payload that name its event, tried in order (dotted paths allowed)',
					},
					{
						displayName: 'Signature Tolerance (Seconds)',
						name: 'toleranceSeconds',
						type: 'number',
						default: DEFAULT_TOLERANCE_SECONDS,
						typeOptions: { minValue: 0 },
						description:
							'Reject signed deliveries whose timestamp is further than this from now, in either direction. 0 turns the check off; a negative value counts as the default. Only v2 signatures cover the timestamp: a captured v1 delivery can be replayed with a fresh one, so prefer v2 events and turn on Suppress Duplicates.',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async aktifyApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const problems = credentialProblems((credential.data ?? {}) as AktifyCredentialData);
				return problems.length === 0
					? { status: 'OK', message: 'Credential is ready to verify Aktify deliveries' }
					: { status: 'Error', message: problems.join('. ') };
			},
		},
	};

	constructor() {
		// The Redis duplicate store (its property, credential and test) in this package; nothing
		// in the one-service editions. See duplicateStoreOffer.ts.
		offerDuplicateStores(this);
	}

	// Written out here (not shared) so n8n's lint rule webhook-lifecycle-complete can see them.
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
			provider: aktify,
			process: async (delivery, now) =>
				processDelivery(delivery, await readDeliveryConfig(this), now),
		});
	}
}
