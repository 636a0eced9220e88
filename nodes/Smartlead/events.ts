import { z } from 'zod';

import type { EventDefinition } from '../shared/catalogue/definitions';

/**
 * SmartLead's event catalogue (facts: SmartLead's webhook docs). Payloads are flat JSON objects
 * with `event_type` at top level. Schemas run on the normalised payload (see normalize.ts), so a
 * delivery that still uses the deprecated field names validates as well. Fields SmartLead leaves out
 * of some samples are optional; every schema passes unknown fields through.
 */

/** Ids arrive as numbers in some payloads and as numeric strings in others. */
const looseId = z.union([z.number(), z.string()]);
const optionalId = looseId.nullish();
const optionalText = z.string().nullish();

const message = z
	.object({ message_id: optionalText, html: optionalText, text: optionalText, time: optionalText })
	.passthrough();

const common = z
	.object({
		event_type: z.string(),
		webhook_id: optionalId,
		webhook_name: optionalText,
		webhook_url: optionalText,
		secret_key: optionalText,
		app_url: optionalText,
		description: optionalText,
		client_id: optionalId,
		metadata: z.object({ webhook_created_at: optionalText }).passthrough().nullish(),
	})
	.passthrough();

const campaignFields = {
	campaign_id: looseId,
	campaign_name: optionalText,
	campaign_status: optionalText,
};

const sendFields = {
	...campaignFields,
	event_timestamp: z.string(),
	stats_id: optionalText,
	sl_email_lead_id: optionalId,
	sl_email_lead_map_id: optionalId,
	from_email: optionalText,
	to_email: z.string(),
	to_name: optionalText,
	subject: optionalText,
	sequence_number: z.number().nullish(),
	sent_message: message.nullish(),
};

const SENDING = 'Sending';
const ENGAGEMENT = 'Engagement';
export const REPLIES = 'Replies';
const LEAD_STATUS = 'Lead Status';
export const CAMPAIGN = 'Campaign';

export const SMARTLEAD_CATEGORIES = [SENDING, ENGAGEMENT, REPLIES, LEAD_STATUS, CAMPAIGN];

const WEBHOOK = {
	webhook_id: 94,
	webhook_name: 'n8n',
	webhook_url: 'https://n8n.example.com/webhook/abc123/webhook',
};
const SAMPLE_ACCOUNT_UUID = 'e0207d40-5c1d-4c2e-9d5a-0f1e2d3c4b5a';
const META = { metadata: { webhook_created_at: '2025-01-10T12:00:00.000Z' } };
const SENT_MESSAGE = {
	message_id: '<orig-1@agency.com>',
	html: '<div>Hi David</div>',
	text: 'Hi David',
	time: '2025-03-27T08:00:00.000Z',
};
const CAMPAIGN_SAMPLE = {
	campaign_id: 9181,
	campaign_name: 'Q1 Outreach',
	campaign_status: 'ACTIVE',
	client_id: 42,
};
const LEAD_SAMPLE = {
	from_email: 'sender@agency.com',
	to_email: 'lead@prospect.com',
	to_name: 'David Carroll',
};

function sendSample(eventType: string, extra: Record<string, unknown>): Record<string, unknown> {
	return {
		...WEBHOOK,
		event_type: eventType,
		stats_id: '3f0c2b9e-7d3a-4a8f-9a61-1d2e3f4a5b6c',
		sl_email_lead_id: '138084',
		sl_email_lead_map_id: 1438627,
		...LEAD_SAMPLE,
		subject: 'Quick question',
		sequence_number: 1,
		...CAMPAIGN_SAMPLE,
		sent_message: SENT_MESSAGE,
		app_url: 'https://app.smartlead.ai/app/master-inbox?leadMap=1438627',
		secret_key: SAMPLE_ACCOUNT_UUID,
		...META,
		...extra,
	};
}

