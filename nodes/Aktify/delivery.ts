import {
	decodeUtf8,
	isJsonMediaType,
	isPlainObject,
	mediaType,
	parseJson,
	readPath,
	startsWithByteOrderMark,
} from '../shared/pipeline/body';
import { findEvent, UNCATALOGUED, UNKNOWN_EVENT } from '../shared/catalogue/definitions';
import { sha256Hex } from '../shared/auth/crypto';
import { checkCustomAuth, isConfigured, type CustomAuthConfig } from '../shared/auth/customAuth';
import {
	singleHeader,
	type DeliveryOutcome,
	type IncomingDelivery,
} from '../shared/pipeline/incoming';
import type { RejectionEvidence } from '../shared/diagnostics/causes';
import { rejection } from '../shared/result';
import {
	invalid,
	mergeValidation,
	validateAgainst,
	type ValidationResult,
} from '../shared/catalogue/validation';
import { aktifyEvents, v1EnvelopeSchema, v2EnvelopeSchema } from './events';
import { SIGNATURE_HEADER, authenticate, type SignatureScheme } from './auth';

export interface AktifyDeliveryConfig {
	/** Current client secret first, then the previous one while a rotation is in progress. */
	secrets: string[];
	/** How unsigned (custom payload) requests authenticate; `none` rejects them. */
	customAuth: CustomAuthConfig;
	/** Signature timestamp window in milliseconds, both directions; 0 turns the check off. */
	toleranceMs: number;
	/** Where a custom payload names its event, tried in order (dotted paths allowed). */
	eventFields: string[];
}

type AktifyVersion = 'v1' | 'v2' | 'custom';

export interface AktifyItem {
	[key: string]: unknown;
	event: string;
	version: AktifyVersion;
	category: string;
	apiVersion: string | null;
	campaignId: string | null;
	eventTime: string | null;
	data: unknown;
	customData?: Record<string, unknown>;
	dedupeKey: string;
	validation: ValidationResult;
	authentication: string;
	receivedAt: string;
}

function text(value: unknown): string | null {
	return typeof value === 'string' ? value : null;
}

/**
 * Keyed on what the signature was verified over: a retry repeats it byte for byte, and it is
 * `JSON.stringify` of the event for what Aktify signs, so no re-serialisation is needed here. The
 * received bytes hash to the same key as their text, without encoding the text again.
 */
function dedupeKey(version: AktifyVersion, event: string, signed: string | Buffer): string {
	return `aktify:${version}:${event}:${sha256Hex(signed).slice(0, 32)}`;
}

function signedItem(
	body: Record<string, unknown>,
	scheme: SignatureScheme,
	receivedAt: string,
	signed: string | Buffer,
): AktifyItem {
	const authentication = `signature-${scheme}`;
	if (isPlainObject(body.metadata)) {
		const metadata = body.metadata;
		const event = text(metadata.eventType) ?? UNKNOWN_EVENT;
		const definition = findEvent(aktifyEvents, event, 'v2');
		const validation = mergeValidation(
			validateAgainst(v2EnvelopeSchema, body),
			definition
				? validateAgainst(definition.schema, body.data)
				: invalid(`Event type "${event}" is not in the Aktify v2 catalogue`),
			scheme === 'v2' ? { valid: true, issues: [] } : invalid('v2 body signed with the v1 scheme'),
		);
		return {
			event,
			version: 'v2',
			category: definition?.category ?? UNCATALOGUED,
			apiVersion: text(metadata.apiVersion),
			campaignId: text(metadata.campaignId),
			eventTime: text(metadata.eventTime),
			data: body.data ?? null,
			dedupeKey: dedupeKey('v2', event, signed),
			validation,
			authentication,
			receivedAt,
		};
	}
	const event = text(body.type) ?? UNKNOWN_EVENT;
	const definition = findEvent(aktifyEvents, event, 'v1');
	const looksV1 = typeof body.type === 'string';
	const validation = mergeValidation(
		looksV1
			? validateAgainst(v1EnvelopeSchema, body)
			: invalid('Body is neither a v1 nor a v2 Aktify envelope'),
		definition
			? validateAgainst(definition.schema, body.data)
			: invalid(`Event type "${event}" is not in the Aktify v1 catalogue`),
	);
	const data = isPlainObject(body.data) ? body.data : (body.data ?? null);
	const item: AktifyItem = {
		event,
		version: looksV1 ? 'v1' : scheme,
		category: definition?.category ?? UNCATALOGUED,
		apiVersion: text(body.apiVersion),
		campaignId: isPlainObject(data) ? text(data.campaignId) : null,
		eventTime: null,
		data,
		dedupeKey: dedupeKey(looksV1 ? 'v1' : scheme, event, signed),
		validation,
		authentication,
		receivedAt,
	};
	if (isPlainObject(body.customData)) item.customData = body.customData;
	return item;
}

