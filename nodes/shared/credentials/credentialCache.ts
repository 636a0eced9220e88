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
 * - A delivery that fails authentication with a copy read before it arrived is checked again with
 *   one read after it arrived, before it is rejected (`retryWithFreshCredentials`), so a rotated
 *   secret does not reject a genuine delivery, not even the first one after the change.
 * - Except when the copy is itself such a re-check, started less than a tenth of the lifetime ago
 *   (`recheckSpacingMs`): then the failure stands without another read. Otherwise every forged
 *   delivery that arrives after the previous one's re-check would cost a read of its own, however
 *   many come. So a flood of forgeries costs at most about ten reads per lifetime, and a secret
 *   rotated while forgeries keep arriving is honoured within that tenth (3 s by default); a
 *   delivery refused in between is retried by the platform.
 * - The other direction (a secret just removed from the credential) still verifies until the copy
 *   expires: at most `lifetimeMs`. A lifetime of 0 turns the cache off and closes that window.
 * - Entries are keyed by workflow, node, credential type and credential id, so another node, a
 *   different credential or the same node after its credential was swapped never sees them.
 * - Reads of one credential never run side by side. Deliveries that find no copy share the read
 *   in progress; a delivery that must be checked again waits for a read that started after it
 *   arrived, shared with every other such delivery. So a burst after the copy expired, or a flood
 *   of forged deliveries, costs n8n one read at a time, not one per delivery, and no delivery is
 *   rejected on a value older than itself, but for the recent re-check above.
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
	/** Which load produced it (see `CredentialCache.loadsStarted`). */
	load: number;
	/** When the load started, if it was the re-check of a failed delivery. */
	recheckedAt?: number;
}

/** A read from n8n in progress, shared by every delivery that may use its answer. */
interface Flight<T> {
	load: number;
	promise: Promise<T>;
	recheckedAt?: number;
}

/** What `CredentialCache.read` answers. */
export interface CachedRead<T> {
	value: T;
	/** The value's read started after `since`. */
	fresh: boolean;
	/**
	 * The value comes from a re-check that started less than `recheckSpacingMs` ago: a failure
	 * with it is not checked again.
	 */
	settled: boolean;
}

/** Re-checks of one credential are at least this far apart: a tenth of the copy's lifetime. */
export function recheckSpacingMs(lifetimeMs: number): number {
	return Math.max(0, lifetimeMs) / 10;
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
	readonly #flights = new Map<string, Flight<T>>();
	#loadsStarted = 0;
	readonly #maxEntries: number;
	readonly #now: () => number;

	constructor(options: CredentialCacheOptions = {}) {
		this.#maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_CACHED_CREDENTIALS);
		this.#now = options.now ?? Date.now;
	}

	/** The cached value if it is younger than its lifetime; an expired one is dropped. */
	get(key: CredentialCacheKey): T | undefined {
		return this.#fresh(key)?.value;
	}

	/**
	 * How many reads from n8n this cache has started so far. A delivery notes it on arrival: a
	 * value from a later read is at least as new as one the delivery would have read itself.
	 */
	get loadsStarted(): number {
		return this.#loadsStarted;
	}

	/** Keeps `value` for `lifetimeMs`; a lifetime of 0 or less stores nothing. */
	set(
		key: CredentialCacheKey,
		value: T,
		lifetimeMs: number,
		load = this.#loadsStarted,
		recheckedAt?: number,
	): void {
		const text = keyText(key);
		if (text === undefined) return;
		this.#entries.delete(text);
		if (lifetimeMs <= 0) return;
		const now = this.#now();
		this.#dropExpired(now);
		this.#entries.set(text, {
			value,
			expiresAt: now + lifetimeMs,
			load,
			...(recheckedAt !== undefined ? { recheckedAt } : {}),
		});
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.#maxEntries) break;
			this.#entries.delete(oldest);
		}
	}

	/**
	 * The value under `key`, from the cache when allowed, else from `load()`. Reads of one key are
	 * never run side by side: a caller joins the read in progress when its answer is new enough
	 * for it, else waits for that read to end and starts (or joins) the next one. So however many
	 * deliveries arrive together, n8n is asked once per key at a time.
	 *
	 * `since` is `loadsStarted` as the caller noted it on arrival. With `strict` (and always when
	 * `lifetimeMs` is 0, the cache turned off) only a value whose read started after that is used,
	 * so the caller never gets an older value than it would have read itself. `fresh` in the
	 * answer says whether the value's read started after `since`; a strict read that has to start
	 * a load is a re-check, and `settled` says the value comes from a recent one.
	 */
	async read(
		key: CredentialCacheKey,
		lifetimeMs: number,
		load: () => Promise<T>,
		since: number,
		strict = false,
	): Promise<CachedRead<T>> {
		const text = keyText(key);
		if (text === undefined) return { value: await load(), fresh: true, settled: false };
		const onlyNewer = strict || lifetimeMs <= 0;
		for (;;) {
			const entry = lifetimeMs > 0 ? this.#fresh(key) : undefined;
			if (entry !== undefined && (!onlyNewer || entry.load > since)) {
				return {
					value: entry.value,
					fresh: entry.load > since,
					settled: this.#settled(entry.recheckedAt, lifetimeMs),
				};
			}
			const flight = this.#flights.get(text);
			if (flight === undefined) break;
			if (!onlyNewer || flight.load > since) {
				return {
					value: await flight.promise,
					fresh: flight.load > since,
					settled: this.#settled(flight.recheckedAt, lifetimeMs),
				};
			}
			// Started before this caller arrived: its answer may predate a change, so wait it out.
			await flight.promise.catch(() => undefined);
		}
		const number = ++this.#loadsStarted;
		// Only a cached copy can be re-checked; with the cache off every read is a first one.
		const recheckedAt = strict && lifetimeMs > 0 ? this.#now() : undefined;
		const promise = (async () => {
			let answered = false;
			try {
				const value = await load();
				answered = true;
				this.set(key, value, lifetimeMs, number, recheckedAt);
				return value;
			} finally {
				// n8n could not give the credential (deleted, undecryptable): keep no older copy of it.
				if (!answered) this.forgetOlder(key, number);
				if (this.#flights.get(text)?.load === number) this.#flights.delete(text);
			}
		})();
		this.#flights.set(text, {
			load: number,
			promise,
			...(recheckedAt !== undefined ? { recheckedAt } : {}),
		});
		return { value: await promise, fresh: true, settled: false };
	}

	#settled(recheckedAt: number | undefined, lifetimeMs: number): boolean {
		return recheckedAt !== undefined && this.#now() - recheckedAt < recheckSpacingMs(lifetimeMs);
	}

	/** Drops the copy under `key` if it came from load number `load` or an earlier one. */
	forgetOlder(key: CredentialCacheKey, load: number): void {
		const text = keyText(key);
		if (text === undefined) return;
		const entry = this.#entries.get(text);
		if (entry !== undefined && entry.load <= load) this.#entries.delete(text);
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

	#fresh(key: CredentialCacheKey): Entry<T> | undefined {
		const text = keyText(key);
		if (text === undefined) return undefined;
		const entry = this.#entries.get(text);
		if (entry === undefined) return undefined;
		this.#entries.delete(text);
		if (entry.expiresAt <= this.#now()) return undefined;
		// Re-inserted so that Map order is least recently used first.
		this.#entries.set(text, entry);
		return entry;
	}

	/** Secrets do not outlive their lifetime in memory for long: every store sweeps expired ones. */
	#dropExpired(now: number): void {
		for (const [text, entry] of this.#entries) {
			if (entry.expiresAt <= now) this.#entries.delete(text);
		}
	}
}

