import { isPlainObject, nonEmptyText, readJsonObject } from '../shared/pipeline/body';
import { findEvent, UNCATALOGUED, UNKNOWN_EVENT } from '../shared/catalogue/definitions';
import { sha256Hex } from '../shared/auth/crypto';
import type { DeliveryOutcome, IncomingDelivery } from '../shared/pipeline/incoming';
import {
	invalid,
	mergeValidation,
	validateAgainst,
	type ValidationResult,
} from '../shared/catalogue/validation';
import { envelopeSchema, leadterraEvents } from './events';
import { authenticate, type LeadterraAuthentication } from './auth';
import type { LeadterraDeliveryConfig } from './types';

interface LeadterraItem {
	[key: string]: unknown;
	event: string;
	category: string;
	timestamp: string | null;
	webhookId: string | null;
	data: unknown;
	dedupeKey: string;
	validation: ValidationResult;
	authentication: LeadterraAuthentication;
	receivedAt: string;
}

/**
 * The same for every retry of one event. Leadterra tells receivers to key on the reply id or the
 * message id; other events fall back to a hash of the body, which a retry repeats byte for byte.
 */
function leadterraDedupeKey(event: string, data: unknown, body: string | Buffer): string {
	const replyId =
		isPlainObject(data) && isPlainObject(data.reply) ? nonEmptyText(data.reply.id) : null;
	if (replyId) return `leadterra:${event}:reply:${replyId}`;
	const messageId = isPlainObject(data) ? nonEmptyText(data.messageId) : null;
	if (messageId) return `leadterra:${event}:message:${messageId}`;
	return `leadterra:${event}:${sha256Hex(body).slice(0, 32)}`;
}

/**
 * Authenticates one Leadterra delivery and turns it into an item. Pure: no n8n, no clock, no I/O.
 * Authentication is strict (nothing unauthenticated gets through); parsing is lenient (an
 * authenticated event that fails its schema is still emitted, flagged in `validation`).
 */
export function processDelivery(
	delivery: IncomingDelivery,
	config: LeadterraDeliveryConfig,
	now: number,
): DeliveryOutcome<LeadterraItem> {
	const auth = authenticate(delivery, config);
	if (!auth.ok) return auth;
	const read = readJsonObject(delivery.rawBody);
	if (!read.ok) return read;

	const body = read.value;
	const event = nonEmptyText(body.event) ?? UNKNOWN_EVENT;
	const definition = findEvent(leadterraEvents, event);
	const data = body.data ?? null;
	const validation = mergeValidation(
		validateAgainst(envelopeSchema, body),
		definition
			? validateAgainst(definition.schema, data)
			: invalid(`Event "${event}" is not in the Leadterra catalogue`),
	);
	return {
		ok: true,
		item: {
			event,
			category: definition?.category ?? UNCATALOGUED,
			timestamp: nonEmptyText(body.timestamp),
			webhookId: nonEmptyText(body.webhookId),
			data,
			dedupeKey: leadterraDedupeKey(event, data, delivery.rawBody),
			validation,
			authentication: auth.how,
			receivedAt: new Date(now).toISOString(),
		},
	};
}
