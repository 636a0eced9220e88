import { isPlainObject } from '../shared/body';

/**
 * Reading Leadterra's webhook responses. Only `POST /v1/webhooks` is documented, and its guide and
 * reference disagree on wrapping (`{webhook: {...}}` vs top level), so every reader unwraps
 * `webhook`, `data` or nothing, and lists accept a bare array or `data`/`webhooks`.
 */

export interface RemoteWebhook {
	id: string;
	url: string;
	events: string[];
	status?: string;
}

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
