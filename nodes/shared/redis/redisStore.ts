import type { ConnectionOptions } from 'node:tls';

import { Cluster, Redis, ReplyError, type ClusterOptions, type RedisOptions } from 'ioredis';

import {
	configurationKey,
	describeRedis,
	redisKey,
	redisSettingsFromCredential,
	reportKeys,
	type ConnectionTestResult,
	type DuplicateStore,
	type RedisConnectionSettings,
	type RedisStoreSettings,
	type SeenResult,
	type SharedTallyResult,
} from '../duplicates/store';
import type { RejectionTally } from '../diagnostics/rejectionReports';

/**
 * The Redis duplicate store, on ioredis (the client n8n's own queue mode uses). This is the only
 * module that loads ioredis: a build without the Redis store leaves out this file, the credential
 * and the one import of `redisStoreFor`/`testRedisCredential` in `duplicateCheck.ts`.
 *
 * How the client is set up, and why:
 * - one connection per credential, shared by every trigger of the process; when the credential's
 *   fields change, the old connection is closed (QUIT, then dropped if QUIT gets no answer), so a
 *   rotated password does not leave sockets logged in with the old one;
 * - a per-command timeout that runs from when the command is sent, whatever else is sent after it;
 *   when one fires, the connection is dropped and opened again, because a connection with a reply
 *   outstanding cannot carry the next command's reply, and commands would otherwise pile up;
 * - no offline queue and no retry of a sent command: while the connection is down, a command fails
 *   at once ("never sent"), and a command that was sent is never sent again. Sending `SET NX` again
 *   after Redis applied it would answer "duplicate" for an event nobody ran;
 * - reconnecting in the background with a delay that doubles up to RECONNECT_MAX_DELAY_MS, so a
 *   Redis that is down costs each delivery nothing but a failed check, and the store is back within
 *   that delay once Redis is;
 * - a READONLY, MASTERDOWN or LOADING reply drops the connection and reconnects: after a failover
 *   the old address is a replica, and through Sentinel the reconnect finds the new master;
 * - RESP2, which every Redis version and Redis-compatible service speaks; the store needs nothing
 *   RESP3 adds.
 */

export const RECONNECT_FIRST_DELAY_MS = 50;
export const RECONNECT_MAX_DELAY_MS = 2000;
/** A connection no trigger used for this long is closed; the next delivery opens a new one. */
export const IDLE_CLOSE_MS = 10 * 60_000;

type Client = Redis | Cluster;

// ioredis's messages for a command it refused before writing it, because there was no usable
// connection and the offline queue is off. Matched exactly: any other failure after a command was
// handed to ioredis counts as "may have reached Redis".
const NOT_SENT_MESSAGES = new Set([
	"Stream isn't writeable and enableOfflineQueue options is false",
	"Cluster isn't ready and enableOfflineQueue options is false",
]);
const RECONNECT_REPLIES = ['READONLY', 'MASTERDOWN', 'LOADING'];

function reconnectDelay(attempt: number): number {
	return Math.min(RECONNECT_FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1), RECONNECT_MAX_DELAY_MS);
}

function tlsOptions(settings: RedisConnectionSettings): ConnectionOptions | undefined {
	if (!settings.tls) return undefined;
	return {
		...(settings.tlsCa ? { ca: settings.tlsCa } : {}),
		rejectUnauthorized: !settings.tlsIgnoreErrors,
	};
}

/** Options every Redis connection of the store shares (a Cluster passes them to each node). */
function connectionOptions(settings: RedisConnectionSettings): RedisOptions {
	return {
		username: settings.user || undefined,
		password: settings.password || undefined,
		tls: tlsOptions(settings),
		connectTimeout: settings.connectTimeoutMs,
		commandTimeout: settings.commandTimeoutMs,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		autoResendUnfulfilledCommands: false,
		retryStrategy: reconnectDelay,
		reconnectOnError: (error: Error) =>
			RECONNECT_REPLIES.some((reply) => error.message.startsWith(reply)),
		protocol: 2,
		disableClientInfo: true,
		connectionName: 'n8n-lead-events-dedupe',
		lazyConnect: true,
	};
}

