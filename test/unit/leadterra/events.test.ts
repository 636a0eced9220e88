import { categoriesOf, distinctEventNames } from '../../../nodes/shared/catalogue/definitions';
import { validateAgainst } from '../../../nodes/shared/catalogue/validation';
import {
	envelopeSchema,
	LEADTERRA_CATEGORIES,
	leadterraEvents,
} from '../../../nodes/Leadterra/events';

const byName = (name: string) => leadterraEvents.find((event) => event.name === name)!;
const dataOf = (name: string) =>
	structuredClone((byName(name).sample as { data: Record<string, unknown> }).data);

describe('Leadterra catalogue', () => {
	it('has exactly the four documented events, each once, in the listed categories', () => {
		expect(distinctEventNames(leadterraEvents).sort()).toEqual([
			'campaign.started',
			'message.bounced',
			'message.sent',
			'reply.received',
		]);
		expect(leadterraEvents).toHaveLength(4);
		expect(categoriesOf(leadterraEvents)).toEqual(LEADTERRA_CATEGORIES);
	});

	it.each(leadterraEvents.map((event) => [event.name, event] as const))(
		'%s: the sample passes the envelope and its data schema',
		(name, event) => {
			const sample = event.sample as { event: string; data: unknown };
			expect(sample.event).toBe(name);
			expect(validateAgainst(envelopeSchema, sample)).toEqual({ valid: true, issues: [] });
			expect(validateAgainst(event.schema, sample.data)).toEqual({ valid: true, issues: [] });
		},
	);

	it('passes unknown fields through untouched', () => {
		const data = { ...dataOf('message.sent'), openTracking: { enabled: true } };
		const parsed = byName('message.sent').schema.parse(data);
		expect(parsed).toEqual(data);
	});

	it('treats inferred fields as optional: bare documented data is valid', () => {
		expect(validateAgainst(byName('campaign.started').schema, {}).valid).toBe(true);
		expect(
			validateAgainst(byName('message.sent').schema, { sequenceStep: 2, messageId: 'msg_1' }).valid,
		).toBe(true);
		expect(
			validateAgainst(byName('message.bounced').schema, {
				bounceType: 'soft',
				bounceReason: 'mailbox full',
			}).valid,
		).toBe(true);
		expect(validateAgainst(byName('reply.received').schema, { reply: { id: 'rpl_1' } }).valid).toBe(
			true,
		);
		expect(
			validateAgainst(byName('reply.received').schema, {
				reply: { id: 'rpl_1', classification: 'referral' },
			}).valid,
		).toBe(true);
	});

	it.each([
		[
			'message.sent without messageId',
			'message.sent',
			(data: Record<string, unknown>) => delete data.messageId,
			'messageId',
		],
		[
			'message.sent with a text step',
			'message.sent',
			(data: Record<string, unknown>) => (data.sequenceStep = 'one'),
			'sequenceStep',
		],
		[
			'message.bounced with an unknown bounce type',
			'message.bounced',
			(data: Record<string, unknown>) => (data.bounceType = 'medium'),
			'bounceType',
		],
		[
			'message.bounced without a reason',
			'message.bounced',
			(data: Record<string, unknown>) => delete data.bounceReason,
			'bounceReason',
		],
		[
			'reply.received without reply',
			'reply.received',
			(data: Record<string, unknown>) => delete data.reply,
			'reply',
		],
		[
			'reply.received with an empty reply id',
			'reply.received',
			(data: Record<string, unknown>) => ((data.reply as Record<string, unknown>).id = ''),
			'reply.id',
		],
		[
			'campaign.started with a numeric name',
			'campaign.started',
			(data: Record<string, unknown>) => (data.name = 42),
			'name',
		],
	])('flags %s, naming the field', (_label, name, mutate, field) => {
		const data = dataOf(name);
		mutate(data);
		const result = validateAgainst(byName(name).schema, data);
		expect(result.valid).toBe(false);
		expect(result.issues.some((issue) => issue.startsWith(`${field}:`))).toBe(true);
	});

	it('flags envelopes without event, timestamp or object data', () => {
		expect(validateAgainst(envelopeSchema, { timestamp: 't', data: {} }).issues[0]).toMatch(
			/^event:/,
		);
		expect(validateAgainst(envelopeSchema, { event: 'x', data: {} }).issues[0]).toMatch(
			/^timestamp:/,
		);
		expect(
			validateAgainst(envelopeSchema, { event: 'x', timestamp: 't', data: [] }).issues[0],
		).toMatch(/^data:/);
	});
});
