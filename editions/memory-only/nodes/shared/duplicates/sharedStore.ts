import type { IWebhookFunctions } from 'n8n-workflow';

import type { SeenResult, SharedTallyResult } from './store';

/**
 * The editions have no shared duplicate store: Suppress Duplicates keeps its keys in the n8n
 * process (their triggers offer no other store, see storeOffer.ts here). This file takes the place
 * of nodes/shared/duplicates/sharedStore.ts, which reads the Redis credential and loads the Redis
 * client. Should a workflow still name the Redis store (one copied from the all-in-one package),
 * the check treats it as unreachable, with nothing recorded.
 */
export const seenInSharedStore: (
	context: IWebhookFunctions,
	key: string,
	windowMs: number,
	now: number,
) => Promise<SeenResult> = async () => ({
	unavailable:
		'this package has no shared duplicate store; choose Duplicate Store: This Process (No Setup)',
	recorded: 'no',
});

/** Report Rejections counts in the n8n process here: there is no shared store to coordinate in. */
export const countRejectionInSharedStore: (
	context: IWebhookFunctions,
	scope: string,
	cause: string,
	now: number,
	intervalMs: number,
) => Promise<SharedTallyResult> = async () => ({
	unavailable: 'this package has no shared store',
});
