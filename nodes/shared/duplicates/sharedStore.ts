import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { readWebhookCredentials } from '../credentials/readCredentials';
// The one way in to the Redis store (and the only module that loads the Redis client).
import { redisStoreFor, testRedisCredential } from '../redis/redisStore';
import { redisSettingsFromCredential, type SeenResult } from './store';

/**
 * The shared duplicate store a trigger uses when its Duplicate Store is Redis: the node's Redis
 * credential read as n8n hands it to the webhook, and the store for it. The one-service editions
 * build `editions/memory-only/nodes/shared/duplicates/sharedStore.ts` in its place, so they carry no
 * Redis client.
 */

export const REDIS_CREDENTIAL = 'leadEventsRedisApi';

/** Records the key in the shared store, or says why the store could not answer. */
export async function seenInSharedStore(
	context: IWebhookFunctions,
	key: string,
	windowMs: number,
	now: number,
): Promise<SeenResult> {
	let data: Record<string, unknown>;
	try {
		data = await readWebhookCredentials(context, REDIS_CREDENTIAL);
	} catch (error) {
		// n8n's messages here name the credential type, never its values.
		return {
			unavailable: `its credential could not be read: ${(error as Error).message}`,
			recorded: 'no',
		};
	}
	const settings = redisSettingsFromCredential(data);
	if ('invalid' in settings) return { unavailable: settings.invalid, recorded: 'no' };
	const credentialId = context.getNode().credentials?.[REDIS_CREDENTIAL]?.id ?? undefined;
	return await redisStoreFor(settings, credentialId).seen(key, windowMs, now);
}

/** The Redis credential's test, for `methods.credentialTest` of every trigger that offers it. */
export async function leadEventsRedisApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testRedisCredential(credential.data);
}
