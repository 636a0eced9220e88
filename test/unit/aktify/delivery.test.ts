import {
	processDelivery as processAktifyDelivery,
	type AktifyDeliveryConfig,
	type AktifyItem,
} from '../../../nodes/Aktify/delivery';
import { aktifyEvents, AKTIFY_CATEGORIES } from '../../../nodes/Aktify/events';
import { signAktifyBody } from '../../../nodes/Aktify/auth';
import type { DeliveryOutcome } from '../../../nodes/shared/pipeline/incoming';
import { customPayloadRequest, signedRequest } from '../../../nodes/Aktify/simulation';

const SECRET = 'unit_secret_0123456789abcdef';
const NOW = Date.UTC(2026, 0, 29, 12, 0, 0);

const config: AktifyDeliveryConfig = {
	secrets: [SECRET],
	customAuth: { type: 'none' },
	toleranceMs: 300_000,
	eventFields: ['eventType', 'event'],
};

function deliver(
	body: string | Buffer,
	headers: Record<string, string>,
	overrides: Partial<AktifyDeliveryConfig> = {},
) {
	const rawBody = Buffer.isBuffer(body) ? body : Buffer.from(body);
	return processAktifyDelivery(
		{ headers, rawBody, contentType: headers['content-type'] },
		{ ...config, ...overrides },
		NOW,
	);
}

function accepted(outcome: DeliveryOutcome<AktifyItem>): AktifyItem {
	if (!outcome.ok) throw new Error(`expected accept, got ${JSON.stringify(outcome)}`);
	return outcome.item;
}

describe('processAktifyDelivery: signed catalogue samples', () => {
	it.each(aktifyEvents.map((event) => [`${event.version} ${event.name}`, event] as const))(
		'%s is accepted, typed and valid',
		(_label, definition) => {
			const request = signedRequest(definition, SECRET, NOW);
			const item = accepted(deliver(request.body, request.headers));
			const sample = definition.sample as { data: unknown; customData?: unknown };
			expect(item).toMatchObject({
				event: definition.name,
				version: definition.version,
				category: definition.category,
				data: sample.data,
			});
			expect(item.validation).toEqual({ valid: true, issues: [] });
			expect(AKTIFY_CATEGORIES).toContain(item.category);
			if (definition.version === 'v2') {
				expect(item.campaignId).toBe('cmp_demo_01');
				expect(item.eventTime).toMatch(/Z$/);
			}
			if (sample.customData) expect(item.customData).toEqual(sample.customData);
			expect(item.authentication).toBe(`signature-${definition.version}`);
		},
	);
});

describe('processAktifyDelivery: lenient parsing of signed events', () => {
	const linkClicked = aktifyEvents.find((event) => event.name === 'lead.link_clicked')!;

	it('emits a signed event that fails its schema, with the issues listed', () => {
		const sample = {
			metadata: (linkClicked.sample as { metadata: unknown }).metadata,
			data: { phone: 42, url: 'https://x' },
		};
		const request = signedRequest(linkClicked, SECRET, NOW, sample);
		const item = accepted(deliver(request.body, request.headers));
		expect(item.validation.valid).toBe(false);
		expect(item.validation.issues).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^phone: /),
				expect.stringMatching(/^shortUrl: /),
			]),
		);
		expect(item.data).toEqual({ phone: 42, url: 'https://x' });
	});

	it('keeps unknown fields and emits unknown event types to "Other"', () => {
		const body = JSON.stringify({
			metadata: {
				apiVersion: '2026-09-01',
				eventType: 'lead.sentiment_detected',
				campaignId: 'c1',
				eventTime: '2026-01-29T12:00:00.000Z',
				region: 'us',
			},
			data: { phone: '+15095551234', sentiment: 'positive' },
		});
		const item = accepted(
			deliver(body, { 'aktify-signature': signAktifyBody(SECRET, body, 'v2', NOW) }),
		);
		expect(item).toMatchObject({
			event: 'lead.sentiment_detected',
			category: 'Other',
			data: { sentiment: 'positive' },
		});
		expect(item.validation.valid).toBe(false);
		expect(item.validation.issues[0]).toContain('not in the Aktify v2 catalogue');
	});

	it('accepts explicit nulls on optional fields', () => {
		const body = JSON.stringify({
			metadata: {
				apiVersion: '2026-02-09',
				eventType: 'lead.call_received',
				campaignId: null,
				eventTime: 't',
			},
			data: { phone: '+1', externalLeadId: null },
		});
		const item = accepted(
			deliver(body, { 'aktify-signature': signAktifyBody(SECRET, body, 'v2', NOW) }),
		);
		expect(item.validation).toEqual({ valid: true, issues: [] });
		expect(item.campaignId).toBeNull();
	});

	it('gives the same dedupeKey to a retry with a new timestamp and to a re-formatted body', () => {
		const request = signedRequest(linkClicked, SECRET, NOW);
		const first = accepted(deliver(request.body, request.headers));
		const retry = accepted(
			deliver(request.body, {
				'aktify-signature': signAktifyBody(SECRET, request.body, 'v2', NOW + 60_000),
			}),
		);
		const pretty = JSON.stringify(JSON.parse(request.body), null, 2);
		const reformatted = accepted(deliver(pretty, request.headers));
		expect(retry.dedupeKey).toBe(first.dedupeKey);
		expect(reformatted.dedupeKey).toBe(first.dedupeKey);
		const other = JSON.stringify({
			...JSON.parse(request.body),
			data: { ...JSON.parse(request.body).data, url: 'https://example.com/other' },
		});
		const different = accepted(
			deliver(other, { 'aktify-signature': signAktifyBody(SECRET, other, 'v2', NOW) }),
		);
		expect(different.dedupeKey).not.toBe(first.dedupeKey);
	});
});

