import type { IWebhookFunctions } from 'n8n-workflow';

import { triggerOptions } from '../shared/pipeline/triggerOptions';
import type { SmartleadDeliveryConfig } from './delivery';
import { readStored, type SmartleadStaticData } from './lifecycle';

interface SmartleadNodeOptions {
	secretKey?: string;
}

/** The token of the current registration, and the secret key when the user asked for one. */
export function deliveryConfig(
	stored: SmartleadStaticData,
	options: SmartleadNodeOptions,
): SmartleadDeliveryConfig {
	return { token: stored.token, secretKey: options.secretKey || undefined };
}

/** The delivery config of the trigger `webhook()` runs in: its registration and its options. */
export function readDeliveryConfig(context: IWebhookFunctions): SmartleadDeliveryConfig {
	return deliveryConfig(
		readStored(context.getWorkflowStaticData('node')),
		triggerOptions<SmartleadNodeOptions>(context),
	);
}
