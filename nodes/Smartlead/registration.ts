import { isPlainObject } from '../shared/body';
import { ALL_EVENTS, distinctEventNames } from '../shared/catalogue';
import type { ApiRequest } from '../shared/transport';
import { smartleadEvents, USER_LEVEL_ONLY_EVENTS } from './events';

/**
 * Pure decisions about SmartLead webhook registrations (spec §4): which endpoint serves which scope,
 * what body each needs, how to read what SmartLead answers, and whether an existing registration
 * must be repaired. No n8n, no I/O.
 *
 * - Campaign scope uses the endpoints SmartLead's own CLI uses: `GET|POST|DELETE
 *   /campaigns/{id}/webhooks`. POST with `id: null` creates, with an id updates; DELETE carries
 *   `{id}` in its JSON body. Categories are given by name.
 * - User and client scope exist only on the newer docs site: `POST /webhook/create` (with
 *   `association_type`), `GET /webhook/{id}`, `PUT /webhook/update/{id}`, `DELETE
 *   /webhook/delete/{id}`. There is no list endpoint, so only a stored id can find one again.
 *   Create takes maps (`event_type_map`, `category_id_map` keyed by category id); update takes arrays.
 */

export type Scope = 'user' | 'client' | 'campaign';

export interface DesiredWebhook {
	scope: Scope;
	campaignId?: number;
	clientId?: number;
	name: string;
	/** The full URL to register, token included. */
	url: string;
	/** Sorted, distinct event types. */
	events: string[];
	/** Sorted category names (campaign scope sends these). */
	categories: string[];
	/** Sorted category ids (user and client scope send these). */
	categoryIds: number[];
}

export interface RemoteWebhook {
	id: number | string;
	url: string;
	events: string[];
	categories: string[];
	categoryIds: number[];
}

export type AssociationFormat = 'name' | 'number';

/** The numeric form some SmartLead doc pages give for `association_type` (user 1, client 2, campaign 3). */
const ASSOCIATION_NUMBERS: Record<Scope, number> = { user: 1, client: 2, campaign: 3 };

export function scopeKey(target: { scope: Scope; campaignId?: number; clientId?: number }): string {
	if (target.scope === 'campaign') return `campaign:${target.campaignId}`;
	if (target.scope === 'client') return `client:${target.clientId}`;
	return 'user';
}

/** The event types to subscribe: "All Events" expands to the catalogue (minus user-level-only events on a campaign). */
export function eventTypesFor(selected: readonly string[], scope: Scope): string[] {
	const all = distinctEventNames(smartleadEvents);
	const wantsAll = selected.length === 0 || selected.includes(ALL_EVENTS);
	const chosen = wantsAll
		? all.filter((event) => scope !== 'campaign' || !USER_LEVEL_ONLY_EVENTS.includes(event))
		: selected.filter((event) => event !== ALL_EVENTS);
	return [...new Set(chosen)].sort();
}

export function sortedNames(values: readonly string[]): string[] {
	return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))].sort();
}

/** Strips the query string (where the token lives) so that a registration is recognised whatever its token. */
export function endpointOf(url: string): string {
	const index = url.indexOf('?');
	return (index < 0 ? url : url.slice(0, index)).replace(/\/+$/, '');
}

export function sameEndpoint(a: string, b: string): boolean {
	return endpointOf(a) === endpointOf(b);
}

// ---------------------------------------------------------------------------------------------
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
export function mayBeAssociationFormatProblem(status: number): boolean {
	return status === 400 || status === 422;
}

// ---------------------------------------------------------------------------------------------
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

// ---------------------------------------------------------------------------------------------
// Drift

export type DriftAspect = 'url' | 'events' | 'categories';

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
	return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** What differs between what is registered and what the trigger wants. */
export function driftOf(desired: DesiredWebhook, remote: RemoteWebhook): DriftAspect[] {
	const drift: DriftAspect[] = [];
	if (remote.url !== desired.url) drift.push('url');
	if (!sameList(remote.events, desired.events)) drift.push('events');
	const categoriesMatch =
		desired.scope === 'campaign'
			? sameList(remote.categories, desired.categories)
			: sameList(remote.categoryIds, desired.categoryIds);
	if (!categoriesMatch) drift.push('categories');
	return drift;
}

export type SyncPlan =
	| { action: 'create' }
	| { action: 'keep'; id: number | string; remove: Array<number | string> }
	| { action: 'repair'; id: number | string; drift: DriftAspect[]; remove: Array<number | string> };

/**
 * What to do given the campaign's webhooks. Registrations are ours when their URL (without the
 * query) is this trigger's URL, which holds n8n's unique webhook id. One of them is kept (the stored
 * id if it is among them) and repaired in place when it drifted; further copies are removed, so a
 * publish never leaves two.
 */
export function planCampaignSync(
	desired: DesiredWebhook,
	remote: readonly RemoteWebhook[],
	storedId?: number | string,
): SyncPlan {
	const ours = remote.filter((entry) => sameEndpoint(entry.url, desired.url));
	if (ours.length === 0) return { action: 'create' };
	const keep =
		ours.find((entry) => storedId !== undefined && String(entry.id) === String(storedId)) ??
		ours.find((entry) => driftOf(desired, entry).length === 0) ??
		ours[0];
	const remove = ours.filter((entry) => entry !== keep).map((entry) => entry.id);
	const drift = driftOf(desired, keep);
	return drift.length === 0
		? { action: 'keep', id: keep.id, remove }
		: { action: 'repair', id: keep.id, drift, remove };
}

/** What to do given the stored user- or client-level webhook (undefined when SmartLead no longer has it). */
export function planGenericSync(
	desired: DesiredWebhook,
	remote: RemoteWebhook | undefined,
): SyncPlan {
	if (!remote) return { action: 'create' };
	const drift = driftOf(desired, remote);
	return drift.length === 0
		? { action: 'keep', id: remote.id, remove: [] }
		: { action: 'repair', id: remote.id, drift, remove: [] };
}

/** Ids of this trigger's registrations in a campaign list, for clean-up. */
export function ourWebhookIds(
	remote: readonly RemoteWebhook[],
	url: string,
): Array<number | string> {
	return remote.filter((entry) => sameEndpoint(entry.url, url)).map((entry) => entry.id);
}
