import { sameSet } from '../shared/catalogue/eventSet';
import { registrationsOf, type RegistrationPlan } from '../shared/registration/plan';
import { withToken } from '../shared/auth/urlToken';
import type { RemoteWebhook } from './types';

/**
 * Pure decisions about the trigger's registration at Leadterra: what to create, keep, repair or
 * remove, given what the node stored at its last registration and what Leadterra lists now.
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

type LeadterraDrift = 'url' | 'events';

export type LeadterraPlan = RegistrationPlan<RemoteWebhook, LeadterraDrift>;

/** The URL to register: the node's URL with the token, or without one when there is none to keep. */
export function registrationUrl(baseUrl: string, token: string | undefined): string {
	return token ? withToken(baseUrl, token) : baseUrl;
}

/** The token a kept registration goes on carrying: only one stored for that very id is known. */
function keptToken(stored: StoredRegistration, webhook: RemoteWebhook): string | undefined {
	return webhook.id === stored.webhookId ? stored.webhookToken : undefined;
}

/** The ways `remote` differs from `desired` (with `token` in its URL); empty when it matches. */
export function driftOf(
	remote: RemoteWebhook,
	desired: DesiredRegistration,
	token: string | undefined,
): LeadterraDrift[] {
	const drift: LeadterraDrift[] = [];
	if (remote.url !== registrationUrl(desired.baseUrl, token)) drift.push('url');
	if (!sameSet(remote.events, desired.events)) drift.push('events');
	return drift;
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
	remote: readonly RemoteWebhook[],
	stored: StoredRegistration,
	context: { credentialSecret: boolean },
): LeadterraPlan {
	const ours = registrationsOf(remote, desired.baseUrl);
	// A stored id whose registration now points elsewhere was edited outside n8n: it is no longer
	// ours to manage, so only registrations of this URL are candidates.
	const candidate = ours.find((webhook) => webhook.id === stored.webhookId) ?? ours[0];
	const duplicates = ours
		.filter((webhook) => webhook.id !== candidate?.id)
		.map((webhook) => webhook.id);
	if (!candidate) return { action: 'create', remove: duplicates };

	const isStored = candidate.id === stored.webhookId;
	const knownSecret = (isStored && Boolean(stored.webhookSecret)) || context.credentialSecret;
	if (!knownSecret && !keptToken(stored, candidate)) {
		return { action: 'create', remove: [...duplicates, candidate.id] };
	}
	const drift = driftOf(candidate, desired, keptToken(stored, candidate));
	return drift.length === 0
		? { action: 'keep', webhook: candidate, remove: duplicates }
		: { action: 'repair', webhook: candidate, drift, remove: duplicates };
}

/** The update that repairs `plan.webhook`: only the drifted fields. */
export function repairChanges(
	plan: Extract<LeadterraPlan, { action: 'repair' }>,
	desired: DesiredRegistration,
	stored: StoredRegistration,
): { url?: string; events?: string[] } {
	const changes: { url?: string; events?: string[] } = {};
	if (plan.drift.includes('url'))
		changes.url = registrationUrl(desired.baseUrl, keptToken(stored, plan.webhook));
	if (plan.drift.includes('events')) changes.events = [...desired.events];
	return changes;
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
