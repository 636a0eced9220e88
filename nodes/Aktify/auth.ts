import { createHmac, timingSafeEqual } from 'crypto';

import { hmacSha256Hex } from '../shared/auth/crypto';
import { deeperThan, MAX_RESERIALISE_DEPTH } from '../shared/pipeline/depth';
import type { RejectionEvidence } from '../shared/diagnostics/causes';
import { rejection, type Result } from '../shared/result';
import { diagnoseSignature } from '../shared/diagnostics/signatureDiagnosis';

/**
 * The `aktify-signature` header: `t=<unix ms>,v1=<hex>` for legacy events, `t=<unix ms>,v2=<hex>`
 * for v2 events. v1 signs the JSON body; v2 signs `${t}.${body}`, so only v2 binds the timestamp.
 */
export const SIGNATURE_HEADER = 'aktify-signature';

export type SignatureScheme = 'v1' | 'v2';

interface ParsedSignature {
	timestamp: string;
	scheme: SignatureScheme;
	signature: string;
}

const TIMESTAMP = /^\d{1,16}$/;
const KNOWN_KEYS = new Set(['t', 'v1', 'v2']);
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

/** The header as Aktify sends it: a timestamp, then one lowercase signature, nothing else. */
const USUAL_HEADER = /^t=(\d{1,16}),(v[12])=([0-9a-f]{64})$/;

export function parseSignatureHeader(header: string): Result<{ value: ParsedSignature }> {
	// One regular expression instead of the general parser for the form every delivery has; the
	// general parser gives the same answer for it (unit test) and explains any other form.
	const usual = USUAL_HEADER.exec(header);
	if (usual !== null) {
		const scheme = usual[2] as SignatureScheme;
		return { ok: true, value: { timestamp: usual[1], scheme, signature: usual[3] } };
	}
	return parseAnySignatureHeader(header);
}

/** Any `key=value` list: spaces, order, upper-case hex; says precisely what is wrong with it. */
export function parseAnySignatureHeader(header: string): Result<{ value: ParsedSignature }> {
	const fields = new Map<string, string>();
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator <= 0)
			return malformed('Malformed aktify-signature header', 'not key=value pairs');
		const key = part.slice(0, separator).trim();
		if (fields.has(key)) {
			// The reason is sent back and logged, so it never repeats what the sender wrote; only a
			// key of the format is named in the detail.
			const named = KNOWN_KEYS.has(key) ? `"${key}"` : 'a key';
			return malformed('Duplicated key in aktify-signature header', `${named} given twice`);
		}
		fields.set(key, part.slice(separator + 1).trim());
	}
	const timestamp = fields.get('t');
	if (timestamp === undefined || !TIMESTAMP.test(timestamp)) {
		return malformed('aktify-signature header has no valid timestamp', 'no valid t=');
	}
	const schemes = (['v1', 'v2'] as const).filter((scheme) => fields.has(scheme));
	if (schemes.length !== 1) {
		return malformed(
			'aktify-signature header must carry exactly one of v1 or v2',
			'not exactly one of v1= or v2=',
		);
	}
	const scheme = schemes[0];
	const signature = fields.get(scheme) as string;
	if (!HEX_DIGEST.test(signature))
		return malformed(
			'Malformed signature in aktify-signature header',
			'signature is not 64 hex digits',
		);
	return { ok: true, value: { timestamp, scheme, signature: signature.toLowerCase() } };
}

function malformed(reason: string, detail: string) {
	return rejection(401, reason, 'signature-malformed', { header: SIGNATURE_HEADER, detail });
}

/** The parts Aktify signs, in order: `${t}.` then the body for v2; the body alone for v1. */
function signedParts(
	scheme: SignatureScheme,
	timestamp: string,
	body: string | Buffer,
): Array<string | Buffer> {
	return scheme === 'v2' ? [`${timestamp}.`, body] : [body];
}

/** Builds a header value the way Aktify does; used by the simulator, the fake senders and tests. */
export function signAktifyBody(
	secret: string,
	body: string | Buffer,
	scheme: SignatureScheme,
	timestampMs: number,
): string {
	const timestamp = String(timestampMs);
	return `t=${timestamp},${scheme}=${hmacSha256Hex(secret, ...signedParts(scheme, timestamp, body))}`;
}

/** The window used when none (or no usable one) is configured: 5 minutes. */
export const DEFAULT_TOLERANCE_MS = 300_000;

/** A configured window as a usable one: 0 turns the check off; NaN, negative or infinite do not. */
export function usableTolerance(toleranceMs: unknown): number {
	return typeof toleranceMs === 'number' && Number.isFinite(toleranceMs) && toleranceMs >= 0
		? toleranceMs
		: DEFAULT_TOLERANCE_MS;
}

/** A secret that is empty or only whitespace is no secret: it counts as not configured. */
export function isUsableSecret(secret: string): boolean {
	return secret.trim() !== '';
}

