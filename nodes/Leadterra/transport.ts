import type { IDataObject } from 'n8n-workflow';

import { isPlainObject } from '../shared/pipeline/body';
import {
	platformRequest,
	type ApiContext,
	type ApiResponse,
} from '../shared/registration/apiRequest';
import { LEADTERRA_CREDENTIAL, type RemoteWebhook } from './types';

/** Leadterra's webhook API over the package's shared transport, and how its answers are read. */

export const DEFAULT_BASE_URL = 'https://app.leadterra.co/v1';

export const leadterraRequest = platformRequest({
	credentialType: LEADTERRA_CREDENTIAL,
	platform: 'Leadterra',
	secretFields: ['apiKey', 'signingSecret'],
	baseUrlField: 'baseUrl',
	defaultBaseUrl: DEFAULT_BASE_URL,
});

/** Status codes meaning "no such endpoint": the webhook management API beyond create is undocumented. */
const NOT_SUPPORTED = [404, 405, 501];

/** Every registration of the workspace, or undefined when Leadterra has no list endpoint. */
export async function listWebhooks(this: ApiContext): Promise<RemoteWebhook[] | undefined> {
	const response = await leadterraRequest.call(this, {
		method: 'GET',
		path: '/webhooks',
		allowStatuses: NOT_SUPPORTED,
	});
	return NOT_SUPPORTED.includes(response.statusCode) ? undefined : webhookList(response.body);
}

/** One registration, or undefined when it does not exist (404) or cannot be read. */
export async function getWebhook(this: ApiContext, id: string): Promise<RemoteWebhook | undefined> {
	const response = await leadterraRequest.call(this, {
		method: 'GET',
		path: `/webhooks/${encodeURIComponent(id)}`,
		allowStatuses: NOT_SUPPORTED,
	});
	return NOT_SUPPORTED.includes(response.statusCode) ? undefined : toRemoteWebhook(response.body);
}

export async function createWebhook(
	this: ApiContext,
	url: string,
	events: string[],
): Promise<ApiResponse<unknown>> {
	return await leadterraRequest.call(this, {
		method: 'POST',
		path: '/webhooks',
		body: { url, events },
	});
}

/** Applies `changes`; false when Leadterra has no update endpoint or no longer knows the id. */
export async function updateWebhook(
	this: ApiContext,
	id: string,
	changes: IDataObject,
): Promise<boolean> {
	const response = await leadterraRequest.call(this, {
		method: 'PATCH',
		path: `/webhooks/${encodeURIComponent(id)}`,
		body: changes,
		allowStatuses: NOT_SUPPORTED,
	});
	return !NOT_SUPPORTED.includes(response.statusCode);
}

/** Deletes a registration; one that is already gone (404, 410) counts as deleted. */
export async function deleteWebhook(this: ApiContext, id: string): Promise<void> {
	await leadterraRequest.call(this, {
		method: 'DELETE',
		path: `/webhooks/${encodeURIComponent(id)}`,
		allowStatuses: [404, 410],
	});
}

// Reading Leadterra's answers

/**
 * Reading Leadterra's webhook responses. Only `POST /v1/webhooks` is documented, and its guide and
 * reference disagree on wrapping (`{webhook: {...}}` vs top level), so every reader unwraps
 * `webhook`, `data` or nothing, and lists accept a bare array or `data`/`webhooks`.
 */

const SECRET_FIELDS = ['secret', 'signingSecret', 'webhookSecret', 'signing_secret'];

function unwrap(body: unknown): Record<string, unknown> | undefined {
	if (!isPlainObject(body)) return undefined;
	for (const key of ['webhook', 'data']) if (isPlainObject(body[key])) return body[key];
	return body;
}

export function toRemoteWebhook(value: unknown): RemoteWebhook | undefined {
	const record = unwrap(value);
	if (!record || typeof record.id !== 'string' || record.id === '') return undefined;
	return {
		id: record.id,
		url: typeof record.url === 'string' ? record.url : '',
		events: Array.isArray(record.events)
			? record.events.filter((event): event is string => typeof event === 'string')
			: [],
		status: typeof record.status === 'string' ? record.status : undefined,
	};
}

/** The entries of a list response (a bare array, or `data`, `webhooks` or `items`) that have an id. */
export function webhookEntries(body: unknown): Array<Record<string, unknown>> {
	let entries: unknown = body;
	if (isPlainObject(body))
		entries = [body.data, body.webhooks, body.items].find(Array.isArray) ?? [];
	if (!Array.isArray(entries)) return [];
	return entries.filter(
		(entry): entry is Record<string, unknown> =>
			isPlainObject(entry) && typeof entry.id === 'string' && entry.id !== '',
	);
}

export function webhookList(body: unknown): RemoteWebhook[] {
	return webhookEntries(body)
		.map(toRemoteWebhook)
		.filter((webhook): webhook is RemoteWebhook => webhook !== undefined);
}

/** The signing secret of a registration response, wherever Leadterra puts it. */
export function signingSecretOf(body: unknown): string | undefined {
	const places = [
		body,
		isPlainObject(body) ? body.webhook : undefined,
		isPlainObject(body) ? body.data : undefined,
	];
	for (const place of places) {
		if (!isPlainObject(place)) continue;
		for (const field of SECRET_FIELDS) {
			const value = place[field];
			if (typeof value === 'string' && value !== '') return value;
		}
	}
	return undefined;
}

/** A record without secret fields, for output items: secrets never leave the node. */
export function stripSecrets(record: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(record).filter(([key]) => !SECRET_FIELDS.includes(key)));
}

/** The webhook of a single-webhook response, unwrapped and without its secret. */
export function withoutSecrets(body: unknown): Record<string, unknown> {
	return stripSecrets(unwrap(body) ?? {});
}
