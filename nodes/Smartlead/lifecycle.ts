import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { randomToken } from '../shared/auth/crypto';
import { eventsParameter } from '../shared/catalogue/eventSet';
import { registrationsOf } from '../shared/registration/plan';
import { withoutQuery, withToken } from '../shared/auth/urlToken';
import {
	eventTypesFor,
	planCampaignSync,
	planGenericSync,
	scopeKey,
	type DesiredWebhook,
	type Scope,
	type SmartleadPlan,
} from './registration';
import {
	createdId,
	createGenericWebhook,
	deleteCampaignWebhookRequest,
	deleteGenericWebhookRequest,
	getGenericWebhookRequest,
	listCampaignWebhooks,
	parseRemoteWebhook,
	resolveCategories,
	saveCampaignWebhookRequest,
	smartleadRequest,
	unwrap,
	updateGenericWebhookRequest,
} from './transport';

/**
 * checkExists / create / delete of the SmartLead Trigger. The decisions are in registration.ts;
 * this file only reads parameters, calls SmartLead and keeps what it registered in node static data
 * (saved by n8n after activation and read back by `webhook()` for the token).
 */

/** What the lifecycle keeps in the node's static data; `webhook()` reads the token from it. */
export interface StoredRegistration {
	token?: string;
	webhookId?: number | string;
	scopeKey?: string;
	scope?: Scope;
	campaignId?: number;
	clientId?: number;
	endpoint?: string;
}

export function readStored(data: IDataObject): StoredRegistration {
	return data as StoredRegistration;
}

function staticState(context: IHookFunctions): StoredRegistration {
	return readStored(context.getWorkflowStaticData('node'));
}

function positiveId(context: IHookFunctions, parameter: string, label: string): number {
	const raw = context.getNodeParameter(parameter, '') as string | number;
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(context.getNode(), `Choose a ${label} for the SmartLead webhook`, {
			description: `The ${label} parameter is empty or not a SmartLead ID.`,
		});
	}
	return id;
}

function webhookName(context: IHookFunctions): string {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const custom = typeof options.webhookName === 'string' ? options.webhookName.trim() : '';
	if (custom !== '') return custom;
	const workflow = context.getWorkflow();
	return `n8n: ${workflow.name ?? workflow.id ?? 'workflow'}`.slice(0, 100);
}

/** What the trigger's parameters ask SmartLead to hold, with `token` in the URL. */
async function desiredWebhook(context: IHookFunctions, token: string): Promise<DesiredWebhook> {
	const scope = context.getNodeParameter('scope', 'campaign') as Scope;
	const selectedCategories = context.getNodeParameter('leadCategories', []) as string[];
	const base = context.getNodeWebhookUrl('default');
	if (!base)
		throw new NodeOperationError(
			context.getNode(),
			'n8n did not provide a webhook URL for this trigger',
		);
	const desired: DesiredWebhook = {
		scope,
		name: webhookName(context),
		url: withToken(base, token),
		events: eventTypesFor(eventsParameter(context.getNodeParameter('events', [])), scope),
		categories: [],
		categoryIds: [],
	};
	if (scope === 'campaign') desired.campaignId = positiveId(context, 'campaignId', 'campaign');
	if (scope === 'client') desired.clientId = positiveId(context, 'clientId', 'client');
	Object.assign(desired, await resolveCategories(context, scope, selectedCategories));
	return desired;
}

function remember(state: StoredRegistration, desired: DesiredWebhook, id: number | string): void {
	state.webhookId = id;
	state.scopeKey = scopeKey(desired);
	state.scope = desired.scope;
	state.campaignId = desired.campaignId;
	state.clientId = desired.clientId;
	state.endpoint = withoutQuery(desired.url);
}

function forget(state: StoredRegistration, keepToken: boolean): void {
	delete state.webhookId;
	delete state.scopeKey;
	delete state.scope;
	delete state.campaignId;
	delete state.clientId;
	delete state.endpoint;
	if (!keepToken) delete state.token;
}

