import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { randomToken } from '../shared/crypto';
import {
	duplicateOptions,
	eventsProperty,
	routeByProperty,
	routedSubtitle,
} from '../shared/descriptions';
import { outputsExpression } from '../shared/routing';
import { runTrigger } from '../shared/triggerRuntime';
import { processActiveCampaignDelivery } from './delivery';
import {
	ACTIVECAMPAIGN_CATEGORIES,
	ACTIVECAMPAIGN_EVENT_NAMES,
	activeCampaignEvents,
} from './events';
import {
	ALL_SOURCES,
	desiredWebhook,
	idsToDelete,
	planRegistration,
	webhookUrlProblem,
	type RegistrationSettings,
	type RemoteWebhook,
} from './registration';
import { ACTIVECAMPAIGN_CREDENTIAL, createWebhook, deleteWebhook, listWebhooks } from './transport';

/** What the hook methods keep in the node's static data (saved by n8n when written in hooks). */
interface RegistrationState {
	webhookId?: string;
	token?: string;
}

function state(context: IHookFunctions | IWebhookFunctions): RegistrationState & IDataObject {
	return context.getWorkflowStaticData('node') as RegistrationState & IDataObject;
}

function settings(context: IHookFunctions): RegistrationSettings {
	const events = context.getNodeParameter('events', []) as string[] | string;
	const options = context.getNodeParameter('options', {}) as { listId?: string };
	return {
		events: Array.isArray(events) ? events : [events],
		sources: context.getNodeParameter('sources', [...ALL_SOURCES]) as string[],
		ignoreApiChanges: context.getNodeParameter('ignoreApiChanges', false) as boolean,
		listId: options.listId,
	};
}

function webhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(
			context.getNode(),
			'n8n did not provide a webhook URL for this trigger',
		);
	return url;
}

async function removeAll(context: IHookFunctions, hooks: RemoteWebhook[]): Promise<void> {
	for (const hook of hooks) await deleteWebhook.call(context, String(hook.id));
}

export class ActiveCampaignEventsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ActiveCampaign Events Trigger',
		name: 'activeCampaignEventsTrigger',
		icon: {
			light: 'file:../../icons/activecampaign.svg',
			dark: 'file:../../icons/activecampaign.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: routedSubtitle,
		description:
			'Starts the workflow on ActiveCampaign webhook events, parsed into nested, typed items',
		defaults: { name: 'ActiveCampaign Events Trigger' },
		inputs: [],
		outputs: outputsExpression(ACTIVECAMPAIGN_CATEGORIES, ACTIVECAMPAIGN_EVENT_NAMES),
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
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					...duplicateOptions,
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

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const stored = state(this);
				const url = webhookUrl(this);
				// A listing error is thrown, never read as "missing": creating blindly makes duplicates.
				const hooks = await listWebhooks.call(this);
				const desired = stored.token
					? desiredWebhook(url, stored.token, settings(this), ACTIVECAMPAIGN_EVENT_NAMES)
					: undefined;
				const plan = planRegistration({
					hooks,
					webhookUrl: url,
					storedId: stored.webhookId,
					desired,
				});
				if (plan.keep) {
					await removeAll(this, plan.remove);
					return true;
				}
				// create() removes the leftovers (including a drifted registration) before registering.
				delete stored.webhookId;
				return false;
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const stored = state(this);
				const url = webhookUrl(this);
				const problem = webhookUrlProblem(url);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				const hooks = await listWebhooks.call(this);
				await removeAll(this, planRegistration({ hooks, webhookUrl: url }).remove);
				const token = randomToken();
				const created = await createWebhook.call(
					this,
					desiredWebhook(url, token, settings(this), ACTIVECAMPAIGN_EVENT_NAMES),
				);
				stored.webhookId = created.id;
				stored.token = token;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const stored = state(this);
				const url = webhookUrl(this);
				let hooks: RemoteWebhook[] | undefined;
				try {
					hooks = await listWebhooks.call(this);
				} catch (error) {
					// Still delete the stored registration; leftovers are found again on the next publish.
					this.logger.warn(
						`Could not list ActiveCampaign webhooks while unpublishing: ${(error as Error).message}`,
					);
				}
				// Throws on anything but success or 404, so that n8n tries again.
				for (const id of idsToDelete(hooks, url, stored.webhookId))
					await deleteWebhook.call(this, id);
				delete stored.webhookId;
				delete stored.token;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const token = state(this).token;
		return await runTrigger(this, {
			categories: ACTIVECAMPAIGN_CATEGORIES,
			allEvents: ACTIVECAMPAIGN_EVENT_NAMES,
			process: (delivery, now) => processActiveCampaignDelivery(delivery, { token }, now),
		});
	}
}
