import { ALL_EVENTS } from '../shared/catalogue';
import { TOKEN_PARAMETER } from './delivery';

/**
 * Pure decisions about the ActiveCampaign webhook registration of one trigger node: what to
 * register, which existing registrations are ours, whether ours still matches (drift), and what to
 * remove. The node's hook methods only carry out these decisions.
 *
 * "Ours" means: a webhook whose URL, without its query string, is this node's webhook URL. n8n's
 * webhook path holds the node's own UUID, so no other workflow can have that URL, and a
 * registration that lost its id (failed activation, lost static data, a crash between create and
 * save) is still found.
 */

export const ALL_SOURCES = ['public', 'admin', 'api', 'system'] as const;
export type Source = (typeof ALL_SOURCES)[number];

export const WEBHOOK_NAME_PREFIX = 'n8n-lead-events:';

export interface RegistrationSettings {
	/** The `events` parameter: event names, or `*` for all. */
	events: string[];
	/** The `sources` parameter; empty means all four, because ActiveCampaign needs at least one. */
	sources: string[];
	/** Leave out `api`, so that the workflow's own API updates do not trigger it again. */
	ignoreApiChanges: boolean;
	/** Restrict list-scoped events to one list; empty for all lists. */
	listId?: string;
}

/** The body of a create/update call (`{ webhook: … }`). */
export interface WebhookSpec {
	name: string;
	url: string;
	events: string[];
	sources: string[];
	listid?: number;
}

/** A webhook as ActiveCampaign lists it (spec §5.2: ids and listid are strings). */
export interface RemoteWebhook {
	id: string;
	name?: string;
	url?: string;
	events?: string[];
	sources?: string[];
	listid?: string | number;
	[key: string]: unknown;
}

export function eventsToRegister(
	selected: readonly string[],
	catalogueNames: readonly string[],
): string[] {
	const chosen = selected.filter((name) => name !== ALL_EVENTS);
	if (chosen.length === 0 || selected.includes(ALL_EVENTS)) return [...catalogueNames];
	return [...new Set(chosen)];
}

export function sourcesToRegister(sources: readonly string[], ignoreApiChanges: boolean): string[] {
	const known = ALL_SOURCES.filter((source) => sources.includes(source));
	const base: string[] = known.length > 0 ? known : [...ALL_SOURCES];
	const result = ignoreApiChanges ? base.filter((source) => source !== 'api') : base;
	// "Ignore API changes" with only `api` chosen would leave nothing: fall back to the others.
	return result.length > 0 ? result : ALL_SOURCES.filter((source) => source !== 'api');
}

/** A URL without its query string and fragment, for telling which registrations are ours. */
export function urlBase(url: string | undefined): string {
	if (!url) return '';
	const cut = url.search(/[?#]/);
	return (cut < 0 ? url : url.slice(0, cut)).replace(/\/+$/, '');
}

export function registeredUrl(webhookUrl: string, token: string): string {
	const separator = webhookUrl.includes('?') ? '&' : '?';
	return `${webhookUrl}${separator}${TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
}

/** Why ActiveCampaign could never deliver to this URL, or undefined when it can. */
export function webhookUrlProblem(webhookUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(webhookUrl);
	} catch {
		return `The webhook URL "${webhookUrl}" is not a valid URL: set WEBHOOK_URL for this n8n instance`;
	}
	if (url.protocol === 'https:' && url.port !== '' && url.port !== '443') {
		return `ActiveCampaign only delivers to HTTPS on port 443, but the webhook URL uses port ${url.port}: put n8n behind a proxy on 443 and set WEBHOOK_URL`;
	}
	return undefined;
}

function listIdNumber(listId: string | undefined): number | undefined {
	const trimmed = (listId ?? '').trim();
	return /^[1-9]\d*$/.test(trimmed) ? Number(trimmed) : undefined;
}

export function desiredWebhook(
	webhookUrl: string,
	token: string,
	settings: RegistrationSettings,
	catalogueNames: readonly string[],
): WebhookSpec {
	const spec: WebhookSpec = {
		name: `${WEBHOOK_NAME_PREFIX}${webhookUrl}`,
		url: registeredUrl(webhookUrl, token),
		events: eventsToRegister(settings.events, catalogueNames),
		sources: sourcesToRegister(settings.sources, settings.ignoreApiChanges),
	};
	const listid = listIdNumber(settings.listId);
	if (listid !== undefined) spec.listid = listid;
	return spec;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[]): boolean {
	const left = new Set(a ?? []);
	return left.size === new Set(b).size && b.every((entry) => left.has(entry));
}

/** The ways a registered webhook differs from what the node wants now; empty when it matches. */
export function driftOf(remote: RemoteWebhook, desired: WebhookSpec): string[] {
	const drift: string[] = [];
	if (remote.url !== desired.url) drift.push('url');
	if (!sameSet(remote.events, desired.events)) drift.push('events');
	if (!sameSet(remote.sources, desired.sources)) drift.push('sources');
	const remoteList = String(remote.listid ?? '0');
	if (remoteList !== String(desired.listid ?? '0')) drift.push('listid');
	// ActiveCampaign documents no active flag; if one is ever exposed, an inactive hook is dead (410 rule).
	if (remote.active === false || remote.active === '0' || remote.active === 0)
		drift.push('inactive');
	return drift;
}

export function isOurs(remote: RemoteWebhook, webhookUrl: string): boolean {
	return urlBase(remote.url) !== '' && urlBase(remote.url) === urlBase(webhookUrl);
}

export interface RegistrationPlan {
	/** The registration to keep using; undefined means a new one must be created. */
	keep?: RemoteWebhook;
	/** Registrations of this node to delete: leftovers, duplicates, and a drifted one. */
	remove: RemoteWebhook[];
	/** Why the stored registration is not kept (`missing` when there is none). */
	drift: string[];
}

/**
 * Decides, from the account's webhooks, whether the stored registration can stay and which of
 * this node's registrations must go. Without a stored id and token nothing is kept, so `create`
 * starts clean.
 */
export function planRegistration(input: {
	hooks: readonly RemoteWebhook[];
	webhookUrl: string;
	storedId?: string;
	desired?: WebhookSpec;
}): RegistrationPlan {
	const ours = input.hooks.filter((hook) => isOurs(hook, input.webhookUrl));
	const stored =
		input.storedId === undefined
			? undefined
			: ours.find((hook) => String(hook.id) === String(input.storedId));
	const drift = !stored
		? ['missing']
		: input.desired
			? driftOf(stored, input.desired)
			: ['missing'];
	const keep = stored && drift.length === 0 ? stored : undefined;
	return { keep, remove: ours.filter((hook) => hook !== keep), drift: keep ? [] : drift };
}

/** Ids to delete when the workflow is unpublished: the stored one and every other registration of ours. */
export function idsToDelete(
	hooks: readonly RemoteWebhook[] | undefined,
	webhookUrl: string,
	storedId: string | undefined,
): string[] {
	const ids = new Set<string>();
	if (storedId) ids.add(String(storedId));
	for (const hook of hooks ?? []) if (isOurs(hook, webhookUrl)) ids.add(String(hook.id));
	return [...ids];
}
