import {
	decodeUtf8,
	isJsonMediaType,
	isPlainObject,
	mediaType,
	parseJson,
} from '../shared/pipeline/body';
import { findEvent, UNCATALOGUED, UNKNOWN_EVENT } from '../shared/catalogue/definitions';
import { sha256Hex } from '../shared/auth/crypto';
import type { DeliveryOutcome, IncomingDelivery, TriggerItem } from '../shared/pipeline/incoming';
import { rejection } from '../shared/result';
import { TOKEN_PARAMETER } from '../shared/auth/urlToken';
import {
	invalid,
	mergeValidation,
	validateAgainst,
	type ValidationResult,
} from '../shared/catalogue/validation';
import { activeCampaignEvents } from './events';
import { parseFormBody, type FormObject } from './formParser';
import { authenticate } from './auth';

export interface ActiveCampaignDeliveryConfig {
	/** The token of the current registration, from the node's static data. */
	token: string | undefined;
}

export interface ActiveCampaignItem extends TriggerItem {
	event: string;
	category: string;
	/** `date_time` as ISO-8601 UTC when it carries a zone, else null (no zone is invented). */
	occurredAt: string | null;
	/** `date_time` exactly as sent. */
	dateTime: string | null;
	initiatedFrom: string | null;
	initiatedBy: string | null;
	/** List ids the event concerns (from `list`, `list[id]`, `list[][id]`); AC's placeholder 0 left out. */
	listIds: string[];
	/** The whole body, nested; contact tags as a list. */
	data: FormObject;
	dedupeKey: string;
	validation: ValidationResult;
	receivedAt: string;
}

/** Blocks whose `id` identifies what an event is about, in dedupe-key order. */
const ID_BLOCKS = [
	'contact',
	'account',
	'accountContact',
	'campaign',
	'link',
	'list',
	'deal',
	'note',
	'task',
	'pipeline',
	'stage',
	'tasktype',
	'sms',
	'form',
];
/** Envelope fields that do not describe the event itself (the echoed URL carries our token). */
const ENVELOPE_KEYS = new Set(['url', 'date_time', 'initiated_from', 'initiated_by']);

function firstText(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
	return null;
}

/** AC posts tags as one "a, b, c" string; a repeated `contact[tags][]` is kept as is. */
export function splitTags(value: unknown): string[] | undefined {
	if (typeof value === 'string') {
		return value
			.split(',')
			.map((tag) => tag.trim())
			.filter((tag) => tag !== '');
	}
	if (Array.isArray(value) && value.every((tag) => typeof tag === 'string'))
		return value as string[];
	return undefined;
}

/** The echoed `url` holds the delivery token; items are visible to every editor, so it is masked. */
function maskToken(url: string): string {
	return url.replace(new RegExp(`([?&]${TOKEN_PARAMETER}=)[^&#]*`, 'g'), '$1***');
}

function normalise(data: FormObject): FormObject {
	if (typeof data.url === 'string') data.url = maskToken(data.url);
	const contact = data.contact;
	if (isPlainObject(contact) && contact.tags !== undefined) {
		const tags = splitTags(contact.tags);
		if (tags) data.contact = { ...contact, tags };
	}
	return data;
}

