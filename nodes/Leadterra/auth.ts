import { hmacSha256Hex, safeEqual } from '../shared/auth/crypto';
import { singleHeader, type IncomingDelivery } from '../shared/pipeline/incoming';
import { looksLikeIssuedToken } from '../shared/auth/urlToken';
import { type RejectionEvidence, type SecretSlot } from '../shared/diagnostics/causes';
import { rejection, type Result } from '../shared/result';
import { diagnoseSignature } from '../shared/diagnostics/signatureDiagnosis';
import { presentedToken } from '../shared/auth/urlToken';
import type { LeadterraDeliveryConfig } from './types';

/**
 * `X-Leadterra-Signature`: HMAC-SHA256 of the raw request body, keyed with the webhook's signing
 * secret, as lowercase hex. The docs do not mention a `sha256=` prefix; one is tolerated in case
 * Leadterra (or a proxy) adds it. No timestamp is signed, so signatures give no replay protection.
 */
export const SIGNATURE_HEADER = 'x-leadterra-signature';

const HEX_DIGEST = /^[0-9a-f]{64}$/;

/** A secret that is empty or only whitespace is no secret: it counts as not configured. */
export function isUsableSecret(secret: string): boolean {
	return secret.trim() !== '';
}

export type LeadterraAuthentication = 'signature' | 'token';

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

export function verifyLeadterraSignature(
	header: string | undefined,
	rawBody: Buffer,
	secrets: readonly string[],
): Result<{ secretIndex: number }> {
	const usable = secrets.filter(isUsableSecret);
	const evidence = { header: SIGNATURE_HEADER };
	if (usable.length === 0) {
		return rejection(401, 'No signing secret is configured', 'secret-not-configured', evidence);
	}
	if (header === undefined || header.trim() === '')
		return rejection(401, 'Missing X-Leadterra-Signature header', 'signature-missing', evidence);
	const signature = parseSignature(header);
	if (signature === undefined) {
		return rejection(401, 'Malformed X-Leadterra-Signature header', 'signature-malformed', {
			...evidence,
			detail: 'not 64 hex digits, with or without sha256=',
		});
	}
	// Every secret is tried even after a match, so the time taken does not say which one matched.
	let matched = -1;
	usable.forEach((secret, index) => {
		if (safeEqual(hmacSha256Hex(secret, rawBody), signature) && matched < 0) matched = index;
	});
	return matched >= 0
		? { ok: true, secretIndex: matched }
		: rejection(401, 'Signature does not match', 'signature-mismatch', evidence, () =>
				diagnose(signature, rawBody, usable),
			);
}

/** Why a signature failed, for the hint; runs only for a rejected delivery that is being shown. */
function diagnose(signature: string, rawBody: Buffer, secrets: string[]): RejectionEvidence {
	// With two secrets they are the registration's and the credential's, in that order (config.ts).
	const slots: SecretSlot[] =
		secrets.length === 2 ? ['registration-secret', 'credential-secret'] : ['signing-secret'];
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		parsed = undefined;
	}
	return diagnoseSignature({
		secrets: secrets
			.slice(0, slots.length)
			.map((secret, index) => ({ slot: slots[index], secret })),
		raw: rawBody,
		parsed,
		matches: (secret, body) => safeEqual(hmacSha256Hex(secret, body), signature),
	});
}

/**
 * A delivery is authenticated by its signature whenever a signing secret is known; the URL token
 * counts only while none is, because Leadterra may not return a secret at registration.
 */
export function authenticate(
	delivery: IncomingDelivery,
	config: LeadterraDeliveryConfig,
): Result<{ how: LeadterraAuthentication }> {
	const secrets = config.secrets.filter(isUsableSecret);
	if (secrets.length > 0) {
		const header = singleHeader(delivery.headers[SIGNATURE_HEADER]);
		if (Array.isArray(header)) {
			return rejection(401, 'More than one X-Leadterra-Signature header', 'signature-repeated', {
				header: SIGNATURE_HEADER,
			});
		}
		const verified = verifyLeadterraSignature(header, delivery.rawBody, secrets);
		return verified.ok ? { ok: true, how: 'signature' } : verified;
	}
	if (!config.token) {
		return rejection(
			401,
			'No signing secret or URL token is known for this trigger: publish the workflow again',
			'token-not-registered',
		);
	}
	const presented = presentedToken(delivery.query);
	if (presented === undefined || presented === '')
		return rejection(401, 'Missing token in the URL', 'token-missing');
	if (Array.isArray(presented)) {
		return rejection(401, 'More than one token in the URL', 'token-repeated');
	}
	return safeEqual(config.token, presented)
		? { ok: true, how: 'token' }
		: rejection(401, 'Invalid token in the URL', 'token-invalid', {
				tokenLooksIssued: looksLikeIssuedToken(presented),
			});
}
