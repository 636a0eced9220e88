import { bodyVariants } from './bodyVariants';
import { type RejectionEvidence, type SecretSlot } from './causes';

/**
 * Explains a rejected HMAC signature by trying the mistakes people make: another configured secret,
 * a re-encoded body, whitespace around the pasted secret, the other signing scheme. It runs only
 * after a delivery was rejected and only to describe it; whatever it finds, the delivery stays
 * rejected. The result says which field or body form matched, never a secret or a digest.
 */

export interface SignatureDiagnosisInput {
	/** Configured secrets by the name of their field; empty ones are skipped. */
	secrets: Array<{ slot: SecretSlot; secret: string }>;
	raw: Buffer;
	/** The parsed body, when it is JSON. */
	parsed: unknown;
	/** Whether the presented signature is the one `secret` gives over `body`. */
	matches: (secret: string, body: string | Buffer) => boolean;
	/** The same check done the other signature scheme's way, when the platform has two. */
	otherScheme?: { name: 'v1' | 'v2'; matches: (secret: string, body: string | Buffer) => boolean };
}

export type SignatureDiagnosis = Pick<
	RejectionEvidence,
	| 'signatureValidWith'
	| 'signatureBody'
	| 'secretWhitespace'
	| 'schemeComputedAs'
	| 'signatureChecked'
>;

/**
 * The diagnosis, or nothing when it cannot be made: it only refines a hint, so whatever a hostile
 * body does to it (see `bodyVariants`) must not stop the rejection from being answered and logged.
 */
export function diagnoseSignature(input: SignatureDiagnosisInput): SignatureDiagnosis {
	try {
		return trySecretsAndForms(input);
	} catch {
		return {};
	}
}

function trySecretsAndForms(input: SignatureDiagnosisInput): SignatureDiagnosis {
	const secrets = input.secrets.filter(({ secret }) => secret.trim() !== '');
	for (const { slot, secret } of secrets) {
		if (input.matches(secret, input.raw)) return { signatureValidWith: slot };
	}
	const variants = bodyVariants(input.raw, input.parsed);
	for (const { slot, secret } of secrets) {
		for (const [variant, body] of variants) {
			if (input.matches(secret, body)) return { signatureValidWith: slot, signatureBody: variant };
		}
	}
	for (const { secret } of secrets) {
		const trimmed = secret.trim();
		if (trimmed !== secret && trimmed !== '' && input.matches(trimmed, input.raw)) {
			return { secretWhitespace: true };
		}
	}
	if (input.otherScheme) {
		for (const { slot, secret } of secrets) {
			if (input.otherScheme.matches(secret, input.raw)) {
				return { signatureValidWith: slot, schemeComputedAs: input.otherScheme.name };
			}
		}
	}
	return { signatureChecked: true };
}
