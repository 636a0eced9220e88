import { bodyVariants } from '../../../nodes/shared/diagnostics/bodyVariants';
import {
	CAUSE_INFO,
	REJECTION_CAUSES,
	type RejectionCause,
	type RejectionEvidence,
} from '../../../nodes/shared/diagnostics/causes';
import {
	describeRejection as describeFor,
	formatDuration,
	hintFor as hintWith,
	timestampUnitGuess,
} from '../../../nodes/shared/diagnostics/hints';
import { PROVIDERS } from '../../../nodes/providers';
import { DISPLAY_DEPTH, displayBody, REDACTED } from '../../../nodes/shared/diagnostics/redaction';
import { TOO_DEEP } from '../../../nodes/shared/pipeline/depth';

/** The platform the evidence names, as the trigger hands its spec to the hints. */
const platformOf = (evidence: RejectionEvidence) =>
	PROVIDERS.find((provider) => provider.displayName === evidence.provider);
const hintFor = (cause: RejectionCause, evidence: RejectionEvidence = {}) =>
	hintWith(cause, evidence, platformOf(evidence));
const describeRejection = (cause: RejectionCause, evidence: RejectionEvidence = {}) =>
	describeFor(cause, evidence, platformOf(evidence));

const NOW = Date.UTC(2026, 0, 29, 12, 0, 0);

