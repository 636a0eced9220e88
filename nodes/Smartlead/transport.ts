import { NodeOperationError, type INodePropertyOptions } from 'n8n-workflow';

import { isPlainObject } from '../shared/pipeline/body';
import {
	platformRequest,
	type ApiContext,
	type ApiRequest,
} from '../shared/registration/apiRequest';
import { sortedNames, type DesiredWebhook, type Scope } from './registration';
import { SMARTLEAD_CREDENTIAL, type RemoteWebhook } from './types';

export const DEFAULT_BASE_URL = 'https://server.smartlead.ai/api/v1';

/**
 * SmartLead takes the API key as the `api_key` query parameter (the credential's `authenticate`
 * adds it), so it travels in every request URL. The shared transport never puts URLs or query
 * strings into its errors and masks the key wherever SmartLead's own error text might echo it.
 */
export const smartleadRequest = platformRequest({
	credentialType: SMARTLEAD_CREDENTIAL,
	platform: 'SmartLead',
	secretFields: ['apiKey'],
	baseUrlField: 'baseUrl',
	defaultBaseUrl: DEFAULT_BASE_URL,
});

type AssociationFormat = 'name' | 'number';

/** The numeric form some SmartLead doc pages give for `association_type` (user 1, client 2, campaign 3). */
const ASSOCIATION_NUMBERS: Record<Scope, number> = { user: 1, client: 2, campaign: 3 };

// Requests

export function listCampaignWebhooksRequest(campaignId: number): ApiRequest {
	return { method: 'GET', path: `/campaigns/${campaignId}/webhooks`, allowStatuses: [404] };
}

export function saveCampaignWebhookRequest(
	desired: DesiredWebhook,
	id: number | string | null,
): ApiRequest {
	return {
		method: 'POST',
		path: `/campaigns/${desired.campaignId}/webhooks`,
		body: {
			id,
			name: desired.name,
			webhook_url: desired.url,
			event_types: desired.events,
			categories: desired.categories,
		},
	};
}

export function deleteCampaignWebhookRequest(campaignId: number, id: number | string): ApiRequest {
	return {
		method: 'DELETE',
		path: `/campaigns/${campaignId}/webhooks`,
		body: { id },
		allowStatuses: [404],
	};
}

function trueMap(keys: ReadonlyArray<string | number>): Record<string, boolean> {
	return Object.fromEntries(keys.map((key) => [String(key), true]));
}

export function createGenericWebhookRequest(
	desired: DesiredWebhook,
	format: AssociationFormat,
): ApiRequest {
	const body: Record<string, unknown> = {
		name: desired.name,
		webhook_url: desired.url,
		association_type: format === 'name' ? desired.scope : ASSOCIATION_NUMBERS[desired.scope],
		event_type_map: trueMap(desired.events),
		category_id_map: trueMap(desired.categoryIds),
	};
	if (desired.scope === 'client') body.client_id = desired.clientId;
	if (desired.scope === 'campaign') body.email_campaign_id = desired.campaignId;
	return { method: 'POST', path: '/webhook/create', body };
}

export function getGenericWebhookRequest(id: number | string): ApiRequest {
	return {
		method: 'GET',
		path: `/webhook/${encodeURIComponent(String(id))}`,
		allowStatuses: [404],
	};
}

export function updateGenericWebhookRequest(
	desired: DesiredWebhook,
	id: number | string,
): ApiRequest {
	return {
		method: 'PUT',
		path: `/webhook/update/${encodeURIComponent(String(id))}`,
		body: {
			name: desired.name,
			webhook_url: desired.url,
			event_types: desired.events,
			categories: desired.categoryIds,
		},
	};
}

export function deleteGenericWebhookRequest(id: number | string): ApiRequest {
	return {
		method: 'DELETE',
		path: `/webhook/delete/${encodeURIComponent(String(id))}`,
		allowStatuses: [404],
	};
}

/** Whether a failed `POST /webhook/create` may be worth repeating with the other `association_type` form. */
function mayBeAssociationFormatProblem(status: number): boolean {
	return status === 400 || status === 422;
}