export const smartleadEvents: readonly EventDefinition[] = [
	{
		name: 'EMAIL_SENT',
		category: SENDING,
		displayName: 'Email Sent',
		description: 'Any sequence email was sent to a lead',
		documentation: 'documented',
		schema: common.extend(sendFields),
		sample: sendSample('EMAIL_SENT', {
			event_timestamp: '2025-03-27T08:00:00.000Z',
			time_sent: '2025-03-27T08:00:00.000Z',
			description: 'Email 1 sent to lead@prospect.com',
		}),
	},
	{
		name: 'FIRST_EMAIL_SENT',
		category: SENDING,
		displayName: 'First Email Sent',
		description: 'The first step of the sequence was sent to a lead',
		documentation: 'partial',
		schema: common.extend(sendFields),
		sample: sendSample('FIRST_EMAIL_SENT', {
			event_timestamp: '2025-03-27T08:00:00.000Z',
			description: 'First email sent to lead@prospect.com',
		}),
	},
	{
		name: 'EMAIL_BOUNCE',
		category: SENDING,
		displayName: 'Email Bounced',
		description: 'A sequence email bounced (the lead email or campaign may be missing)',
		documentation: 'documented',
		schema: common.extend({
			...sendFields,
			campaign_id: optionalId,
			to_email: optionalText,
			created_at: optionalText,
			is_bounced: z.boolean().nullish(),
			bounce_message: message.nullish(),
		}),
		sample: sendSample('EMAIL_BOUNCE', {
			event_timestamp: '2025-03-27T08:01:00.000Z',
			created_at: '2025-03-27T08:01:00.000Z',
			to_email: 'bad@prospect.com',
			is_bounced: true,
			bounce_message: {
				message_id: '<dsn-1@mx.prospect.com>',
				html: '<pre>550 5.1.1 user unknown</pre>',
				text: '550 5.1.1 user unknown',
				time: '2025-03-27T08:01:00.000Z',
			},
			description: 'Email sent to bad@prospect.com got bounced',
		}),
	},
	{
		name: 'EMAIL_OPEN',
		category: ENGAGEMENT,
		displayName: 'Email Opened',
		description: 'A lead opened a sequence email (needs open tracking on the campaign)',
		documentation: 'documented',
		schema: common.extend(sendFields),
		sample: sendSample('EMAIL_OPEN', {
			event_timestamp: '2025-03-27T09:29:11.618881+00:00',
			time_opened: '2025-03-27T09:29:11.618881+00:00',
			description: 'lead@prospect.com opened Email 1',
		}),
	},
	{
		name: 'EMAIL_LINK_CLICK',
		category: ENGAGEMENT,
		displayName: 'Email Link Clicked',
		description: 'A lead clicked a tracked link (needs click tracking on the campaign)',
		documentation: 'partial',
		schema: common.extend({
			...sendFields,
			link_clicked: z.union([z.array(z.string()), z.string()]).nullish(),
			link_details: z.unknown().optional(),
		}),
		sample: sendSample('EMAIL_LINK_CLICK', {
			event_timestamp: '2025-03-27T09:30:11.618881+00:00',
			time_clicked: '2025-03-27T09:30:11.618881+00:00',
			link_clicked: ['https://example.com/demo'],
			description: 'lead@prospect.com clicked a link in Email 1',
		}),
	},
	{
		name: 'EMAIL_REPLY',
		category: REPLIES,
		displayName: 'Email Replied',
		description: 'A lead replied in a campaign thread',
		documentation: 'documented',
		schema: common.extend({
			...sendFields,
			stats_thread_id: optionalText,
			sl_lead_email: optionalText,
			reply_message: message,
			cc_emails: z.array(z.string()).nullish(),
			leadCorrespondence: z
				.object({
					targetLeadEmail: optionalText,
					replyReceivedFrom: optionalText,
					repliedCompanyDomain: optionalText,
				})
				.passthrough()
				.nullish(),
		}),
		sample: sendSample('EMAIL_REPLY', {
			event_timestamp: '2025-03-28T09:35:01+00:00',
			time_replied: '2025-03-28T09:35:01+00:00',
			stats_thread_id: 'thread-7781',
			sl_lead_email: 'lead@prospect.com',
			subject: 'Re: Quick question',
			reply_message: {
				message_id: '<CAreply-1@mail.gmail.com>',
				html: '<div>Sounds good</div>',
				text: 'Sounds good',
				time: '2025-03-28T09:35:01+00:00',
			},
			preview_text: 'Sounds good',
			message_id: '<CAreply-1@mail.gmail.com>',
			cc_emails: [],
			leadCorrespondence: {
				targetLeadEmail: 'lead@prospect.com',
				replyReceivedFrom: 'lead@prospect.com',
				repliedCompanyDomain: 'SameCompany',
			},
			description: 'lead@prospect.com replied to Email 1 for campaign - Q1 Outreach',
		}),
	},
	{
		name: 'UNTRACKED_REPLIES',
		category: REPLIES,
		displayName: 'Untracked Reply',
		description:
			'A reply reached a connected mailbox outside any campaign thread (user or client scope)',
		documentation: 'documented',
		schema: common.extend({
			event_timestamp: z.string(),
			reply_message: message,
			sender_detail: optionalText,
			recipient_detail: optionalText,
			cc: optionalText,
			bcc: optionalText,
			subject: optionalText,
			visible_text: optionalText,
			has_attachment: z.boolean().nullish(),
		}),
		sample: {
			...WEBHOOK,
			event_type: 'UNTRACKED_REPLIES',
			event_timestamp: '2025-04-17T05:24:33.353Z',
			reply_message: {
				message_id: '<CAuntracked-1@mail.gmail.com>',
				html: '<div>Hi</div>',
				text: 'Hi\n',
				time: '2025-04-17T05:24:33.353Z',
			},
			secret_key: SAMPLE_ACCOUNT_UUID,
			description: '',
			sender_detail: 'Sunita Soy <sunita@example.com>',
			recipient_detail: 'inbox@agency.com',
			cc: '',
			bcc: '',
			subject: 'Untracked replies',
			visible_text: 'Hi\n',
			has_attachment: false,
			...META,
		},
	},
	{
		name: 'LEAD_UNSUBSCRIBED',
		category: LEAD_STATUS,
		displayName: 'Lead Unsubscribed',
		description: 'A lead unsubscribed',
		documentation: 'documented',
		schema: common.extend({
			...campaignFields,
			event_timestamp: optionalText,
			to_email: z.string(),
			to_name: optionalText,
			from_email: optionalText,
			sequence_number: z.number().nullish(),
			unsubscribed_client_id_map: z.unknown().optional(),
			sent_message: message.nullish(),
		}),
		sample: {
			...WEBHOOK,
			event_type: 'LEAD_UNSUBSCRIBED',
			event_timestamp: '2025-03-29T11:16:24.671Z',
			to_email: 'lead@prospect.com',
			lead_email: 'lead@prospect.com',
			to_name: 'David Carroll',
			lead_name: 'David Carroll',
			from_email: 'sender@agency.com',
			sequence_number: 1,
			...CAMPAIGN_SAMPLE,
			unsubscribed_client_id_map: {},
			sent_message: SENT_MESSAGE,
			secret_key: SAMPLE_ACCOUNT_UUID,
			app_url: 'https://app.smartlead.ai/app/master-inbox?leadMap=1438627',
			description: 'lead@prospect.com unsubscribed from campaign - Q1 Outreach',
			...META,
		},
	},
	{
		name: 'LEAD_CATEGORY_UPDATED',
		category: LEAD_STATUS,
		displayName: 'Lead Category Updated',
		description: "A lead's category changed (by hand or by AI categorisation)",
		documentation: 'documented',
		schema: common.extend({
			...campaignFields,
			event_timestamp: z.string(),
			lead_id: optionalId,
			from_email: optionalText,
			to_email: z.string(),
			to_name: optionalText,
			lead_category: z
				.object({
					old_id: optionalId,
					old_name: optionalText,
					new_id: optionalId,
					new_name: optionalText,
				})
				.passthrough(),
			lead_data: z.object({ email: optionalText }).passthrough().nullish(),
			history: z.array(z.object({}).passthrough()).nullish(),
			last_reply: z.object({}).passthrough().nullish(),
		}),
		sample: {
			...WEBHOOK,
			event_type: 'LEAD_CATEGORY_UPDATED',
			event_timestamp: '2025-03-28T10:11:12.000Z',
			lead_id: '138084',
			...CAMPAIGN_SAMPLE,
			...LEAD_SAMPLE,
			lead_category: { old_id: null, old_name: null, new_id: 1, new_name: 'Interested' },
			category: 'Interested',
			lead_category_id: 1,
			lead_data: {
				email: 'lead@prospect.com',
				first_name: 'David',
				last_name: 'Carroll',
				company_name: 'Acme',
				website: 'acme.com',
				custom_fields: { first_line: 'Loved your talk' },
			},
			history: [
				{
					stats_id: 's-1',
					type: 'SENT',
					message_id: '<orig-1@agency.com>',
					time: '2025-03-27T08:00:00.000Z',
					email_body: 'Hi David',
					subject: 'Quick question',
				},
				{
					stats_id: 's-1',
					type: 'REPLY',
					message_id: '<CAreply-1@mail.gmail.com>',
					time: '2025-03-28T09:35:01.000Z',
					email_body: 'Sounds good',
				},
			],
			last_reply: {
				stats_id: 's-1',
				type: 'REPLY',
				message_id: '<CAreply-1@mail.gmail.com>',
				time: '2025-03-28T09:35:01.000Z',
				email_body: 'Sounds good',
			},
			app_url: 'https://app.smartlead.ai/app/master-inbox?leadMap=1438627',
			secret_key: SAMPLE_ACCOUNT_UUID,
			description: 'lead@prospect.com category updated to Interested',
			...META,
		},
	},
	{
		name: 'CAMPAIGN_STATUS_CHANGED',
		category: CAMPAIGN,
		displayName: 'Campaign Status Changed',
		description:
			'A campaign changed status (e.g. PAUSED to ACTIVE); carries no timestamp and no lead',
		documentation: 'documented',
		schema: common.extend({
			...campaignFields,
			previous_status: optionalText,
			current_status: z.string(),
		}),
		sample: {
			previous_status: 'PAUSED',
			current_status: 'ACTIVE',
			...CAMPAIGN_SAMPLE,
			secret_key: SAMPLE_ACCOUNT_UUID,
			app_url: 'https://app.smartlead.ai/app/email-campaign/9181/analytics',
			description: 'Email Campaign status changed PAUSED to ACTIVE for campaign - Q1 Outreach',
			...META,
			...WEBHOOK,
			event_type: 'CAMPAIGN_STATUS_CHANGED',
		},
	},
	{
		name: 'MANUAL_STEP_REACHED',
		category: CAMPAIGN,
		displayName: 'Manual Step Reached',
		description: 'A lead reached a manual step of the sequence; carries no timestamp',
		documentation: 'documented',
		schema: common.extend({
			...campaignFields,
			lead_id: optionalId,
			to_email: z.string(),
			to_name: optionalText,
			sent_message_ids: z.array(z.string()).nullish(),
			current_sequence_number: z.number().nullish(),
		}),
		sample: {
			lead_name: 'David Carroll',
			lead_id: '138084',
			lead_email: 'lead@prospect.com',
			sent_message_ids: ['<orig-1@agency.com>'],
			...CAMPAIGN_SAMPLE,
			current_sequence_number: 2,
			secret_key: SAMPLE_ACCOUNT_UUID,
			app_url: 'https://app.smartlead.ai/app/email-campaign/9181/lead-list',
			description:
				'Manual step reached for Campaign - Q1 Outreach and lead email - lead@prospect.com',
			...META,
			...WEBHOOK,
			event_type: 'MANUAL_STEP_REACHED',
		},
	},
];

/**
 * Event names some SmartLead doc pages use although real deliveries never carry them; a delivery
 * that does carry one is mapped to the real event (the original stays in `data.event_type`).
 */
export const EVENT_ALIASES: Readonly<Record<string, string>> = {
	EMAIL_OPENED: 'EMAIL_OPEN',
	EMAIL_CLICKED: 'EMAIL_LINK_CLICK',
	EMAIL_REPLIED: 'EMAIL_REPLY',
	LEAD_REPLIED: 'EMAIL_REPLY',
	EMAIL_BOUNCED: 'EMAIL_BOUNCE',
	EMAIL_UNSUBSCRIBED: 'LEAD_UNSUBSCRIBED',
};

/** Events a campaign-level webhook cannot meaningfully carry (untracked replies belong to no campaign). */
export const USER_LEVEL_ONLY_EVENTS = ['UNTRACKED_REPLIES'];
