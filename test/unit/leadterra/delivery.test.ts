import { processDelivery as processLeadterraDelivery } from '../../../nodes/Leadterra/delivery';
import type { LeadterraDeliveryConfig } from '../../../nodes/Leadterra/types';
import { leadterraEvents } from '../../../nodes/Leadterra/events';
import { signLeadterraBody } from '../../../nodes/Leadterra/auth';
import type { IncomingDelivery } from '../../../nodes/shared/pipeline/incoming';

const SECRET = 'whsec_registration_0123456789abcdef';
const CREDENTIAL_SECRET = 'whsec_credential_0123456789abcdef';
const TOKEN = 'tok_0123456789abcdefghijklmnopq';
const NOW = Date.UTC(2025, 5, 10, 16, 0, 5);
const signedConfig: LeadterraDeliveryConfig = { secrets: [SECRET], token: TOKEN };

function signed(
	body: string,
	secret = SECRET,
	extra: Partial<IncomingDelivery> = {},
): IncomingDelivery {
	return {
		headers: {
			'content-type': 'application/json',
			'x-leadterra-signature': signLeadterraBody(secret, body),
		},
		rawBody: Buffer.from(body, 'utf8'),
		contentType: 'application/json',
		query: {},
		...extra,
	};
}

const sampleBody = (name: string) =>
	JSON.stringify(leadterraEvents.find((event) => event.name === name)!.sample);

describe('processLeadterraDelivery: authentication', () => {
	it('accepts a delivery signed with the registration secret or the credential secret', () => {
		const body = sampleBody('message.sent');
		const config = { secrets: [SECRET, CREDENTIAL_SECRET] };
		expect(processLeadterraDelivery(signed(body), config, NOW).ok).toBe(true);
		expect(processLeadterraDelivery(signed(body, CREDENTIAL_SECRET), config, NOW).ok).toBe(true);
	});

	it.each([
		[
			'a forged signature',
			() => signed(sampleBody('reply.received'), 'whsec_attacker_000000000000'),
			'Signature does not match',
		],
		[
			'a tampered body',
			() => ({
				...signed(sampleBody('reply.received')),
				rawBody: Buffer.from(sampleBody('message.sent')),
			}),
			'Signature does not match',
		],
		[
			'a missing signature',
			() => ({ ...signed(sampleBody('reply.received')), headers: {} }),
			'Missing X-Leadterra-Signature header',
		],
		[
			'two signature headers',
			() => ({
				...signed(sampleBody('reply.received')),
				headers: { 'x-leadterra-signature': ['a', 'b'] },
			}),
			'More than one X-Leadterra-Signature header',
		],
		// With a secret known, the URL token alone is not enough: signatures are required.
		[
			'only the URL token',
			() => ({ ...signed(sampleBody('reply.received')), headers: {}, query: { token: TOKEN } }),
			'Missing X-Leadterra-Signature header',
		],
	])('rejects %s with 401', (_label, make, reason) => {
		expect(processLeadterraDelivery(make(), signedConfig, NOW)).toMatchObject({
			ok: false,
			status: 401,
			reason,
		});
	});

	describe('token mode (no secret known)', () => {
		const tokenConfig: LeadterraDeliveryConfig = { secrets: [], token: TOKEN };
		const unsigned = (query: Record<string, unknown>): IncomingDelivery => ({
			headers: {},
			rawBody: Buffer.from(sampleBody('message.bounced')),
			contentType: 'application/json',
			query,
		});

		it('accepts the right token and marks the item', () => {
			const outcome = processLeadterraDelivery(unsigned({ token: TOKEN }), tokenConfig, NOW);
			expect(outcome).toMatchObject({
				ok: true,
				item: { authentication: 'token', event: 'message.bounced' },
			});
		});

		it.each([
			['no token', {}, 'Missing token in the URL'],
			['an empty token', { token: '' }, 'Missing token in the URL'],
			['a wrong token', { token: `${TOKEN}x` }, 'Invalid token in the URL'],
			['a repeated token', { token: [TOKEN, TOKEN] }, 'More than one token in the URL'],
		])('rejects %s', (_label, query, reason) => {
			expect(processLeadterraDelivery(unsigned(query), tokenConfig, NOW)).toMatchObject({
				ok: false,
				status: 401,
				reason,
			});
		});

		it('rejects everything when neither a secret nor a token is known', () => {
			const outcome = processLeadterraDelivery(unsigned({ token: TOKEN }), { secrets: [] }, NOW);
			expect(outcome).toMatchObject({ ok: false, status: 401 });
		});
	});
});

