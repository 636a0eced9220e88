import { createHash } from 'node:crypto';

/**
 * Per-process memory of recently seen delivery keys, for suppressing at-least-once repeats.
 *
 * Why not n8n's own facilities: inside `webhook()` the deduplication helpers are absent and, on
 * n8n 2.36+, static-data writes are lost whenever the call starts an execution. So the memory
 * lives in this module. Its guarantee is deliberately modest and documented: one n8n process,
 * lost on restart, bounded in size.
 *
 * Bounds, because keys come from what senders send:
 * - every key is held as the SHA-256 of the scoped key, so an entry has one size however long the
 *   provider's id is (a 900 KB reply id costs what a 20-character one does);
 * - keys are grouped by workflow (the first part of the scoped key, see `dedupeScope`), and one
 *   workflow holds at most `maxPerWorkflow` keys: a flood of one workflow's keys evicts that
 *   workflow's own oldest keys, never another workflow's;
 * - all workflows together hold at most `maxEntries`; past that, expired keys anywhere are freed
 *   first, then the oldest key of the workflow that holds the most keys, so a small
 *   workflow loses a live key only when no workflow holds more than it does;
 * - expired keys are freed before any live key, whatever order they were recorded in: a workflow's
 *   expired keys go whenever it records one, a quiet workflow's as each call visits one workflow
 *   in turn, and every workflow's before the global bound evicts a live key.
 */

export const DEFAULT_MAX_ENTRIES = 50_000;
export const DEFAULT_MAX_PER_WORKFLOW = 20_000;

/** Longest workflow label kept as it is; a longer one (never an n8n id) is hashed too. */
const MAX_LABEL_LENGTH = 64;

/**
 * Keys recorded with the same window, in the order they were recorded. Expiry is "recorded at +
 * window", so with one window the order of recording is the order of expiry: the head is always
 * the key that expires first, and freeing expired keys only ever looks at heads.
 */
class ExpiryQueue {
	readonly expiries = new Map<string, number>();
	/**
	 * A live iterator parked at the head, and the head once read. V8 keeps deleted Map entries as
	 * holes until the table is rebuilt, and a fresh iterator walks all of them, so starting one per
	 * read would make reading the head slower the more keys were freed. A parked iterator has the
	 * holes behind it. Map iterators stay valid while the Map changes: they skip deleted entries
	 * and reach entries added later.
	 */
	private cursor: IterableIterator<[string, number]> = this.expiries.entries();
	private headEntry: [string, number] | undefined;

	constructor(readonly windowMs: number) {}

	get size(): number {
		return this.expiries.size;
	}

	head(): [string, number] | undefined {
		if (this.headEntry !== undefined) return this.headEntry;
		let next = this.cursor.next();
		if (next.done) {
			// A finished iterator stays finished; every entry it passed was deleted, so a new one
			// starting at the beginning sees exactly the entries held now.
			this.cursor = this.expiries.entries();
			next = this.cursor.next();
		}
		this.headEntry = next.done ? undefined : next.value;
		return this.headEntry;
	}

	delete(key: string): void {
		if (this.headEntry !== undefined && this.headEntry[0] === key) this.headEntry = undefined;
		this.expiries.delete(key);
	}
}

/** One workflow's keys: a queue per window length (one per node setting, so a few at most). */
class WorkflowKeys {
	readonly queues = new Map<number, ExpiryQueue>();
	size = 0;

	constructor(readonly label: string) {}

	queueFor(windowMs: number): ExpiryQueue {
		let queue = this.queues.get(windowMs);
		if (queue === undefined) {
			queue = new ExpiryQueue(windowMs);
			this.queues.set(windowMs, queue);
		}
		return queue;
	}

	/**
	 * The queue whose head was recorded first: the key to give up when this workflow must shrink.
	 * A head's recording time is its expiry minus its queue's window.
	 */
	oldest(): ExpiryQueue | undefined {
		let best: ExpiryQueue | undefined;
		let bestRecorded = Infinity;
		for (const queue of this.queues.values()) {
			const head = queue.head();
			if (head !== undefined && head[1] - queue.windowMs < bestRecorded) {
				best = queue;
				bestRecorded = head[1] - queue.windowMs;
			}
		}
		return best;
	}
}

export interface HeldKey {
	workflow: string;
	/** The stored form of the key: SHA-256 of the scoped key, base64. */
	key: string;
	expiresAt: number;
}

export class RecentKeys {
	private readonly workflows = new Map<string, WorkflowKeys>();
	private total = 0;
	/** Walks the workflows, one per call, to free expired keys of workflows that went quiet. */
	private sweep: IterableIterator<WorkflowKeys> = this.workflows.values();

