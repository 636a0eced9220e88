import { createHash } from 'node:crypto';

import type { RejectionTally } from '../diagnostics/rejectionReports';
import { RecentKeys, recentDeliveries } from './recentKeys';

/**
 * Where Suppress Duplicates remembers delivery keys. Two stores answer the same question: the
 * process's own memory (zero setup, one n8n process) and Redis (shared by every n8n process that
 * uses the same Redis credential, so a retry that lands on another webhook processor is still
 * recognised).
 *
 * This module holds what both need and no Redis client: the Redis store itself lives in
 * `redisStore.ts`, the only module that loads the Redis client library, and the trigger reaches it
 * through `DuplicateStore` and that module's factory alone.
 */

/**
 * `true`: seen within the window (a duplicate); `false`: first sighting, now recorded.
 *
 * `{ unavailable, recorded }`: the store could not answer. `recorded: 'no'` means it is certain
 * that nothing was recorded: the command never left this process (no connection), or the store
 * answered with an error (a refused command changes nothing). `recorded: 'unknown'` means the
 * command was sent and no answer came back (a timeout, or the connection broke before the reply):
 * the store may have recorded the key, so a retry of the same event could be answered "duplicate".
 */
export type SeenResult = boolean | { unavailable: string; recorded: 'no' | 'unknown' };

export interface DuplicateStore {
	/**
	 * Records `key` and says whether it was already recorded within `windowMs`. A repeat does not
	 * extend the window.
	 */
	seen(key: string, windowMs: number, now: number): Promise<SeenResult>;
}

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

/**
 * Report Rejections through the shared store: `due: true` when this rejection makes the report (the
 * tally of every process since the previous report), `due: false` when another report is still
 * within its interval, `unavailable` when the store could not answer (the caller counts in its own
 * process instead).
 */
export type SharedTallyResult =
	{ due: false } | { due: true; tally: RejectionTally } | { unavailable: string };

/**
 * The Redis keys of one trigger's rejection report: the counters and the report slot. The scope
 * is hashed in braces, a Redis Cluster hash tag, so both keys live on one node and a MULTI may
 * touch both.
 */
export function reportKeys(prefix: string, scope: string): { counts: string; slot: string } {
	const hash = createHash('sha256').update(scope, 'utf8').digest('hex');
	return { counts: `${prefix}report:{${hash}}:counts`, slot: `${prefix}report:{${hash}}:slot` };
}

// ---------------------------------------------------------------------------------------------
// The credential's settings (pure: no connection is made here)
// ---------------------------------------------------------------------------------------------

/** The deployments n8n itself supports for its queue. */
export type RedisTopology = 'standalone' | 'sentinel' | 'cluster';

export interface RedisEndpoint {
	host: string;
	port: number;
}

export interface RedisConnectionSettings {
	topology: RedisTopology;
	/** Standalone: the one server. Sentinel: the Sentinels. Cluster: the nodes to start from. */
	nodes: RedisEndpoint[];
	/** Sentinel only: the name the Sentinels monitor the master under. */
	sentinelMasterName: string;
	/** Sentinel only: the Sentinels' own ACL user and password, when they require one. */
	sentinelUser: string;
	sentinelPassword: string;
	/** Database index for SELECT; always 0 for a Cluster, which has no other. */
	database: number;
	/** ACL user (Redis 6+); empty means the `default` user. */
	user: string;
	/** Empty sends no AUTH. */
	password: string;
	tls: boolean;
	/** PEM certificates to trust besides Node.js's own list; empty trusts Node.js's list only. */
	tlsCa: string;
	/** Accept any server certificate (self-signed, wrong host name). Insecure; for tests and labs. */
	tlsIgnoreErrors: boolean;
	/** Longest wait for the first connection and its handshake. */
	connectTimeoutMs: number;
	/** Longest wait for the reply to one command, from when it is sent. */
	commandTimeoutMs: number;
}