// Reading SmartLead's answers (envelopes vary: bare values, `{data}`, `{ok, ...}`)

export function unwrap(body: unknown): unknown {
	if (isPlainObject(body) && 'data' in body && body.data !== undefined && body.data !== null)
		return body.data;
	return body;
}

function idOf(value: unknown): number | string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '')
		return /^\d+$/.test(value) ? Number(value) : value;
	return undefined;
}

function stringList(value: unknown): string[] {
	if (Array.isArray(value))
		return value.filter((entry): entry is string => typeof entry === 'string');
	if (typeof value === 'string' && value !== '')
		return value.split(',').map((entry) => entry.trim());
	if (isPlainObject(value))
		return Object.keys(value).filter((key) => value[key] === true || value[key] === 1);
	return [];
}

function numberList(value: unknown): number[] {
	return stringList(Array.isArray(value) ? value.map(String) : value)
		.map(Number)
		.filter((entry) => Number.isFinite(entry));
}

/** A webhook as either endpoint family returns it; undefined when it has no id. */
export function parseRemoteWebhook(value: unknown): RemoteWebhook | undefined {
	if (!isPlainObject(value)) return undefined;
	const id = idOf(value.id);
	if (id === undefined) return undefined;
	const events = value.event_types ?? value.event_type_map ?? value.events;
	const categories = value.categories ?? value.category_id_map;
	const namesGiven =
		Array.isArray(categories) &&
		categories.every((entry) => typeof entry === 'string' && !/^\d+$/.test(entry));
	return {
		id,
		url: typeof value.webhook_url === 'string' ? value.webhook_url : '',
		events: sortedNames(stringList(events)),
		categories: namesGiven ? sortedNames(categories as string[]) : [],
		categoryIds: namesGiven ? [] : [...new Set(numberList(categories))].sort((a, b) => a - b),
	};
}

/** The campaign list answer: a bare array, `{data: [...]}`, or (old docs) a single object. */
export function parseWebhookList(body: unknown): RemoteWebhook[] {
	const value = unwrap(body);
	const entries = Array.isArray(value) ? value : isPlainObject(value) ? [value] : [];
	return entries
		.map(parseRemoteWebhook)
		.filter((entry): entry is RemoteWebhook => entry !== undefined);
}

/** The id in a create answer (`{ok, id}`, `{data: {id}}`, `{webhook: {id}}`), if SmartLead gave one. */
export function createdId(body: unknown): number | string | undefined {
	const value = unwrap(body);
	if (!isPlainObject(value)) return undefined;
	return (
		idOf(value.id) ??
		idOf(value.webhook_id) ??
		(isPlainObject(value.webhook) ? idOf(value.webhook.id) : undefined)
	);
}

