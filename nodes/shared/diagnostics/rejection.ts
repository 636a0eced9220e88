/**
 * Why a delivery was refused, as a code every trigger shares, with the facts that explain it and a
 * hint a user can act on. Pure: no n8n, no clock, no I/O.
 *
 * Evidence holds only what the request itself showed or what a yes/no comparison against the
 * configuration found out: never a secret, an expected signature, a token or any part of them. A
 * hint may say "the signature matches the Previous Client Secret"; it never says what that is.
 */

import { deeperThan, limitDepth, MAX_RESERIALISE_DEPTH } from '../pipeline/depth';

export const REJECTION_CAUSES = [
	'method-not-allowed',
	'multipart-not-supported',
	'body-too-large',
	'body-unreadable',
	'body-empty',
	'body-not-utf8',
	'body-not-json',
	'body-not-object',
	'processing-failed',
	'signature-missing',
	'signature-repeated',
	'signature-malformed',
	'secret-not-configured',
	'timestamp-out-of-window',
	'signature-mismatch',
	'custom-auth-missing',
	'custom-auth-invalid',
	'token-not-registered',
	'token-missing',
	'token-repeated',
	'token-invalid',
	'token-stale',
	'secret-key-missing',
	'secret-key-invalid',
	'event-not-selected',
] as const;

export type RejectionCause = (typeof REJECTION_CAUSES)[number];

export type Provider = 'Aktify' | 'Leadterra' | 'SmartLead' | 'ActiveCampaign';

/** Which configured secret a signature was found to match (names of fields, not their values). */
export type SecretSlot =
	| 'client-secret'
	| 'previous-client-secret'
	| 'registration-secret'
	| 'credential-secret'
	| 'signing-secret';

/**
 * A form of the body other than the bytes received that a signature was computed over: what a
 * proxy or framework that parses and re-serialises JSON, or touches line endings, produces.
 */
export type BodyVariant =
	| 'compact-json'
	| 'sorted-keys'
	| 'ascii-escaped'
	| 'spaced-separators'
	| 'pretty-printed'
	| 'trailing-newline-added'
	| 'trailing-newline-removed'
	| 'crlf-line-endings'
	| 'lf-line-endings';

export interface RejectionEvidence {
	provider?: Provider;
	/** HTTP method of the request. */
	method?: string;
	contentType?: string;
	/** Names (never values) of the request headers. */
	headerNames?: string[];
	/** Size of the body, declared or read. */
	bodyBytes?: number;
	limitBytes?: number;
	/** The header the cause is about, e.g. `aktify-signature`. */
	header?: string;
	/** A fixed phrase naming the part that is wrong, e.g. "no valid timestamp". */
	detail?: string;
	/** Signature scheme the header claims. */
	scheme?: 'v1' | 'v2';
	/** The signature timestamp as sent (Aktify: unix milliseconds). */
	timestampMs?: number;
	/** When n8n received the delivery, unix milliseconds. */
	receivedAtMs?: number;
	toleranceMs?: number;
	/** The signature is valid with this configured secret (checked even when another rule failed). */
	signatureValidWith?: SecretSlot;
	/** The signature was computed over this form of the body instead of the bytes received. */
	signatureBody?: BodyVariant;
	/** The signature matches only once the whitespace around the configured secret is removed. */
	secretWhitespace?: boolean;
	/** The signature is labelled with one scheme but was computed the other scheme's way. */
	schemeComputedAs?: 'v1' | 'v2';
	/** Every secret and body form was tried and none matched. */
	signatureChecked?: boolean;
	/** Custom payload authentication configured in the credential. */
	authType?: 'basic' | 'bearer' | 'header';
	/** Scheme word of the Authorization header sent (e.g. `Bearer`), never its value. */
	authorizationScheme?: string;
	/** The presented value matches once the whitespace around the configured value is removed. */
	credentialWhitespace?: boolean;
	/** The body has the shape of a standard signed event (Aktify `metadata.eventType` or `type`). */
	looksSigned?: boolean;
	/** The presented URL token has the shape of one this trigger issues. */
	tokenLooksIssued?: boolean;
	event?: string;
	selectedEvents?: string[];
	/** `test` while the editor listens on the Test URL, else `production`. */
	mode?: 'test' | 'production';
}

interface CauseInfo {
	/** Short title for the docs table and log lines. */
	title: string;
	/** Statuses a sender gets for this cause. */
	statuses: number[];
	providers: Provider[] | 'all';
	/** What to check, in the order worth checking it; shown with every rejection of this cause. */
	check: string[];
}

