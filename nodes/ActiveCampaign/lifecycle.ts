import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { randomToken } from '../shared/auth/crypto';
import { eventsParameter } from '../shared/catalogue/eventSet';
import { ACTIVECAMPAIGN_EVENT_NAMES } from './events';
import {
	ALL_SOURCES,
	desiredWebhook,
	idsToDelete,
	planRegistration,
	webhookUrlProblem,
	type RegistrationSettings,
} from './registration';
import { createWebhook, deleteWebhook, listWebhooks } from './transport';
import type { RemoteWebhook } from './types';

/**
 * checkExists / create / delete of the ActiveCampaign Events Trigger. The decisions are in
 * registration.ts; this file reads parameters, calls ActiveCampaign and keeps the registration's
 * id and token in the node's static data (saved by n8n when written in hook methods).
 */

export interface StoredRegistration {
	webhookId?: string;
	token?: string;
}

export function readStored(data: IDataObject): StoredRegistration {
	return {
		webhookId: typeof data.webhookId === 'string' ? data.webhookId : undefined,
		token: typeof data.token === 'string' ? data.token : undefined,
	};
}

function settings(context: IHookFunctions): RegistrationSettings {
	const options = context.getNodeParameter('options', {}) as { listId?: string };
	return {
		events: eventsParameter(context.getNodeParameter('events', [])),
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

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const stored = readStored(data);
	const url = webhookUrl(this);
	// A listing error is thrown, never read as "missing": creating blindly makes duplicates.
	const remote = await listWebhooks.call(this);
	const desired = stored.token
		? desiredWebhook(url, stored.token, settings(this), ACTIVECAMPAIGN_EVENT_NAMES)
		: undefined;
	const plan = planRegistration(desired, remote, url, stored.webhookId);
	if (plan.action === 'keep') {
		for (const id of plan.remove) await deleteWebhook.call(this, id);
		return true;
	}
	// create() removes the leftovers (including a drifted registration) before registering.
	delete data.webhookId;
	return false;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const url = webhookUrl(this);
	const problem = webhookUrlProblem(url);
	if (problem) throw new NodeOperationError(this.getNode(), problem);
	const remote = await listWebhooks.call(this);
	for (const id of planRegistration(undefined, remote, url).remove) {
		await deleteWebhook.call(this, id);
	}
	const token = randomToken();
	const created = await createWebhook.call(
		this,
		desiredWebhook(url, token, settings(this), ACTIVECAMPAIGN_EVENT_NAMES),
	);
	data.webhookId = created.id;
	data.token = token;
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const stored = readStored(data);
	const url = webhookUrl(this);
	let remote: RemoteWebhook[] | undefined;
	try {
		remote = await listWebhooks.call(this);
	} catch (error) {
		// Still delete the stored registration; leftovers are found again on the next publish.
		this.logger.warn(
			`Could not list ActiveCampaign webhooks while unpublishing: ${(error as Error).message}`,
		);
	}
	// Throws on anything but success or 404, so that n8n tries again.
	for (const id of idsToDelete(remote, url, stored.webhookId)) await deleteWebhook.call(this, id);
	delete data.webhookId;
	delete data.token;
	return true;
}
