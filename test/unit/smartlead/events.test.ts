import { findEvent } from '../../../nodes/shared/catalogue/definitions';
import { validateAgainst } from '../../../nodes/shared/catalogue/validation';
import {
	processDelivery as processSmartleadDelivery,
	type SmartleadItem,
} from '../../../nodes/Smartlead/delivery';
import { SMARTLEAD_CATEGORIES, smartleadEvents } from '../../../nodes/Smartlead/events';
import { idValue, normaliseEventName, normalisePayload } from '../../../nodes/Smartlead/normalize';
import { EVENT_ALIASES } from '../../../nodes/Smartlead/events';

const TOKEN = 'unit-token-abcdefghijklmnop';

function item(body: Record<string, unknown>): SmartleadItem {
	const outcome = processSmartleadDelivery(
		{ headers: {}, rawBody: Buffer.from(JSON.stringify(body)), query: { token: TOKEN } },
		{ token: TOKEN },
		0,
	);
	if (!outcome.ok) throw new Error(outcome.reason);
	return outcome.item;
}

function sample(event: string): Record<string, unknown> {
	return structuredClone(findEvent(smartleadEvents, event)!.sample) as Record<string, unknown>;
}

describe('SmartLead catalogue', () => {
	it('has the eleven event types of the spec, each once, in known categories', () => {
		expect(smartleadEvents.map((event) => event.name).sort()).toEqual([
			'CAMPAIGN_STATUS_CHANGED',
			'EMAIL_BOUNCE',
			'EMAIL_LINK_CLICK',
			'EMAIL_OPEN',
			'EMAIL_REPLY',
			'EMAIL_SENT',
			'FIRST_EMAIL_SENT',
			'LEAD_CATEGORY_UPDATED',
			'LEAD_UNSUBSCRIBED',
			'MANUAL_STEP_REACHED',
			'UNTRACKED_REPLIES',
		]);
		for (const event of smartleadEvents) expect(SMARTLEAD_CATEGORIES).toContain(event.category);
	});

	it.each(smartleadEvents.map((event) => [event.name]))(
		'%s: the sample is flat, names itself and passes its schema',
		(name) => {
			const definition = findEvent(smartleadEvents, name)!;
			const body = definition.sample as Record<string, unknown>;
			expect(body.event_type).toBe(name);
			expect(validateAgainst(definition.schema, normalisePayload(body, name).data)).toEqual({
				valid: true,
				issues: [],
			});
		},
	);

	it('passes unknown fields through', () => {
		const definition = findEvent(smartleadEvents, 'EMAIL_OPEN')!;
		const parsed = definition.schema.parse({
			...sample('EMAIL_OPEN'),
			brand_new_field: { x: 1 },
		}) as Record<string, unknown>;
		expect(parsed.brand_new_field).toEqual({ x: 1 });
	});
});