const SIGNED: Provider[] = ['Aktify', 'Leadterra'];
const TOKENED: Provider[] = ['Leadterra', 'SmartLead', 'ActiveCampaign'];

export const CAUSE_INFO: Record<RejectionCause, CauseInfo> = {
	'method-not-allowed': {
		title: 'Not a POST request',
		statuses: [405],
		providers: 'all',
		check: ['The platform (or the tool you test with) must send POST requests to the webhook URL'],
	},
	'multipart-not-supported': {
		title: 'multipart/form-data body',
		statuses: [415],
		providers: 'all',
		check: ['Send JSON (or form-encoded for ActiveCampaign); multipart bodies cannot be verified'],
	},
	'body-too-large': {
		title: 'Body too large',
		statuses: [413],
		providers: 'all',
		check: [
			'Raise Max Body Size (KB) in the trigger options if such large deliveries are expected',
		],
	},
	'body-unreadable': {
		title: 'Body could not be read',
		statuses: [400],
		providers: 'all',
		check: ['The connection was cut or a proxy changed the body encoding; send the delivery again'],
	},
	'body-empty': {
		title: 'Empty body',
		statuses: [400],
		providers: 'all',
		check: ['The sender posted nothing: check the platform sends the event body'],
	},
	'body-not-utf8': {
		title: 'Body is not UTF-8',
		statuses: [400],
		providers: 'all',
		check: ['A proxy or the sender changed the character encoding of the body'],
	},
	'body-not-json': {
		title: 'Body is not valid JSON',
		statuses: [400],
		providers: ['Aktify', 'Leadterra', 'SmartLead'],
		check: [
			'The body must be JSON; a custom payload template may have produced invalid JSON',
			'n8n itself answers 422 for invalid JSON sent as application/json, before the trigger runs',
		],
	},
	'body-not-object': {
		title: 'Body is not a JSON object',
		statuses: [400],
		providers: ['Aktify', 'Leadterra', 'SmartLead'],
		check: ['The body must be one JSON object, not an array, string or number'],
	},
	'processing-failed': {
		title: 'Delivery could not be processed',
		statuses: [400],
		providers: 'all',
		check: [
			"n8n's log has the error; please report it with the delivery's shape (not its secrets)",
		],
	},
	'signature-missing': {
		title: 'No signature header',
		statuses: [401],
		providers: SIGNED,
		check: [
			'Aktify sends no signature with a Custom Payload: set Custom Payload Authentication in the credential',
			'A proxy in front of n8n may drop the signature header',
			'The request may not come from the platform at all',
		],
	},
	'signature-repeated': {
		title: 'Signature header sent more than once',
		statuses: [401],
		providers: SIGNED,
		check: ['A proxy or gateway adds a second signature header; only the platform should set it'],
	},
	'signature-malformed': {
		title: 'Malformed signature header',
		statuses: [401],
		providers: SIGNED,
		check: [
			'Aktify: `t=<unix milliseconds>,v2=<64 hex digits>` (or `v1=`), exactly one of v1 or v2',
			'Leadterra: 64 hex digits, optionally prefixed `sha256=`',
		],
	},
	'secret-not-configured': {
		title: 'No secret configured',
		statuses: [401],
		providers: SIGNED,
		check: [
			'Aktify: enter the webhook secret from the Aktify Portal as the Client Secret in the credential',
			'Leadterra: publish the workflow again so the trigger registers (and learns a secret or token)',
		],
	},
	'timestamp-out-of-window': {
		title: 'Signature timestamp too old or in the future',
		statuses: [401],
		providers: ['Aktify'],
		check: [
			"Compare n8n's clock with real time (NTP); a clock that is off rejects every delivery",
			'`t` is unix time in milliseconds',
			'A delivery replayed or retried long after it was signed is rejected on purpose',
			'Signature Tolerance (Seconds) in the trigger options sets the window; 0 turns the check off',
		],
	},
	'signature-mismatch': {
		title: 'Signature does not match',
		statuses: [401],
		providers: SIGNED,
		check: [
			'The secret in the credential must be exactly the one in the platform (no spaces or line breaks around it)',
			'A proxy in front of n8n must pass the body through unchanged (no re-encoding, no added newline)',
			'After changing the secret at the platform, update the credential (or put the old one in Previous Client Secret while rotating)',
		],
	},
	'custom-auth-missing': {
		title: 'Custom payload without its authentication',
		statuses: [401],
		providers: ['Aktify'],
		check: [
			"The Custom Payload's authentication in the Aktify Portal must match the credential's Custom Payload Authentication",
		],
	},
	'custom-auth-invalid': {
		title: 'Custom payload authentication does not match',
		statuses: [401],
		providers: ['Aktify'],
		check: [
			'The username and password, token or header value must be the same in the Aktify Portal and in the credential',
		],
	},
	'token-not-registered': {
		title: 'Trigger has no registration',
		statuses: [401],
		providers: ['Leadterra', 'SmartLead'],
		check: [
			'Publish the workflow again (or listen for a test event again) so the trigger registers',
		],
	},
	'token-missing': {
		title: 'No token in the URL',
		statuses: [401, 410],
		providers: TOKENED,
		check: [
			'The webhook URL must include its `?token=…` query string: copy the whole URL',
			'Let the trigger register its own webhook instead of entering the URL by hand',
		],
	},
	'token-repeated': {
		title: 'Token given more than once or malformed',
		statuses: [401],
		providers: TOKENED,
		check: ['The URL carries `token` twice: copy the URL the trigger registered, unchanged'],
	},
	'token-invalid': {
		title: 'Wrong token in the URL',
		statuses: [401],
		providers: TOKENED,
		check: [
			'The Test URL and the Production URL have different tokens: deliveries for one are rejected at the other',
			'A registration left from an earlier publication or a copied workflow carries an old token: publish again',
		],
	},
	'token-stale': {
		title: 'Token of a replaced registration',
		statuses: [410],
		providers: ['ActiveCampaign'],
		check: [
			'A registration from an earlier publication or a copied workflow still posts here; the 410 makes ActiveCampaign switch it off',
		],
	},
	'secret-key-missing': {
		title: 'Payload has no secret_key',
		statuses: [401],
		providers: ['SmartLead'],
		check: [
			"The trigger's Secret Key is set, so every payload must carry SmartLead's `secret_key`; clear it to rely on the URL token",
		],
	},
	'secret-key-invalid': {
		title: 'Payload secret_key does not match',
		statuses: [401],
		providers: ['SmartLead'],
		check: [
			"The Secret Key in the trigger must equal the `secret_key` SmartLead sends (its webhook's secret key)",
		],
	},
	'event-not-selected': {
		title: 'Event not selected in this trigger',
		statuses: [200],
		providers: 'all',
		check: [
			'Add the event under Events, or send it to the trigger that handles it',
			'Answered 200 `{"status":"ignored"}` so the platform does not retry or disable the webhook',
		],
	},
};

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
				`The timestamp t=${e.timestampMs} looks like unix ${unit}, but Aktify's \`t\` is unix milliseconds: the sender must use milliseconds (e.g. Date.now()).`,
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
				'Aktify still signs with the old secret: the rotation is not finished in the Portal.',
			);
		}
	} else if (e.signatureChecked) {
		parts.push('The signature does not match any configured secret either.');
	}
	return parts.join(' ');
}

