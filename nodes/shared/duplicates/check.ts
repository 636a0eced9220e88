import type { IWebhookFunctions } from 'n8n-workflow';

import { dedupeScope } from './recentKeys';
import { seenInSharedStore } from './sharedStore';
import { processDuplicateStore, type WhenStoreUnavailable } from './store';

/**
 * The n8n side of Suppress Duplicates: which store the node chose, and what happens when the
 * shared store cannot answer. The shared store itself is reached through `sharedStore.ts` alone.
 */

/** `retry-later`: the shared store could not answer and the node answers 503 so the sender retries. */
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
	const workflowId = context.getWorkflow().id;
	const node = context.getNode();
	const key = dedupeScope(workflowId, node.id, check.dedupeKey);
	const storeKind = context.getNodeParameter('duplicateStore', 'memory') as string;
	if (storeKind !== 'redis') {
		return (await processDuplicateStore.seen(key, check.windowMs, check.now)) ? 'duplicate' : 'new';
	}

	const result = await seenInSharedStore(context, key, check.windowMs, check.now);
	if (typeof result === 'boolean') return result ? 'duplicate' : 'new';

	const where = `Suppress Duplicates in workflow ${workflowId ?? '(unsaved)'}, node "${node.name}"`;
	if (result.recorded === 'unknown') {
		// The command was sent and may have been applied: a 503 now would make the sender's retry
		// look like a duplicate and the event would never run. A possible duplicate beats a lost
		// event, so this delivery goes on, whatever the node's "unreachable" rule says.
		warnRateLimited(
			context,
			`${workflowId ?? 'unsaved'}\u0000${node.id}\u0000unknown`,
			check.now,
			`${where}: the shared duplicate store did not confirm the key (${result.unavailable}); it may have recorded it, so the workflow was started (at worst a duplicate run, never a lost event).`,
		);
		return (await processDuplicateStore.seen(key, check.windowMs, check.now)) ? 'duplicate' : 'new';
	}

	const action =
		check.whenUnavailable === 'reject'
			? 'answered 503 so the sender retries'
			: 'started the workflow without the shared duplicate check';
	warnRateLimited(
		context,
		`${workflowId ?? 'unsaved'}\u0000${node.id}`,
		check.now,
		`${where}: the shared duplicate store is unreachable (${result.unavailable}); ${action}.`,
	);
	if (check.whenUnavailable === 'reject') return 'retry-later';
	// Repeats that reach this same process during the outage are still recognised here.
	return (await processDuplicateStore.seen(key, check.windowMs, check.now)) ? 'duplicate' : 'new';
}

// During an outage every delivery fails the same way: the first warning per node is written at
// once, the rest are counted and summed up in the next warning a minute or more later.
const WARNING_INTERVAL_MS = 60_000;
const MAX_TRACKED_NODES = 1000;
const warned = new Map<string, { at: number; skipped: number }>();

function warnRateLimited(
	context: IWebhookFunctions,
	nodeKey: string,
	now: number,
	message: string,
): void {
	const last = warned.get(nodeKey);
	if (last && now - last.at < WARNING_INTERVAL_MS) {
		last.skipped++;
		return;
	}
	const skipped = last?.skipped ?? 0;
	if (warned.size >= MAX_TRACKED_NODES && !last) warned.delete(warned.keys().next().value!);
	warned.set(nodeKey, { at: now, skipped: 0 });
	const more = skipped > 0 ? ` ${skipped} more since the previous warning of this node.` : '';
	context.logger.warn(`${message}${more}`);
}
