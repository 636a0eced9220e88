import type { ProviderSpec } from '../provider';
import {
	CAUSE_INFO,
	type BodyVariant,
	type RejectionCause,
	type RejectionEvidence,
	type SecretSlot,
} from './causes';

/**
 * The hint a user reads for one rejection, built from its evidence, in words that name the
 * platform through its spec (`ProviderSpec.diagnosis`) rather than here. Pure.
 */

/** What a hint needs to know of the platform. */
export type ProviderWording = Pick<ProviderSpec, 'displayName' | 'diagnosis'>;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration for people: "45 s", "12 min", "3 h 5 min", "2 days". */
export function formatDuration(ms: number): string {
	const abs = Math.abs(ms);
	if (abs < MINUTE) return `${Math.round(abs / SECOND)} s`;
	if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
	if (abs < DAY) {
		const hours = Math.floor(abs / HOUR);
		const minutes = Math.round((abs - hours * HOUR) / MINUTE);
		return minutes === 0 || minutes === 60
			? `${hours + (minutes === 60 ? 1 : 0)} h`
			: `${hours} h ${minutes} min`;
	}
	const days = Math.round(abs / DAY);
	return `${days} day${days === 1 ? '' : 's'}`;
}

/**
 * The unit a timestamp was probably written in, when it is not milliseconds: a value within a day of
 * now once scaled. Undefined when it reads as milliseconds or as nothing recognisable.
 */
export function timestampUnitGuess(
	timestampMs: number,
	nowMs: number,
): 'seconds' | 'microseconds' | 'nanoseconds' | undefined {
	const near = (value: number) => Math.abs(value - nowMs) <= DAY;
	if (near(timestampMs)) return undefined;
	if (near(timestampMs * 1000)) return 'seconds';
	if (near(timestampMs / 1000)) return 'microseconds';
	if (near(timestampMs / 1e6)) return 'nanoseconds';
	return undefined;
}

const SLOT_NAMES: Record<SecretSlot, string> = {
	'client-secret': 'the Client Secret',
	'previous-client-secret': 'the Previous Client Secret',
	'registration-secret': 'the signing secret from the registration',
	'credential-secret': "the credential's Signing Secret",
	'signing-secret': 'the signing secret',
};

const VARIANT_TEXT: Record<BodyVariant, string> = {
	'compact-json': 'the body re-serialised as compact JSON',
	'sorted-keys': 'the body re-serialised with its keys in another order',
	'ascii-escaped': 'the body re-serialised with non-ASCII characters as \\u escapes',
	'spaced-separators': 'the body re-serialised with spaces after `,` and `:`',
	'pretty-printed': 'the body re-serialised pretty-printed',
	'trailing-newline-added': 'the body with a line break at its end',
	'trailing-newline-removed': 'the body without the line break it ends with',
	'crlf-line-endings': 'the body with CRLF line endings',
	'lf-line-endings': 'the body with LF line endings',
};

function timestampHint(e: RejectionEvidence): string {
	const parts: string[] = [];
	if (e.timestampMs !== undefined && e.receivedAtMs !== undefined) {
		const unit = timestampUnitGuess(e.timestampMs, e.receivedAtMs);
		const skew = e.timestampMs - e.receivedAtMs;
		if (unit) {
			parts.push(
				`The timestamp t=${e.timestampMs} looks like unix ${unit}, but the signature timestamp is unix milliseconds: the sender must use milliseconds (e.g. Date.now()).`,
			);
		} else {
			const direction = skew < 0 ? 'in the past' : 'in the future';
			const tolerance =
				e.toleranceMs !== undefined ? ` (allowed: ${formatDuration(e.toleranceMs)})` : '';
			parts.push(
				`The signature timestamp is ${formatDuration(skew)} ${direction}${tolerance}.`,
				skew < 0
					? "Either the delivery was replayed or retried late, or n8n's clock runs ahead of the sender's."
					: "The sender's clock runs ahead of n8n's (or n8n's clock is behind): check both against NTP.",
			);
		}
	}
	if (e.signatureValidWith) {
		parts.push(
			`The signature itself is valid (with ${SLOT_NAMES[e.signatureValidWith]}), so only the time is wrong.`,
		);
		if (e.signatureValidWith === 'previous-client-secret') {
			parts.push(
				`${e.provider ?? 'The platform'} still signs with the old secret: the rotation is not finished there.`,
			);
		}
	} else if (e.signatureChecked) {
		parts.push('The signature does not match any configured secret either.');
	}
	return parts.join(' ');
}