describe('normalisation of deprecated field names', () => {
	it('reads a reply that only has the pre-2024 names into the current shape, keeping the originals', () => {
		const old = {
			event_type: 'EMAIL_REPLY',
			campaign_id: '9181',
			lead_email: 'lead@prospect.com',
			lead_name: 'Jane',
			time_replied: '2023-09-25T17:25:11.618Z',
			message_id: '<reply@mail>',
			reply_body: '<p>Yes</p>',
			preview_text: 'Yes',
			ui_master_inbox_link: 'https://app.smartlead.ai/x',
		};
		const result = item(old);
		expect(result.validation).toEqual({ valid: true, issues: [] });
		expect(result.data).toMatchObject({
			...old,
			event_timestamp: '2023-09-25T17:25:11.618Z',
			to_email: 'lead@prospect.com',
			to_name: 'Jane',
			app_url: 'https://app.smartlead.ai/x',
			reply_message: {
				message_id: '<reply@mail>',
				html: '<p>Yes</p>',
				text: 'Yes',
				time: '2023-09-25T17:25:11.618Z',
			},
		});
		expect(result.normalized).toEqual(
			expect.arrayContaining([
				'event_timestamp <- time_replied',
				'to_email <- lead_email',
				'reply_message.html <- reply_body',
			]),
		);
		expect(result.eventTime).toBe('2023-09-25T17:25:11.618Z');
	});

	it('fills sent_message from the deprecated send fields and fixes sent_message.id', () => {
		const { data } = normalisePayload(
			{
				event_type: 'EMAIL_SENT',
				time_sent: 't',
				custom_subject: 'S',
				sent_message_body: '<p>b</p>',
				message_id: '<m>',
				sent_message: { id: '<m>' },
			},
			'EMAIL_SENT',
		);
		expect(data).toMatchObject({
			event_timestamp: 't',
			subject: 'S',
			sent_message: { id: '<m>', message_id: '<m>', html: '<p>b</p>' },
		});
	});

	it('prefers the current field when both names are present', () => {
		const { data, filled } = normalisePayload(
			{ event_timestamp: 'new', time_opened: 'old', to_email: 'a@x', lead_email: 'b@x' },
			'EMAIL_OPEN',
		);
		expect(data).toMatchObject({ event_timestamp: 'new', to_email: 'a@x' });
		expect(filled).toEqual([]);
	});

	it('builds lead_category from the deprecated category and lead_category_id', () => {
		const body = sample('LEAD_CATEGORY_UPDATED');
		delete body.lead_category;
		const result = item({
			...body,
			category: 'Interested',
			lead_category_id: '1',
			lastReply: { type: 'REPLY' },
			last_reply: undefined,
		});
		expect(result.data.lead_category).toEqual({
			old_id: null,
			old_name: null,
			new_id: '1',
			new_name: 'Interested',
		});
		expect(result.validation.valid).toBe(true);
	});

	it('fills bounce_message from the deprecated bounce fields', () => {
		const { data } = normalisePayload(
			{ bounce_reply_message_id: '<b>', bounce_reply_email_preview: '550' },
			'EMAIL_BOUNCE',
		);
		expect(data.bounce_message).toEqual({ message_id: '<b>', text: '550' });
	});

	it('reads MANUAL_STEP_REACHED, which still uses lead_email, as to_email', () => {
		const result = item(sample('MANUAL_STEP_REACHED'));
		expect(result.data.to_email).toBe('lead@prospect.com');
		expect(result.data.lead_email).toBe('lead@prospect.com');
		expect(result.leadEmail).toBe('lead@prospect.com');
	});

	it('maps the wrong event names of some doc pages to the real ones and says so', () => {
		expect(normaliseEventName('email_replied', EVENT_ALIASES)).toBe('EMAIL_REPLY');
		const result = item({ ...sample('EMAIL_OPEN'), event_type: 'EMAIL_OPENED' });
		expect(result.event).toBe('EMAIL_OPEN');
		expect(result.data.event_type).toBe('EMAIL_OPENED');
		expect(result.validation.issues).toContain('event_type: "EMAIL_OPENED" read as "EMAIL_OPEN"');
	});

	it('turns numeric id strings into numbers and leaves other values alone', () => {
		expect(idValue('138084')).toBe(138084);
		expect(idValue(42)).toBe(42);
		expect(idValue('abc-1')).toBe('abc-1');
		expect(idValue(null)).toBeNull();
		expect(idValue('')).toBeNull();
	});
});

describe('malformed payloads are emitted, flagged', () => {
	it.each([
		[
			'a reply without reply_message',
			'EMAIL_REPLY',
			(body: Record<string, unknown>) => {
				delete body.reply_message;
				delete body.message_id;
				delete body.preview_text;
				delete body.time_replied;
			},
			'reply_message',
		],
		[
			'a sent email without to_email',
			'EMAIL_SENT',
			(body: Record<string, unknown>) => {
				delete body.to_email;
			},
			'to_email',
		],
		[
			'a campaign id that is an object',
			'EMAIL_OPEN',
			(body: Record<string, unknown>) => {
				body.campaign_id = { id: 1 };
			},
			'campaign_id',
		],
		[
			'a status change without current_status',
			'CAMPAIGN_STATUS_CHANGED',
			(body: Record<string, unknown>) => {
				delete body.current_status;
			},
			'current_status',
		],
		[
			'a sequence number as text',
			'EMAIL_SENT',
			(body: Record<string, unknown>) => {
				body.sequence_number = 'one';
			},
			'sequence_number',
		],
	])('%s', (_label, event, spoil, field) => {
		const body = sample(event);
		spoil(body);
		const result = item(body);
		expect(result.event).toBe(event);
		expect(result.validation.valid).toBe(false);
		expect(result.validation.issues.join(' ')).toContain(field);
	});

	it('accepts the minimal unsubscribe payload without a timestamp and a bounce without lead or campaign', () => {
		expect(
			item({ event_type: 'LEAD_UNSUBSCRIBED', to_email: 'a@x', campaign_id: 1 }).validation.valid,
		).toBe(true);
		expect(item({ event_type: 'EMAIL_BOUNCE', event_timestamp: 't' }).validation.valid).toBe(true);
	});
});
