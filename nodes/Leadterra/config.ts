import type { IWebhookFunctions } from 'n8n-workflow';

import { readWebhookCredentials } from '../shared/credentials/readCredentials';
import { isUsableSecret } from './auth';
import type { LeadterraDeliveryConfig } from './types';
import { readStored } from './lifecycle';
import type { StoredRegistration } from './registration';
import { LEADTERRA_CREDENTIAL } from './types';

/** How the trigger authenticates deliveries: secrets first, the URL token only when no secret is known. */
export function deliveryConfig(
	stored: StoredRegistration,
	credentialSecret: unknown,
): LeadterraDeliveryConfig {
	const secrets = [
		stored.webhookSecret ?? '',
		typeof credentialSecret === 'string' ? credentialSecret : '',
	];
	// A whitespace-only secret is no secret: the trigger then relies on what else it knows.
	return { secrets: secrets.filter(isUsableSecret), token: stored.webhookToken };
}

/** The delivery config of the trigger `webhook()` runs in: its registration and its credential. */
export async function readDeliveryConfig(
	context: IWebhookFunctions,
): Promise<LeadterraDeliveryConfig> {
	const credentials = await readWebhookCredentials(context, LEADTERRA_CREDENTIAL);
	return deliveryConfig(
		readStored(context.getWorkflowStaticData('node')),
		credentials.signingSecret,
	);
}