function signatureMismatchHint(e: RejectionEvidence): string {
	const secretName =
		e.provider === 'Leadterra' ? "the credential's Signing Secret" : 'the Client Secret';
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
		const which =
			e.provider === 'Aktify'
				? 'the Client Secret or the Previous Client Secret'
				: 'any configured secret';
		return `The signature does not match ${which}, over the body as received or re-encoded: the secret differs from the platform's (copied from another webhook, or changed there), or the body was altered.`;
	}
	return `The signature does not match: check that ${secretName} is exactly the platform's secret and that nothing alters the body on the way.`;
}

function signatureMissingHint(e: RejectionEvidence): string {
	const header = e.header ?? 'signature';
	if (e.provider === 'Aktify') {
		if (e.authorizationScheme) {
			return `No ${header} header, but an ${e.authorizationScheme} Authorization header: this looks like a Custom Payload. Set Custom Payload Authentication in the credential to match the Portal.`;
		}
		if (e.looksSigned) {
			return `No ${header} header, although the body is a standard Aktify event: a proxy in front of n8n probably drops the header.`;
		}
		return `No ${header} header at all: is a Custom Payload (which Aktify does not sign) being sent to this trigger? Then set Custom Payload Authentication in the credential. Otherwise the request does not come from Aktify.`;
	}
	return `No ${header} header, although a signing secret is known for this webhook: a proxy may drop it, or the request does not come from Leadterra.`;
}