function createClient(settings: RedisConnectionSettings): Client {
	const shared = connectionOptions(settings);
	if (settings.topology === 'cluster') {
		const options: ClusterOptions = {
			redisOptions: shared,
			enableOfflineQueue: false,
			lazyConnect: true,
			clusterRetryStrategy: reconnectDelay,
			// Not sent again after a lost connection or CLUSTERDOWN: the first try may have been applied.
			// MOVED, ASK and TRYAGAIN are error replies (nothing was applied), so following them is safe.
			retryDelayOnFailover: 0,
			retryDelayOnClusterDown: 0,
			slotsRefreshTimeout: settings.connectTimeoutMs,
		};
		return new Cluster(settings.nodes, options);
	}
	if (settings.topology === 'sentinel') {
		return new Redis({
			...shared,
			sentinels: settings.nodes,
			name: settings.sentinelMasterName,
			sentinelUsername: settings.sentinelUser || undefined,
			sentinelPassword: settings.sentinelPassword || undefined,
			sentinelTLS: tlsOptions(settings),
			enableTLSForSentinelMode: settings.tls,
			sentinelCommandTimeout: settings.commandTimeoutMs,
			db: settings.database,
		});
	}
	const [{ host, port }] = settings.nodes;
	return new Redis({ ...shared, host, port, db: settings.database });
}

/** A reason from a connection error that names no secret (ioredis's texts name addresses only). */
function connectionReason(error: Error & { code?: string }): string {
	if (error instanceof ReplyError) {
		const word = error.message.split(' ')[0];
		if (word === 'WRONGPASS' || word === 'NOAUTH' || word === 'NOPERM') {
			return `the server refused the credential's user or password (${word})`;
		}
		return error.message;
	}
	return error.code ?? error.message;
}

/** One credential's connection and what the store needs to know about it. */
class StoreConnection {
	readonly client: Client;
	readonly where: string;
	lastUsed = Date.now();
	private lastError: string | undefined;
	/** The first connection attempt, which deliveries wait for (later ones they do not). */
	private firstConnect: Promise<void> | undefined;

	constructor(readonly settings: RedisConnectionSettings) {
		this.where = describeRedis(settings);
		this.client = createClient(settings);
		// Without a listener ioredis prints every connection error to the console; the store reports
		// them through the trigger's rate-limited warning instead.
		this.client.on('error', (error: Error) => {
			this.lastError = connectionReason(error);
		});
		// A Cluster reports its nodes' connection errors separately.
		this.client.on('node error', (error: Error) => {
			this.lastError = connectionReason(error);
		});
		this.client.on('ready', () => {
			this.lastError = undefined;
		});
		const limit = settings.connectTimeoutMs + settings.commandTimeoutMs;
		this.firstConnect = new Promise<void>((resolve) => {
			// Unref'd: a connection that never comes must not keep the process alive.
			const timer = setTimeout(resolve, limit);
			timer.unref();
			this.client.connect().then(
				() => {
					clearTimeout(timer);
					resolve();
				},
				() => {
					clearTimeout(timer);
					resolve();
				},
			);
		}).finally(() => {
			this.firstConnect = undefined;
		});
	}

	get ready(): boolean {
		return this.client.status === 'ready';
	}

	async seen(key: string, windowMs: number): Promise<SeenResult> {
		this.lastUsed = Date.now();
		if (!this.ready && this.firstConnect) await this.firstConnect;
		if (!this.ready) {
			return {
				unavailable: `${this.where}: ${this.lastError ?? 'not connected'}`,
				recorded: 'no',
			};
		}
		const px = Math.max(1, Math.round(windowMs));
		try {
			const reply = await this.client.set(key, '1', 'PX', px, 'NX');
			if (reply === 'OK') return false;
			if (reply === null) return true;
			return {
				unavailable: `${this.where} answered SET with an unexpected reply`,
				recorded: 'unknown',
			};
		} catch (error) {
			return this.failure(error as Error);
		}
	}