describe('processLeadterraDelivery: items', () => {
	it.each(leadterraEvents.map((event) => [event.name, event] as const))(
		'turns the %s sample into a valid typed item',
		(name, definition) => {
			const body = JSON.stringify(definition.sample);
			const outcome = processLeadterraDelivery(signed(body), signedConfig, NOW);
			expect(outcome.ok).toBe(true);
			if (!outcome.ok) return;
			const sample = definition.sample as { timestamp: string; data: unknown };
			expect(outcome.item).toEqual({
				event: name,
				category: definition.category,
				timestamp: sample.timestamp,
				webhookId: null,
				data: sample.data,
				dedupeKey: expect.stringMatching(new RegExp(`^leadterra:${name.replace('.', '\\.')}:`)),
				validation: { valid: true, issues: [] },
				authentication: 'signature',
				receivedAt: new Date(NOW).toISOString(),
			});
		},
	);

	it('keys replies on the reply id and messages on the message id, so retries share a key', () => {
		const reply = JSON.parse(sampleBody('reply.received'));
		const first = processLeadterraDelivery(signed(JSON.stringify(reply)), signedConfig, NOW);
		const retried = processLeadterraDelivery(
			signed(JSON.stringify({ ...reply, timestamp: '2025-06-10T17:05:00Z' })),
			signedConfig,
			NOW + 60_000,
		);
		expect(first.ok && first.item.dedupeKey).toBe(
			`leadterra:reply.received:reply:${reply.data.reply.id}`,
		);
		expect(retried.ok && retried.item.dedupeKey).toBe(first.ok && first.item.dedupeKey);
		const sent = JSON.parse(sampleBody('message.sent'));
		const item = processLeadterraDelivery(signed(JSON.stringify(sent)), signedConfig, NOW);
		expect(item.ok && item.item.dedupeKey).toBe(
			`leadterra:message.sent:message:${sent.data.messageId}`,
		);
	});

	it('keys other events on a hash of the body: same body same key, other body other key', () => {
		const body = sampleBody('campaign.started');
		const key = (text: string) => {
			const outcome = processLeadterraDelivery(signed(text), signedConfig, NOW);
			return outcome.ok ? outcome.item.dedupeKey : undefined;
		};
		expect(key(body)).toMatch(/^leadterra:campaign\.started:[0-9a-f]{32}$/);
		expect(key(body)).toBe(key(body));
		expect(key(body.replace('15:59:00', '16:59:00'))).not.toBe(key(body));
	});

	it('emits an authenticated event that breaks its schema, flagged, with the data as received', () => {
		const body = JSON.stringify({
			event: 'message.bounced',
			timestamp: '2025-06-10T16:01:00Z',
			data: { bounceType: 'bouncy', extra: { x: 1 } },
		});
		const outcome = processLeadterraDelivery(signed(body), signedConfig, NOW);
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect(outcome.item.data).toEqual({ bounceType: 'bouncy', extra: { x: 1 } });
		expect(outcome.item.validation.valid).toBe(false);
		expect(outcome.item.validation.issues.join('\n')).toMatch(/bounceType/);
		expect(outcome.item.validation.issues.join('\n')).toMatch(/bounceReason/);
	});

	it('emits an unknown event in category Other, and a body without event as "unknown"', () => {
		const future = processLeadterraDelivery(
			signed('{"event":"lead.created","timestamp":"2025-06-10T16:00:00Z","data":{}}'),
			signedConfig,
			NOW,
		);
		expect(future).toMatchObject({
			ok: true,
			item: { event: 'lead.created', category: 'Other', validation: { valid: false } },
		});
		const nameless = processLeadterraDelivery(signed('{"data":{"x":1}}'), signedConfig, NOW);
		expect(nameless).toMatchObject({
			ok: true,
			item: { event: 'unknown', category: 'Other', timestamp: null, data: { x: 1 } },
		});
	});

	it('keeps webhookId when Leadterra sends one', () => {
		const body = JSON.stringify({ ...JSON.parse(sampleBody('message.sent')), webhookId: 'wh_1' });
		expect(processLeadterraDelivery(signed(body), signedConfig, NOW)).toMatchObject({
			item: { webhookId: 'wh_1', validation: { valid: true } },
		});
	});

	it.each([
		['an empty body', '', 'Empty body'],
		['a body that is not JSON', 'event=message.sent', 'Body is not valid JSON'],
		['a JSON array', '[1,2]', 'Body is not a JSON object'],
	])('answers %s (correctly signed) with 400', (_label, body, reason) => {
		expect(processLeadterraDelivery(signed(body), signedConfig, NOW)).toMatchObject({
			ok: false,
			status: 400,
			reason,
		});
	});

	it('answers a signed body that is not UTF-8 with 400', () => {
		const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
		const delivery = {
			headers: { 'x-leadterra-signature': signLeadterraBody(SECRET, bytes) },
			rawBody: bytes,
		};
		expect(processLeadterraDelivery(delivery, signedConfig, NOW)).toMatchObject({
			ok: false,
			status: 400,
			reason: 'Body is not valid UTF-8',
		});
	});

	it('checks authentication before reading the body', () => {
		expect(
			processLeadterraDelivery({ headers: {}, rawBody: Buffer.from('') }, signedConfig, NOW),
		).toMatchObject({ status: 401 });
	});
});