/**
 * One delivery attempt's use of the cache: when the delivery arrived (as `loadsStarted`), whether
 * every value must have been read after that, and the keys it used whose values were read
 * before it arrived (so that a failure can refresh exactly those).
 */
export interface CacheUse {
	arrival: number;
	strict: boolean;
	keys: CredentialCacheKey[];
}

/**
 * The cached value under `key` if it is fresh, else one read from n8n by `load()` (shared with
 * concurrent callers, see `CredentialCache.read`), which is then kept for `lifetimeMs`. A value
 * read before the attempt's delivery arrived is recorded in `use`, when given.
 */
export async function readThrough<T>(
	cache: CredentialCache<T>,
	key: CredentialCacheKey,
	lifetimeMs: number,
	load: () => Promise<T>,
	use?: CacheUse,
): Promise<T> {
	const since = use?.arrival ?? cache.loadsStarted;
	const { value, fresh, settled } = await cache.read(
		key,
		lifetimeMs,
		load,
		since,
		use?.strict ?? false,
	);
	// A copy from a recent re-check is not re-checked again (see the file comment).
	if (!fresh && !settled) use?.keys.push(key);
	return value;
}

/**
 * Runs one delivery attempt; when it fails authentication after using a value read before the
 * delivery arrived, runs it once more with every credential read after the delivery arrived. The
 * second answer is the one that counts, so a secret rotated just before a delivery never rejects
 * it.
 *
 * Forged deliveries cost little: one whose attempt already used values read after it arrived, or
 * a copy from a re-check less than `recheckSpacingMs` old, is not repeated, and repeated attempts
 * that arrive together share one read from n8n.
 */
export async function retryWithFreshCredentials<T, R>(
	cache: CredentialCache<T>,
	attempt: (use: CacheUse) => Promise<R>,
	authFailed: (result: R) => boolean,
): Promise<R> {
	const arrival = cache.loadsStarted;
	const first: CacheUse = { arrival, strict: false, keys: [] };
	const result = await attempt(first);
	if (first.keys.length === 0 || !authFailed(result)) return result;
	// The copies that failed are not served again; one a newer read already replaced is kept.
	for (const key of first.keys) cache.forgetOlder(key, arrival);
	return await attempt({ arrival, strict: true, keys: [] });
}
