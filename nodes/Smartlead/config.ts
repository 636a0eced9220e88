import type { IWebhookFunctions } from 'n8n-workflow';

import { triggerOptions } from '../shared/pipeline/triggerOptions';
import type { SmartleadDeliveryConfig } from './delivery';
import { readStored, type StoredRegistration } from './lifecycle';

interface SmartleadNodeOptions {
	secretKey?: string;
}

/** The token of the current registration, and the secret key when the user asked for one. */
export function deliveryConfig(
	stored: StoredRegistration,
	options: SmartleadNodeOptions,
): SmartleadDeliveryConfig {
	// A Secret Key that is only whitespace counts as not set: SmartLead's keys never are, so it can
	// only be a paste gone wrong, and a payload would otherwise authenticate by sending spaces.
	const secretKey =
		typeof options.secretKey === 'string' && options.secretKey.trim() !== ''
			? options.secretKey
			: undefined;
	return { token: stored.token, secretKey };
}

/** The delivery config of the trigger `webhook()` runs in: its registration and its options. */
export function readDeliveryConfig(context: IWebhookFunctions): SmartleadDeliveryConfig {
	return deliveryConfig(
		readStored(context.getWorkflowStaticData('node')),
		triggerOptions<SmartleadNodeOptions>(context),
	);
}