export interface RedisStoreSettings {
	connection: RedisConnectionSettings;
	keyPrefix: string;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 1500;
export const DEFAULT_COMMAND_TIMEOUT_MS = 1500;
const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A node list as n8n's own queue settings write it (`QUEUE_BULL_REDIS_CLUSTER_NODES`):
 * `host:port` entries separated by commas (spaces and line breaks are accepted too). An IPv6
 * address goes in brackets (`[::1]:6379`); a missing port is `defaultPort`.
 */
export function parseNodeList(list: string, defaultPort: number): RedisEndpoint[] | string {
	const entries = list
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	const nodes: RedisEndpoint[] = [];
	for (const entry of entries) {
		let host: string;
		let portText: string | undefined;
		const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
		if (bracketed) {
			host = bracketed[1];
			portText = bracketed[2];
		} else {
			const parts = entry.split(':');
			if (parts.length > 2)
				return `"${entry}" is not host:port (write an IPv6 address in brackets)`;
			host = parts[0];
			portText = parts[1];
		}
		const port = portText === undefined ? defaultPort : Number(portText);
		if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
			return `"${entry}" is not host:port`;
		}
		nodes.push({ host, port });
	}
	return nodes;
}

/**
 * Reads the Redis credential's fields. Returns a reason instead of settings when a field cannot
 * be used, so the trigger can log it and apply its "store unavailable" rule. Credentials saved
 * before the topology field existed are standalone.
 */
export function redisSettingsFromCredential(
	data: Record<string, unknown> | undefined,
): RedisStoreSettings | { invalid: string } {
	if (!data) return { invalid: 'No Redis credential is selected' };
	const topology = (data.topology ?? 'standalone') as RedisTopology;
	if (!['standalone', 'sentinel', 'cluster'].includes(topology)) {
		return { invalid: 'The Redis credential has an unknown topology' };
	}

	let nodes: RedisEndpoint[];
	if (topology === 'standalone') {
		const host = text(data.host).trim();
		if (!host) return { invalid: 'The Redis credential has no host' };
		const port = Number(data.port ?? DEFAULT_PORT);
		if (!Number.isInteger(port) || port < 1 || port > 65535) {
			return { invalid: 'The Redis credential has an invalid port' };
		}
		nodes = [{ host, port }];
	} else {
		const field = topology === 'sentinel' ? 'Sentinel Nodes' : 'Cluster Nodes';
		const parsed = parseNodeList(
			text(topology === 'sentinel' ? data.sentinelNodes : data.clusterNodes),
			topology === 'sentinel' ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT,
		);
		if (typeof parsed === 'string') {
			return { invalid: `The Redis credential's ${field} field is invalid: ${parsed}` };
		}
		if (parsed.length === 0) return { invalid: `The Redis credential has no ${field}` };
		nodes = parsed;
	}

	const sentinelMasterName = topology === 'sentinel' ? text(data.sentinelMasterName).trim() : '';
	if (topology === 'sentinel' && !sentinelMasterName) {
		return { invalid: 'The Redis credential has no Sentinel master name' };
	}

	const database = topology === 'cluster' ? 0 : Number(data.database ?? 0);
	if (!Number.isInteger(database) || database < 0) {
		return { invalid: 'The Redis credential has an invalid database number' };
	}
	const tls = data.tls === true;
	const prefix = typeof data.prefix === 'string' ? data.prefix : DEFAULT_KEY_PREFIX;
	return {
		connection: {
			topology,
			nodes,
			sentinelMasterName,
			sentinelUser: topology === 'sentinel' ? text(data.sentinelUser) : '',
			sentinelPassword: topology === 'sentinel' ? text(data.sentinelPassword) : '',
			database,
			user: text(data.user),
			password: text(data.password),
			tls,
			tlsCa: tls ? text(data.tlsCa).trim() : '',
			tlsIgnoreErrors: tls && data.tlsIgnoreErrors === true,
			connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
			commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
		},
		keyPrefix: prefix === '' ? DEFAULT_KEY_PREFIX : prefix,
	};
}

/** Where a store connects, for messages and logs: never a user name or password. */
export function describeRedis(settings: RedisConnectionSettings): string {
	const nodes = settings.nodes.map(({ host, port }) =>
		host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
	);
	const tls = settings.tls ? ', TLS' : '';
	switch (settings.topology) {
		case 'sentinel':
			return `Redis master "${settings.sentinelMasterName}" via Sentinel ${nodes.join(',')} (database ${settings.database}${tls})`;
		case 'cluster':
			return `Redis Cluster at ${nodes.join(',')}${settings.tls ? ' (TLS)' : ''}`;
		default:
			return `Redis at ${nodes[0]} (database ${settings.database}${tls})`;
	}
}

/**
 * A stable key for a configuration, to tell when a credential's fields changed; hashed so the
 * password is not kept as a map key.
 */
export function configurationKey(settings: RedisConnectionSettings): string {
	return createHash('sha256').update(JSON.stringify(settings)).digest('hex');
}

export interface ConnectionTestResult {
	status: 'OK' | 'Error';
	message: string;
}