	constructor(
		private readonly maxEntries = DEFAULT_MAX_ENTRIES,
		private readonly maxPerWorkflow = Math.min(DEFAULT_MAX_PER_WORKFLOW, maxEntries),
	) {}

	/**
	 * Records `scopedKey` and says whether it was already seen within `windowMs`. A repeat does not
	 * extend the window, so a key that keeps arriving is let through again once per window.
	 */
	seen(scopedKey: string, windowMs: number, now: number): boolean {
		const label = workflowLabel(scopedKey);
		const key = storedKey(scopedKey);
		const known = this.workflows.get(label);
		if (known !== undefined) {
			for (const queue of known.queues.values()) {
				const expiry = queue.expiries.get(key);
				if (expiry === undefined) continue;
				if (expiry > now) return true;
				this.remove(known, queue, key);
				break;
			}
			this.freeExpired(known, now);
		}
		this.sweepOne(now);

		// Looked up again: freeing expired keys may have dropped an emptied workflow.
		let workflow = this.workflows.get(label);
		if (workflow === undefined) {
			workflow = new WorkflowKeys(label);
			this.workflows.set(label, workflow);
		}
		workflow.queueFor(windowMs).expiries.set(key, now + windowMs);
		workflow.size++;
		this.total++;

		while (workflow.size > this.maxPerWorkflow) this.evictOldest(workflow);
		if (this.total > this.maxEntries) {
			for (const other of [...this.workflows.values()]) this.freeExpired(other, now);
			while (this.total > this.maxEntries) this.evictOldest(this.largest(workflow));
		}
		return false;
	}

	get size(): number {
		return this.total;
	}

	/** How many keys one workflow holds (tests and diagnostics). */
	sizeOf(workflowId: string): number {
		return this.workflows.get(workflowLabel(`${workflowId}\u0000`))?.size ?? 0;
	}

	/** Every key held, in no particular order (tests and diagnostics). */
	*held(): IterableIterator<HeldKey> {
		for (const [workflow, keys] of this.workflows) {
			for (const queue of keys.queues.values()) {
				for (const [key, expiresAt] of queue.expiries) yield { workflow, key, expiresAt };
			}
		}
	}

	/** Forgets one key; an emptied queue or workflow is dropped with it. */
	private remove(workflow: WorkflowKeys, queue: ExpiryQueue, key: string): void {
		queue.delete(key);
		workflow.size--;
		this.total--;
		if (queue.size === 0) workflow.queues.delete(queue.windowMs);
		if (workflow.size === 0) this.workflows.delete(workflow.label);
	}

	private freeExpired(workflow: WorkflowKeys, now: number): void {
		for (const queue of [...workflow.queues.values()]) {
			for (let head = queue.head(); head !== undefined && head[1] <= now; head = queue.head()) {
				this.remove(workflow, queue, head[0]);
			}
		}
	}

	private sweepOne(now: number): void {
		let next = this.sweep.next();
		if (next.done) {
			this.sweep = this.workflows.values();
			next = this.sweep.next();
		}
		if (!next.done) this.freeExpired(next.value, now);
	}

	private evictOldest(workflow: WorkflowKeys): void {
		const queue = workflow.oldest();
		const head = queue?.head();
		if (queue === undefined || head === undefined) throw new Error('RecentKeys: nothing to evict');
		this.remove(workflow, queue, head[0]);
	}

	/** The workflow holding the most keys; on a tie, not `current` (it has just recorded one). */
	private largest(current: WorkflowKeys): WorkflowKeys {
		let largest: WorkflowKeys | undefined;
		for (const workflow of this.workflows.values()) {
			if (
				largest === undefined ||
				workflow.size > largest.size ||
				(workflow.size === largest.size && largest === current)
			) {
				largest = workflow;
			}
		}
		if (largest === undefined) throw new Error('RecentKeys: no workflow to evict from');
		return largest;
	}
}
/** The stored form of a scoped key: fixed size, and no event content kept in memory. */
function storedKey(scopedKey: string): string {
	return createHash('sha256').update(scopedKey, 'utf8').digest('base64');
}

/** The workflow part of a scoped key (`dedupeScope` puts it first). */
function workflowLabel(scopedKey: string): string {
	const end = scopedKey.indexOf('\u0000');
	const label = end === -1 ? scopedKey : scopedKey.slice(0, end);
	return label.length <= MAX_LABEL_LENGTH ? label : storedKey(label);
}

/** The one store shared by every trigger in this process; keys are scoped by workflow and node. */
export const recentDeliveries = new RecentKeys();

export function dedupeScope(workflowId: string | undefined, nodeId: string, key: string): string {
	return `${workflowId ?? 'unsaved'}\u0000${nodeId}\u0000${key}`;
}
