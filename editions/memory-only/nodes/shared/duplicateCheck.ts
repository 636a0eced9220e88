import type { IWebhookFunctions } from 'n8n-workflow';

import { dedupeScope } from './dedupe';
import { processDuplicateStore, type WhenStoreUnavailable } from './duplicateStore';

/**
 * Suppress Duplicates in the editions: the keys live in this n8n process. This file takes the
 * place of nodes/shared/duplicateCheck.ts, which also reads the Redis credential and talks to
 * Redis.
 */

/** `retry-later` is for a shared store that cannot answer; the memory store never gives it. */
export type DuplicateVerdict = 'new' | 'duplicate' | 'retry-later';

export interface DuplicateCheck {
	dedupeKey: string;
	windowMs: number;
	now: number;
	whenUnavailable: WhenStoreUnavailable;
}

export async function checkDuplicate(
	context: IWebhookFunctions,
	check: DuplicateCheck,
): Promise<DuplicateVerdict> {
	const key = dedupeScope(context.getWorkflow().id, context.getNode().id, check.dedupeKey);
	return (await processDuplicateStore.seen(key, check.windowMs, check.now)) ? 'duplicate' : 'new';
}
