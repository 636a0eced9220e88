import { deliveryConfig, readDeliveryConfig } from '../../../nodes/Leadterra/config';
import { fakeWebhookContext } from '../lib/webhookContext';

let node = 0;

describe('Leadterra config', () => {
	it("accepts the registration's secret and the credential's, and keeps the URL token", () => {
		expect(
			deliveryConfig({ webhookSecret: 'reg-secret', webhookToken: 'tok' }, 'cred-secret'),
		).toEqual({
			secrets: ['reg-secret', 'cred-secret'],
			token: 'tok',
		});
	});

	it('ignores missing, non-text and whitespace-only secrets', () => {
		expect(deliveryConfig({}, undefined)).toEqual({ secrets: [], token: undefined });
		expect(deliveryConfig({ webhookSecret: ' \n' }, 42).secrets).toEqual([]);
	});

	it("reads the node's static data and credential inside webhook()", async () => {
		const fake = fakeWebhookContext({
			nodeId: `leadterra-config-${++node}`,
			staticData: { webhookSecret: 'reg-secret', webhookToken: 'tok', webhookId: 'wh_1' },
			credentials: { leadterraApi: { signingSecret: 'cred-secret' } },
			parameters: { options: { credentialCacheSeconds: 0 } },
		});
		expect(await readDeliveryConfig(fake.context)).toEqual({
			secrets: ['reg-secret', 'cred-secret'],
			token: 'tok',
		});
	});
});