export interface VerifyInput {
	header: string;
	/** The request body as received (bytes, or text already decoded from them). */
	rawBody: string | Buffer;
	/** The parsed body, for the documented `JSON.stringify(body)` fallback; undefined when not JSON. */
	parsedBody: unknown;
	/** Current secret first, then a previous one during rotation. */
	secrets: readonly string[];
	/**
	 * Allowed distance between `t` and now, both directions; 0 disables the check. Anything that
	 * is not a finite number of at least 0 counts as `DEFAULT_TOLERANCE_MS`, never as "off".
	 */
	toleranceMs: number;
	now: number;
}

export function authenticate(input: VerifyInput): Result<{
	scheme: SignatureScheme;
	timestamp: number;
	secretIndex: number;
	/** Set when the signature matched the re-serialised body rather than the bytes received. */
	reserialized?: string;
}> {
	const secrets = input.secrets.filter(isUsableSecret);
	if (secrets.length === 0) {
		return rejection(401, 'No client secret is configured', 'secret-not-configured');
	}
	const parsed = parseSignatureHeader(input.header);
	if (!parsed.ok) return parsed;
	const { scheme, timestamp, signature } = parsed.value;
	const timestampMs = Number(timestamp);
	const toleranceMs = usableTolerance(input.toleranceMs);
	if (toleranceMs > 0 && Math.abs(input.now - timestampMs) > toleranceMs) {
		return rejection(
			401,
			'Signature timestamp is outside the allowed window',
			'timestamp-out-of-window',
			{
				header: SIGNATURE_HEADER,
				scheme,
				timestampMs,
				receivedAtMs: input.now,
				toleranceMs,
			},
			() => diagnose(input, parsed.value),
		);
	}
	const given = Buffer.from(signature, 'hex');
	// The re-serialised body is only needed when the raw body does not match, so the extra
	// JSON.stringify is paid only by deliveries that need the documented fallback.
	let reserialized: string | null | undefined;
	for (let index = 0; index < secrets.length; index++) {
		if (digestMatches(secrets[index], signedParts(scheme, timestamp, input.rawBody), given)) {
			return { ok: true, scheme, timestamp: timestampMs, secretIndex: index };
		}
		if (reserialized === undefined) reserialized = reserializedBody(input);
		if (
			reserialized !== null &&
			digestMatches(secrets[index], signedParts(scheme, timestamp, reserialized), given)
		) {
			return { ok: true, scheme, timestamp: timestampMs, secretIndex: index, reserialized };
		}
	}
	return rejection(
		401,
		'Signature does not match',
		'signature-mismatch',
		{ header: SIGNATURE_HEADER, scheme },
		() => diagnose(input, parsed.value),
	);
}

/**
 * Why a signature failed, for the hint: with which configured secret, over which form of the body
 * and by which scheme it would have matched. Runs only for a rejected delivery that is being shown.
 */
function diagnose(input: VerifyInput, header: ParsedSignature): RejectionEvidence {
	const given = Buffer.from(header.signature, 'hex');
	const other: SignatureScheme = header.scheme === 'v2' ? 'v1' : 'v2';
	const raw = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody);
	const slots = ['client-secret', 'previous-client-secret'] as const;
	return diagnoseSignature({
		// Secrets in the configured order: the Client Secret, then the Previous Client Secret.
		secrets: input.secrets
			.filter(isUsableSecret)
			.slice(0, 2)
			.map((secret, index) => ({ slot: slots[index], secret })),
		raw,
		parsed: input.parsedBody,
		matches: (secret, body) =>
			digestMatches(secret, signedParts(header.scheme, header.timestamp, body), given),
		otherScheme: {
			name: other,
			matches: (secret, body) =>
				digestMatches(secret, signedParts(other, header.timestamp, body), given),
		},
	});
}

/**
 * Both sides are 32-byte digests (the header's hex was checked by HEX_DIGEST), so their length is
 * public and a plain constant-time compare suffices; `safeEqual`'s extra hashing, meant for secrets
 * of unknown length, cost two SHA-256 computations per delivery here.
 */
function digestMatches(secret: string, parts: Array<string | Buffer>, given: Buffer): boolean {
	const hmac = createHmac('sha256', secret);
	for (const part of parts) hmac.update(part);
	return timingSafeEqual(hmac.digest(), given);
}

/**
 * `JSON.stringify` of the parsed body when it differs from the raw bytes; null when it adds
 * nothing, or when the body cannot be re-serialised (nested so deep that `JSON.stringify`
 * overflows the stack): such a body is then checked as received only, so a forged one is still
 * answered 401, and no real Aktify event is that deep.
 */
function reserializedBody(input: VerifyInput): string | null {
	if (input.parsedBody === undefined) return null;
	let text: string;
	try {
		if (deeperThan(input.parsedBody, MAX_RESERIALISE_DEPTH)) return null;
		text = JSON.stringify(input.parsedBody);
	} catch {
		return null;
	}
	if (typeof input.rawBody === 'string') return text === input.rawBody ? null : text;
	return input.rawBody.equals(Buffer.from(text)) ? null : text;
}
