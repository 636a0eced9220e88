import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { randomToken } from '../shared/auth/crypto';
import { eventsParameter, expandEvents } from '../shared/catalogue/eventSet';
import { registrationsOf } from '../shared/registration/plan';
import { withoutQuery } from '../shared/auth/urlToken';
import { LEADTERRA_EVENT_NAMES } from './events';
import {
	planRegistration,
	registrationUrl,
	repairChanges,
	storedAfter,
	type DesiredRegistration,
	type StoredRegistration,
} from './registration';
import {
	createWebhook,
	deleteWebhook,
	getWebhook,
	listWebhooks,
	signingSecretOf,
	toRemoteWebhook,
	updateWebhook,
} from './transport';
import { LEADTERRA_CREDENTIAL } from './types';
import type { RemoteWebhook } from './types';

/**
 * The trigger's registration lifecycle (`webhookMethods.default`). Ids, the signing secret and the
 * URL token live in the node's static data, which n8n saves after activation and deactivation.
 */

const STORED_KEYS: Array<keyof StoredRegistration> = [
	'webhookId',
	'webhookUrl',
	'webhookEvents',
	'webhookSecret',
	'webhookToken',
];

export function readStored(data: IDataObject): StoredRegistration {
	return {
		webhookId: typeof data.webhookId === 'string' ? data.webhookId : undefined,
		webhookUrl: typeof data.webhookUrl === 'string' ? data.webhookUrl : undefined,
		webhookEvents: Array.isArray(data.webhookEvents) ? (data.webhookEvents as string[]) : undefined,
		webhookSecret: typeof data.webhookSecret === 'string' ? data.webhookSecret : undefined,
		webhookToken: typeof data.webhookToken === 'string' ? data.webhookToken : undefined,
	};
}

function writeStored(data: IDataObject, registration: StoredRegistration): void {
	for (const key of STORED_KEYS) {
		const value = registration[key];
		if (value === undefined) delete data[key];
		else data[key] = value;
	}
}

async function hasCredentialSecret(this: IHookFunctions): Promise<boolean> {
	const credentials = await this.getCredentials(LEADTERRA_CREDENTIAL);
	return typeof credentials.signingSecret === 'string' && credentials.signingSecret !== '';
}

function desiredRegistration(this: IHookFunctions): DesiredRegistration {
	return {
		baseUrl: withoutQuery(this.getNodeWebhookUrl('default')),
		events: expandEvents(
			eventsParameter(this.getNodeParameter('events', [])),
			LEADTERRA_EVENT_NAMES,
		),
	};
}

async function remoteRegistrations(
	this: IHookFunctions,
	stored: StoredRegistration,
): Promise<RemoteWebhook[]> {
	const listed = await listWebhooks.call(this);
	if (listed) return listed;
	// Without a list endpoint only the stored id can be looked at.
	if (!stored.webhookId) return [];
	const single = await getWebhook.call(this, stored.webhookId);
	return single ? [single] : [];
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const stored = readStored(data);
	const desired = desiredRegistration.call(this);
	const remote = await remoteRegistrations.call(this, stored);
	const plan = planRegistration(desired, remote, stored, {
		credentialSecret: await hasCredentialSecret.call(this),
	});
	for (const id of plan.remove) await deleteWebhook.call(this, id);
	if (plan.action === 'create') {
		writeStored(data, {});
		return false;
	}
	let url = plan.webhook.url;
	if (plan.action === 'repair') {
		const changes = repairChanges(plan, desired, stored);
		if (!(await updateWebhook.call(this, plan.webhook.id, changes))) {
			// No update endpoint (or the id vanished meanwhile): replace instead of adding a second one.
			await deleteWebhook.call(this, plan.webhook.id);
			writeStored(data, {});
			return false;
		}
		url = changes.url ?? url;
	}
	writeStored(data, storedAfter(stored, plan.webhook, url, desired.events));
	return true;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const desired = desiredRegistration.call(this);
	// The token is chosen before Leadterra says whether it returns a secret, so every URL carries one;
	// it is only accepted while no signing secret is known.
	const token = randomToken();
	const url = registrationUrl(desired.baseUrl, token);
	const response = await createWebhook.call(this, url, desired.events);
	const webhook = toRemoteWebhook(response.body);
	if (!webhook) {
		throw new NodeOperationError(
			this.getNode(),
			'Leadterra accepted the webhook registration but returned no webhook id',
			{
				description:
					'Publish the workflow again; a registration left behind for this URL is removed then.',
			},
		);
	}
	writeStored(data, {
		webhookId: webhook.id,
		webhookUrl: url,
		webhookEvents: desired.events,
		webhookSecret: signingSecretOf(response.body),
		webhookToken: token,
	});
	return true;
}

export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node');
	const stored = readStored(data);
	if (stored.webhookId) await deleteWebhook.call(this, stored.webhookId);
	// A registration whose creation response was lost (timeout, error after the fact) was never
	// stored; it still points at this node's URL, so it is found and removed here.
	const listed = (await listWebhooks.call(this)) ?? [];
	for (const webhook of registrationsOf(listed, this.getNodeWebhookUrl('default') ?? '')) {
		if (webhook.id !== stored.webhookId) await deleteWebhook.call(this, webhook.id);
	}
	writeStored(data, {});
	return true;
}