function signatureMismatchHint(e: RejectionEvidence, platform?: ProviderWording): string {
	const secretName = platform?.diagnosis.secretName ?? 'the signing secret';
	if (e.secretWhitespace) {
		return `The signature matches once the spaces or line breaks around ${secretName} are removed: edit the credential and remove them.`;
	}
	if (e.schemeComputedAs) {
		return `The header says ${e.scheme ?? 'one scheme'}, but the signature was computed the ${e.schemeComputedAs} way (${e.schemeComputedAs === 'v2' ? '`${t}.${body}`' : 'the body alone'}): the sender mixes up the two schemes.`;
	}
	if (e.signatureBody) {
		const who = e.signatureValidWith ? ` with ${SLOT_NAMES[e.signatureValidWith]}` : '';
		return `The signature matches ${VARIANT_TEXT[e.signatureBody]}${who}, not the bytes n8n received: a proxy between the platform and n8n re-encodes the body. Let it pass the body through unchanged.`;
	}
	if (e.signatureChecked) {
		const which = platform?.diagnosis.secretsName ?? 'any configured secret';
		return `The signature does not match ${which}, over the body as received or re-encoded: the secret differs from the platform's (copied from another webhook, or changed there), or the body was altered.`;
	}
	return `The signature does not match: check that ${secretName} is exactly the platform's secret and that nothing alters the body on the way.`;
}

function signatureMissingHint(e: RejectionEvidence): string {
	const header = e.header ?? 'signature';
	return `No ${header} header, although a signing secret is known for this webhook: a proxy may drop it, or the request does not come from ${e.provider ?? 'the platform'}.`;
}

function tokenHint(cause: RejectionCause, e: RejectionEvidence): string {
	const mode = e.mode === 'test' ? 'Test' : 'Production';
	const other = e.mode === 'test' ? 'Production' : 'Test';
	switch (cause) {
		case 'token-missing':
			return 'The URL has no token: was the webhook URL copied without its query string (`?token=…`)? Let the trigger register the webhook, or copy the whole registered URL.';
		case 'token-invalid':
			return e.tokenLooksIssued
				? `The token has this trigger's shape but is not the current one of the ${mode} URL: it may be the ${other} URL's token, or one from an earlier publication. Publish again (or listen again) to register afresh.`
				: `The token is not one this trigger issued: the URL was edited, or the request does not come from ${e.provider ?? 'the platform'}.`;
		case 'token-stale':
			return `The token belongs to a registration that was replaced (an earlier publication or a copied workflow). It was answered 410 so ${e.provider ?? 'the platform'} switches it off; nothing to do unless it keeps coming.`;
		case 'token-repeated':
			return 'The URL carries the token parameter more than once (or in an unexpected form): use the registered URL unchanged.';
		default:
			return e.mode === 'test'
				? 'No token is known for the Test URL: stop listening and listen for a test event again, so the trigger registers it.'
				: 'No token or secret is known for this trigger: publish the workflow again so it registers its webhook.';
	}
}

/**
 * The specific hint for one rejection, as precise as its evidence allows. A platform's own hint for
 * the cause (its provider spec) comes first; the shared wording is the fallback.
 */