/** Removes whatever `state` says this trigger registered; a 404 means it is already gone. */
async function removeRegistration(
	context: IHookFunctions,
	state: StoredRegistration,
	fallbackScope: Scope,
): Promise<void> {
	const scope = state.scope ?? fallbackScope;
	if (scope === 'campaign') {
		let campaignId = state.campaignId;
		if (campaignId === undefined) {
			const raw = Number(context.getNodeParameter('campaignId', '') as string | number);
			// Nothing was registered and no campaign is chosen: nothing to clean up.
			if (!Number.isInteger(raw) || raw <= 0) return;
			campaignId = raw;
		}
		const endpoint = state.endpoint ?? context.getNodeWebhookUrl('default');
		if (!endpoint) return;
		const remote = await listCampaignWebhooks(context, campaignId);
		if (!remote) return;
		// Every registration of this trigger's URL goes, also one whose id was never stored (a create
		// that failed after SmartLead saved it), so failed activations leave nothing behind.
		for (const webhook of registrationsOf(remote, endpoint)) {
			await smartleadRequest.call(context, deleteCampaignWebhookRequest(campaignId, webhook.id));
		}
		return;
	}
	if (state.webhookId !== undefined) {
		await smartleadRequest.call(context, deleteGenericWebhookRequest(state.webhookId));
	}
}

async function applyPlan(
	context: IHookFunctions,
	desired: DesiredWebhook,
	plan: SmartleadPlan,
): Promise<void> {
	if (plan.action === 'create') return;
	for (const id of plan.remove) {
		await smartleadRequest.call(
			context,
			deleteCampaignWebhookRequest(desired.campaignId as number, id),
		);
	}
	if (plan.action === 'repair') {
		context.logger.info(
			`Repairing SmartLead webhook ${plan.webhook.id} in place (changed: ${plan.drift.join(', ')})`,
		);
		const request =
			desired.scope === 'campaign'
				? saveCampaignWebhookRequest(desired, plan.webhook.id)
				: updateGenericWebhookRequest(desired, plan.webhook.id);
		await smartleadRequest.call(context, request);
	}
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const state = staticState(this);
	const token = (state.token ??= randomToken());
	const desired = await desiredWebhook(this, token);
	if (state.scopeKey !== undefined && state.scopeKey !== scopeKey(desired)) {
		// The trigger now points elsewhere (another campaign, client or scope): drop the old registration first.
		await removeRegistration(this, state, desired.scope);
		forget(state, true);
	}
	if (desired.scope === 'campaign') {
		const remote = await listCampaignWebhooks(this, desired.campaignId as number);
		if (!remote) {
			throw new NodeOperationError(
				this.getNode(),
				`SmartLead has no campaign with ID ${desired.campaignId}`,
				{
					description: 'Choose the campaign again in the trigger.',
				},
			);
		}
		const plan = planCampaignSync(desired, remote, state.webhookId);
		if (plan.action === 'create') return false;
		await applyPlan(this, desired, plan);
		remember(state, desired, plan.webhook.id);
		return true;
	}
	if (state.webhookId === undefined) return false;
	const response = await smartleadRequest.call(this, getGenericWebhookRequest(state.webhookId));
	if (response.statusCode === 404) {
		forget(state, true);
		return false;
	}
	const remote = parseRemoteWebhook(unwrap(response.body));
	const plan = planGenericSync(desired, remote);
	if (plan.action === 'create') {
		forget(state, true);
		return false;
	}
	await applyPlan(this, desired, plan);
	remember(state, desired, plan.webhook.id);
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const state = staticState(this);
	const token = (state.token ??= randomToken());
	const desired = await desiredWebhook(this, token);
	if (desired.scope === 'campaign') {
		const saved = await smartleadRequest.call(this, saveCampaignWebhookRequest(desired, null));
		// SmartLead may answer only `{ok: true}`: then the new webhook is found by its URL.
		let id = createdId(saved.body);
		if (id === undefined) {
			const remote = (await listCampaignWebhooks(this, desired.campaignId as number)) ?? [];
			id =
				remote.find((entry) => entry.url === desired.url)?.id ??
				registrationsOf(remote, desired.url)[0]?.id;
		}
		if (id === undefined) {
			throw new NodeOperationError(
				this.getNode(),
				'SmartLead accepted the webhook but does not list it for the campaign',
				{
					description:
						'Publish the workflow again; if it keeps failing, check the campaign in SmartLead.',
				},
			);
		}
		remember(state, desired, id);
		return true;
	}
	const { id } = await createGenericWebhook(this, desired);
	if (id === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			'SmartLead created the webhook but returned no ID, so it could not be managed',
			{
				description:
					'Remove the webhook by hand in SmartLead (Settings → Webhooks) before publishing again.',
			},
		);
	}
	remember(state, desired, id);
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const state = staticState(this);
	const scope = this.getNodeParameter('scope', 'campaign') as Scope;
	await removeRegistration(this, state, scope);
	forget(state, false);
	return true;
}