/** One case per cause: the evidence a provider would give and what the hint must then say. */
const cases: Array<[RejectionCause, RejectionEvidence, RegExp]> = [
	['method-not-allowed', { method: 'GET' }, /used GET.*only POST/],
	['multipart-not-supported', {}, /multipart\/form-data/],
	[
		'body-too-large',
		{ bodyBytes: 2 * 1024 * 1024, limitBytes: 1024 * 1024 },
		/\(2048 KB\).*limit of 1024 KB.*Max Body Size/,
	],
	['body-unreadable', {}, /could not be read/],
	['body-empty', {}, /no body/],
	['body-not-utf8', {}, /not UTF-8/],
	['body-not-json', { provider: 'Aktify' }, /signature is valid but the body is not JSON/],
	['body-not-object', {}, /not an object/],
	['processing-failed', {}, /n8n's log/],
	[
		'signature-missing',
		{ provider: 'Aktify', header: 'aktify-signature' },
		/No aktify-signature header at all: is a Custom Payload/,
	],
	[
		'signature-repeated',
		{ header: 'x-leadterra-signature' },
		/x-leadterra-signature header arrived more than once/,
	],
	[
		'signature-malformed',
		{ header: 'aktify-signature', detail: 'no valid timestamp' },
		/malformed \(no valid timestamp\)/,
	],
	['secret-not-configured', { provider: 'Aktify' }, /no Client Secret/],
	[
		'timestamp-out-of-window',
		{ timestampMs: NOW - 2 * 3600_000 - 5 * 60_000, receivedAtMs: NOW, toleranceMs: 300_000 },
		/2 h 5 min in the past \(allowed: 5 min\)/,
	],
	[
		'signature-mismatch',
		{ provider: 'Aktify', signatureChecked: true },
		/does not match the Client Secret or the Previous Client Secret/,
	],
	['custom-auth-missing', { authType: 'bearer' }, /carries no Authorization: Bearer header/],
	['custom-auth-invalid', { authType: 'bearer' }, /Bearer token sent differs/],
	['token-not-registered', { mode: 'production' }, /publish the workflow again/],
	['token-missing', { provider: 'SmartLead' }, /copied without its query string/],
	['token-repeated', {}, /more than once/],
	[
		'token-invalid',
		{ provider: 'SmartLead', tokenLooksIssued: true, mode: 'test' },
		/current one of the Test URL: it may be the Production URL's token/,
	],
	['token-stale', { provider: 'ActiveCampaign' }, /replaced.*410/],
	['secret-key-missing', {}, /no `secret_key`/],
	['secret-key-invalid', {}, /differs from the trigger's Secret Key/],
	[
		'event-not-selected',
		{ event: 'lead.call_ended', selectedEvents: ['dnc.created'] },
		/"lead.call_ended".*listens for dnc.created/,
	],
];

describe('hintFor: one specific hint per cause', () => {
	it('covers every cause', () => {
		expect(cases.map(([cause]) => cause).sort()).toEqual([...REJECTION_CAUSES].sort());
	});

	it.each(cases)('%s', (cause, evidence, expected) => {
		expect(hintFor(cause, evidence)).toMatch(expected);
		const described = describeRejection(cause, evidence);
		expect(described.title).toBe(CAUSE_INFO[cause].title);
		expect(described.check.length).toBeGreaterThan(0);
	});
});

describe('timestamps', () => {
	it('says a timestamp in seconds is seconds, not how far off it is', () => {
		const hint = hintFor('timestamp-out-of-window', {
			timestampMs: Math.floor(NOW / 1000),
			receivedAtMs: NOW,
			toleranceMs: 300_000,
		});
		expect(hint).toContain(`t=${Math.floor(NOW / 1000)} looks like unix seconds`);
		expect(hint).toContain('milliseconds');
		expect(hint).not.toContain('in the past');
	});

	it('recognises microseconds', () => {
		expect(timestampUnitGuess(NOW * 1000, NOW)).toBe('microseconds');
		expect(timestampUnitGuess(NOW - 1000, NOW)).toBeUndefined();
		expect(timestampUnitGuess(12345, NOW)).toBeUndefined();
	});

	it('says how far in the future, and blames the clocks', () => {
		const hint = hintFor('timestamp-out-of-window', {
			timestampMs: NOW + 12 * 60_000,
			receivedAtMs: NOW,
			toleranceMs: 300_000,
		});
		expect(hint).toContain('12 min in the future');
		expect(hint).toContain('NTP');
	});

	it('tells a valid signature with the Previous Client Secret', () => {
		const hint = hintFor('timestamp-out-of-window', {
			timestampMs: NOW - 3 * 86_400_000,
			receivedAtMs: NOW,
			signatureValidWith: 'previous-client-secret',
		});
		expect(hint).toContain('3 days in the past');
		expect(hint).toContain('valid (with the Previous Client Secret)');
		expect(hint).toContain('still signs with the old secret');
	});

	it('formats durations', () => {
		expect(formatDuration(45_000)).toBe('45 s');
		expect(formatDuration(-90 * 60_000)).toBe('1 h 30 min');
		expect(formatDuration(2 * 3600_000)).toBe('2 h');
		expect(formatDuration(86_400_000)).toBe('1 day');
	});
});

describe('signature mismatches', () => {
	it('names the re-serialisation a proxy applied', () => {
		const hint = hintFor('signature-mismatch', {
			provider: 'Leadterra',
			signatureBody: 'sorted-keys',
			signatureValidWith: 'credential-secret',
		});
		expect(hint).toContain('keys in another order');
		expect(hint).toContain("with the credential's Signing Secret");
		expect(hint).toContain('proxy');
	});

	it('names whitespace around the secret', () => {
		expect(hintFor('signature-mismatch', { provider: 'Aktify', secretWhitespace: true })).toContain(
			'spaces or line breaks around the Client Secret',
		);
	});

	it('names a v1/v2 mix-up', () => {
		expect(
			hintFor('signature-mismatch', { provider: 'Aktify', scheme: 'v2', schemeComputedAs: 'v1' }),
		).toMatch(/says v2, but the signature was computed the v1 way/);
	});

	it('tells a custom payload by its Authorization header', () => {
		expect(
			hintFor('signature-missing', {
				provider: 'Aktify',
				header: 'aktify-signature',
				authorizationScheme: 'Bearer',
			}),
		).toContain('Bearer Authorization header: this looks like a Custom Payload');
	});

	it('tells a dropped header when the body is a standard event', () => {
		expect(
			hintFor('signature-missing', {
				provider: 'Aktify',
				header: 'aktify-signature',
				looksSigned: true,
			}),
		).toContain('drops the header');
	});
});

describe('ActiveCampaign token rules', () => {
	it('explains the 410 for a URL without token', () => {
		expect(hintFor('token-missing', { provider: 'ActiveCampaign' })).toContain('410');
	});
	it('tells a foreign token from a stale one', () => {
		expect(
			hintFor('token-invalid', { provider: 'ActiveCampaign', tokenLooksIssued: false }),
		).toContain('not one this trigger issued');
	});
});

describe('displayBody', () => {
	it('redacts secret-looking fields and URL tokens in JSON', () => {
		const raw = Buffer.from(
			JSON.stringify({
				event_type: 'EMAIL_SENT',
				secret_key: 'e0207d40-real-key',
				webhook_url: 'https://n8n.example/webhook/x?token=abcdefghijkl&y=1',
				nested: { apiKey: 'sk_live_1', keep: 'visible' },
			}),
		);
		const { body } = displayBody(raw, 'application/json');
		const text = JSON.stringify(body);
		expect(text).not.toContain('e0207d40');
		expect(text).not.toContain('abcdefghijkl');
		expect(text).not.toContain('sk_live_1');
		expect(body).toMatchObject({
			secret_key: REDACTED,
			webhook_url: 'https://n8n.example/webhook/x?token=***&y=1',
			nested: { apiKey: REDACTED, keep: 'visible' },
		});
	});

	it('redacts form fields and tokens in a form body', () => {
		const raw = Buffer.from(
			'type=subscribe&url=https%3A%2F%2Fn8n%2Fwebhook%3Ftoken%3Dsecrettoken123&contact%5Bemail%5D=a%40b.c&api_key=zzz',
		);
		const { body } = displayBody(raw, 'application/x-www-form-urlencoded');
		expect(body).toBe(
			'type=subscribe&url=https%3A%2F%2Fn8n%2Fwebhook%3Ftoken%3D***&contact%5Bemail%5D=a%40b.c&api_key=[redacted]',
		);
	});

	it('replaces what lies below its depth limit instead of showing it unredacted', () => {
		// A password 23 levels down: below the limit, so the whole branch there is replaced.
		let nested: unknown = { password: 'deep-password-23', keep: 'x' };
		for (let level = 0; level < 22; level++) nested = { a: nested };
		const { body } = displayBody(Buffer.from(JSON.stringify(nested)), 'application/json');
		const text = JSON.stringify(body);
		expect(text).not.toContain('deep-password-23');
		expect(text).toContain(TOO_DEEP);
		let level = 0;
		let cursor = body as Record<string, unknown>;
		while (typeof cursor === 'object' && cursor !== null && 'a' in cursor) {
			cursor = cursor.a as Record<string, unknown>;
			level++;
		}
		expect(level).toBeLessThanOrEqual(DISPLAY_DEPTH);
		expect(cursor).toBe(TOO_DEEP);
	});

	it('shows bodies nested 10,000 deep, 5,000 keys wide or with __proto__ keys as plain data', () => {
		for (const text of [
			'['.repeat(10_000) + ']'.repeat(10_000),
			'{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
			JSON.stringify(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))),
		]) {
			const shown = displayBody(Buffer.from(text), 'application/json');
			expect(() => JSON.stringify(shown)).not.toThrow();
		}
		const proto = displayBody(
			Buffer.from(
				'{"__proto__":{"password":"hidden-proto-pw","x":1},"constructor":{"token":"t1"}}',
			),
			'application/json',
		).body as Record<string, unknown>;
		// Kept as an own field (not turned into the object's prototype), and redacted inside.
		expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
		expect(Object.keys(proto)).toEqual(['__proto__', 'constructor']);
		expect(JSON.stringify(proto)).not.toContain('hidden-proto-pw');
		expect(JSON.stringify(proto)).toContain('"constructor":{"token":"[redacted]"}');
	});

	it('cuts long text and describes binary', () => {
		expect(displayBody(Buffer.from('x'.repeat(20_000)), 'text/plain')).toMatchObject({
			bodyTruncated: true,
		});
		expect(displayBody(Buffer.from([0xff, 0xfe, 0x00]))).toEqual({
			body: '<3 bytes, not UTF-8 text>',
		});
	});
});

describe('bodyVariants', () => {
	it('produces the re-encodings a proxy may apply, without repeats of the raw body', () => {
		const raw = Buffer.from('{"b":1,"a":"é"}');
		const variants = Object.fromEntries(bodyVariants(raw, JSON.parse(raw.toString())));
		expect(variants['sorted-keys']).toBe('{"a":"é","b":1}');
		expect(variants['ascii-escaped']).toBe('{"b":1,"a":"\\u00e9"}');
		expect(variants['spaced-separators']).toBe('{"b": 1, "a": "é"}');
		expect(variants['trailing-newline-added']).toBe('{"b":1,"a":"é"}\n');
		expect(variants['compact-json']).toBeUndefined();
	});

	it('never throws for a body nested too deep to re-serialise: only the line-ending forms remain', () => {
		for (const text of [
			'['.repeat(10_000) + ']'.repeat(10_000),
			'{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
		]) {
			const raw = Buffer.from(text);
			const variants = bodyVariants(raw, JSON.parse(text));
			expect(variants.map(([name]) => name)).toEqual(['trailing-newline-added']);
		}
	});
});
