import type { IWebhookFunctions } from 'n8n-workflow';

import type { SeenResult } from './store';

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
