import { findEvent } from '../../../nodes/shared/catalogue/definitions';
import type { IncomingDelivery } from '../../../nodes/shared/pipeline/incoming';
import {
	processDelivery as processSmartleadDelivery,
	smartleadDedupeKey,
	type SmartleadItem,
} from '../../../nodes/Smartlead/delivery';
import { smartleadEvents } from '../../../nodes/Smartlead/events';
import { REDACTED } from '../../../nodes/shared/diagnostics/redaction';

const TOKEN = 'tok_0123456789abcdefghijklmn';
const NOW = Date.parse('2025-04-01T00:00:00.000Z');

function sample(event: string): Record<string, unknown> {
	return structuredClone(findEvent(smartleadEvents, event)!.sample) as Record<string, unknown>;
}

function delivery(
	body: unknown,
	query: Record<string, unknown> = { token: TOKEN },
): IncomingDelivery {
	const raw = Buffer.isBuffer(body)
		? body
		: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	return {
		headers: { 'content-type': 'application/json' },
		rawBody: raw,
		contentType: 'application/json',
		query,
	};
}

function accept(
	body: unknown,
	config = { token: TOKEN } as { token?: string; secretKey?: string },
): SmartleadItem {
	const outcome = processSmartleadDelivery(
		delivery(body),
		{ token: config.token, secretKey: config.secretKey },
		NOW,
	);
	if (!outcome.ok) throw new Error(`rejected: ${outcome.reason}`);
	return outcome.item;
}

describe('processSmartleadDelivery: the URL token', () => {
	it.each([
		[
			'no token registered',
			undefined,
			{ token: TOKEN },
			'This trigger has no registered token: publish the workflow again',
		],
		['no token presented', TOKEN, {}, 'Missing token in the webhook URL'],
		[
			'a wrong token',
			TOKEN,
			{ token: 'tok_0123456789abcdefghijklmX' },
			'Invalid token in the webhook URL',
		],
		['a shorter token', TOKEN, { token: TOKEN.slice(0, -1) }, 'Invalid token in the webhook URL'],
		['two tokens', TOKEN, { token: [TOKEN, TOKEN] }, 'More than one token in the webhook URL'],
		['an empty token', TOKEN, { token: '' }, 'Invalid token in the webhook URL'],
	])('rejects %s with 401', (_label, registered, query, reason) => {
		const outcome = processSmartleadDelivery(
			delivery(sample('EMAIL_REPLY'), query),
			{ token: registered },
			NOW,
		);
		expect(outcome).toMatchObject({ ok: false, status: 401, reason });
	});

	it('accepts the registered token, also as a one-element array', () => {
		expect(
			processSmartleadDelivery(delivery(sample('EMAIL_REPLY')), { token: TOKEN }, NOW).ok,
		).toBe(true);
		expect(
			processSmartleadDelivery(
				delivery(sample('EMAIL_REPLY'), { token: [TOKEN] }),
				{ token: TOKEN },
				NOW,
			).ok,
		).toBe(true);
	});

	it('checks the token before reading the body, so garbage without a token is a 401, not a 400', () => {
		const outcome = processSmartleadDelivery(delivery('not json', {}), { token: TOKEN }, NOW);
		expect(outcome).toMatchObject({ ok: false, status: 401 });
	});
});

describe('processSmartleadDelivery: the optional secret_key', () => {
	const secretKey = 'e0207d40-5c1d-4c2e-9d5a-0f1e2d3c4b5a';

	it('accepts a payload whose secret_key matches', () => {
		expect(accept(sample('EMAIL_OPEN'), { token: TOKEN, secretKey }).event).toBe('EMAIL_OPEN');
	});

	it.each([
		[
			'a different secret_key',
			{ secret_key: 'e0207d40-0000-0000-0000-000000000000' },
			'Payload secret_key does not match',
		],
		['no secret_key', { secret_key: undefined }, 'Payload has no secret_key'],
		['a numeric secret_key', { secret_key: 12345 }, 'Payload has no secret_key'],
	])('rejects %s with 401', (_label, change, reason) => {
		const body = { ...sample('EMAIL_OPEN'), ...change };
		const outcome = processSmartleadDelivery(delivery(body), { token: TOKEN, secretKey }, NOW);
		expect(outcome).toMatchObject({ ok: false, status: 401, reason });
	});

	it('ignores secret_key when none is configured', () => {
		expect(accept({ ...sample('EMAIL_OPEN'), secret_key: 'anything' }).event).toBe('EMAIL_OPEN');
	});
});