describe('processAktifyDelivery: rejections', () => {
	const definition = aktifyEvents.find((event) => event.name === 'lead.message_received')!;
	const request = signedRequest(definition, SECRET, NOW);

	it.each([
		['empty body', '', signAktifyBody(SECRET, '', 'v2', NOW), 400, 'Empty body'],
		[
			'invalid JSON',
			'{"metadata":',
			signAktifyBody(SECRET, '{"metadata":', 'v2', NOW),
			400,
			'Body is not valid JSON',
		],
		[
			'a JSON array',
			'[1,2]',
			signAktifyBody(SECRET, '[1,2]', 'v2', NOW),
			400,
			'Body is not a JSON object',
		],
		[
			'a wrong signature',
			request.body,
			signAktifyBody('x'.repeat(20), request.body, 'v2', NOW),
			401,
			'Signature does not match',
		],
	])('%s', (_label, body, header, status, reason) => {
		expect(deliver(body, { 'aktify-signature': header })).toMatchObject({
			ok: false,
			status,
			reason,
		});
	});

	it('rejects non-UTF-8 bytes', () => {
		const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
		const outcome = deliver(bytes, {
			'aktify-signature': signAktifyBody(SECRET, bytes, 'v2', NOW),
		});
		expect(outcome).toMatchObject({ ok: false, status: 400, reason: 'Body is not valid UTF-8' });
	});

	it('rejects unsigned requests when no custom authentication is configured', () => {
		expect(deliver(request.body, { authorization: 'Bearer anything' })).toMatchObject({
			ok: false,
			status: 401,
			reason: 'Missing aktify-signature header',
		});
	});

	it('fails closed when the credential has no secret', () => {
		expect(deliver(request.body, request.headers, { secrets: [] })).toMatchObject({
			ok: false,
			status: 401,
			reason: 'No client secret is configured',
		});
	});

	it('never puts the secret into a rejection reason', () => {
		for (const headers of [request.headers, { 'aktify-signature': 'garbage' }, {}]) {
			const outcome = deliver(request.body + ' ', headers, { secrets: [SECRET] });
			expect(JSON.stringify(outcome)).not.toContain(SECRET);
		}
	});
});

describe('processAktifyDelivery: custom payloads', () => {
	const definition = aktifyEvents.find((event) => event.name === 'lead.call_scheduled')!;
	const auths = [
		{ type: 'basic', user: 'aktify', password: 'basic-pass-123' },
		{ type: 'bearer', token: 'bearer-token-123' },
		{ type: 'header', name: 'X-Aktify-Key', value: 'header-value-123' },
	] as const;

	it.each(auths.map((auth) => [auth.type, auth] as const))(
		'accepts %s authentication and names the event',
		(_type, auth) => {
			const request = customPayloadRequest(definition, auth);
			const item = accepted(deliver(request.body, request.headers, { customAuth: auth }));
			expect(item).toMatchObject({
				event: 'lead.call_scheduled',
				version: 'custom',
				category: 'Voice',
				authentication: auth.type,
				campaignId: 'cmp_demo_01',
			});
			expect(item.data).toMatchObject({
				phone: '+15095551234',
				scheduledTime: '2026-01-29T14:00:00.000Z',
			});
			expect(item.validation.valid).toBe(true);
		},
	);

	it.each(auths.map((auth) => [auth.type, auth] as const))(
		'rejects a wrong %s credential',
		(_type, auth) => {
			const wrong = {
				...auth,
				...(auth.type === 'basic'
					? { password: 'nope' }
					: auth.type === 'bearer'
						? { token: 'nope' }
						: { value: 'nope' }),
			};
			const request = customPayloadRequest(definition, wrong as never);
			const outcome = deliver(request.body, request.headers, { customAuth: auth });
			expect(outcome).toMatchObject({ ok: false, status: 401 });
		},
	);

	it('keeps a broken JSON template as text and reads form bodies and dotted event fields', () => {
		const auth = { type: 'bearer', token: 'bearer-token-123' } as const;
		const headers = { authorization: 'Bearer bearer-token-123' };
		const broken = accepted(
			deliver(
				'{"event": "lead.message_received", "message": "He said "hi""}',
				{ ...headers, 'content-type': 'application/json' },
				{ customAuth: auth },
			),
		);
		expect(broken).toMatchObject({
			event: 'unknown',
			data: '{"event": "lead.message_received", "message": "He said "hi""}',
			validation: { valid: false },
		});
		const form = accepted(
			deliver(
				'event=lead.link_clicked&phone=%2B1509',
				{ ...headers, 'content-type': 'application/x-www-form-urlencoded' },
				{ customAuth: auth },
			),
		);
		expect(form).toMatchObject({
			event: 'lead.link_clicked',
			category: 'Links',
			data: { event: 'lead.link_clicked', phone: '+1509' },
		});
		const nested = accepted(
			deliver('{"meta":{"kind":"lead.call_ended"}}', headers, {
				customAuth: auth,
				eventFields: ['meta.kind'],
			}),
		);
		expect(nested).toMatchObject({ event: 'lead.call_ended', category: 'Voice' });
	});

	it('still verifies a signature when one is present, even with custom authentication configured', () => {
		const signed = signedRequest(definition, SECRET, NOW);
		const outcome = deliver(
			signed.body,
			{
				...signed.headers,
				'aktify-signature': signAktifyBody('y'.repeat(20), signed.body, 'v2', NOW),
			},
			{ customAuth: { type: 'bearer', token: 't' } },
		);
		expect(outcome).toMatchObject({ ok: false, status: 401 });
	});
});