function tokenHint(cause: RejectionCause, e: RejectionEvidence): string {
	const mode = e.mode === 'test' ? 'Test' : 'Production';
	const other = e.mode === 'test' ? 'Production' : 'Test';
	switch (cause) {
		case 'token-missing':
			return e.provider === 'ActiveCampaign'
				? 'The URL has no token: was the webhook URL copied without its query string? A webhook this trigger registered always carries `?token=…`; this one was answered 410 so ActiveCampaign switches it off.'
				: 'The URL has no token: was the webhook URL copied without its query string (`?token=…`)? Let the trigger register the webhook, or copy the whole registered URL.';
		case 'token-invalid':
			return e.tokenLooksIssued
				? `The token has this trigger's shape but is not the current one of the ${mode} URL: it may be the ${other} URL's token, or one from an earlier publication. Publish again (or listen again) to register afresh.`
				: `The token is not one this trigger issued: the URL was edited, or the request does not come from ${e.provider ?? 'the platform'}.`;
		case 'token-stale':
			return 'The token belongs to a registration that was replaced (an earlier publication or a copied workflow). It was answered 410 so ActiveCampaign switches it off; nothing to do unless it keeps coming.';
		case 'token-repeated':
			return 'The URL carries the token parameter more than once (or in an unexpected form): use the registered URL unchanged.';
		default:
			return e.mode === 'test'
				? 'No token is known for the Test URL: stop listening and listen for a test event again, so the trigger registers it.'
				: 'No token or secret is known for this trigger: publish the workflow again so it registers its webhook.';
	}
}

