import { randomToken } from '../../../nodes/shared/auth/crypto';
import {
	authenticate as checkDeliveryToken,
	isWellFormedToken,
} from '../../../nodes/ActiveCampaign/auth';
import {
	deriveDedupeKey,
	occurredAt,
	processDelivery as processActiveCampaignDelivery,
	splitTags,
} from '../../../nodes/ActiveCampaign/delivery';
import { activeCampaignEvents } from '../../../nodes/ActiveCampaign/events';
import { encodeFormBody, parseFormBody } from '../../../nodes/ActiveCampaign/formParser';

const CURRENT = randomToken();
const NOW = Date.UTC(2026, 1, 28, 13, 4, 14);
const sample = (name: string) => activeCampaignEvents.find((event) => event.name === name)!.sample;

function run(
	body: string | Buffer,
	query: Record<string, unknown> | undefined,
	contentType = 'application/x-www-form-urlencoded',
	token: string | undefined = CURRENT,
) {
	return processActiveCampaignDelivery(
		{ headers: {}, rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType, query },
		{ token },
		NOW,
	);
}

describe('token rule', () => {
	it('issues tokens of the shape it calls well-formed', () => {
		for (let index = 0; index < 50; index++) expect(isWellFormedToken(randomToken())).toBe(true);
	});

	it('accepts the current token', () => {
		expect(checkDeliveryToken({ token: CURRENT }, CURRENT)).toEqual({ ok: true });
	});

	it.each([
		['no query at all', undefined],
		['no token parameter', { other: '1' }],
		['an empty token', { token: '' }],
	])('answers 410 for %s (missing)', (_label, query) => {
		expect(checkDeliveryToken(query, CURRENT)).toMatchObject({ ok: false, status: 410 });
	});

	it('answers 410 for a well-formed token that is not the current one (stale)', () => {
		expect(checkDeliveryToken({ token: randomToken() }, CURRENT)).toMatchObject({
			ok: false,
			status: 410,
			reason: expect.stringMatching(/Stale/),
		});
	});

	it('answers 410 for a well-formed token when the node holds none', () => {
		expect(checkDeliveryToken({ token: randomToken() }, undefined)).toMatchObject({
			ok: false,
			status: 410,
		});
	});

	it.each([
		['a short token', 'nope'],
		['the current token with a suffix', `${CURRENT}x`],
		['characters outside base64url', `${'A'.repeat(31)}!`],
	])('answers 401 for %s (wrong)', (_label, token) => {
		expect(checkDeliveryToken({ token }, CURRENT)).toMatchObject({ ok: false, status: 401 });
	});

	it('answers 401 for a token given twice, even when one copy is right', () => {
		expect(checkDeliveryToken({ token: [CURRENT, CURRENT] }, CURRENT)).toMatchObject({
			ok: false,
			status: 401,
		});
	});

	it('never echoes the token in a reason', () => {
		for (const query of [{ token: 'nope' }, { token: randomToken() }, {}]) {
			const verdict = checkDeliveryToken(query, CURRENT);
			expect(JSON.stringify(verdict)).not.toContain(CURRENT);
		}
	});
});

