import { z } from 'zod';

import type { EventDefinition } from '../shared/catalogue/definitions';

/**
 * Aktify's event catalogue (facts: docs.aktify.io).
 * Fields Aktify documents are typed; fields we only infer are optional; every schema passes
 * unknown fields through, because the docs are still growing.
 */

const V1_API_VERSION = '2021-08-23';
export const V2_API_VERSION = '2026-02-09';

const optionalText = z.string().nullish();
const phone = z.string().min(1);

/** Every documented v2 event carries the lead's phone and, when supplied, your lead id. */
const v2Lead = z.object({ phone, externalLeadId: optionalText }).passthrough();

export const v1EnvelopeSchema = z
	.object({
		apiVersion: z.string(),
		type: z.string(),
		data: z.object({}).passthrough(),
		customData: z.record(z.string()).optional(),
	})
	.passthrough();

export const v2EnvelopeSchema = z
	.object({
		metadata: z
			.object({
				apiVersion: z.string(),
				eventType: z.string(),
				campaignId: z.string().nullish(),
				eventTime: z.string(),
			})
			.passthrough(),
		data: z.object({}).passthrough(),
	})
	.passthrough();

const CAMPAIGN = 'cmp_demo_01';
const LEAD = { phone: '+15095551234', externalLeadId: 'crm-0042' };

function v2Sample(
	eventType: string,
	data: Record<string, unknown>,
	eventTime = '2026-01-29T12:00:00.000Z',
) {
	return {
		metadata: { apiVersion: V2_API_VERSION, eventType, campaignId: CAMPAIGN, eventTime },
		data,
	};
}

interface V2Spec {
	name: string;
	category: string;
	displayName: string;
	description: string;
	documentation: EventDefinition['documentation'];
	fields?: z.ZodRawShape;
	data?: Record<string, unknown>;
}

function v2Event(spec: V2Spec): EventDefinition {
	return {
		name: spec.name,
		version: 'v2',
		category: spec.category,
		displayName: spec.displayName,
		description: spec.description,
		documentation: spec.documentation,
		schema: spec.fields ? v2Lead.extend(spec.fields) : v2Lead,
		sample: v2Sample(spec.name, { ...LEAD, ...spec.data }),
	};
}

const LEAD_LIFECYCLE = 'Lead Lifecycle';
const MESSAGING = 'Messaging';
const VOICE = 'Voice';
const LINKS = 'Links';
const WEBCHAT = 'WebChat';

