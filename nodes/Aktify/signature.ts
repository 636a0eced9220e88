import { hmacSha256Hex, safeEqual } from '../shared/crypto';

/**
 * The `aktify-signature` header: `t=<unix ms>,v1=<hex>` for legacy events, `t=<unix ms>,v2=<hex>`
 * for v2 events. v1 signs the JSON body; v2 signs `${t}.${body}`, so only v2 binds the timestamp.
 */
export const SIGNATURE_HEADER = 'aktify-signature';

export type SignatureScheme = 'v1' | 'v2';

export interface ParsedSignature {
	timestamp: string;
	scheme: SignatureScheme;
	signature: string;
}

export type HeaderParse = { ok: true; value: ParsedSignature } | { ok: false; reason: string };

const TIMESTAMP = /^\d{1,16}$/;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;

export function parseSignatureHeader(header: string): HeaderParse {
	const fields = new Map<string, string>();
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator <= 0) return { ok: false, reason: 'Malformed aktify-signature header' };
		const key = part.slice(0, separator).trim();
		if (fields.has(key)) return { ok: false, reason: `Duplicated "${key}" in aktify-signature header` };
		fields.set(key, part.slice(separator + 1).trim());
	}
	const timestamp = fields.get('t');
	if (timestamp === undefined || !TIMESTAMP.test(timestamp)) {
		return { ok: false, reason: 'aktify-signature header has no valid timestamp' };
	}
	const schemes = (['v1', 'v2'] as const).filter((scheme) => fields.has(scheme));
	if (schemes.length !== 1) {
		return { ok: false, reason: 'aktify-signature header must carry exactly one of v1 or v2' };
	}
	const scheme = schemes[0];
	const signature = fields.get(scheme) as string;
	if (!HEX_DIGEST.test(signature)) return { ok: false, reason: 'Malformed signature in aktify-signature header' };
	return { ok: true, value: { timestamp, scheme, signature: signature.toLowerCase() } };
}

export function signedMessage(scheme: SignatureScheme, timestamp: string, body: string): string {
	return scheme === 'v2' ? `${timestamp}.${body}` : body;
}

/** Builds a header value the way Aktify does; used by the simulator, the fake senders and tests. */
export function signAktifyBody(secret: string, body: string, scheme: SignatureScheme, timestampMs: number): string {
	const timestamp = String(timestampMs);
	return `t=${timestamp},${scheme}=${hmacSha256Hex(secret, signedMessage(scheme, timestamp, body))}`;
}

export interface VerifyInput {
	header: string;
	/** The request body as received. */
	rawBody: string;
	/** The parsed body, for the documented `JSON.stringify(body)` fallback; undefined when not JSON. */
	parsedBody: unknown;
	/** Current secret first, then a previous one during rotation. */
	secrets: readonly string[];
	/** Allowed distance between `t` and now, both directions; 0 disables the check. */
	toleranceMs: number;
	now: number;
}

export type VerifyOutcome =
	| { ok: true; scheme: SignatureScheme; timestamp: number; secretIndex: number }
	| { ok: false; reason: string };

export function verifyAktifySignature(input: VerifyInput): VerifyOutcome {
	const secrets = input.secrets.filter((secret) => secret !== '');
	if (secrets.length === 0) return { ok: false, reason: 'No client secret is configured' };
	const parsed = parseSignatureHeader(input.header);
	if (!parsed.ok) return parsed;
	const { scheme, timestamp, signature } = parsed.value;
	const timestampMs = Number(timestamp);
	if (input.toleranceMs > 0 && Math.abs(input.now - timestampMs) > input.toleranceMs) {
		return { ok: false, reason: 'Signature timestamp is outside the allowed window' };
	}
	const candidates = [input.rawBody];
	if (input.parsedBody !== undefined) {
		const reserialized = JSON.stringify(input.parsedBody);
		if (reserialized !== input.rawBody) candidates.push(reserialized);
	}
	for (let index = 0; index < secrets.length; index++) {
		for (const body of candidates) {
			const expected = hmacSha256Hex(secrets[index], signedMessage(scheme, timestamp, body));
			if (safeEqual(expected, signature)) return { ok: true, scheme, timestamp: timestampMs, secretIndex: index };
		}
	}
	return { ok: false, reason: 'Signature does not match' };
}
