import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import {
	credentialLifetimeMs,
	CredentialCache,
	readThrough,
	retryWithFreshCredentials,
	type CacheUse,
	type CredentialCacheKey,
} from './credentialCache';
import { triggerOptions } from '../pipeline/triggerOptions';

/**
 * Every credential read inside a trigger's `webhook()` goes through this one function, so that
 * how credentials are fetched per delivery is decided in one place for all providers.
 *
 * Reads are served from a short-lived per-node copy (see credentialCache.ts for why and how it
 * stays safe): n8n's `getCredentials()` takes an expression isolate of its own on every call, and
 * there is no other way for a node to read its credential. The lifetime is the node option
 * `credentialCacheSeconds` (0 = read from n8n every time).
 */

const webhookCredentials = new CredentialCache<ICredentialDataDecryptedObject>();

/** The cache use of the delivery attempt a context is running, set by `withFreshCredentialsOnAuthFailure`. */
const attempts = new WeakMap<IWebhookFunctions, CacheUse>();

function cacheKey(context: IWebhookFunctions, name: string): CredentialCacheKey {
	const node = context.getNode();
	return {
		workflowId: context.getWorkflow().id,
		nodeId: node.id,
		credentialType: name,
		credentialId: node.credentials?.[name]?.id ?? undefined,
	};
}

function lifetimeOf(context: IWebhookFunctions): number {
	const options = triggerOptions<{ credentialCacheSeconds?: unknown }>(context);
	return credentialLifetimeMs(options.credentialCacheSeconds);
}

export async function readWebhookCredentials(
	context: IWebhookFunctions,
	name: string,
): Promise<ICredentialDataDecryptedObject> {
	return await readThrough(
		webhookCredentials,
		cacheKey(context, name),
		lifetimeOf(context),
		async () => await context.getCredentials(name),
		attempts.get(context),
	);
}

/**
 * Runs one delivery attempt; if it fails authentication after using a credential read before the
 * delivery arrived, the attempt runs again with credentials read from n8n after it arrived, so a
 * delivery signed with a just-rotated secret is accepted, not rejected.
 */
export async function withFreshCredentialsOnAuthFailure<R>(
	context: IWebhookFunctions,
	attempt: () => Promise<R>,
	authFailed: (result: R) => boolean,
): Promise<R> {
	return await retryWithFreshCredentials(
		webhookCredentials,
		async (use) => {
			attempts.set(context, use);
			try {
				return await attempt();
			} finally {
				attempts.delete(context);
			}
		},
		authFailed,
	);
}
