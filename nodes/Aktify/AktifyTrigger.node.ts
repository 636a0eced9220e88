import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { distinctEventNames } from '../shared/catalogue';
import { credentialCacheOption } from '../shared/credentialCacheOption';
import {
	duplicateOptions,
	duplicateStoreProperty,
	eventsProperty,
	routeByProperty,
	routedSubtitle,
} from '../shared/descriptions';
import { leadEventsRedisApiTest } from '../shared/duplicateCheck';
import type { WhenStoreUnavailable } from '../shared/duplicateStore';
import { outputsExpression } from '../shared/routing';
import { runTrigger } from '../shared/triggerRuntime';
import { aktifyTriggerPanel } from '../shared/triggerPanel';
import {
	credentialProblems,
	DEFAULT_EVENT_FIELDS,
	DEFAULT_TOLERANCE_SECONDS,
	readDeliveryConfig,
	type AktifyCredentialData,
} from './config';
import { processAktifyDelivery } from './delivery';
import { AKTIFY_CATEGORIES, aktifyEvents } from './events';

/**
 * Aktify marks a webhook "broken" after 5 failed attempts and then sends nothing until someone
 * re-saves it in the Portal, so answering 503 during a Redis outage could switch off every later
 * event: an unreachable duplicate store delivers instead.
 */
const WHEN_DUPLICATE_STORE_UNAVAILABLE: WhenStoreUnavailable = 'deliver';

export class AktifyTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aktify Trigger',
		name: 'aktifyTrigger',
		icon: { light: 'file:../../icons/aktify.svg', dark: 'file:../../icons/aktify.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: routedSubtitle,
		description: 'Starts the workflow on verified Aktify webhook events (SMS, voice, links, leads)',
		defaults: { name: 'Aktify Trigger' },
		triggerPanel: aktifyTriggerPanel,
		inputs: [],
		outputs: outputsExpression(AKTIFY_CATEGORIES, distinctEventNames(aktifyEvents)),
		// A literal name: n8n's lint rule credential-test-required looks for it next to testedBy.
		credentials: [
			{ name: 'aktifyApi', required: true, testedBy: 'aktifyApiTest' },
			{
				name: 'leadEventsRedisApi',
				required: true,
				displayOptions: { show: { duplicateStore: ['redis'] } },
				testedBy: 'leadEventsRedisApiTest',
			},
		],
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
			duplicateStoreProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					credentialCacheOption,
					...duplicateOptions(WHEN_DUPLICATE_STORE_UNAVAILABLE),
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
			leadEventsRedisApiTest,
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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await runTrigger(this, {
			categories: AKTIFY_CATEGORIES,
			allEvents: distinctEventNames(aktifyEvents),
			whenDuplicateStoreUnavailable: WHEN_DUPLICATE_STORE_UNAVAILABLE,
			process: async (delivery, now) =>
				processAktifyDelivery(delivery, await readDeliveryConfig(this), now),
		});
	}
}
