/**
 * Why a delivery was refused, as a code every trigger shares, with the facts that explain it. What
 * a platform adds (its own check lines and hints) comes from its provider spec. Pure: no n8n, no
 * clock, no I/O.
 *
 * Evidence holds only what the request itself showed or what a yes/no comparison against the
 * configuration found out: never a secret, an expected signature, a token or any part of them. A
 * hint may say "the signature matches the Previous Client Secret"; it never says what that is.
 */

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

/** Causes every trigger can answer: the shared pipeline's own, and a body that is not text. */
export const EVERY_TRIGGER_CAUSES: readonly RejectionCause[] = [
	'method-not-allowed',
	'multipart-not-supported',
	'body-too-large',
	'body-unreadable',
	'body-empty',
	'body-not-utf8',
	'processing-failed',
	'event-not-selected',
];

/** Causes of a trigger whose platform posts JSON. */
export const JSON_BODY_CAUSES: readonly RejectionCause[] = ['body-not-json', 'body-not-object'];

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
	/** The platform, as its users write it. */
	provider?: string;
	/** HTTP method of the request. */
	method?: string;
	contentType?: string;
	/** Names (never values) of the request headers. */
	headerNames?: string[];
	/** Size of the body, declared or read. */
	bodyBytes?: number;
	limitBytes?: number;
	/** The header the cause is about (its name as sent). */
	header?: string;
	/** A fixed phrase naming the part that is wrong, e.g. "no valid timestamp". */
	detail?: string;
	/** Signature scheme the header claims. */
	scheme?: 'v1' | 'v2';
	/** The signature timestamp as sent, read as unix milliseconds. */
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
	/** The body has the shape of one of the platform's standard signed events. */
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
	/** What to check, in the order worth checking it; shown with every rejection of this cause. */
	check: string[];
}

export const CAUSE_INFO: Record<RejectionCause, CauseInfo> = {
	'method-not-allowed': {
		title: 'Not a POST request',
		statuses: [405],
		check: ['The platform (or the tool you test with) must send POST requests to the webhook URL'],
	},
	'multipart-not-supported': {
		title: 'multipart/form-data body',
		statuses: [415],
		check: [
			'Send the body as the platform does (JSON, or a form where it posts forms); multipart bodies cannot be verified',
		],
	},
	'body-too-large': {
		title: 'Body too large',
		statuses: [413],
		check: [
			'Raise Max Body Size (KB) in the trigger options if such large deliveries are expected',
		],
	},
	'body-unreadable': {
		title: 'Body could not be read',
		statuses: [400],
		check: ['The connection was cut or a proxy changed the body encoding; send the delivery again'],
	},
	'body-empty': {
		title: 'Empty body',
		statuses: [400],
		check: ['The sender posted nothing: check the platform sends the event body'],
	},
	'body-not-utf8': {
		title: 'Body is not UTF-8',
		statuses: [400],
		check: ['A proxy or the sender changed the character encoding of the body'],
	},
	'body-not-json': {
		title: 'Body is not valid JSON',
		statuses: [400],
		check: [
			'The body must be JSON; a custom payload template may have produced invalid JSON',
			'n8n itself answers 422 for invalid JSON sent as application/json, before the trigger runs',
		],
	},
	'body-not-object': {
		title: 'Body is not a JSON object',
		statuses: [400],
		check: ['The body must be one JSON object, not an array, string or number'],
	},
	'processing-failed': {
		title: 'Delivery could not be processed',
		statuses: [400],
		check: [
			"n8n's log has the error; please report it with the delivery's shape (not its secrets)",
		],
	},
	'signature-missing': {
		title: 'No signature header',
		statuses: [401],
		check: [
			'A proxy in front of n8n may drop the signature header',
			'The request may not come from the platform at all',
		],
	},
	'signature-repeated': {
		title: 'Signature header sent more than once',
		statuses: [401],
		check: ['A proxy or gateway adds a second signature header; only the platform should set it'],
	},
	'signature-malformed': {
		title: 'Malformed signature header',
		statuses: [401],
		check: [
			"The header must have the platform's format (below); a sender or proxy that builds it differently is refused",
		],
	},
	'secret-not-configured': {
		title: 'No secret configured',
		statuses: [401],
		check: ['Without a secret no signed delivery can be verified, so every one is refused'],
	},
	'timestamp-out-of-window': {
		title: 'Signature timestamp too old or in the future',
		statuses: [401],
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
		check: [
			'The secret in the credential must be exactly the one in the platform (no spaces or line breaks around it)',
			'A proxy in front of n8n must pass the body through unchanged (no re-encoding, no added newline)',
			'After changing the secret at the platform, update the credential (or put the old one in Previous Client Secret while rotating)',
		],
	},
	'custom-auth-missing': {
		title: 'Custom payload without its authentication',
		statuses: [401],
		check: [
			"The custom payload's authentication configured at the platform must match the credential's Custom Payload Authentication",
		],
	},
	'custom-auth-invalid': {
		title: 'Custom payload authentication does not match',
		statuses: [401],
		check: [
			'The username and password, token or header value must be the same at the platform and in the credential',
		],
	},
	'token-not-registered': {
		title: 'Trigger has no registration',
		statuses: [401],
		check: [
			'Publish the workflow again (or listen for a test event again) so the trigger registers',
		],
	},
	'token-missing': {
		title: 'No token in the URL',
		statuses: [401, 410],
		check: [
			'The webhook URL must include its `?token=…` query string: copy the whole URL',
			'Let the trigger register its own webhook instead of entering the URL by hand',
		],
	},
	'token-repeated': {
		title: 'Token given more than once or malformed',
		statuses: [401],
		check: ['The URL carries `token` twice: copy the URL the trigger registered, unchanged'],
	},
	'token-invalid': {
		title: 'Wrong token in the URL',
		statuses: [401],
		check: [
			'The Test URL and the Production URL have different tokens: deliveries for one are rejected at the other',
			'A registration left from an earlier publication or a copied workflow carries an old token: publish again',
		],
	},
	'token-stale': {
		title: 'Token of a replaced registration',
		statuses: [410],
		check: [
			'A registration from an earlier publication or a copied workflow still posts here; the 410 makes the platform switch it off',
		],
	},
	'secret-key-missing': {
		title: 'Payload has no secret_key',
		statuses: [401],
		check: [
			"The trigger's Secret Key is set, so every payload must carry the platform's `secret_key`; clear it to rely on the URL token",
		],
	},
	'secret-key-invalid': {
		title: 'Payload secret_key does not match',
		statuses: [401],
		check: [
			"The Secret Key in the trigger must equal the `secret_key` the platform sends (its webhook's secret key)",
		],
	},
	'event-not-selected': {
		title: 'Event not selected in this trigger',
		statuses: [200],
		check: [
			'Add the event under Events, or send it to the trigger that handles it',
			'Answered 200 `{"status":"ignored"}` so the platform does not retry or disable the webhook',
		],
	},
};

export function isRejectionCause(value: unknown): value is RejectionCause {
	return typeof value === 'string' && (REJECTION_CAUSES as readonly string[]).includes(value);
}