export const aktifyEvents: readonly EventDefinition[] = [
	{
		name: 'dnc.created',
		version: 'v1',
		category: LEAD_LIFECYCLE,
		displayName: 'DNC Created',
		description:
			'A phone number was added to the Do Not Contact list (opt-out keyword or API request)',
		documentation: 'documented',
		schema: z
			.object({ phoneNumber: phone, dncTimestamp: z.string(), externalLeadId: optionalText })
			.passthrough(),
		sample: {
			apiVersion: V1_API_VERSION,
			type: 'dnc.created',
			data: {
				phoneNumber: '+15095551234',
				dncTimestamp: '2026-01-29T12:00:00.123456',
				externalLeadId: 'crm-0042',
			},
		},
	},
	{
		name: 'webchat.lead.created',
		version: 'v1',
		category: WEBCHAT,
		displayName: 'WebChat Lead Created',
		description: 'A new lead was captured through Aktify WebChat',
		documentation: 'documented',
		schema: z
			.object({
				campaignId: z.string(),
				phoneNumber: phone,
				timestamp: z.string(),
				firstName: optionalText,
				lastName: optionalText,
			})
			.passthrough(),
		sample: {
			apiVersion: V1_API_VERSION,
			type: 'webchat.lead.created',
			data: {
				firstName: 'Dana',
				lastName: 'Reyes',
				phoneNumber: '+15095551234',
				campaignId: '2aBcDeFgHiJkLmNoPqRsTuVwXyZ',
				timestamp: '2026-01-29T12:00:00.560061',
			},
			customData: { utm_source: 'google', landingPage: '/pricing' },
		},
	},
	v2Event({
		name: 'dnc.created',
		category: LEAD_LIFECYCLE,
		displayName: 'DNC Created',
		description:
			'A phone number was added to the Do Not Contact list (opt-out keyword or API request)',
		documentation: 'documented',
		fields: { dncTimestamp: z.string() },
		data: { dncTimestamp: '2026-01-29T12:00:00.000Z' },
	}),
	v2Event({
		name: 'campaign.lead_created',
		category: LEAD_LIFECYCLE,
		displayName: 'Campaign Lead Created',
		description: 'A new lead was processed and posted to a campaign',
		documentation: 'documented',
		fields: { firstName: optionalText, lastName: optionalText, isTestLead: z.boolean().nullish() },
		data: { firstName: 'Dana', lastName: 'Reyes', isTestLead: true },
	}),
	v2Event({
		name: 'lead.landline_detected',
		category: LEAD_LIFECYCLE,
		displayName: 'Landline Detected',
		description: 'A submitted lead turned out to be a landline and was not posted to the campaign',
		documentation: 'partial',
	}),
	...(
		[
			['lead.message_sent', 'Message Sent', 'An outbound SMS was sent to a lead'],
			['lead.message_received', 'Message Received', 'An inbound SMS arrived from a lead'],
			['lead.message_delivered', 'Message Delivered', 'Delivery of an outbound SMS was confirmed'],
			[
				'lead.conversation_started',
				'Conversation Started',
				'The first outbound message to a lead was delivered',
			],
			[
				'lead.carrier_optout_received',
				'Carrier Opt-Out Received',
				'The lead sent a carrier opt-out keyword (STOP)',
			],
			[
				'lead.carrier_optin_received',
				'Carrier Opt-In Received',
				'The lead sent a carrier opt-in keyword (START)',
			],
			[
				'lead.carrier_help_received',
				'Carrier Help Received',
				'The lead sent a carrier help keyword (HELP)',
			],
		] as const
	).map(([name, displayName, description]) =>
		v2Event({
			name,
			category: MESSAGING,
			displayName,
			description,
			documentation: 'inferred',
			fields: { message: optionalText },
			data: { message: 'Hi Dana, thanks for your interest. Is now a good time to talk?' },
		}),
	),
	v2Event({
		name: 'lead.call_initiated',
		category: VOICE,
		displayName: 'Call Initiated',
		description: 'An outbound call to a lead started',
		documentation: 'documented',
		fields: { isScheduled: z.boolean() },
		data: { isScheduled: true },
	}),
	v2Event({
		name: 'lead.call_received',
		category: VOICE,
		displayName: 'Call Received',
		description: 'An inbound call from a lead was received and answered',
		documentation: 'documented',
	}),
	v2Event({
		name: 'lead.call_scheduled',
		category: VOICE,
		displayName: 'Call Scheduled',
		description: 'A call the lead asked for was scheduled',
		documentation: 'documented',
		fields: { scheduledTime: z.string() },
		data: { scheduledTime: '2026-01-29T14:00:00.000Z' },
	}),
	v2Event({
		name: 'lead.call_ended',
		category: VOICE,
		displayName: 'Call Ended',
		description: 'A call with a lead ended; carries the result and type of the call',
		documentation: 'partial',
	}),
	v2Event({
		name: 'lead.call_transferred',
		category: VOICE,
		displayName: 'Call Transferred',
		description: 'A call was transferred to an agent',
		documentation: 'inferred',
	}),
	v2Event({
		name: 'lead.call_key_pressed',
		category: VOICE,
		displayName: 'Call Key Pressed',
		description: 'The lead pressed a key during an IVR call',
		documentation: 'inferred',
		fields: { key: z.union([z.string(), z.number()]).nullish() },
		data: { key: '1' },
	}),
	v2Event({
		name: 'lead.link_sent',
		category: LINKS,
		displayName: 'Link Sent',
		description: 'An outbound SMS containing a URL was sent (one event per URL)',
		documentation: 'documented',
		fields: { url: z.string() },
		data: { url: 'https://link.akti.fyi/Zx81' },
	}),
	v2Event({
		name: 'lead.link_delivered',
		category: LINKS,
		displayName: 'Link Delivered',
		description: 'Delivery of an SMS containing a campaign link was confirmed',
		documentation: 'documented',
		fields: { message: z.string() },
		data: { message: 'Hi Dana, your quote is ready: https://link.akti.fyi/Zx81' },
	}),
	v2Event({
		name: 'lead.link_clicked',
		category: LINKS,
		displayName: 'Link Clicked',
		description: 'The lead clicked a tracked link',
		documentation: 'documented',
		fields: { url: z.string(), shortUrl: z.string() },
		data: { url: 'https://example.com/offer', shortUrl: 'https://link.akti.fyi/Zx81' },
	}),
];

/** Categories in the order the trigger's outputs show them. */
export const AKTIFY_CATEGORIES = [LEAD_LIFECYCLE, MESSAGING, VOICE, LINKS, WEBCHAT];
