import { z } from 'zod';

import type { EventDefinition } from '../shared/catalogue/definitions';

/**
 * Leadterra's event catalogue (facts: docs.leadterra.co).
 * The docs name only a few `data` fields per event; those are typed, everything we infer from the
 * REST resources is optional, and every schema passes unknown fields through.
 */

const optionalText = z.string().nullish();

/** The envelope every delivery shares: `event`, `timestamp` and the event's `data`. */
export const envelopeSchema = z
	.object({
		event: z.string(),
		timestamp: z.string(),
		data: z.object({}).passthrough(),
		webhookId: optionalText,
	})
	.passthrough();

/** Lead-level fields the webhook docs do not list but Leadterra's REST lead resource has (inferred). */
const leadFields = {
	campaignId: optionalText,
	email: optionalText,
	leadId: optionalText,
};

export const CAMPAIGNS = 'Campaigns';
const MESSAGES = 'Messages';
export const REPLIES = 'Replies';

/** Categories in the order the trigger's outputs show them. */
export const LEADTERRA_CATEGORIES = [CAMPAIGNS, MESSAGES, REPLIES];

const CAMPAIGN = 'camp_01HZC7RQ3M8KD2';
const MESSAGE = 'msg_01HZC7S1V6QW9E';
const REPLY = 'rpl_01HZC7T4B2YF7N';

export const leadterraEvents: readonly EventDefinition[] = [
	{
		name: 'campaign.started',
		category: CAMPAIGNS,
		displayName: 'Campaign Started',
		description: 'A campaign moved from draft to running and began queueing messages',
		documentation: 'inferred',
		schema: z
			.object({
				campaignId: optionalText,
				id: optionalText,
				name: optionalText,
				status: optionalText,
			})
			.passthrough(),
		sample: {
			event: 'campaign.started',
			timestamp: '2025-06-10T15:59:00Z',
			data: { campaignId: CAMPAIGN, name: 'Q3 outreach', status: 'running' },
		},
	},
	{
		name: 'message.sent',
		category: MESSAGES,
		displayName: 'Message Sent',
		description: "A sequence step was handed to the recipient's mail server",
		documentation: 'partial',
		schema: z
			.object({ ...leadFields, sequenceStep: z.number().int(), messageId: z.string().min(1) })
			.passthrough(),
		sample: {
			event: 'message.sent',
			timestamp: '2025-06-10T16:00:00Z',
			data: {
				campaignId: CAMPAIGN,
				email: 'jane@prospect.com',
				sequenceStep: 1,
				messageId: MESSAGE,
			},
		},
	},
	{
		name: 'message.bounced',
		category: MESSAGES,
		displayName: 'Message Bounced',
		description: 'Delivery failed permanently, or temporary failures exceeded the retry limit',
		documentation: 'partial',
		schema: z
			.object({
				...leadFields,
				messageId: optionalText,
				bounceType: z.enum(['hard', 'soft']),
				bounceReason: z.string(),
			})
			.passthrough(),
		sample: {
			event: 'message.bounced',
			timestamp: '2025-06-10T16:01:00Z',
			data: {
				campaignId: CAMPAIGN,
				email: 'bad@prospect.com',
				messageId: 'msg_01HZC7S9K0PL3D',
				bounceType: 'hard',
				bounceReason: '550 5.1.1 user unknown',
			},
		},
	},
	{
		name: 'reply.received',
		category: REPLIES,
		displayName: 'Reply Received',
		description: 'An inbound reply was received and classified by Leadterra',
		documentation: 'partial',
		schema: z
			.object({
				...leadFields,
				messageId: optionalText,
				reply: z
					.object({
						id: z.string().min(1),
						email: optionalText,
						campaignId: optionalText,
						// The docs list five classifications and hint at more, so any text is accepted.
						classification: optionalText,
						receivedAt: optionalText,
						threadSnippet: optionalText,
					})
					.passthrough(),
			})
			.passthrough(),
		sample: {
			event: 'reply.received',
			timestamp: '2025-06-10T16:05:00Z',
			data: {
				campaignId: CAMPAIGN,
				messageId: MESSAGE,
				reply: {
					id: REPLY,
					email: 'jane@prospect.com',
					classification: 'interested',
					receivedAt: '2025-06-10T16:04:58Z',
					threadSnippet: 'Sounds interesting, can we talk Thursday?',
				},
			},
		},
	},
];

export const LEADTERRA_EVENT_NAMES = leadterraEvents.map((event) => event.name);