describe('processSmartleadDelivery: unreadable bodies', () => {
	it.each([
		['an empty body', Buffer.alloc(0), 'Empty body'],
		['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'Body is not valid UTF-8'],
		['broken JSON', '{"event_type": ', 'Body is not valid JSON'],
		['a JSON array', '[1,2]', 'Body is not a JSON object'],
		['a JSON string', '"EMAIL_REPLY"', 'Body is not a JSON object'],
	])('answers %s with 400', (_label, body, reason) => {
		expect(processSmartleadDelivery(delivery(body), { token: TOKEN }, NOW)).toMatchObject({
			ok: false,
			status: 400,
			reason,
		});
	});
});

describe('processSmartleadDelivery: items', () => {
	it.each(smartleadEvents.map((event) => [event.name]))(
		'turns the %s sample into a valid, typed item',
		(name) => {
			const item = accept(sample(name));
			expect(item.event).toBe(name);
			expect(item.category).toBe(findEvent(smartleadEvents, name)!.category);
			expect(item.validation).toEqual({ valid: true, issues: [] });
			expect(item.dedupeKey).toMatch(new RegExp(`^smartlead:${name}:[0-9a-f]{32}$`));
			expect(item.receivedAt).toBe('2025-04-01T00:00:00.000Z');
			expect(item.webhookId).toBe(94);
		},
	);

	it('never puts the secret_key or the URL token into the item', () => {
		const body = {
			...sample('EMAIL_REPLY'),
			secret_key: 'abcd-secret-uuid',
			webhook_url: `https://n8n.example.com/webhook/x/webhook?token=${TOKEN}`,
		};
		const item = accept(body);
		expect(item.data.secret_key).toBe(REDACTED);
		expect(item.data.webhook_url).toBe('https://n8n.example.com/webhook/x/webhook?token=***');
		expect(JSON.stringify(item)).not.toContain(TOKEN);
		expect(JSON.stringify(item)).not.toContain('abcd-secret-uuid');
	});

	it('gives summary fields with normalised types', () => {
		const item = accept({ ...sample('EMAIL_SENT'), campaign_id: '9181', client_id: '42' });
		expect(item).toMatchObject({
			campaignId: 9181,
			clientId: 42,
			campaignName: 'Q1 Outreach',
			leadEmail: 'lead@prospect.com',
			eventTime: '2025-03-27T08:00:00.000Z',
		});
		// The payload itself keeps SmartLead's own types.
		expect(item.data.campaign_id).toBe('9181');
	});

	it('finds the lead email of an untracked reply in sender_detail, and of a reply in leadCorrespondence', () => {
		expect(accept(sample('UNTRACKED_REPLIES')).leadEmail).toBe('sunita@example.com');
		const reply = sample('EMAIL_REPLY');
		reply.leadCorrespondence = {
			targetLeadEmail: 'lead@prospect.com',
			replyReceivedFrom: 'colleague@prospect.com',
		};
		expect(accept(reply).leadEmail).toBe('colleague@prospect.com');
	});

	it('emits an authenticated payload of an unknown event, flagged, on the Other category', () => {
		const item = accept({ event_type: 'EMAIL_ACCOUNT_DISCONNECTED', email: 'box@agency.com' });
		expect(item).toMatchObject({
			event: 'EMAIL_ACCOUNT_DISCONNECTED',
			category: 'Other',
			validation: { valid: false },
		});
		expect(item.validation.issues[0]).toContain('not in the SmartLead catalogue');
	});

	it('emits a payload without event_type as "unknown"', () => {
		const item = accept({ hello: 'world' });
		expect(item).toMatchObject({
			event: 'unknown',
			category: 'Other',
			validation: { valid: false, issues: ['Payload has no event_type'] },
		});
	});
});

describe('smartleadDedupeKey', () => {
	const raw = '{}';

	it('is the same for a retry of the same event and differs between events', () => {
		const reply = sample('EMAIL_REPLY');
		expect(smartleadDedupeKey('EMAIL_REPLY', reply, 'a')).toBe(
			smartleadDedupeKey('EMAIL_REPLY', { ...reply, webhook_id: 7 }, 'b'),
		);
		const other = { ...reply, reply_message: { message_id: '<other@mail>' } };
		expect(smartleadDedupeKey('EMAIL_REPLY', other, raw)).not.toBe(
			smartleadDedupeKey('EMAIL_REPLY', reply, raw),
		);
	});

	it('tells two opens of one email apart by their timestamp', () => {
		const open = sample('EMAIL_OPEN');
		const again = { ...open, event_timestamp: '2025-03-27T10:00:00.000Z' };
		expect(smartleadDedupeKey('EMAIL_OPEN', open, raw)).not.toBe(
			smartleadDedupeKey('EMAIL_OPEN', again, raw),
		);
	});

	it('tells EMAIL_SENT and FIRST_EMAIL_SENT of the same send apart', () => {
		const sent = sample('EMAIL_SENT');
		expect(smartleadDedupeKey('EMAIL_SENT', sent, raw)).not.toBe(
			smartleadDedupeKey('FIRST_EMAIL_SENT', sent, raw),
		);
	});

	it('falls back to the body when a stable id is missing', () => {
		expect(smartleadDedupeKey('EMAIL_SENT', {}, 'body-1')).toBe(
			smartleadDedupeKey('EMAIL_SENT', {}, 'body-1'),
		);
		expect(smartleadDedupeKey('EMAIL_SENT', {}, 'body-1')).not.toBe(
			smartleadDedupeKey('EMAIL_SENT', {}, 'body-2'),
		);
	});
});
