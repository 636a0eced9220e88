import * as net from 'node:net';

import { closeSharedRedisClients, RedisClient } from '../../../nodes/shared/redisClient';

/** The Redis every test machine runs; tests use a database index and key prefix of their own. */
export const REDIS_HOST = '127.0.0.1';
export const REDIS_PORT = 6379;
export const TEST_DATABASE = 9;

const START_COMMAND =
	'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

/** Fails (never skips) with what to start when Redis is down. */
export async function requireRedis(): Promise<void> {
	const client = new RedisClient({ host: REDIS_HOST, port: REDIS_PORT });
	try {
		await client.command(['PING']);
	} catch (error) {
		throw new Error(
			`Redis is not reachable on ${REDIS_HOST}:${REDIS_PORT} (${(error as Error).message}). ` +
				`These tests need the Redis service; start it with: ${START_COMMAND}`,
		);
	} finally {
		client.close();
	}
}

/** A prefix no other run or engineer uses, so cleanup deletes only this run's keys. */
export function uniquePrefix(label: string): string {
	return `lead-events-test:${label}:${process.pid}:${Math.random().toString(36).slice(2, 10)}:`;
}

/** Deletes every key under `prefix` in the test database. */
export async function deleteKeys(prefix: string, database = TEST_DATABASE): Promise<void> {
	const client = new RedisClient({ host: REDIS_HOST, port: REDIS_PORT, database });
	try {
		const keys = (await client.command(['KEYS', `${prefix}*`])) as Buffer[];
		if (keys.length > 0) await client.command(['DEL', ...keys]);
	} finally {
		client.close();
	}
}

export type ClientOptions = Partial<ConstructorParameters<typeof RedisClient>[0]>;

/**
 * What every test file against the real Redis sets up: a key prefix of its own, clients on the test
 * database that are closed after the file, and the file's keys deleted at the end. Call it at the
 * top level of a test file: it registers the file's beforeAll and afterAll.
 */
export function redisTestSession(label: string): {
	prefix: string;
	client: (overrides?: ClientOptions) => RedisClient;
} {
	const prefix = uniquePrefix(label);
	const clients: RedisClient[] = [];
	beforeAll(requireRedis);
	afterAll(async () => {
		for (const created of clients) created.close();
		closeSharedRedisClients();
		await deleteKeys(prefix);
	});
	return {
		prefix,
		client: (overrides = {}) => {
			const created = new RedisClient({
				host: REDIS_HOST,
				port: REDIS_PORT,
				database: TEST_DATABASE,
				...overrides,
			});
			clients.push(created);
			return created;
		},
	};
}

/** A port nothing listens on: bound once by the OS, then released. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/**
 * A TCP server that accepts connections and never answers (a stalled Redis), or that sends
 * `greeting` and nothing else (a peer that is not Redis).
 */
export async function silentServer(greeting?: string): Promise<{
	port: number;
	connections: () => number;
	close: () => Promise<void>;
}> {
	const sockets = new Set<net.Socket>();
	let count = 0;
	const server = net.createServer((socket) => {
		count++;
		sockets.add(socket);
		socket.on('error', () => undefined);
		socket.on('close', () => sockets.delete(socket));
		if (greeting !== undefined) socket.write(greeting);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		port,
		connections: () => count,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