export function hintFor(
	cause: RejectionCause,
	evidence: RejectionEvidence = {},
	platform?: ProviderWording,
): string {
	const e = evidence;
	const own = platform?.diagnosis.hints?.[cause]?.(e);
	if (own) return own;
	switch (cause) {
		case 'method-not-allowed':
			return `The request used ${e.method ?? 'another method'}; webhooks here accept only POST.`;
		case 'multipart-not-supported':
			return 'The body was sent as multipart/form-data, which n8n parses before the trigger sees its bytes, so it cannot be verified.';
		case 'body-too-large': {
			const size = e.bodyBytes !== undefined ? ` (${Math.ceil(e.bodyBytes / 1024)} KB)` : '';
			const limit = e.limitBytes !== undefined ? ` of ${Math.round(e.limitBytes / 1024)} KB` : '';
			return `The body${size} is larger than the limit${limit}: raise Max Body Size (KB) in the trigger options if this is a genuine delivery.`;
		}
		case 'body-unreadable':
			return 'The request body could not be read: the connection was cut or the body encoding was damaged.';
		case 'body-empty':
			return 'The delivery had no body: the platform must send the event as the request body.';
		case 'body-not-utf8':
			return 'The body is not UTF-8 text: something on the way changed its character encoding.';
		case 'body-not-json':
			return 'The body is not valid JSON: check what the sender posts (a test tool may send plain text or a form).';
		case 'body-not-object':
			return 'The body is JSON but not an object: webhooks here expect one event object per request.';
		case 'processing-failed':
			return "The trigger hit an unexpected error with this delivery; n8n's log has the details.";
		case 'signature-missing':
			return signatureMissingHint(e);
		case 'signature-repeated':
			return `The ${e.header ?? 'signature'} header arrived more than once: a proxy or gateway adds its own copy.`;
		case 'signature-malformed':
			return `The ${e.header ?? 'signature'} header is malformed${e.detail ? ` (${e.detail})` : ''}: the sender builds it differently from the platform's format.`;
		case 'secret-not-configured':
			return 'No signing secret is known, so signed deliveries cannot be verified: set it in the credential.';
		case 'timestamp-out-of-window':
			return timestampHint(e);
		case 'signature-mismatch':
			return signatureMismatchHint(e, platform);
		case 'custom-auth-missing': {
			const expected =
				e.authType === 'header'
					? `${e.header ?? 'custom'} header`
					: `Authorization: ${e.authType === 'basic' ? 'Basic' : 'Bearer'} header`;
			const sent = e.authorizationScheme
				? ` It sent an Authorization: ${e.authorizationScheme} header instead: the authentication type differs between the Portal and the credential.`
				: '';
			return `The request is unsigned and carries no ${expected}, which the credential's Custom Payload Authentication requires.${sent}`;
		}
		case 'custom-auth-invalid':
			return e.credentialWhitespace
				? 'The value sent matches once the spaces or line breaks around the value in the credential are removed: edit the credential and remove them.'
				: `The ${e.authType === 'basic' ? 'username or password' : e.authType === 'header' ? `${e.header ?? 'header'} value` : 'Bearer token'} sent differs from the one in the credential's Custom Payload Authentication.`;
		case 'secret-key-missing':
			return `The payload has no \`secret_key\`, but the trigger's Secret Key is set: clear it, or check the payload comes from ${e.provider ?? 'the platform'}.`;
		case 'secret-key-invalid':
			return e.credentialWhitespace
				? "The payload's `secret_key` matches once the spaces around the trigger's Secret Key are removed: edit the trigger and remove them."
				: `The payload's \`secret_key\` differs from the trigger's Secret Key: copy the key ${e.provider ?? 'the platform'} shows for this webhook.`;
		case 'event-not-selected': {
			const selected =
				e.selectedEvents && e.selectedEvents.length > 0
					? ` This trigger listens for ${e.selectedEvents.join(', ')}.`
					: '';
			return `The delivery is the event "${e.event ?? 'unknown'}", which this trigger is not set to start on.${selected} Add it under Events, or send it to the trigger that handles it.`;
		}
		default:
			return tokenHint(cause, e);
	}
}

/** What the editor item says about one rejection: the platform's own check lines first. */
export function describeRejection(
	cause: RejectionCause,
	evidence: RejectionEvidence = {},
	platform?: ProviderWording,
): { title: string; hint: string; check: string[] } {
	const info = CAUSE_INFO[cause];
	return {
		title: info.title,
		hint: hintFor(cause, evidence, platform),
		check: [...(platform?.diagnosis.checks?.[cause] ?? []), ...info.check],
	};
}
