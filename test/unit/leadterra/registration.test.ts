import {
	planRegistration,
	registrationUrl,
	repairChanges,
	storedAfter,
	type DesiredRegistration,
	type LeadterraPlan,
	type StoredRegistration,
} from '../../../nodes/Leadterra/registration';
import type { RemoteWebhook } from '../../../nodes/Leadterra/types';
import { withoutQuery } from '../../../nodes/shared/auth/urlToken';

const ALL = ['campaign.started', 'message.sent', 'message.bounced', 'reply.received'];
const BASE = 'https://n8n.example.com/webhook/0b6d/webhook';
const OTHER = 'https://elsewhere.example.com/hooks/leadterra';
const TOKEN = 'tok_abc';
const desired: DesiredRegistration = { baseUrl: BASE, events: ALL };
const noCredentialSecret = { credentialSecret: false };

function remote(id: string, url: string, events = ALL): RemoteWebhook {
	return { id, url, events, status: 'active' };
}

const storedWith = (extra: Partial<StoredRegistration> = {}): StoredRegistration => ({
	webhookId: 'wh_1',
	webhookUrl: registrationUrl(BASE, TOKEN),
	webhookEvents: ALL,
	webhookSecret: 'whsec_1',
	webhookToken: TOKEN,
	...extra,
});

describe('registrationUrl', () => {
	it('adds the token when there is one, and leaves the URL alone otherwise', () => {
		const url = registrationUrl(BASE, 'a b/c');
		expect(url).toBe(`${BASE}?token=a%20b%2Fc`);
		expect(new URL(url).searchParams.get('token')).toBe('a b/c');
		expect(registrationUrl(BASE, undefined)).toBe(BASE);
	});
});

/** The update a repair plan sends, checked next to the plan itself. */
function changesOf(plan: LeadterraPlan, stored: StoredRegistration) {
	if (plan.action !== 'repair') throw new Error(`expected a repair, got ${plan.action}`);
	return repairChanges(plan, desired, stored);
}

describe('planRegistration', () => {
	it('creates when nothing is stored and nothing points at this URL', () => {
		expect(planRegistration(desired, [remote('wh_x', OTHER)], {}, noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('creates when the stored registration is gone', () => {
		expect(planRegistration(desired, [], storedWith(), noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('keeps the stored registration when URL and events match', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN));
		expect(
			planRegistration(desired, [webhook, remote('wh_x', OTHER)], storedWith(), noCredentialSecret),
		).toEqual({
			action: 'keep',
			webhook,
			remove: [],
		});
	});

	it('compares events as sets', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN), [...ALL].reverse());
		expect(planRegistration(desired, [webhook], storedWith(), noCredentialSecret).action).toBe(
			'keep',
		);
	});

	it('repairs changed events with an update', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN), ['reply.received']);
		const plan = planRegistration(desired, [webhook], storedWith(), noCredentialSecret);
		expect(plan).toEqual({ action: 'repair', webhook, drift: ['events'], remove: [] });
		expect(changesOf(plan, storedWith())).toEqual({ events: ALL });
	});

	it('repairs a URL that lost its token with an update, not a second registration', () => {
		const webhook = remote('wh_1', BASE);
		const plan = planRegistration(
			desired,
			[webhook],
			storedWith({ webhookSecret: undefined }),
			noCredentialSecret,
		);
		expect(plan).toEqual({ action: 'repair', webhook, drift: ['url'], remove: [] });
		expect(changesOf(plan, storedWith())).toEqual({ url: registrationUrl(BASE, TOKEN) });
	});

	it('removes duplicates pointing at this URL and keeps the stored one', () => {
		const mine = remote('wh_1', registrationUrl(BASE, TOKEN));
		const plan = planRegistration(
			desired,
			[remote('wh_dup1', BASE), mine, remote('wh_dup2', `${BASE}?token=old`)],
			storedWith(),
			noCredentialSecret,
		);
		expect(plan).toEqual({ action: 'keep', webhook: mine, remove: ['wh_dup1', 'wh_dup2'] });
	});

	it('does not manage a stored id that now points at another URL', () => {
		const edited = remote('wh_1', OTHER);
		expect(planRegistration(desired, [edited], storedWith(), noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('replaces a registration for this URL whose secret and token are unknown (static data lost)', () => {
		const orphan = remote('wh_orphan', `${BASE}?token=lost`);
		expect(planRegistration(desired, [orphan], {}, noCredentialSecret)).toEqual({
			action: 'create',
			remove: ['wh_orphan'],
		});
	});

	it('adopts such a registration when the credential holds a signing secret, dropping the unknown token', () => {
		const orphan = remote('wh_orphan', `${BASE}?token=lost`, ['message.sent']);
		const plan = planRegistration(desired, [orphan], {}, { credentialSecret: true });
		expect(plan).toEqual({
			action: 'repair',
			webhook: orphan,
			drift: ['url', 'events'],
			remove: [],
		});
		expect(changesOf(plan, {})).toEqual({ url: BASE, events: ALL });
	});

	it('does not trust a stored secret or token for a different id', () => {
		const other = remote('wh_2', registrationUrl(BASE, TOKEN));
		expect(planRegistration(desired, [other], storedWith(), noCredentialSecret)).toEqual({
			action: 'create',
			remove: ['wh_2'],
		});
	});

	it('never leaves two registrations for this URL', () => {
		const cases: Array<[StoredRegistration, RemoteWebhook[], boolean]> = [
			[{}, [remote('a', BASE), remote('b', BASE), remote('c', OTHER)], false],
			[{}, [remote('a', BASE), remote('b', BASE)], true],
			[storedWith({ webhookId: 'b' }), [remote('a', BASE), remote('b', BASE)], false],
			[storedWith(), [remote('wh_1', OTHER), remote('a', BASE)], true],
		];
		for (const [stored, listed, credentialSecret] of cases) {
			const plan = planRegistration(desired, listed, stored, { credentialSecret });
			const survivors = listed.filter(
				(webhook) => withoutQuery(webhook.url) === BASE && !plan.remove.includes(webhook.id),
			);
			expect(survivors.length + (plan.action === 'create' ? 1 : 0)).toBe(1);
		}
	});
});

describe('storedAfter', () => {
	it('keeps secret and token only for the same id', () => {
		const previous = storedWith();
		expect(storedAfter(previous, remote('wh_1', BASE), BASE, ['reply.received'])).toEqual({
			...previous,
			webhookUrl: BASE,
			webhookEvents: ['reply.received'],
		});
		expect(storedAfter(previous, remote('wh_2', BASE), BASE, ALL)).toEqual({
			webhookId: 'wh_2',
			webhookUrl: BASE,
			webhookEvents: ALL,
			webhookSecret: undefined,
			webhookToken: undefined,
		});
	});
});
