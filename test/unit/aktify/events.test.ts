import {
	aktifyEvents,
	AKTIFY_CATEGORIES,
	v1EnvelopeSchema,
	v2EnvelopeSchema,
} from '../../../nodes/Aktify/events';
import {
	categoriesOf,
	distinctEventNames,
	eventOptions,
} from '../../../nodes/shared/catalogue/definitions';

const byKey = (version: string, name: string) =>
	aktifyEvents.find((event) => event.version === version && event.name === name)!;

describe('Aktify event catalogue', () => {
	it('covers every event of the spec: 2 v1 and 19 v2 combinations, 20 distinct names', () => {
		expect(
			aktifyEvents
				.filter((event) => event.version === 'v1')
				.map((event) => event.name)
				.sort(),
		).toEqual(['dnc.created', 'webchat.lead.created']);
		expect(aktifyEvents.filter((event) => event.version === 'v2')).toHaveLength(19);
		expect(distinctEventNames(aktifyEvents)).toHaveLength(20);
		expect(new Set(aktifyEvents.map((event) => `${event.version}:${event.name}`)).size).toBe(
			aktifyEvents.length,
		);
	});

	it('lists every category it uses, in output order', () => {
		expect([...categoriesOf(aktifyEvents)].sort()).toEqual([...AKTIFY_CATEGORIES].sort());
	});

	it('derives one option per distinct event name plus "All Events"', () => {
		const options = eventOptions(aktifyEvents);
		expect(options[0].value).toBe('*');
		expect(
			options
				.slice(1)
				.map((option) => option.value)
				.sort(),
		).toEqual(distinctEventNames(aktifyEvents).sort());
	});

	describe.each(aktifyEvents.map((event) => [`${event.version} ${event.name}`, event] as const))(
		'%s',
		(_label, event) => {
			const sample = event.sample as Record<string, unknown> & { data: Record<string, unknown> };

			it('its sample matches its envelope and data schema', () => {
				const envelope = event.version === 'v1' ? v1EnvelopeSchema : v2EnvelopeSchema;
				expect(envelope.safeParse(sample).success).toBe(true);
				expect(event.schema.safeParse(sample.data).success).toBe(true);
				const name =
					event.version === 'v1'
						? sample.type
						: (sample.metadata as { eventType: string }).eventType;
				expect(name).toBe(event.name);
			});

			it('passes unknown fields through', () => {
				const parsed = event.schema.parse({
					...sample.data,
					addedByAktifyLater: { nested: true },
				}) as Record<string, unknown>;
				expect(parsed.addedByAktifyLater).toEqual({ nested: true });
			});

			it('rejects data without the lead phone, or with a non-string phone', () => {
				const phoneField = event.version === 'v1' ? 'phoneNumber' : 'phone';
				const withoutPhone = { ...sample.data };
				delete withoutPhone[phoneField];
				expect(event.schema.safeParse(withoutPhone).success).toBe(false);
				expect(event.schema.safeParse({ ...sample.data, [phoneField]: 15095551234 }).success).toBe(
					false,
				);
				expect(event.schema.safeParse('not an object').success).toBe(false);
			});

			it('accepts a missing or null externalLeadId', () => {
				const rest = { ...sample.data };
				delete rest.externalLeadId;
				expect(event.schema.safeParse(rest).success).toBe(true);
				expect(event.schema.safeParse({ ...rest, externalLeadId: null }).success).toBe(true);
			});
		},
	);

	it.each([
		['v2', 'lead.call_initiated', 'isScheduled', 'yes'],
		['v2', 'lead.call_scheduled', 'scheduledTime', 1700000000],
		['v2', 'lead.link_clicked', 'shortUrl', undefined],
		['v2', 'lead.link_sent', 'url', undefined],
		['v2', 'lead.link_delivered', 'message', undefined],
		['v2', 'dnc.created', 'dncTimestamp', undefined],
		['v1', 'dnc.created', 'dncTimestamp', undefined],
		['v1', 'webchat.lead.created', 'campaignId', undefined],
		['v2', 'campaign.lead_created', 'isTestLead', 'true'],
	])('%s %s: documented field %s is enforced', (version, name, field, badValue) => {
		const event = byKey(version, name);
		const data = { ...(event.sample as { data: Record<string, unknown> }).data };
		if (badValue === undefined) delete data[field];
		else data[field] = badValue;
		expect(event.schema.safeParse(data).success).toBe(false);
	});

	it('keeps inferred fields optional (messaging events without a message are valid)', () => {
		for (const event of aktifyEvents.filter((candidate) => candidate.category === 'Messaging')) {
			expect(event.documentation).toBe('inferred');
			expect(event.schema.safeParse({ phone: '+15095551234' }).success).toBe(true);
		}
	});

	it('types v1 customData as string values', () => {
		const sample = byKey('v1', 'webchat.lead.created').sample as Record<string, unknown>;
		expect(v1EnvelopeSchema.safeParse({ ...sample, customData: { page: 5 } }).success).toBe(false);
	});
});
