import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import { readWebhookCredentials } from '../credentials/readCredentials';
// The one way in to the Redis store (and the only module that loads the Redis client).
import { redisReportsFor, redisStoreFor, testRedisCredential } from '../redis/redisStore';
import {
	redisSettingsFromCredential,
	type RedisStoreSettings,
	type SeenResult,
	type SharedTallyResult,
} from './store';

/**
 * The shared duplicate store a trigger uses when its Duplicate Store is Redis: the node's Redis
 * credential read as n8n hands it to the webhook, and the store for it. The one-service editions
 * build `editions/memory-only/nodes/shared/duplicates/sharedStore.ts` in its place, so they carry no
 * Redis client.
 */

export const REDIS_CREDENTIAL = 'leadEventsRedisApi';

/** The node's Redis settings and credential id, or why they cannot be used. */
async function sharedSettings(
	context: IWebhookFunctions,
): Promise<{ settings: RedisStoreSettings; credentialId?: string } | { unavailable: string }> {
	let data: Record<string, unknown>;
	try {
		data = await readWebhookCredentials(context, REDIS_CREDENTIAL);
	} catch (error) {
		// n8n's messages here name the credential type, never its values.
		return { unavailable: `its credential could not be read: ${(error as Error).message}` };
	}
	const settings = redisSettingsFromCredential(data);
	if ('invalid' in settings) return { unavailable: settings.invalid };
	const credentialId = context.getNode().credentials?.[REDIS_CREDENTIAL]?.id ?? undefined;
	return { settings, credentialId };
}

/** Records the key in the shared store, or says why the store could not answer. */
export async function seenInSharedStore(
	context: IWebhookFunctions,
	key: string,
	windowMs: number,
	now: number,
): Promise<SeenResult> {
	const shared = await sharedSettings(context);
	if ('unavailable' in shared) return { unavailable: shared.unavailable, recorded: 'no' };
	return await redisStoreFor(shared.settings, shared.credentialId).seen(key, windowMs, now);
}

/**
 * Report Rejections across processes: counts one rejection of the trigger `scope` in the shared
 * store and says whether it makes the report (see `SharedTallyResult`).
 */
export async function countRejectionInSharedStore(
	context: IWebhookFunctions,
	scope: string,
	cause: string,
	now: number,
	intervalMs: number,
): Promise<SharedTallyResult> {
	const shared = await sharedSettings(context);
	if ('unavailable' in shared) return shared;
	return await redisReportsFor(shared.settings, shared.credentialId)(scope, cause, now, intervalMs);
}

/** The Redis credential's test, for `methods.credentialTest` of every trigger that offers it. */
export async function leadEventsRedisApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await testRedisCredential(credential.data);
}
