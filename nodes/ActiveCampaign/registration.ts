import { expandEvents, sameSet } from '../shared/catalogue/eventSet';
import { registrationsOf, type RegistrationPlan } from '../shared/registration/plan';
import { withToken } from '../shared/auth/urlToken';
import type { RemoteWebhook, WebhookSpec } from './types';

/**
 * Pure decisions about the ActiveCampaign webhook registration of one trigger node: what to
 * register, which existing registrations are ours, whether ours still matches (drift), and what to
 * remove. lifecycle.ts only carries out these decisions.
 */

export const ALL_SOURCES = ['public', 'admin', 'api', 'system'] as const;
export type Source = (typeof ALL_SOURCES)[number];

const WEBHOOK_NAME_PREFIX = 'n8n-lead-events:';

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

export function sourcesToRegister(sources: readonly string[], ignoreApiChanges: boolean): string[] {
	const known = ALL_SOURCES.filter((source) => sources.includes(source));
	const base: string[] = known.length > 0 ? known : [...ALL_SOURCES];
	const result = ignoreApiChanges ? base.filter((source) => source !== 'api') : base;
	// "Ignore API changes" with only `api` chosen would leave nothing: fall back to the others.
	return result.length > 0 ? result : ALL_SOURCES.filter((source) => source !== 'api');
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
		url: withToken(webhookUrl, token),
		events: expandEvents(settings.events, catalogueNames),
		sources: sourcesToRegister(settings.sources, settings.ignoreApiChanges),
	};
	const listid = listIdNumber(settings.listId);
	if (listid !== undefined) spec.listid = listid;
	return spec;
}

/** The ways a registered webhook differs from what the node wants now; empty when it matches. */
export function driftOf(remote: RemoteWebhook, desired: WebhookSpec): string[] {
	const drift: string[] = [];
	if (remote.url !== desired.url) drift.push('url');
	if (!sameSet(remote.events, desired.events)) drift.push('events');
	if (!sameSet(remote.sources, desired.sources)) drift.push('sources');
	const remoteList = String(remote.listid ?? '0');
	if (remoteList !== String(desired.listid ?? '0')) drift.push('listid');
	// ActiveCampaign documents no active flag; if one is ever exposed, an inactive hook receives
	// nothing (ActiveCampaign switches a hook off for good after a 410), so it must be replaced.
	if (remote.active === false || remote.active === '0' || remote.active === 0)
		drift.push('inactive');
	return drift;
}

/**
 * Whether the stored registration can stay, and which of this node's registrations must go.
 * Without a stored id and token (`desired` undefined) nothing is kept, so `create` starts clean.
 * There is no repair in place: a changed registration gets a new token, so it is replaced.
 */
export function planRegistration(
	desired: WebhookSpec | undefined,
	remote: readonly RemoteWebhook[],
	webhookUrl: string,
	storedId?: string,
): RegistrationPlan<RemoteWebhook> {
	const ours = registrationsOf(remote, webhookUrl);
	const stored =
		storedId === undefined ? undefined : ours.find((hook) => String(hook.id) === String(storedId));
	const keep = stored && desired && driftOf(stored, desired).length === 0 ? stored : undefined;
	const remove = ours.filter((hook) => hook !== keep).map((hook) => String(hook.id));
	return keep ? { action: 'keep', webhook: keep, remove } : { action: 'create', remove };
}

/** Ids to delete when the workflow is unpublished: the stored one and every other registration of ours. */
export function idsToDelete(
	remote: readonly RemoteWebhook[] | undefined,
	webhookUrl: string,
	storedId: string | undefined,
): string[] {
	const ids = new Set<string>();
	if (storedId) ids.add(String(storedId));
	for (const hook of registrationsOf(remote ?? [], webhookUrl)) ids.add(String(hook.id));
	return [...ids];
}
