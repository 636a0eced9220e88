/**
 * A short-lived, per-node copy of a trigger's credential data, so that a delivery does not have to
 * ask n8n for the credential every time.
 *
 * Why: inside `webhook()`, n8n's `getCredentials()` resolves the credential in a throw-away
 * workflow and takes a fresh expression isolate for that on every call, even when the credential
 * holds no expression. With n8n's default expression engine that one call is about a third of
 * what a delivery costs. A secret changes rarely, so a copy that lives for seconds saves almost
 * every one of those calls.
 *
 * What keeps it safe:
 * - A delivery that fails authentication with a cached copy is checked again with a fresh copy
 *   before it is rejected (`retryWithFreshCredentials`), so a rotated secret never rejects a
 *   genuine delivery, not even the first one after the change.
 * - The other direction (a secret just removed from the credential) still verifies until the copy
 *   expires: at most `lifetimeMs`. A lifetime of 0 turns the cache off and closes that window.
 * - Entries are keyed by workflow, node, credential type and credential id, so another node, a
 *   different credential or the same node after its credential was swapped never sees them.
 * - The number of entries is bounded; the least recently used go first.
 * - Values are held in a private field and the cache never logs; its JSON and inspection show
 *   only its size.
 *
 * Pure: no n8n import; the clock is injected.
 */

/** The lifetime used when the node does not set one: a removed secret verifies at most this long. */
export const DEFAULT_CREDENTIAL_LIFETIME_SECONDS = 30;
/** Upper bound of the lifetime option, so that a typo cannot keep a revoked secret alive for hours. */
export const MAX_CREDENTIAL_LIFETIME_SECONDS = 300;
/** Credentials held at most; one per trigger node in use, so this is far above any real instance. */
export const DEFAULT_MAX_CACHED_CREDENTIALS = 1000;

export interface CredentialCacheKey {
	workflowId: string | undefined;
	nodeId: string;
	credentialType: string;
	/** The credential's id as the node references it; without one nothing is cached. */
	credentialId: string | undefined;
}

interface Entry<T> {
	value: T;
	expiresAt: number;
}

export interface CredentialCacheOptions {
	maxEntries?: number;
	now?: () => number;
}

/** Turns the node option (seconds, may be missing or out of range) into a lifetime in ms. */
export function credentialLifetimeMs(seconds: unknown): number {
	const value =
		typeof seconds === 'number' && Number.isFinite(seconds)
			? seconds
			: DEFAULT_CREDENTIAL_LIFETIME_SECONDS;
	return Math.round(Math.min(Math.max(value, 0), MAX_CREDENTIAL_LIFETIME_SECONDS) * 1000);
}

function keyText(key: CredentialCacheKey): string | undefined {
	if (!key.credentialId) return undefined;
	return [key.workflowId ?? 'unsaved', key.nodeId, key.credentialType, key.credentialId].join(
		'\u0000',
	);
}

export class CredentialCache<T> {
	// A private field: neither util.inspect nor JSON.stringify of the cache reaches the values.
	readonly #entries = new Map<string, Entry<T>>();
	readonly #maxEntries: number;
	readonly #now: () => number;

	constructor(options: CredentialCacheOptions = {}) {
		this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_CACHED_CREDENTIALS);
		this.#now = options.now ?? Date.now;
	}

	/** The cached value if it is younger than its lifetime; an expired one is dropped. */
	get(key: CredentialCacheKey): T | undefined {
		const text = keyText(key);
		if (text === undefined) return undefined;
		const entry = this.#entries.get(text);
		if (entry === undefined) return undefined;
		this.#entries.delete(text);
		if (entry.expiresAt <= this.#now()) return undefined;
		// Re-inserted so that Map order is least recently used first.
		this.#entries.set(text, entry);
		return entry.value;
	}

	/** Keeps `value` for `lifetimeMs`; a lifetime of 0 or less stores nothing. */
	set(key: CredentialCacheKey, value: T, lifetimeMs: number): void {
		const text = keyText(key);
		if (text === undefined) return;
		this.#entries.delete(text);
		if (lifetimeMs <= 0) return;
		const now = this.#now();
		this.#dropExpired(now);
		this.#entries.set(text, { value, expiresAt: now + lifetimeMs });
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.#maxEntries) break;
			this.#entries.delete(oldest);
		}
	}

	delete(key: CredentialCacheKey): void {
		const text = keyText(key);
		if (text !== undefined) this.#entries.delete(text);
	}

	clear(): void {
		this.#entries.clear();
	}

	get size(): number {
		return this.#entries.size;
	}

	toJSON(): { size: number } {
		return { size: this.#entries.size };
	}

	/** Secrets do not outlive their lifetime in memory for long: every store sweeps expired ones. */
	#dropExpired(now: number): void {
		for (const [text, entry] of this.#entries) {
			if (entry.expiresAt <= now) this.#entries.delete(text);
		}
	}
}

/** The cache keys one delivery attempt was answered from, so that a failure can drop exactly those. */
export interface CacheUse {
	keys: CredentialCacheKey[];
}

/**
 * The cached value under `key` if it is fresh, else `load()`'s, which is then kept for
 * `lifetimeMs`. A hit is recorded in `use`, when given.
 */
export async function readThrough<T>(
	cache: CredentialCache<T>,
	key: CredentialCacheKey,
	lifetimeMs: number,
	load: () => Promise<T>,
	use?: CacheUse,
): Promise<T> {
	const cached = lifetimeMs > 0 ? cache.get(key) : undefined;
	if (cached !== undefined) {
		use?.keys.push(key);
		return cached;
	}
	const fresh = await load();
	cache.set(key, fresh, lifetimeMs);
	return fresh;
}

/**
 * Runs one delivery attempt; when it fails authentication after reading any credential from the
 * cache, drops those copies and runs the attempt once more, so that every read comes from n8n.
 * The second answer is the one that counts. An attempt that used no cached copy is never repeated,
 * so a forged delivery costs at most one extra read.
 */
export async function retryWithFreshCredentials<T, R>(
	cache: CredentialCache<T>,
	attempt: (use: CacheUse) => Promise<R>,
	authFailed: (result: R) => boolean,
): Promise<R> {
	const first: CacheUse = { keys: [] };
	const result = await attempt(first);
	if (first.keys.length === 0 || !authFailed(result)) return result;
	for (const key of first.keys) cache.delete(key);
	return await attempt({ keys: [] });
}