	/**
	 * Counts one rejection of a trigger and takes the report slot if it is free. The counters and
	 * the slot are written in one MULTI, so a report cannot be taken without this rejection being
	 * counted; `SET slot NX PX interval` lets exactly one process per interval take it (Redis's
	 * clock sets the expiry). The taker then reads and deletes the counters in a second MULTI:
	 * rejections counted in between are in its report, later ones in the next.
	 */
	async countRejection(
		keys: { counts: string; slot: string },
		cause: string,
		now: number,
		intervalMs: number,
	): Promise<SharedTallyResult> {
		this.lastUsed = Date.now();
		if (!this.ready && this.firstConnect) await this.firstConnect;
		if (!this.ready) return { unavailable: `${this.where}: ${this.lastError ?? 'not connected'}` };
		const px = Math.max(1, Math.round(intervalMs));
		try {
			const counted = await this.client
				.multi()
				.hincrby(keys.counts, cause, 1)
				.hsetnx(keys.counts, FIRST_FIELD, String(now))
				.hset(keys.counts, LAST_FIELD, String(now))
				.pexpire(keys.counts, REPORT_COUNTS_TTL_MS)
				.set(keys.slot, String(now), 'PX', px, 'NX')
				.exec();
			const slot = counted?.[4];
			if (!slot || slot[0]) {
				return { unavailable: `${this.where} did not count the rejection` };
			}
			if (slot[1] !== 'OK') return { due: false };
			const taken = await this.client.multi().hgetall(keys.counts).del(keys.counts).exec();
			const fields = taken?.[0];
			if (!fields || fields[0]) return { unavailable: `${this.where} did not return the counts` };
			return { due: true, tally: tallyOf(fields[1] as Record<string, string>, now) };
		} catch (error) {
			const failed = this.failure(error as Error);
			return {
				unavailable: typeof failed === 'boolean' ? `${this.where} failed` : failed.unavailable,
			};
		}
	}

	private failure(error: Error): SeenResult {
		if (error instanceof ReplyError) {
			// An error reply means Redis did not apply the command.
			return { unavailable: `${this.where} refused the command: ${error.message}`, recorded: 'no' };
		}
		if (NOT_SENT_MESSAGES.has(error.message)) {
			return { unavailable: `${this.where}: ${this.lastError ?? 'not connected'}`, recorded: 'no' };
		}
		if (error.message === 'Command timed out') {
			this.dropStalledConnection();
			return {
				unavailable: `${this.where}: no reply within ${this.settings.commandTimeoutMs} ms`,
				recorded: 'unknown',
			};
		}
		return {
			unavailable: `${this.where}: the connection was lost before the reply (${this.lastError ?? error.message})`,
			recorded: 'unknown',
		};
	}

	/** Replies on this connection would now be matched to the wrong commands: start a new one. */
	private dropStalledConnection(): void {
		if (this.client.status === 'ready') this.client.disconnect(true);
	}

	/**
	 * Closes the connection: QUIT lets commands in flight finish; without an answer to it (it has the
	 * command timeout too), or without a connection, the socket is cut and reconnecting stops.
	 */
	async close(): Promise<void> {
		const client = this.client;
		if (client.status === 'ready') {
			await client.quit().catch(() => undefined);
		}
		if (client.status !== 'end') client.disconnect();
	}
}

const FIRST_FIELD = '_first';
const LAST_FIELD = '_last';
/**
 * Counters outlive any report interval: rejections after the last report wait for the next
 * rejection, however late. Kept a month after the last rejection, so a deleted trigger's keys go.
 */
const REPORT_COUNTS_TTL_MS = 30 * 24 * 60 * 60_000;

function tallyOf(fields: Record<string, string>, now: number): RejectionTally {
	const counts: Record<string, number> = {};
	for (const [field, value] of Object.entries(fields)) {
		if (field === FIRST_FIELD || field === LAST_FIELD) continue;
		const count = Number(value);
		if (Number.isInteger(count) && count > 0) counts[field] = count;
	}
	const time = (value: string | undefined) => {
		const ms = Number(value);
		return Number.isFinite(ms) && ms > 0 ? ms : now;
	};
	const firstAt = time(fields[FIRST_FIELD]);
	const lastAt = Math.max(firstAt, time(fields[LAST_FIELD]));
	return { counts, firstAt, lastAt };
}

