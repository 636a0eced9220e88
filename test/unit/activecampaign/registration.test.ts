import { ACTIVECAMPAIGN_EVENT_NAMES } from '../../../nodes/ActiveCampaign/events';
import {
	ALL_SOURCES,
	desiredWebhook,
	driftOf,
	idsToDelete,
	planRegistration,
	sourcesToRegister,
	webhookUrlProblem,
	type RegistrationSettings,
} from '../../../nodes/ActiveCampaign/registration';
import type { RemoteWebhook } from '../../../nodes/ActiveCampaign/types';

const URL_ = 'https://n8n.example.com/webhook/6f1c/webhook';
const TOKEN = 'T'.repeat(32);
const ALL: RegistrationSettings = {
	events: ['*'],
	sources: [...ALL_SOURCES],
	ignoreApiChanges: false,
};

function remote(id: string, overrides: Partial<RemoteWebhook> = {}): RemoteWebhook {
	const desired = desiredWebhook(URL_, TOKEN, ALL, ACTIVECAMPAIGN_EVENT_NAMES);
	return {
		id,
		name: desired.name,
		url: desired.url,
		events: desired.events,
		sources: desired.sources,
		listid: '0',
		...overrides,
	};
}

describe('what is registered', () => {
	it('uses all four sources by default and leaves out api on request', () => {
		expect(sourcesToRegister([], false)).toEqual(['public', 'admin', 'api', 'system']);
		expect(sourcesToRegister([...ALL_SOURCES], true)).toEqual(['public', 'admin', 'system']);
		expect(sourcesToRegister(['api'], true)).toEqual(['public', 'admin', 'system']);
		expect(sourcesToRegister(['admin', 'bogus'], false)).toEqual(['admin']);
	});

	it('puts the token in the URL and the list id as a number', () => {
		const spec = desiredWebhook(
			URL_,
			TOKEN,
			{ ...ALL, listId: ' 12 ' },
			ACTIVECAMPAIGN_EVENT_NAMES,
		);
		expect(spec.url).toBe(`${URL_}?token=${TOKEN}`);
		expect(spec.listid).toBe(12);
		expect(spec.name).toContain(URL_);
		expect(
			desiredWebhook(URL_, TOKEN, { ...ALL, listId: 'abc' }, ACTIVECAMPAIGN_EVENT_NAMES).listid,
		).toBeUndefined();
		expect(desiredWebhook('https://x/y?a=1', TOKEN, ALL, []).url).toBe(
			`https://x/y?a=1&token=${TOKEN}`,
		);
	});

	it('refuses https on a port other than 443', () => {
		expect(webhookUrlProblem('https://n8n.example.com:5678/webhook/x')).toMatch(/port 443/);
		expect(webhookUrlProblem('https://n8n.example.com/webhook/x')).toBeUndefined();
		expect(webhookUrlProblem('http://127.0.0.1:5678/webhook/x')).toBeUndefined();
		expect(webhookUrlProblem('not a url')).toMatch(/not a valid URL/);
	});
});

describe('drift', () => {
	const desired = desiredWebhook(URL_, TOKEN, ALL, ACTIVECAMPAIGN_EVENT_NAMES);

	it('finds none when only the order of events or sources differs', () => {
		expect(
			driftOf(
				remote('1', {
					events: [...desired.events].reverse(),
					sources: [...desired.sources].reverse(),
				}),
				desired,
			),
		).toEqual([]);
	});

	it.each([
		['url', { url: `${URL_}?token=${'X'.repeat(32)}` }],
		['events', { events: ['click'] }],
		['sources', { sources: ['public'] }],
		['listid', { listid: '4' }],
		['inactive', { active: false }],
	])('detects %s', (what, overrides) => {
		expect(driftOf(remote('1', overrides as Partial<RemoteWebhook>), desired)).toEqual([what]);
	});
});

describe('planRegistration', () => {
	const desired = desiredWebhook(URL_, TOKEN, ALL, ACTIVECAMPAIGN_EVENT_NAMES);
	const stranger = remote('99', { url: 'https://n8n.example.com/webhook/other/webhook?token=x' });

	it('keeps a matching stored registration and removes other registrations of this URL', () => {
		const orphan = remote('2', { url: `${URL_}?token=${'O'.repeat(32)}` });
		const plan = planRegistration(desired, [remote('1'), orphan, stranger], URL_, '1');
		expect(plan).toEqual({ action: 'keep', webhook: remote('1'), remove: ['2'] });
	});

	it('keeps nothing and removes the drifted registration when the settings changed', () => {
		const changed = desiredWebhook(
			URL_,
			TOKEN,
			{ ...ALL, ignoreApiChanges: true },
			ACTIVECAMPAIGN_EVENT_NAMES,
		);
		expect(driftOf(remote('1'), changed)).toEqual(['sources']);
		expect(planRegistration(changed, [remote('1'), stranger], URL_, '1')).toEqual({
			action: 'create',
			remove: ['1'],
		});
	});

	it('keeps nothing when the stored registration is gone from the account', () => {
		expect(planRegistration(desired, [stranger], URL_, '1')).toEqual({
			action: 'create',
			remove: [],
		});
	});

	it('without stored state, marks every registration of this URL for removal and none of others', () => {
		expect(planRegistration(undefined, [remote('1'), remote('2'), stranger], URL_)).toEqual({
			action: 'create',
			remove: ['1', '2'],
		});
	});

	it('matches ids given as numbers', () => {
		const numbered = { ...remote('1'), id: 1 as unknown as string };
		const plan = planRegistration(desired, [numbered], URL_, '1');
		expect(plan).toEqual({ action: 'keep', webhook: numbered, remove: [] });
	});
});

describe('idsToDelete', () => {
	it('deletes the stored id and every registration of this URL, once each', () => {
		expect(
			idsToDelete([remote('1'), remote('2'), remote('99', { url: 'https://other/x' })], URL_, '1'),
		).toEqual(['1', '2']);
	});

	it('still deletes the stored id when the listing failed', () => {
		expect(idsToDelete(undefined, URL_, '7')).toEqual(['7']);
	});

	it('copes with nothing created and nothing listed', () => {
		expect(idsToDelete([], URL_, undefined)).toEqual([]);
	});
});