function entries(body: unknown): Array<Record<string, unknown>> {
	const value = unwrap(body);
	return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

function nameOf(entry: Record<string, unknown>, fallback: string): string {
	return typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : fallback;
}

/** Campaigns in SmartLead's order (newest first), labelled with their status. */
export function campaignOptions(body: unknown): INodePropertyOptions[] {
	return entries(body).flatMap((entry) => {
		const id = idText(entry.id);
		if (id === undefined) return [];
		const status =
			typeof entry.status === 'string' && entry.status !== '' ? ` (${entry.status})` : '';
		return [
			{
				name: `${nameOf(entry, `Campaign ${id}`)}${status}`,
				value: id,
				description: `Campaign ID ${id}`,
			},
		];
	});
}

export function clientOptions(body: unknown): INodePropertyOptions[] {
	return entries(body)
		.flatMap((entry) => {
			const id = idText(entry.id);
			if (id === undefined) return [];
			const email = typeof entry.email === 'string' && entry.email !== '' ? entry.email : undefined;
			return [
				{
					name: nameOf(entry, email ?? `Client ${id}`),
					value: id,
					description: email ? `${email} (ID ${id})` : `Client ID ${id}`,
				},
			];
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Lead categories by name: SmartLead's campaign webhooks filter by category name. */
export function categoryOptions(body: unknown): INodePropertyOptions[] {
	const seen = new Set<string>();
	return entries(body)
		.flatMap((entry) => {
			const name = typeof entry.name === 'string' ? entry.name.trim() : '';
			if (name === '' || seen.has(name)) return [];
			seen.add(name);
			const sentiment =
				typeof entry.sentiment_type === 'string' && entry.sentiment_type !== ''
					? ` (${entry.sentiment_type})`
					: '';
			return [
				{ name, value: name, description: `Category ID ${idText(entry.id) ?? '?'}${sentiment}` },
			];
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Category name → id, for the user- and client-level endpoints, which filter by id. */
export function categoryIdsByName(body: unknown): Map<string, number> {
	const map = new Map<string, number>();
	for (const entry of entries(body)) {
		const id = Number(entry.id);
		if (typeof entry.name === 'string' && Number.isFinite(id) && !map.has(entry.name.trim()))
			map.set(entry.name.trim(), id);
	}
	return map;
}

export const CAMPAIGNS_PATH = '/campaigns';
export const CLIENTS_PATH = '/client';
export const CATEGORIES_PATH = '/leads/fetch-categories';

// Calls shared by the trigger's lifecycle and the SmartLead node

async function loadCategories(context: ApiContext): Promise<unknown> {
	const response = await smartleadRequest.call(context, { method: 'GET', path: CATEGORIES_PATH });
	return response.body;
}

/**
 * The category filter in the form each endpoint wants: names for the campaign endpoint (all of them
 * when none is chosen, because it rejects an empty list), ids for the user- and client-level ones.
 */
export async function resolveCategories(
	context: ApiContext,
	scope: Scope,
	selected: readonly string[],
): Promise<Pick<DesiredWebhook, 'categories' | 'categoryIds'>> {
	const names = sortedNames(selected);
	if (scope === 'campaign') {
		if (names.length > 0) return { categories: names, categoryIds: [] };
		const all = categoryOptions(await loadCategories(context)).map((option) =>
			String(option.value),
		);
		return { categories: sortedNames(all), categoryIds: [] };
	}
	if (names.length === 0) return { categories: [], categoryIds: [] };
	const ids = categoryIdsByName(await loadCategories(context));
	const missing = names.filter((name) => !ids.has(name));
	if (missing.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`SmartLead has no lead category named ${missing.map((name) => `"${name}"`).join(', ')}`,
			{
				description: 'Pick the lead categories again from the list.',
			},
		);
	}
	return {
		categories: [],
		categoryIds: [...new Set(names.map((name) => ids.get(name) as number))].sort((a, b) => a - b),
	};
}

/** The campaign's webhooks, or undefined when SmartLead does not know the campaign (404). */
export async function listCampaignWebhooks(
	context: ApiContext,
	campaignId: number,
): Promise<RemoteWebhook[] | undefined> {
	const response = await smartleadRequest.call(context, listCampaignWebhooksRequest(campaignId));
	return response.statusCode === 404 ? undefined : parseWebhookList(response.body);
}

/**
 * `POST /webhook/create`. SmartLead's docs give `association_type` both as a name and as a number,
 * so a 400/422 for the name form is retried once with the number form.
 */
export async function createGenericWebhook(
	context: ApiContext,
	desired: DesiredWebhook,
): Promise<{ id: number | string | undefined; body: unknown }> {
	let created = await smartleadRequest.call(context, {
		...createGenericWebhookRequest(desired, 'name'),
		allowStatuses: [400, 422],
	});
	if (mayBeAssociationFormatProblem(created.statusCode)) {
		context.logger.info(
			`SmartLead refused association_type "${desired.scope}" (${created.statusCode}); retrying with its numeric form`,
		);
		created = await smartleadRequest.call(context, createGenericWebhookRequest(desired, 'number'));
	}
	return { id: createdId(created.body), body: created.body };
}
