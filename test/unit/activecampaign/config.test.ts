import { deliveryConfig, readDeliveryConfig } from '../../../nodes/ActiveCampaign/config';
import { fakeWebhookContext } from '../lib/webhookContext';

describe('ActiveCampaign config', () => {
	it("checks deliveries against the current registration's token only", () => {
		expect(deliveryConfig({ webhookId: '7', token: 'tok' })).toEqual({ token: 'tok' });
		expect(deliveryConfig({})).toEqual({ token: undefined });
	});

	it("reads the node's static data inside webhook(), ignoring values of the wrong type", () => {
		expect(
			readDeliveryConfig(
				fakeWebhookContext({ staticData: { webhookId: '7', token: 'tok' } }).context,
			),
		).toEqual({ token: 'tok' });
		expect(readDeliveryConfig(fakeWebhookContext({ staticData: { token: 42 } }).context)).toEqual({
			token: undefined,
		});
	});
});
