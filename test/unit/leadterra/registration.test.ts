import {
	planRegistration,
	registeredEvents,
	registrationUrl,
	storedAfter,
	tokenOf,
	withoutQuery,
	type DesiredRegistration,
	type StoredRegistration,
} from '../../../nodes/Leadterra/registration';
import type { RemoteWebhook } from '../../../nodes/Leadterra/webhookShapes';

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

describe('registeredEvents', () => {
	it('expands All Events and an empty selection to the catalogue, keeps a selection, drops repeats', () => {
		expect(registeredEvents(['*'], ALL)).toEqual(ALL);
		expect(registeredEvents([], ALL)).toEqual(ALL);
		expect(registeredEvents(['reply.received', 'message.sent', 'reply.received'], ALL)).toEqual([
			'reply.received',
			'message.sent',
		]);
	});
});

describe('URL helpers', () => {
	it('adds, reads and strips the token', () => {
		const url = registrationUrl(BASE, 'a b/c');
		expect(url).toBe(`${BASE}?token=a%20b%2Fc`);
		expect(tokenOf(url)).toBe('a b/c');
		expect(withoutQuery(url)).toBe(BASE);
		expect(registrationUrl(BASE, undefined)).toBe(BASE);
		expect(tokenOf(BASE)).toBeUndefined();
	});
});

describe('planRegistration', () => {
	it('creates when nothing is stored and nothing points at this URL', () => {
		expect(planRegistration(desired, {}, [remote('wh_x', OTHER)], noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('creates when the stored registration is gone', () => {
		expect(planRegistration(desired, storedWith(), [], noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('keeps the stored registration when URL and events match', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN));
		expect(
			planRegistration(desired, storedWith(), [webhook, remote('wh_x', OTHER)], noCredentialSecret),
		).toEqual({
			action: 'keep',
			webhook,
			remove: [],
		});
	});

	it('compares events as sets', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN), [...ALL].reverse());
		expect(planRegistration(desired, storedWith(), [webhook], noCredentialSecret).action).toBe(
			'keep',
		);
	});

	it('repairs changed events with an update', () => {
		const webhook = remote('wh_1', registrationUrl(BASE, TOKEN), ['reply.received']);
		expect(planRegistration(desired, storedWith(), [webhook], noCredentialSecret)).toEqual({
			action: 'update',
			webhook,
			changes: { events: ALL },
			remove: [],
		});
	});

	it('repairs a URL that lost its token with an update, not a second registration', () => {
		const webhook = remote('wh_1', BASE);
		const plan = planRegistration(
			desired,
			storedWith({ webhookSecret: undefined }),
			[webhook],
			noCredentialSecret,
		);
		expect(plan).toEqual({
			action: 'update',
			webhook,
			changes: { url: registrationUrl(BASE, TOKEN) },
			remove: [],
		});
	});

	it('removes duplicates pointing at this URL and keeps the stored one', () => {
		const mine = remote('wh_1', registrationUrl(BASE, TOKEN));
		const plan = planRegistration(
			desired,
			storedWith(),
			[remote('wh_dup1', BASE), mine, remote('wh_dup2', `${BASE}?token=old`)],
			noCredentialSecret,
		);
		expect(plan).toEqual({ action: 'keep', webhook: mine, remove: ['wh_dup1', 'wh_dup2'] });
	});

	it('does not manage a stored id that now points at another URL', () => {
		const edited = remote('wh_1', OTHER);
		expect(planRegistration(desired, storedWith(), [edited], noCredentialSecret)).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('replaces a registration for this URL whose secret and token are unknown (static data lost)', () => {
		const orphan = remote('wh_orphan', `${BASE}?token=lost`);
		expect(planRegistration(desired, {}, [orphan], noCredentialSecret)).toEqual({
			action: 'create',
			remove: ['wh_orphan'],
		});
	});

	it('adopts such a registration when the credential holds a signing secret, dropping the unknown token', () => {
		const orphan = remote('wh_orphan', `${BASE}?token=lost`, ['message.sent']);
		expect(planRegistration(desired, {}, [orphan], { credentialSecret: true })).toEqual({
			action: 'update',
			webhook: orphan,
			changes: { url: BASE, events: ALL },
			remove: [],
		});
	});

	it('does not trust a stored secret or token for a different id', () => {
		const other = remote('wh_2', registrationUrl(BASE, TOKEN));
		expect(planRegistration(desired, storedWith(), [other], noCredentialSecret)).toEqual({
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
			const plan = planRegistration(desired, stored, listed, { credentialSecret });
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
