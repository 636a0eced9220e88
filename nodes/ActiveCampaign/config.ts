import type { IWebhookFunctions } from 'n8n-workflow';

import type { ActiveCampaignDeliveryConfig } from './delivery';
import { readStored, type StoredRegistration } from './lifecycle';

/** Deliveries are checked against the token of the current registration only. */
export function deliveryConfig(stored: StoredRegistration): ActiveCampaignDeliveryConfig {
	return { token: stored.token };
}

/** The delivery config of the trigger `webhook()` runs in: its registration. */
export function readDeliveryConfig(context: IWebhookFunctions): ActiveCampaignDeliveryConfig {
	return deliveryConfig(readStored(context.getWorkflowStaticData('node')));
}
