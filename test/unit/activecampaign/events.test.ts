import { distinctEventNames } from '../../../nodes/shared/catalogue/definitions';
import { validateAgainst } from '../../../nodes/shared/catalogue/validation';
import {
	processDelivery as processActiveCampaignDelivery,
	type ActiveCampaignItem,
} from '../../../nodes/ActiveCampaign/delivery';
import {
	ACTIVECAMPAIGN_CATEGORIES,
	ACTIVECAMPAIGN_EVENT_NAMES,
	activeCampaignEvents,
} from '../../../nodes/ActiveCampaign/events';
import { encodeFormBody } from '../../../nodes/ActiveCampaign/formParser';
import { expectedNestedData } from '../../../harness/fakes/activecampaignSamples';

const TOKEN = 'A'.repeat(32);

function deliver(body: string): ActiveCampaignItem {
	const outcome = processActiveCampaignDelivery(
		{
			headers: {},
			rawBody: Buffer.from(body),
			contentType: 'application/x-www-form-urlencoded',
			query: { token: TOKEN },
		},
		{ token: TOKEN },
		Date.UTC(2026, 1, 28, 13, 4, 14),
	);
	if (!outcome.ok) throw new Error(`rejected: ${outcome.reason}`);
	return outcome.item;
}

describe('ActiveCampaign catalogue', () => {
	it('has the 27 documented event types, each once, in six categories', () => {
		expect(distinctEventNames(activeCampaignEvents)).toHaveLength(27);
		expect(ACTIVECAMPAIGN_EVENT_NAMES).toHaveLength(27);
		expect(new Set(activeCampaignEvents.map((event) => event.category))).toEqual(
			new Set(ACTIVECAMPAIGN_CATEGORIES),
		);
		expect(ACTIVECAMPAIGN_EVENT_NAMES).toEqual(
			expect.arrayContaining([
				'account_add',
				'account_update',
				'account_contact_add',
				'account_contact_update',
				'contact_task_add',
				'list_add',
				'subscribe',
				'unsubscribe',
				'update',
				'subscriber_note',
				'sent',
				'open',
				'click',
				'reply',
				'forward',
				'share',
				'bounce',
				'deal_add',
				'deal_update',
				'deal_note_add',
				'deal_pipeline_add',
				'deal_stage_add',
				'deal_task_add',
				'deal_tasktype_add',
				'sms_sent',
				'sms_reply',
				'sms_unsub',
			]),
		);
	});

	describe.each(activeCampaignEvents.map((event) => [event.name, event] as const))(
		'%s',
		(name, definition) => {
			it('sample is a form body of its own type', () => {
				expect(definition.sample.type).toBe(name);
			});

			it('sample parses into the expected nested shape and is valid', () => {
				const item = deliver(encodeFormBody(definition.sample));
				expect(item.event).toBe(name);
				expect(item.category).toBe(definition.category);
				expect(item.data).toEqual(expectedNestedData(definition.sample));
				expect(item.validation).toEqual({ valid: true, issues: [] });
			});

			it('is flagged, not dropped, when its type-specific main block is missing', () => {
				const required = Object.keys(definition.sample).find((key) =>
					/^(contact|account|accountContact|campaign|deal|list|pipeline|stage|tasktype|sms|note|task|link)\[id\]$/.test(
						key,
					),
				);
				expect(required).toMatch(/^[A-Za-z]+\[id\]$/);
				const broken = Object.fromEntries(
					Object.entries(definition.sample).filter(([key]) => key !== required),
				);
				const item = deliver(encodeFormBody(broken));
				expect(item.event).toBe(name);
				expect(item.validation.valid).toBe(false);
				expect(item.validation.issues.join(' ')).toContain(
					required!.slice(0, required!.indexOf('[')),
				);
			});

			it('passes unknown fields through', () => {
				const item = deliver(
					encodeFormBody({ ...definition.sample, 'brand_new[field]': 'x', surprise: 'y' }),
				);
				expect(item.validation.valid).toBe(true);
				expect(item.data).toMatchObject({ brand_new: { field: 'x' }, surprise: 'y' });
			});
		},
	);

	it('rejects a wrong type inside a documented block (an id that is a list)', () => {
		const update = activeCampaignEvents.find((event) => event.name === 'update')!;
		const result = validateAgainst(update.schema, { type: 'update', contact: { id: ['1', '2'] } });
		expect(result.valid).toBe(false);
		expect(result.issues[0]).toMatch(/^contact\.id/);
	});

	it('keeps custom field ids and splits tags', () => {
		const update = activeCampaignEvents.find((event) => event.name === 'update')!;
		const item = deliver(encodeFormBody(update.sample));
		expect(item.data.contact).toMatchObject({
			email: 'dana.lee+ac@example.com',
			phone: '+1 509 555 1234',
			orgname: 'Lee & Partners',
			tags: ['lead', 'webinar 2026', 'vip'],
			fields: { '3': 'none', '12': 'TIER1', '27': '', '105': '||Option 1||Option 2||' },
		});
	});
});
