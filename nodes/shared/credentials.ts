import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

/**
 * Every credential read inside a trigger's `webhook()` goes through this one function, so that
 * how credentials are fetched per delivery is decided in one place for all providers.
 */
export async function readWebhookCredentials(
	context: IWebhookFunctions,
	name: string,
): Promise<ICredentialDataDecryptedObject> {
	return await context.getCredentials(name);
}
