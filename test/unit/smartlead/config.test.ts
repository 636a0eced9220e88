import { deliveryConfig, readDeliveryConfig } from '../../../nodes/Smartlead/config';
import { fakeWebhookContext } from '../lib/webhookContext';

describe('SmartLead config', () => {
	it('keeps the registration token and a Secret Key the user set', () => {
		expect(deliveryConfig({ token: 'tok' }, { secretKey: 'key-1' })).toEqual({
			token: 'tok',
			secretKey: 'key-1',
		});
	});

	it('treats an empty or whitespace-only Secret Key as not set', () => {
		expect(deliveryConfig({ token: 'tok' }, { secretKey: ' ' }).secretKey).toBeUndefined();
		expect(deliveryConfig({ token: 'tok' }, {}).secretKey).toBeUndefined();
	});

	it("reads the node's static data and options inside webhook()", () => {
		const fake = fakeWebhookContext({
			staticData: { token: 'tok-2' },
			parameters: { options: { secretKey: 'key-2' } },
		});
		expect(readDeliveryConfig(fake.context)).toEqual({ token: 'tok-2', secretKey: 'key-2' });
	});
});