// ---------------------------------------------------------------------------------------------
// One connection per credential per process
// ---------------------------------------------------------------------------------------------

interface Held {
	configuration: string;
	connection: StoreConnection;
}

const connections = new Map<string, Held>();

export class RedisDuplicateStore implements DuplicateStore {
	constructor(
		private readonly connection: StoreConnection,
		private readonly prefix: string,
	) {}

	/**
	 * `SET key 1 NX PX window` is one atomic step in Redis: of any number of processes offering the
	 * same key at once, exactly one gets "OK" (first sighting), the others get nil (duplicate).
	 * Redis's clock sets the expiry, so `now` is not used: processes need not agree on the time.
	 */
	async seen(key: string, windowMs: number): Promise<SeenResult> {
		return await this.connection.seen(redisKey(this.prefix, key), windowMs);
	}
}

/**
 * The store for a credential. `credentialId` names the credential (n8n's id); its connection is
 * shared by every trigger that uses it, and replaced (the old one closed) when its fields change.
 */
export function redisStoreFor(settings: RedisStoreSettings, credentialId?: string): DuplicateStore {
	return new RedisDuplicateStore(heldConnection(settings, credentialId), settings.keyPrefix);
}

function heldConnection(settings: RedisStoreSettings, credentialId?: string): StoreConnection {
	const configuration = configurationKey(settings.connection);
	const slot = credentialId ?? `configuration:${configuration}`;
	closeIdle(slot);
	let held = connections.get(slot);
	if (held && held.configuration !== configuration) {
		void held.connection.close();
		held = undefined;
	}
	if (!held) {
		held = { configuration, connection: new StoreConnection(settings.connection) };
		connections.set(slot, held);
	}
	return held.connection;
}

/**
 * The connection a credential's report counting uses: the same one as its duplicate store. Keys
 * are under the credential's prefix (see `reportKeys`).
 */
export function redisReportsFor(
	settings: RedisStoreSettings,
	credentialId?: string,
): (scope: string, cause: string, now: number, intervalMs: number) => Promise<SharedTallyResult> {
	const connection = heldConnection(settings, credentialId);
	return async (scope, cause, now, intervalMs) =>
		await connection.countRejection(reportKeys(settings.keyPrefix, scope), cause, now, intervalMs);
}

/** Closes connections of credentials no trigger used for IDLE_CLOSE_MS (deleted or replaced). */
function closeIdle(except: string): void {
	const cutoff = Date.now() - IDLE_CLOSE_MS;
	for (const [slot, held] of connections) {
		if (slot !== except && held.connection.lastUsed < cutoff) {
			void held.connection.close();
			connections.delete(slot);
		}
	}
}

/** How many connections the process holds (tests and diagnostics). */
export function redisConnectionCount(): number {
	return connections.size;
}

/** Closes every connection (tests; a running n8n keeps them for the life of the process). */
export async function closeRedisStores(): Promise<void> {
	const closing = [...connections.values()].map(async (held) => await held.connection.close());
	connections.clear();
	await Promise.all(closing);
}

/**
 * The credential test: connects with a connection of its own (closed afterwards), then writes and
 * deletes a probe key under the prefix, which proves what the store needs: reachability, AUTH,
 * SELECT, and permission to SET and DEL keys with that prefix.
 */
export async function testRedisCredential(
	data: Record<string, unknown> | undefined,
): Promise<ConnectionTestResult> {
	const settings = redisSettingsFromCredential(data);
	if ('invalid' in settings) return { status: 'Error', message: settings.invalid };
	const connection = new StoreConnection(settings.connection);
	const probe = `${settings.keyPrefix}credential-test`;
	try {
		const result = await connection.seen(probe, 10_000);
		if (typeof result !== 'boolean') return { status: 'Error', message: result.unavailable };
		await connection.client.del(probe);
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: `${connection.where}: ${(error as Error).message}` };
	} finally {
		await connection.close();
	}
}
