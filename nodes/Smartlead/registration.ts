import { distinctEventNames } from '../shared/catalogue/definitions';
import { expandEvents, sameSet } from '../shared/catalogue/eventSet';
import { registrationsOf, type RegistrationPlan } from '../shared/registration/plan';
import { smartleadEvents, USER_LEVEL_ONLY_EVENTS } from './events';
import type { RemoteWebhook } from './types';

/**
 * Pure decisions about SmartLead webhook registrations: what the trigger wants registered at
 * which scope, and whether an existing registration is kept, repaired in place or replaced.
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

export function scopeKey(target: { scope: Scope; campaignId?: number; clientId?: number }): string {
	if (target.scope === 'campaign') return `campaign:${target.campaignId}`;
	if (target.scope === 'client') return `client:${target.clientId}`;
	return 'user';
}

/** The event types to subscribe: "All Events" expands to the catalogue (minus user-level-only events on a campaign). */
export function eventTypesFor(selected: readonly string[], scope: Scope): string[] {
	const all = distinctEventNames(smartleadEvents).filter(
		(event) => scope !== 'campaign' || !USER_LEVEL_ONLY_EVENTS.includes(event),
	);
	return expandEvents(selected, all).sort();
}

export function sortedNames(values: readonly string[]): string[] {
	return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))].sort();
}

type DriftAspect = 'url' | 'events' | 'categories';

/** What differs between what is registered and what the trigger wants. */
export function driftOf(remote: RemoteWebhook, desired: DesiredWebhook): DriftAspect[] {
	const drift: DriftAspect[] = [];
	if (remote.url !== desired.url) drift.push('url');
	if (!sameSet(remote.events, desired.events)) drift.push('events');
	const categoriesMatch =
		desired.scope === 'campaign'
			? sameSet(remote.categories, desired.categories)
			: sameSet(remote.categoryIds, desired.categoryIds);
	if (!categoriesMatch) drift.push('categories');
	return drift;
}

export type SmartleadPlan = RegistrationPlan<RemoteWebhook, DriftAspect>;

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
): SmartleadPlan {
	const ours = registrationsOf(remote, desired.url);
	if (ours.length === 0) return { action: 'create', remove: [] };
	const keep =
		ours.find((entry) => storedId !== undefined && String(entry.id) === String(storedId)) ??
		ours.find((entry) => driftOf(entry, desired).length === 0) ??
		ours[0];
	const remove = ours.filter((entry) => entry !== keep).map((entry) => entry.id);
	const drift = driftOf(keep, desired);
	return drift.length === 0
		? { action: 'keep', webhook: keep, remove }
		: { action: 'repair', webhook: keep, drift, remove };
}

/** What to do given the stored user- or client-level webhook (undefined when SmartLead no longer has it). */
export function planGenericSync(
	desired: DesiredWebhook,
	remote: RemoteWebhook | undefined,
): SmartleadPlan {
	if (!remote) return { action: 'create', remove: [] };
	const drift = driftOf(remote, desired);
	return drift.length === 0
		? { action: 'keep', webhook: remote, remove: [] }
		: { action: 'repair', webhook: remote, drift, remove: [] };
}
