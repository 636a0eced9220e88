import type { IDataObject } from 'n8n-workflow';

import {
	apiRequest,
	type ApiContext,
	type ApiRequest,
	type ApiResponse,
	type ApiTarget,
} from '../shared/transport';
import { toRemoteWebhook, webhookList, type RemoteWebhook } from './webhookShapes';

export const LEADTERRA_CREDENTIAL = 'leadterraApi';
export const DEFAULT_BASE_URL = 'https://app.leadterra.co/v1';

export const LEADTERRA_API: ApiTarget = {
	credentialType: LEADTERRA_CREDENTIAL,
	platform: 'Leadterra',
	secretFields: ['apiKey', 'signingSecret'],
	baseUrlField: 'baseUrl',
	defaultBaseUrl: DEFAULT_BASE_URL,
};

export async function leadterraRequest<T = unknown>(
	this: ApiContext,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	return (await apiRequest.call(this, LEADTERRA_API, request)) as ApiResponse<T>;
}

/** Status codes meaning "no such endpoint": the webhook management API beyond create is undocumented. */
export const NOT_SUPPORTED = [404, 405, 501];

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
