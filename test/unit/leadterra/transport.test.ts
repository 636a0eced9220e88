import {
	signingSecretOf,
	stripSecrets,
	toRemoteWebhook,
	webhookEntries,
	webhookList,
	withoutSecrets,
} from '../../../nodes/Leadterra/transport';

const hook = {
	id: 'wh_1',
	url: 'https://x.example/h',
	events: ['message.sent'],
	status: 'active',
	createdAt: '2025-06-10T16:00:00Z',
};

describe('toRemoteWebhook', () => {
	it.each([
		['wrapped in webhook', { webhook: hook }],
		['wrapped in data', { data: hook }],
		['at top level', hook],
	])('reads a registration %s', (_label, body) => {
		expect(toRemoteWebhook(body)).toEqual({
			id: 'wh_1',
			url: hook.url,
			events: hook.events,
			status: 'active',
		});
	});

	it('gives undefined without an id and tolerates odd field types', () => {
		expect(toRemoteWebhook({ webhook: { url: 'x' } })).toBeUndefined();
		expect(toRemoteWebhook('nope')).toBeUndefined();
		expect(toRemoteWebhook({ id: 'wh_2', url: 5, events: ['a', 3] })).toEqual({
			id: 'wh_2',
			url: '',
			events: ['a'],
			status: undefined,
		});
	});
});

describe('webhookList', () => {
	it('reads bare arrays and data/webhooks/items lists, dropping entries without id', () => {
		for (const body of [
			[hook, { url: 'x' }],
			{ data: [hook] },
			{ webhooks: [hook, null] },
			{ items: [hook] },
		]) {
			expect(webhookList(body).map((webhook) => webhook.id)).toEqual(['wh_1']);
		}
		expect(webhookList({ unexpected: true })).toEqual([]);
		expect(webhookEntries([{ ...hook, extra: 1 }])).toEqual([{ ...hook, extra: 1 }]);
	});
});

describe('signing secrets', () => {
	it.each([
		[{ secret: 's1' }, 's1'],
		[{ signingSecret: 's2' }, 's2'],
		[{ webhookSecret: 's3' }, 's3'],
		[{ webhook: { ...hook, secret: 's4' } }, 's4'],
		[{ data: { ...hook, signingSecret: 's5' } }, 's5'],
		[{ webhook: hook }, undefined],
		[{ secret: '' }, undefined],
	])('finds the secret in %j', (body, secret) => {
		expect(signingSecretOf(body)).toBe(secret);
	});

	it('never lets a secret into output', () => {
		expect(
			withoutSecrets({ webhook: { ...hook, secret: 's', signingSecret: 's', webhookSecret: 's' } }),
		).toEqual(hook);
		expect(stripSecrets({ ...hook, signing_secret: 's' })).toEqual(hook);
	});
});
