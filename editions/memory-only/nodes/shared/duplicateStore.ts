import { RecentKeys, recentDeliveries } from './dedupe';

/**
 * The editions' duplicate store: the n8n process's memory. This file takes the place of
 * nodes/shared/duplicateStore.ts, which also holds the Redis store and imports the Redis client
 * (socket code that n8n's scanner rejects). Once the Redis store lives in a module of its own,
 * this replacement is no longer needed: the editions then replace only the module that chooses
 * between the stores.
 */

/** `true`: seen within the window (a duplicate); `false`: first sighting, now recorded. */
export type SeenResult = boolean | { unavailable: string };

export interface DuplicateStore {
	seen(key: string, windowMs: number, now: number): Promise<SeenResult>;
}

export type DuplicateStoreKind = 'memory';

/** What a trigger does when a shared store cannot answer; the memory store always answers. */
export type WhenStoreUnavailable = 'deliver' | 'reject';

export class MemoryDuplicateStore implements DuplicateStore {
	constructor(private readonly keys: RecentKeys = recentDeliveries) {}

	async seen(key: string, windowMs: number, now: number): Promise<SeenResult> {
		return this.keys.seen(key, windowMs, now);
	}
}

export const processDuplicateStore = new MemoryDuplicateStore();
