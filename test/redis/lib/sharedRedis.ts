import { Redis } from 'ioredis';

/**
 * The Redis service every test machine runs on 127.0.0.1:6379, for tests where a real n8n uses the
 * store (n8n reaches it by the credential's fields). Tests use a database index and key prefix of
 * their own and delete their keys at the end.
 */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;

const START_COMMAND =
	'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

/** A client on the shared service; the caller disconnects it. */
export function sharedRedis(db = 0): Redis {
	const client = new Redis({
		host: REDIS_HOST,
		port: REDIS_PORT,
		db,
		maxRetriesPerRequest: 0,
		lazyConnect: true,
	});
	client.on('error', () => undefined);
	return client;
}

/** Fails (never skips) with what to start when the Redis service is down. */
export async function requireRedis(): Promise<void> {
	const client = sharedRedis();
	try {
		await client.connect();
		await client.ping();
	} catch (error) {
		throw new Error(
			`Redis is not reachable on ${REDIS_HOST}:${REDIS_PORT} (${(error as Error).message}). ` +
				`These tests need the Redis service; start it with: ${START_COMMAND}`,
		);
	} finally {
		client.disconnect();
	}
}

/** A prefix no other run or engineer uses, so cleanup deletes only this run's keys. */
export function uniquePrefix(label: string): string {
	return `lead-events-test:${label}:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

/** Deletes every key under `prefix` in database `db`. */
export async function deleteKeys(prefix: string, db: number): Promise<void> {
	const client = sharedRedis(db);
	try {
		const keys = await client.keys(`${prefix}*`);
		if (keys.length > 0) await client.del(...keys);
	} finally {
		client.disconnect();
	}
}
