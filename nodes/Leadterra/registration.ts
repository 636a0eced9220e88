import { ALL_EVENTS } from '../shared/catalogue';
import { TOKEN_PARAMETER } from './delivery';
import type { RemoteWebhook } from './webhookShapes';

/**
 * Pure decisions about the trigger's registration at Leadterra: what to create, keep, repair or
 * remove, given what the node stored at its last registration and what Leadterra lists now.
 * Invariant: at most one registration points at this node's URL once a plan has been carried out.
 */

/** What `create()` stores in the node's static data. */
export interface StoredRegistration {
	webhookId?: string;
	webhookUrl?: string;
	webhookEvents?: string[];
	webhookSecret?: string;
	webhookToken?: string;
}

export interface DesiredRegistration {
	/** n8n's production webhook URL of this node, without query. */
	baseUrl: string;
	events: string[];
}

export type RegistrationPlan =
	/** Registrations to delete (duplicates, or one that cannot be repaired), then register anew. */
	| { action: 'create'; remove: string[] }
	| { action: 'keep'; webhook: RemoteWebhook; remove: string[] }
	| {
			action: 'update';
			webhook: RemoteWebhook;
			changes: { url?: string; events?: string[] };
			remove: string[];
	  };

/** The events to subscribe to: the selection, or every catalogue event for "All Events". */
export function registeredEvents(
	selected: readonly string[],
	allEvents: readonly string[],
): string[] {
	const chosen = selected.filter((event) => event !== ALL_EVENTS);
	return selected.length === 0 || selected.includes(ALL_EVENTS)
		? [...allEvents]
		: [...new Set(chosen)];
}

export function withoutQuery(url: string): string {
	const index = url.search(/[?#]/);
	return index < 0 ? url : url.slice(0, index);
}

export function registrationUrl(baseUrl: string, token: string | undefined): string {
	if (!token) return baseUrl;
	return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
}

export function tokenOf(url: string): string | undefined {
	const query = url.indexOf('?');
	if (query < 0) return undefined;
	return new URLSearchParams(url.slice(query + 1)).get(TOKEN_PARAMETER) ?? undefined;
}

function sameEvents(a: readonly string[], b: readonly string[]): boolean {
	const left = new Set(a);
	const right = new Set(b);
	return left.size === right.size && [...left].every((event) => right.has(event));
}

export function pointsAt(webhook: RemoteWebhook, baseUrl: string): boolean {
	return withoutQuery(webhook.url) === baseUrl;
}

/**
 * Decides how to reach exactly one registration for `desired`.
 *
 * - The stored id is preferred; otherwise a registration pointing at this node's URL is adopted.
 * - Every other registration pointing at this node's URL is removed (duplicates left by a crash or
 *   by a lost response).
 * - An adopted registration is kept only if its deliveries can still be authenticated: with the
 *   secret stored for that very id, the credential's secret, or the stored URL token (the URL is
 *   then repaired to carry it). Otherwise it is replaced, since its secret is unknown.
 * - Changed events or URL are repaired by an update.
 */
export function planRegistration(
	desired: DesiredRegistration,
	stored: StoredRegistration,
	remote: readonly RemoteWebhook[],
	context: { credentialSecret: boolean },
): RegistrationPlan {
	const byId = stored.webhookId
		? remote.find((webhook) => webhook.id === stored.webhookId)
		: undefined;
	const ownedById = byId !== undefined && pointsAt(byId, desired.baseUrl) ? byId : undefined;
	const candidate = ownedById ?? remote.find((webhook) => pointsAt(webhook, desired.baseUrl));
	const duplicates = remote
		.filter((webhook) => pointsAt(webhook, desired.baseUrl) && webhook.id !== candidate?.id)
		.map((webhook) => webhook.id);
	// A stored id whose registration now points elsewhere was edited outside n8n: it is no longer ours to manage.
	if (!candidate) return { action: 'create', remove: duplicates };

	const isStored = candidate.id === stored.webhookId;
	const knownSecret = (isStored && Boolean(stored.webhookSecret)) || context.credentialSecret;
	const token = isStored ? stored.webhookToken : undefined;
	if (!knownSecret && !token) return { action: 'create', remove: [...duplicates, candidate.id] };

	const changes: { url?: string; events?: string[] } = {};
	const url = registrationUrl(desired.baseUrl, token);
	if (candidate.url !== url) changes.url = url;
	if (!sameEvents(candidate.events, desired.events)) changes.events = [...desired.events];
	if (changes.url === undefined && changes.events === undefined) {
		return { action: 'keep', webhook: candidate, remove: duplicates };
	}
	return { action: 'update', webhook: candidate, changes, remove: duplicates };
}

/** What remains stored after a plan was carried out for `webhook`. */
export function storedAfter(
	previous: StoredRegistration,
	webhook: RemoteWebhook,
	url: string,
	events: string[],
): StoredRegistration {
	const same = previous.webhookId === webhook.id;
	return {
		webhookId: webhook.id,
		webhookUrl: url,
		webhookEvents: events,
		webhookSecret: same ? previous.webhookSecret : undefined,
		webhookToken: same ? previous.webhookToken : undefined,
	};
}