/** The specific hint for one rejection, as precise as its evidence allows. */
export function hintFor(cause: RejectionCause, evidence: RejectionEvidence = {}): string {
	const e = evidence;
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
			return e.provider === 'Aktify'
				? 'The signature is valid but the body is not JSON: signed Aktify events are always JSON, so the body was changed after signing.'
				: 'The body is not valid JSON: check what the sender posts (a test tool may send plain text or a form).';
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
			return e.provider === 'Leadterra'
				? 'No signing secret or token is known: publish the workflow again so the trigger registers with Leadterra.'
				: 'The credential has no Client Secret, so signed deliveries cannot be verified: paste the secret from the Aktify Portal.';
		case 'timestamp-out-of-window':
			return timestampHint(e);
		case 'signature-mismatch':
			return signatureMismatchHint(e);
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
			return "The payload has no `secret_key`, but the trigger's Secret Key is set: clear it, or check the payload comes from SmartLead.";
		case 'secret-key-invalid':
			return e.credentialWhitespace
				? "The payload's `secret_key` matches once the spaces around the trigger's Secret Key are removed: edit the trigger and remove them."
				: "The payload's `secret_key` differs from the trigger's Secret Key: copy the key SmartLead shows for this webhook.";
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

/** What the editor item and the troubleshooting docs say about one rejection. */
export function describeRejection(
	cause: RejectionCause,
	evidence: RejectionEvidence = {},
): { title: string; hint: string; check: string[] } {
	const info = CAUSE_INFO[cause];
	return { title: info.title, hint: hintFor(cause, evidence), check: info.check };
}

export function isRejectionCause(value: unknown): value is RejectionCause {
	return typeof value === 'string' && (REJECTION_CAUSES as readonly string[]).includes(value);
}

const SECRET_FIELD = /secret|token|password|passw|api[-_]?key|signature|authorization|credential/i;
export const REDACTED = '[redacted]';
const BODY_PREVIEW_CHARS = 16 * 1024;

function maskTokens(text: string): string {
	return text
		.replace(/([?&]token=)[^&#\s"']*/gi, '$1***')
		.replace(/(token%3D)[^&%\s"']*/gi, '$1***');
}

/** Nesting the editor item shows of a refused body; deeper parts become `TOO_DEEP`. */
export const DISPLAY_DEPTH = 20;

function redactEntry(key: string | undefined, entry: unknown): unknown {
	const secret = key !== undefined && SECRET_FIELD.test(key);
	if (typeof entry === 'string') return secret && entry !== '' ? REDACTED : maskTokens(entry);
	return secret && entry !== null && typeof entry !== 'object' ? REDACTED : entry;
}

/**
 * The parsed body with secret-looking fields replaced and URL tokens masked, cut at
 * `DISPLAY_DEPTH`: what lies below is replaced, never shown unredacted.
 */
function redactValue(value: unknown): unknown {
	if (typeof value === 'string') return maskTokens(value);
	return limitDepth(value, DISPLAY_DEPTH, redactEntry);
}

function redactForm(text: string): string {
	return maskTokens(
		text
			.split('&')
			.map((pair) => {
				const at = pair.indexOf('=');
				if (at < 0) return pair;
				let key = pair.slice(0, at);
				try {
					key = decodeURIComponent(key.replace(/\+/g, ' '));
				} catch {
					// A key that is not valid percent-encoding is checked as it is.
				}
				return SECRET_FIELD.test(key) ? `${pair.slice(0, at)}=${REDACTED}` : pair;
			})
			.join('&'),
	);
}

/**
 * The body as the editor item shows it: parsed JSON when it is JSON, else text; fields that look
 * like secrets (`secret_key`, `token`, `password`…) and URL tokens replaced, long text cut.
 */
export function displayBody(
	raw: Buffer | undefined,
	contentType?: string,
): { body: unknown; bodyTruncated?: true } {
	if (raw === undefined) return { body: null };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return { body: `<${raw.length} bytes, not UTF-8 text>` };
	}
	if (text === '') return { body: '' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	if (parsed !== undefined) {
		try {
			return { body: redactValue(parsed) };
		} catch {
			// Only a body too large to copy gets here; it is described instead of shown.
			return { body: `<${raw.length} bytes of JSON, not shown>` };
		}
	}
	const isForm =
		(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') ||
		/^[^\s=&]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(text.slice(0, 4096));
	const shown = isForm ? redactForm(text) : maskTokens(text);
	return shown.length > BODY_PREVIEW_CHARS
		? { body: shown.slice(0, BODY_PREVIEW_CHARS), bodyTruncated: true }
		: { body: shown };
}

interface SerialiseOptions {
	sortKeys?: boolean;
	asciiEscape?: boolean;
	spaced?: boolean;
}

function serialise(value: unknown, options: SerialiseOptions): string {
	if (value === null || typeof value !== 'object') {
		const text = JSON.stringify(value) ?? 'null';
		return options.asciiEscape && typeof value === 'string'
			? text.replace(
					/[\u007f-\uffff]/g,
					(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
				)
			: text;
	}
	const comma = options.spaced ? ', ' : ',';
	const colon = options.spaced ? ': ' : ':';
	if (Array.isArray(value))
		return `[${value.map((entry) => serialise(entry, options)).join(comma)}]`;
	const keys = Object.keys(value as Record<string, unknown>).filter(
		(key) => (value as Record<string, unknown>)[key] !== undefined,
	);
	if (options.sortKeys) keys.sort();
	return `{${keys
		.map(
			(key) =>
				`${serialise(key, options)}${colon}${serialise((value as Record<string, unknown>)[key], options)}`,
		)
		.join(comma)}}`;
}

/**
 * Forms of a body other than the received bytes that a sender may have signed, when something on
 * the way re-encoded it: a proxy that parses and re-serialises JSON, or one that touches line
 * endings. Each is tried only to explain a mismatch, never to accept a delivery.
 */
export function bodyVariants(raw: Buffer, parsed: unknown): Array<[BodyVariant, string]> {
	const text = raw.toString('utf8');
	const variants: Array<[BodyVariant, string]> = [];
	if (parsed !== undefined) variants.push(...reserialisations(parsed));
	if (/\r?\n$/.test(text)) variants.push(['trailing-newline-removed', text.replace(/\r?\n$/, '')]);
	else variants.push(['trailing-newline-added', `${text}\n`]);
	if (text.includes('\r\n')) variants.push(['lf-line-endings', text.replace(/\r\n/g, '\n')]);
	else if (text.includes('\n')) variants.push(['crlf-line-endings', text.replace(/\n/g, '\r\n')]);
	const seen = new Set([text]);
	return variants.filter(([, body]) => (seen.has(body) ? false : (seen.add(body), true)));
}

/**
 * The re-serialised forms of a parsed body; none for a body nested deeper than
 * `MAX_RESERIALISE_DEPTH` or one that cannot be serialised, so a hostile body only loses this hint.
 */
function reserialisations(parsed: unknown): Array<[BodyVariant, string]> {
	try {
		if (deeperThan(parsed, MAX_RESERIALISE_DEPTH)) return [];
		return [
			['compact-json', JSON.stringify(parsed)],
			['sorted-keys', serialise(parsed, { sortKeys: true })],
			['ascii-escaped', serialise(parsed, { asciiEscape: true })],
			['spaced-separators', serialise(parsed, { spaced: true })],
			['pretty-printed', JSON.stringify(parsed, null, 2)],
		];
	} catch {
		return [];
	}
}

/**
 * Whether a presented URL token has the shape of the ones the triggers issue (24 random bytes as
 * base64url: 32 characters). Says only "one of ours, but not the current one" vs "not ours".
 */
export function looksLikeIssuedToken(value: string): boolean {
	return /^[A-Za-z0-9_-]{32}$/.test(value);
}
