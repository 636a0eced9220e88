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

	constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

	/**
	 * Records `key` and says whether it was already seen within `windowMs`. A repeat does not
	 * extend the window, so a key that keeps arriving is let through again once per window.
	 */
	seen(key: string, windowMs: number, now: number): boolean {
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > now) return true;
		this.expiries.delete(key);
		this.expiries.set(key, now + windowMs);
		this.evict(now);
		return false;
	}

	/** Forgets a key, so that a delivery whose execution could not start is accepted on retry. */
	forget(key: string): void {
		this.expiries.delete(key);
	}

	get size(): number {
		return this.expiries.size;
	}

	private evict(now: number): void {
		for (const [key, expiry] of this.expiries) {
			if (this.expiries.size <= this.maxEntries && expiry > now) break;
			this.expiries.delete(key);
		}
	}
}

/** The one store shared by every trigger in this process; keys are scoped by workflow and node. */
export const recentDeliveries = new RecentKeys();

export function dedupeScope(workflowId: string | undefined, nodeId: string, key: string): string {
	return `${workflowId ?? 'unsaved'}\u0000${nodeId}\u0000${key}`;
}
