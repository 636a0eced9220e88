import { createHash } from 'node:crypto';

import { RecentKeys, recentDeliveries } from './dedupe';
import {
	RedisClient,
	RedisClientError,
	sharedRedisClient,
	type RedisConnectionOptions,
} from './redisClient';

/**
 * Where Suppress Duplicates remembers delivery keys. Two stores answer the same question: the
 * process's own memory (zero setup, one n8n process) and Redis (shared by every n8n process that
 * uses the same Redis credential, so a retry that lands on another webhook processor is still
 * recognised).
 */

/** `true`: seen within the window (a duplicate); `false`: first sighting, now recorded. */
export type SeenResult = boolean | { unavailable: string };

export interface DuplicateStore {
	/**
	 * Records `key` and says whether it was already recorded within `windowMs`. A repeat does not
	 * extend the window. `{ unavailable }` means the store could not answer; nothing was recorded.
	 */
	seen(key: string, windowMs: number, now: number): Promise<SeenResult>;
}

export type DuplicateStoreKind = 'memory' | 'redis';

/** What a trigger does with an authenticated event when the shared store cannot answer. */
export type WhenStoreUnavailable = 'deliver' | 'reject';

export class MemoryDuplicateStore implements DuplicateStore {
	constructor(private readonly keys: RecentKeys = recentDeliveries) {}

	async seen(key: string, windowMs: number, now: number): Promise<SeenResult> {
		return this.keys.seen(key, windowMs, now);
	}
}

/** The process store every trigger uses unless Redis is chosen. */
export const processDuplicateStore = new MemoryDuplicateStore();

export const DEFAULT_KEY_PREFIX = 'n8n-lead-events:dup:';

/**
 * The Redis key for a scoped delivery key: the prefix and a SHA-256 of the scope, so Redis holds
 * no event content (dedupe keys can contain phone numbers or e-mail addresses) and keys have one
 * length whatever the provider's key looks like.
 */
export function redisKey(prefix: string, scopedKey: string): string {
	return `${prefix}${createHash('sha256').update(scopedKey, 'utf8').digest('hex')}`;
}

export class RedisDuplicateStore implements DuplicateStore {
	constructor(
		private readonly client: Pick<RedisClient, 'command'>,
		private readonly prefix: string = DEFAULT_KEY_PREFIX,
	) {}

	/**
	 * `SET key 1 NX PX window` is one atomic step in Redis: of any number of processes offering the
	 * same key at once, exactly one gets "OK" (first sighting), the others get nil (duplicate).
	 * Redis's clock sets the expiry, so `now` is not used: processes need not agree on the time.
	 */
	async seen(key: string, windowMs: number): Promise<SeenResult> {
		const px = Math.max(1, Math.round(windowMs));
		try {
			const reply = await this.client.command([
				'SET',
				redisKey(this.prefix, key),
				'1',
				'NX',
				'PX',
				px,
			]);
			if (reply === 'OK') return false;
			if (reply === null) return true;
			return { unavailable: 'Redis answered SET with an unexpected reply' };
		} catch (error) {
			return { unavailable: describeError(error) };
		}
	}
}

function describeError(error: unknown): string {
	if (error instanceof RedisClientError) return error.message;
	return `Redis request failed: ${(error as Error).message ?? String(error)}`;
}

// ---------------------------------------------------------------------------------------------
// The credential
// ---------------------------------------------------------------------------------------------

export interface RedisStoreSettings {
	connection: RedisConnectionOptions;
	keyPrefix: string;
}

/**
 * Reads the Redis credential's fields. Returns a reason instead of settings when a field cannot
 * be used, so the trigger can log it and apply its "store unavailable" rule.
 */
export function redisSettingsFromCredential(
	data: Record<string, unknown> | undefined,
): RedisStoreSettings | { invalid: string } {
	if (!data) return { invalid: 'No Redis credential is selected' };
	const host = typeof data.host === 'string' ? data.host.trim() : '';
	if (!host) return { invalid: 'The Redis credential has no host' };
	const port = Number(data.port ?? 6379);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		return { invalid: 'The Redis credential has an invalid port' };
	}
	const database = Number(data.database ?? 0);
	if (!Number.isInteger(database) || database < 0) {
		return { invalid: 'The Redis credential has an invalid database number' };
	}
	const prefix = typeof data.prefix === 'string' ? data.prefix : DEFAULT_KEY_PREFIX;
	return {
		connection: {
			host,
			port,
			database,
			user: typeof data.user === 'string' ? data.user : '',
			password: typeof data.password === 'string' ? data.password : '',
			tls: data.tls === true,
		},
		keyPrefix: prefix === '' ? DEFAULT_KEY_PREFIX : prefix,
	};
}

/** The shared store for a credential; its connection is shared by every trigger of the process. */
export function redisStoreFor(settings: RedisStoreSettings): RedisDuplicateStore {
	return new RedisDuplicateStore(sharedRedisClient(settings.connection), settings.keyPrefix);
}

export interface ConnectionTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The credential test: connects with a client of its own (closed afterwards), then writes and
 * deletes a probe key under the prefix, which proves what the store needs: reachability, AUTH,
 * SELECT, and permission to SET and DEL keys with that prefix.
 */
export async function testRedisCredential(
	data: Record<string, unknown> | undefined,
): Promise<ConnectionTestResult> {
	const settings = redisSettingsFromCredential(data);
	if ('invalid' in settings) return { status: 'Error', message: settings.invalid };
	const client = new RedisClient(settings.connection);
	const probe = `${settings.keyPrefix}credential-test`;
	try {
		await client.command(['PING']);
		await client.command(['SET', probe, '1', 'NX', 'PX', 10_000]);
		await client.command(['DEL', probe]);
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: describeError(error) };
	} finally {
		client.close();
	}
}