describe('processActiveCampaignDelivery', () => {
	const body = encodeFormBody(sample('click'));

	it('rejects before parsing when the token is wrong, even for a valid body', () => {
		expect(run(body, { token: 'nope' })).toMatchObject({ ok: false, status: 401 });
		expect(run(body, {})).toMatchObject({ ok: false, status: 410 });
	});

	it('answers 400 to an empty body with a valid token', () => {
		expect(run('', { token: CURRENT })).toMatchObject({ ok: false, status: 400 });
	});

	it('builds the item envelope', () => {
		const outcome = run(body, { token: CURRENT });
		expect(outcome.ok).toBe(true);
		if (!outcome.ok) return;
		expect(outcome.item).toMatchObject({
			event: 'click',
			category: 'Campaigns',
			dateTime: '2026-02-28T07:04:13-06:00',
			occurredAt: '2026-02-28T13:04:13.000Z',
			initiatedFrom: 'public',
			initiatedBy: 'admin',
			listIds: ['3'],
			receivedAt: new Date(NOW).toISOString(),
			validation: { valid: true, issues: [] },
		});
		expect(outcome.item.data).toMatchObject({
			link: { id: '64' },
			campaign: { message: { subject: 'Your 20% spring discount' } },
		});
	});

	it('masks the token in the echoed url', () => {
		const outcome = run(
			encodeFormBody({
				...sample('update'),
				url: `https://n8n.example.com/webhook/x/webhook?token=${CURRENT}&a=1`,
			}),
			{ token: CURRENT },
		);
		expect(outcome.ok && outcome.item.data.url).toBe(
			'https://n8n.example.com/webhook/x/webhook?token=***&a=1',
		);
		expect(JSON.stringify(outcome)).not.toContain(CURRENT);
	});

	it('collects list ids from list[][id] and leaves out the placeholder 0', () => {
		const outcome = run(encodeFormBody(sample('unsubscribe')), { token: CURRENT });
		expect(outcome.ok && outcome.item.listIds).toEqual(['3', '7']);
		const listAdd = run(encodeFormBody(sample('list_add')), { token: CURRENT });
		expect(listAdd.ok && listAdd.item.listIds).toEqual(['12']);
	});

	it('emits an unknown event type generically instead of dropping it', () => {
		const outcome = run(
			'type=contact_tag_added&tag=vip&contact[id]=42&date_time=2026-02-28T07:04:13-06:00',
			{ token: CURRENT },
		);
		expect(outcome).toMatchObject({
			ok: true,
			item: {
				event: 'contact_tag_added',
				category: 'Other',
				data: { tag: 'vip', contact: { id: '42' } },
				validation: { valid: false },
			},
		});
	});

	it('emits a body without a type as "unknown", flagged', () => {
		expect(run('hello', { token: CURRENT })).toMatchObject({
			ok: true,
			item: { event: 'unknown', validation: { valid: false } },
		});
	});

	it('emits malformed percent-encoding with the problem in validation', () => {
		const outcome = run(`${body}&note=100%`, { token: CURRENT });
		expect(outcome).toMatchObject({
			ok: true,
			item: { event: 'click', data: { note: '100%' }, validation: { valid: false } },
		});
	});

	it('reads a form body even when the content type says otherwise', () => {
		expect(run(body, { token: CURRENT }, 'text/plain')).toMatchObject({
			ok: true,
			item: { event: 'click' },
		});
	});

	it('passes a JSON custom-object webhook through with eventType as the event', () => {
		const json = JSON.stringify({
			eventType: 'update',
			id: '5',
			schemaId: 's-1',
			fields: [{ id: 'f', value: 1, oldValue: 0 }],
			updatedTimestamp: '2023-11-13T21:45:11.935Z',
		});
		expect(run(json, { token: CURRENT }, 'application/json')).toMatchObject({
			ok: true,
			item: { event: 'update', data: { schemaId: 's-1' }, occurredAt: '2023-11-13T21:45:11.935Z' },
		});
	});

	it('never throws on random bytes with a valid token', () => {
		for (let index = 0; index < 200; index++) {
			const bytes = Buffer.from(
				Array.from({ length: index }, (_, n) => (n * 7919 + index * 31) % 256),
			);
			expect(() => run(bytes, { token: CURRENT })).not.toThrow();
		}
	});
});

describe('dedupe key', () => {
	const key = (fields: Record<string, string | string[]>) => {
		const parsed = parseFormBody(encodeFormBody(fields));
		return deriveDedupeKey(String(fields.type), parsed.value, parsed.pairs);
	};

	it('names type, ids and date_time', () => {
		expect(key(sample('click'))).toMatch(
			/^activecampaign:click:contact=42,campaign=15,link=64:2026-02-28T07:04:13-06:00:[0-9a-f]{16}$/,
		);
	});

	it('is the same for a repeated delivery, whatever its field order or echoed URL', () => {
		const fields = sample('update');
		const reordered = Object.fromEntries(Object.entries(fields).reverse());
		expect(key({ ...reordered, url: 'https://elsewhere.example.com/?token=x' })).toBe(key(fields));
	});

	it('differs for two different updates of the same contact in the same second', () => {
		expect(key({ ...sample('update'), 'contact[fields][12]': 'TIER2' })).not.toBe(
			key(sample('update')),
		);
	});

	it('differs when only the date_time differs', () => {
		expect(key({ ...sample('update'), date_time: '2026-02-28T07:04:14-06:00' })).not.toBe(
			key(sample('update')),
		);
	});
});

describe('helpers', () => {
	it('splits tags on commas and trims', () => {
		expect(splitTags('lead, webinar 2026,vip ,')).toEqual(['lead', 'webinar 2026', 'vip']);
		expect(splitTags('')).toEqual([]);
		expect(splitTags(['a', 'b'])).toEqual(['a', 'b']);
		expect(splitTags({})).toBeUndefined();
	});

	it('converts date_time only when it carries a zone', () => {
		expect(occurredAt('2026-02-28T07:04:13-06:00')).toBe('2026-02-28T13:04:13.000Z');
		expect(occurredAt('2026-02-28 07:04:13')).toBeNull();
		expect(occurredAt('garbage+01:00')).toBeNull();
		expect(occurredAt(null)).toBeNull();
	});
});