function parseCustomBody(raw: string, contentType: string): unknown {
	if (raw === '') return '';
	if (isJsonMediaType(contentType) || /^\s*[[{]/.test(raw)) {
		const parsed = parseJson(raw);
		// Aktify injects template values without escaping, so a broken JSON body is kept as text.
		return parsed.ok ? parsed.value : raw;
	}
	if (contentType === 'application/x-www-form-urlencoded')
		return Object.fromEntries(new URLSearchParams(raw));
	return raw;
}

function customItem(
	body: unknown,
	raw: string,
	config: AktifyDeliveryConfig,
	authentication: string,
	receivedAt: string,
): AktifyItem {
	const named = config.eventFields
		.map((field) => readPath(body, field))
		.find((value) => typeof value === 'string');
	const event = (named as string | undefined) ?? UNKNOWN_EVENT;
	const definition = findEvent(aktifyEvents, event, 'v2');
	return {
		event,
		version: 'custom',
		category: definition?.category ?? UNCATALOGUED,
		apiVersion: null,
		campaignId: text(readPath(body, 'campaignId')),
		eventTime: text(readPath(body, 'eventTime')),
		data: body,
		dedupeKey: dedupeKey('custom', event, raw),
		// A custom payload follows the user's own template, so there is no schema to hold it to.
		validation: definition
			? { valid: true, issues: [] }
			: invalid(`No Aktify event name found in ${config.eventFields.join(' or ')}`),
		authentication,
		receivedAt,
	};
}

/**
 * What an unsigned request shows about where it comes from: an Authorization scheme (a Custom
 * Payload with authentication the credential does not expect), or a standard event body (a proxy
 * that dropped the signature header).
 */
function unsignedEvidence(delivery: IncomingDelivery, raw: string | undefined): RejectionEvidence {
	const authorization = singleHeader(delivery.headers.authorization);
	const scheme =
		typeof authorization === 'string' ? /^\s*([A-Za-z]+)\s/.exec(authorization)?.[1] : undefined;
	const parsed = raw === undefined ? undefined : parseJson(raw);
	const body = parsed?.ok && isPlainObject(parsed.value) ? parsed.value : undefined;
	const looksSigned =
		body !== undefined &&
		((isPlainObject(body.metadata) && typeof body.metadata.eventType === 'string') ||
			(typeof body.type === 'string' && isPlainObject(body.data)));
	return {
		header: SIGNATURE_HEADER,
		...(scheme ? { authorizationScheme: scheme } : {}),
		looksSigned,
	};
}

/**
 * Authenticates one Aktify delivery and turns it into an item. Pure: no n8n, no clock, no I/O.
 * Authentication is strict (nothing unauthenticated gets through); parsing is lenient (an
 * authenticated event that fails its schema is still emitted, flagged in `validation`).
 */
export function processDelivery(
	delivery: IncomingDelivery,
	config: AktifyDeliveryConfig,
	now: number,
): DeliveryOutcome<AktifyItem> {
	const receivedAt = new Date(now).toISOString();
	const header = singleHeader(delivery.headers[SIGNATURE_HEADER]);
	if (Array.isArray(header)) {
		return rejection(401, 'More than one aktify-signature header', 'signature-repeated', {
			header: SIGNATURE_HEADER,
		});
	}
	const raw = decodeUtf8(delivery.rawBody);

	if (header === undefined) {
		if (!isConfigured(config.customAuth)) {
			return rejection(
				401,
				'Missing aktify-signature header',
				'signature-missing',
				unsignedEvidence(delivery, raw),
			);
		}
		const auth = checkCustomAuth(config.customAuth, delivery.headers);
		if (!auth.ok) return auth;
		if (raw === undefined) return rejection(400, 'Body is not valid UTF-8', 'body-not-utf8');
		const body = parseCustomBody(raw, mediaType(delivery.contentType));
		return {
			ok: true,
			item: customItem(body, raw, config, config.customAuth.type, receivedAt),
		};
	}

	const parsed = raw === undefined ? undefined : parseJson(raw);
	const verified = authenticate({
		header,
		rawBody: delivery.rawBody,
		parsedBody: parsed?.ok ? parsed.value : undefined,
		secrets: config.secrets,
		toleranceMs: config.toleranceMs,
		now,
	});
	if (!verified.ok) return verified;
	if (delivery.rawBody.length === 0) return rejection(400, 'Empty body', 'body-empty');
	if (raw === undefined) return rejection(400, 'Body is not valid UTF-8', 'body-not-utf8');
	if (!parsed?.ok) return rejection(400, 'Body is not valid JSON', 'body-not-json');
	if (!isPlainObject(parsed.value)) {
		return rejection(400, 'Body is not a JSON object', 'body-not-object');
	}
	return {
		ok: true,
		// Strict UTF-8 decoding drops a leading byte order mark, so only then do bytes and text differ.
		item: signedItem(
			parsed.value,
			verified.scheme,
			receivedAt,
			verified.reserialized ?? (startsWithByteOrderMark(delivery.rawBody) ? raw : delivery.rawBody),
		),
	};
}
