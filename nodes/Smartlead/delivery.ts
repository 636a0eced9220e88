import { nonEmptyText, readJsonObject, readPath } from '../shared/pipeline/body';
import { findEvent, UNCATALOGUED, UNKNOWN_EVENT } from '../shared/catalogue/definitions';
import { sha256Hex } from '../shared/auth/crypto';
import type { DeliveryOutcome, IncomingDelivery } from '../shared/pipeline/incoming';
import { redact } from '../shared/registration/errorText';
import { invalid, validateAgainst, type ValidationResult } from '../shared/catalogue/validation';
import { EVENT_ALIASES, smartleadEvents } from './events';
import { checkSecretKey, authenticate } from './auth';
import { idValue, leadEmailOf, normaliseEventName, normalisePayload } from './normalize';
import { REDACTED } from '../shared/diagnostics/redaction';

export interface SmartleadDeliveryConfig {
	/** The token registered with SmartLead; undefined when the trigger never registered a webhook. */
	token: string | undefined;
	/** When set, the payload's `secret_key` must equal it. */
	secretKey?: string;
}

export interface SmartleadItem {
	[key: string]: unknown;
	event: string;
	category: string;
	eventTime: string | null;
	campaignId: number | string | null;
	campaignName: string | null;
	clientId: number | string | null;
	leadEmail: string | null;
	webhookId: number | string | null;
	/** The payload with current field names filled from deprecated ones; the originals are kept too. */
	data: Record<string, unknown>;
	/** Which current fields were filled from which deprecated ones. */
	normalized: string[];
	dedupeKey: string;
	validation: ValidationResult;
	receivedAt: string;
}

function part(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value !== '') return value;
	return undefined;
}

/**
 * SmartLead payloads carry no event id, so the key is built from the ids that stay the same on a
 * retry of each event (the message's stats_id, the reply's message id, the lead and campaign). When one of them is missing, the whole body is hashed instead, which still
 * matches a retry of the identical body.
 */
export function smartleadDedupeKey(
	event: string,
	data: Record<string, unknown>,
	rawBody: string,
): string {
	const read = (path: string) => part(readPath(data, path));
	let parts: Array<string | undefined>;
	switch (event) {
		case 'EMAIL_SENT':
		case 'FIRST_EMAIL_SENT':
		case 'EMAIL_BOUNCE':
			parts = [read('stats_id')];
			break;
		case 'EMAIL_OPEN':
		case 'EMAIL_LINK_CLICK':
			parts = [read('stats_id'), read('event_timestamp')];
			break;
		case 'EMAIL_REPLY':
		case 'UNTRACKED_REPLIES':
			parts = [read('reply_message.message_id') ?? read('message_id')];
			break;
		case 'LEAD_CATEGORY_UPDATED':
			parts = [
				read('lead_id') ?? read('to_email'),
				read('campaign_id'),
				read('lead_category.new_id') ?? read('lead_category.new_name'),
				read('event_timestamp'),
			];
			break;
		case 'LEAD_UNSUBSCRIBED':
			parts = [read('campaign_id'), read('to_email')];
			break;
		case 'CAMPAIGN_STATUS_CHANGED':
			parts = [read('campaign_id'), read('previous_status'), read('current_status')];
			break;
		case 'MANUAL_STEP_REACHED':
			parts = [
				read('campaign_id'),
				read('lead_id') ?? read('to_email'),
				read('current_sequence_number'),
			];
			break;
		default:
			parts = [];
	}
	const stable = parts.length > 0 && parts.every((value) => value !== undefined);
	const material = stable ? `ids:${parts.join('|')}` : `body:${rawBody}`;
	return `smartlead:${event}:${sha256Hex(material).slice(0, 32)}`;
}

/**
 * `secret_key` authenticates deliveries, and `webhook_url` echoes the registered URL with its token:
 * neither may reach execution data, where anyone who can read executions would see them.
 */
function hideSecrets(data: Record<string, unknown>): void {
	if (typeof data.secret_key === 'string' && data.secret_key !== '') data.secret_key = REDACTED;
	if (typeof data.webhook_url === 'string') data.webhook_url = redact(data.webhook_url, []);
}

function buildItem(
	body: Record<string, unknown>,
	rawBody: string,
	receivedAt: string,
): SmartleadItem {
	const named =
		normaliseEventName(body.event_type, EVENT_ALIASES) ??
		normaliseEventName(body.event, EVENT_ALIASES);
	const event = named ?? UNKNOWN_EVENT;
	const definition = findEvent(smartleadEvents, event);
	const { data, filled } = normalisePayload(body, event);
	hideSecrets(data);
	const validation: ValidationResult = definition
		? validateAgainst(definition.schema, { ...data, event_type: event })
		: invalid(
				named
					? `Event type "${named}" is not in the SmartLead catalogue`
					: 'Payload has no event_type',
			);
	if (named && named !== body.event_type)
		validation.issues.push(
			`event_type: "${String(body.event_type ?? body.event)}" read as "${event}"`,
		);
	return {
		event,
		category: definition?.category ?? UNCATALOGUED,
		eventTime: nonEmptyText(data.event_timestamp),
		campaignId: idValue(data.campaign_id),
		campaignName: nonEmptyText(data.campaign_name),
		clientId: idValue(data.client_id),
		leadEmail: leadEmailOf(data, event),
		webhookId: idValue(data.webhook_id),
		data,
		normalized: filled,
		dedupeKey: smartleadDedupeKey(event, data, rawBody),
		validation,
		receivedAt,
	};
}

/**
 * Authenticates one SmartLead delivery and turns it into an item. Pure: no n8n, no clock, no I/O.
 * Authentication is strict; parsing is lenient (an authenticated payload that fails its schema is
 * still emitted, flagged in `validation`).
 */
export function processDelivery(
	delivery: IncomingDelivery,
	config: SmartleadDeliveryConfig,
	now: number,
): DeliveryOutcome<SmartleadItem> {
	const auth = authenticate(delivery.query, config.token);
	if (!auth.ok) return auth;
	const read = readJsonObject(delivery.rawBody);
	if (!read.ok) return read;
	const body = read.value;
	if (config.secretKey) {
		const secret = checkSecretKey(body, config.secretKey);
		if (!secret.ok) return secret;
	}
	return { ok: true, item: buildItem(body, read.text, new Date(now).toISOString()) };
}