export function occurredAt(dateTime: string | null): string | null {
	if (dateTime === null || !/(Z|[+-]\d{2}:?\d{2})$/i.test(dateTime.trim())) return null;
	const time = Date.parse(dateTime);
	return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * List ids sit at most a few levels down (`list`, `list[id]`, `list[][id]`); the walk stops at
 * `depth`, so a JSON body nested thousands of levels deep cannot overflow the stack here.
 */
function collectIds(value: unknown, into: string[], depth = 8): void {
	if (depth <= 0) return;
	if (typeof value === 'string') {
		for (const part of value.split(','))
			if (part.trim() !== '' && part.trim() !== '0') into.push(part.trim());
	} else if (Array.isArray(value)) {
		for (const entry of value) collectIds(isPlainObject(entry) ? entry.id : entry, into, depth - 1);
	} else if (isPlainObject(value)) {
		collectIds(value.id, into, depth - 1);
	}
}

function listIdsOf(data: FormObject): string[] {
	const ids: string[] = [];
	collectIds(data.list, ids);
	collectIds(data.list_value, ids);
	return [...new Set(ids)];
}

/**
 * ActiveCampaign sends no event id. The key names the event type, the ids it is about and its
 * `date_time`, plus a digest of its content (envelope excluded), so that two different events
 * about the same contact in the same second never share a key while a repeat of one delivery does.
 */
export function deriveDedupeKey(
	event: string,
	data: FormObject,
	pairs: Array<[string, string]>,
): string {
	const ids = ID_BLOCKS.flatMap((name) => {
		const value = data[name];
		const id = isPlainObject(value) ? firstText(value.id) : null;
		return id ? [`${name}=${id}`] : [];
	});
	const content = pairs
		.filter(([key]) => !ENVELOPE_KEYS.has(key))
		.map(([key, value]) => `${key}=${value}`)
		.sort();
	const digest = sha256Hex(JSON.stringify(content)).slice(0, 16);
	const when = firstText(data.date_time) ?? '-';
	return `activecampaign:${event}:${ids.join(',') || '-'}:${when}:${digest}`;
}

/** The item both body kinds end up as; only how the fields are found differs between them. */
function itemFrom(
	data: FormObject,
	event: string,
	dateTime: string | null,
	dedupeKey: string,
	receivedAt: string,
	parseIssues: string[] = [],
): ActiveCampaignItem {
	const definition = findEvent(activeCampaignEvents, event);
	return {
		event,
		category: definition?.category ?? UNCATALOGUED,
		occurredAt: occurredAt(dateTime),
		dateTime,
		initiatedFrom: firstText(data.initiated_from),
		initiatedBy: firstText(data.initiated_by),
		listIds: listIdsOf(data),
		data,
		dedupeKey,
		validation: mergeValidation(
			parseIssues.length > 0 ? invalid(...parseIssues) : { valid: true, issues: [] },
			definition
				? validateAgainst(definition.schema, data)
				: invalid(`Event type "${event}" is not in the ActiveCampaign catalogue`),
		),
		receivedAt,
	};
}

function formItem(raw: Buffer, receivedAt: string): ActiveCampaignItem {
	const parsed = parseFormBody(raw);
	const data = normalise(parsed.value);
	const event = firstText(data.type) ?? UNKNOWN_EVENT;
	const dedupeKey = deriveDedupeKey(event, data, parsed.pairs);
	return itemFrom(data, event, firstText(data.date_time), dedupeKey, receivedAt, parsed.issues);
}

/** Custom-object webhooks are documented with JSON bodies that name their event in `eventType`. */
function jsonItem(text: string, receivedAt: string): ActiveCampaignItem | undefined {
	const parsed = parseJson(text);
	if (!parsed.ok || !isPlainObject(parsed.value)) return undefined;
	const data = parsed.value as FormObject;
	const event = firstText(data.eventType) ?? firstText(data.type) ?? UNKNOWN_EVENT;
	const dateTime = firstText(data.date_time) ?? firstText(data.updatedTimestamp);
	const dedupeKey = `activecampaign:${event}:${firstText(data.id) ?? '-'}:${dateTime ?? '-'}:${sha256Hex(text).slice(0, 16)}`;
	return itemFrom(data, event, dateTime, dedupeKey, receivedAt);
}

/**
 * Authenticates one ActiveCampaign delivery (see auth.ts) and turns it into an item. Pure: no n8n,
 * no clock, no I/O. Form bodies are nested (`contact[fields][0][value]`), JSON bodies taken as sent.
 */
export function processDelivery(
	delivery: IncomingDelivery,
	config: ActiveCampaignDeliveryConfig,
	now: number,
): DeliveryOutcome<ActiveCampaignItem> {
	const verdict = authenticate(delivery.query, config.token);
	if (!verdict.ok) return verdict;
	if (delivery.rawBody.length === 0) return rejection(400, 'Empty body', 'body-empty');
	const receivedAt = new Date(now).toISOString();
	if (isJsonMediaType(mediaType(delivery.contentType))) {
		const text = decodeUtf8(delivery.rawBody);
		const item = text === undefined ? undefined : jsonItem(text, receivedAt);
		if (item) return { ok: true, item };
	}
	// Whatever the declared type, an authenticated body is read as a form rather than dropped.
	return { ok: true, item: formItem(delivery.rawBody, receivedAt) };
}
