/**
 * Per-process memory of recently seen delivery keys, for suppressing at-least-once repeats.
 *
 * Why not n8n's own facilities: inside `webhook()` the deduplication helpers are absent and, on
 * n8n 2.36+, static-data writes are lost whenever the call starts an execution. So the memory
 * lives in this module. Its guarantee is deliberately modest and documented: one n8n process,
 * lost on restart, bounded in size (oldest keys are forgotten first).
 */

export const DEFAULT_MAX_ENTRIES = 50_000;

export class RecentKeys {
	private readonly expiries = new Map<string, number>();
	/**
	 * A live iterator over `expiries` parked at the oldest entry, and that entry once read. V8 keeps
	 * deleted Map entries as holes until the table is rebuilt, and a fresh `for…of` walks all of
	 * them, so starting one per insert would make eviction slower the more keys expired. A parked
	 * iterator has the holes behind it. Map iterators stay valid while the Map changes: they skip
	 * deleted entries and reach entries added later.
	 */
	private cursor: IterableIterator<[string, number]> = this.expiries.entries();
	private oldestEntry: [string, number] | undefined;

	constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	/**
	 * Records `key` and says whether it was already seen within `windowMs`. A repeat does not
	 * extend the window, so a key that keeps arriving is let through again once per window.
	 */
	seen(key: string, windowMs: number, now: number): boolean {
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > now) return true;
		this.remove(key);
		this.expiries.set(key, now + windowMs);
		this.evict(now);
		return false;
	}

	/** Forgets a key, so that a delivery whose execution could not start is accepted on retry. */
	forget(key: string): void {
		this.remove(key);
	}

	get size(): number {
		return this.expiries.size;
	}

	private remove(key: string): void {
		if (this.oldestEntry !== undefined && this.oldestEntry[0] === key) this.oldestEntry = undefined;
		this.expiries.delete(key);
	}

	/** The entry inserted first among those still held (Map order is insertion order). */
	private oldest(): [string, number] | undefined {
		if (this.oldestEntry !== undefined) return this.oldestEntry;
		let next = this.cursor.next();
		if (next.done) {
			// A finished iterator stays finished; every entry it passed was deleted, so a new one
			// starting at the beginning sees exactly the entries held now.
			this.cursor = this.expiries.entries();
			next = this.cursor.next();
		}
		this.oldestEntry = next.done ? undefined : next.value;
		return this.oldestEntry;
	}

	/** Drops the oldest keys while the store is over its bound or the oldest key has expired. */
	private evict(now: number): void {
		for (let entry = this.oldest(); entry !== undefined; entry = this.oldest()) {
			if (this.expiries.size <= this.maxEntries && entry[1] > now) break;
			this.remove(entry[0]);
		}
	}
}

/** The one store shared by every trigger in this process; keys are scoped by workflow and node. */
export const recentDeliveries = new RecentKeys();

export function dedupeScope(workflowId: string | undefined, nodeId: string, key: string): string {
	return `${workflowId ?? 'unsaved'}\u0000${nodeId}\u0000${key}`;
}
