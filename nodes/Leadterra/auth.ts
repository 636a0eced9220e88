import { hmacSha256Hex, safeEqual } from '../shared/crypto';

/**
 * `X-Leadterra-Signature`: HMAC-SHA256 of the raw request body, keyed with the webhook's signing
 * secret, as lowercase hex. The docs do not mention a `sha256=` prefix; one is tolerated in case
 * Leadterra (or a proxy) adds it. No timestamp is signed, so signatures give no replay protection.
 */
export const SIGNATURE_HEADER = 'x-leadterra-signature';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** Builds a header value the way Leadterra does; used by the fake platform and the tests. */
export function signLeadterraBody(secret: string, body: string | Buffer): string {
	return hmacSha256Hex(secret, body);
}

/** The hex digest of a header value, or undefined when it is not one. */
export function parseSignature(header: string): string | undefined {
	const value = header
		.trim()
		.replace(/^sha256=/i, '')
		.toLowerCase();
	return HEX_DIGEST.test(value) ? value : undefined;
}

export type SignatureOutcome = { ok: true; secretIndex: number } | { ok: false; reason: string };

export function verifyLeadterraSignature(
	header: string | undefined,
	rawBody: Buffer,
	secrets: readonly string[],
): SignatureOutcome {
	const usable = secrets.filter((secret) => secret !== '');
	if (usable.length === 0) return { ok: false, reason: 'No signing secret is configured' };
	if (header === undefined || header.trim() === '')
		return { ok: false, reason: 'Missing X-Leadterra-Signature header' };
	const signature = parseSignature(header);
	if (signature === undefined)
		return { ok: false, reason: 'Malformed X-Leadterra-Signature header' };
	// Every secret is tried even after a match, so the time taken does not say which one matched.
	let matched = -1;
	usable.forEach((secret, index) => {
		if (safeEqual(hmacSha256Hex(secret, rawBody), signature) && matched < 0) matched = index;
	});
	return matched >= 0
		? { ok: true, secretIndex: matched }
		: { ok: false, reason: 'Signature does not match' };
}
