import { RedisClientError, sharedRedisClient } from '../../../nodes/shared/redisClient';
import {
	closedPort,
	REDIS_HOST,
	REDIS_PORT,
	silentServer,
	TEST_DATABASE,
	redisTestSession,
} from './redisTestServer';

const { prefix, client: client } = redisTestSession('client');

async function failure(promise: Promise<unknown>): Promise<RedisClientError> {
	try {
		await promise;
	} catch (error) {
		return error as RedisClientError;
	}
	throw new Error('expected the command to fail, it succeeded');
}

describe('RedisClient against the real Redis', () => {
	it('answers PING and round-trips a value through SET and GET', async () => {
		const redis = client();
		expect(await redis.command(['PING'])).toBe('PONG');
		expect(await redis.command(['SET', `${prefix}a`, 'naïve ✓'])).toBe('OK');
		expect(await redis.command(['GET', `${prefix}a`])).toEqual(Buffer.from('naïve ✓'));
		expect(await redis.command(['DEL', `${prefix}a`])).toBe(1);
		expect(await redis.command(['GET', `${prefix}a`])).toBeNull();
	});

	it('pipelines concurrent commands over one connection and answers each in order', async () => {
		const redis = client();
		const count = 500;
		const writes = Array.from({ length: count }, (_, i) =>
			redis.command(['SET', `${prefix}p${i}`, String(i * 7)]),
		);
		const reads = Array.from({ length: count }, (_, i) => redis.command(['GET', `${prefix}p${i}`]));
		const ids = Array.from({ length: 20 }, () => redis.command(['CLIENT', 'ID']));
		expect(await Promise.all(writes)).toEqual(Array(count).fill('OK'));
		expect((await Promise.all(reads)).map((value) => (value as Buffer).toString())).toEqual(
			Array.from({ length: count }, (_, i) => String(i * 7)),
		);
		// One connection: every CLIENT ID sent while others were in flight names the same client.
		expect(new Set(await Promise.all(ids)).size).toBe(1);
	});

	it('turns an error reply into a rejection without breaking the commands behind it', async () => {
		const redis = client();
		const [bad, good] = await Promise.allSettled([
			redis.command(['NOSUCHCOMMAND']),
			redis.command(['ECHO', 'still here']),
		]);
		expect(bad.status).toBe('rejected');
		expect((bad as PromiseRejectedResult).reason).toMatchObject({ kind: 'reply' });
		expect(good).toEqual({ status: 'fulfilled', value: Buffer.from('still here') });
	});

	it('selects its database number', async () => {
		await client().command(['SET', `${prefix}db`, '1']);
		expect(await client({ database: 0 }).command(['EXISTS', `${prefix}db`])).toBe(0);
		expect(await client().command(['EXISTS', `${prefix}db`])).toBe(1);
	});

	it('opens a new connection on the next command after Redis dropped it', async () => {
		const redis = client();
		const first = await redis.command(['CLIENT', 'ID']);
		await client({ database: 0 }).command(['CLIENT', 'KILL', 'ID', String(first)]);
		// The command in flight when the kill lands (or the first one after) may fail; the next works.
		await redis.command(['PING']).catch(() => undefined);
		const second = await redis.command(['CLIENT', 'ID']);
		expect(second).not.toBe(first);
		expect(await redis.command(['PING'])).toBe('PONG');
	});

	it('shares one client per configuration', () => {
		const options = { host: REDIS_HOST, port: REDIS_PORT, database: TEST_DATABASE };
		expect(sharedRedisClient(options)).toBe(sharedRedisClient({ ...options }));
		expect(sharedRedisClient(options)).not.toBe(sharedRedisClient({ ...options, database: 8 }));
		expect(sharedRedisClient(options)).not.toBe(
			sharedRedisClient({ ...options, password: 'other' }),
		);
	});
});

describe('RedisClient: AUTH', () => {
	const user = `lead-events-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const password = 'correct-horse-battery-staple-91';
	const admin = () => client({ database: 0 });

	beforeAll(async () => {
		await admin().command(['ACL', 'SETUSER', user, 'on', `>${password}`, `~${prefix}*`, '+@all']);
	});
	afterAll(async () => {
		await admin().command(['ACL', 'DELUSER', user]);
	});

	it('authenticates an ACL user with the right password', async () => {
		const redis = client({ user, password });
		expect(await redis.command(['SET', `${prefix}acl`, '1'])).toBe('OK');
	});

	it('fails with kind auth, and without the password in the message, for a wrong password', async () => {
		const wrong = 'wrong-password-do-not-log-77';
		const error = await failure(client({ user, password: wrong }).command(['PING']));
		expect(error).toBeInstanceOf(RedisClientError);
		expect(error.kind).toBe('auth');
		expect(error.message).toBe(
			`Redis at ${REDIS_HOST}:${REDIS_PORT} (database ${TEST_DATABASE}) refused the credential's user or password (WRONGPASS)`,
		);
		expect(error.message).not.toContain(wrong);
		expect(error.message).not.toContain(user);
	});

	it('rejects every command that waited for the failed handshake, and tries again on the next', async () => {
		const redis = client({ user, password: 'nope' });
		const results = await Promise.allSettled([
			redis.command(['PING']),
			redis.command(['PING']),
			redis.command(['PING']),
		]);
		expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
		expect((await failure(redis.command(['PING']))).kind).toBe('auth');
	});
});

describe('RedisClient: unreachable or stalled Redis', () => {
	it('fails fast with kind connection on a port where nothing listens', async () => {
		const port = await closedPort();
		const error = await failure(client({ port, password: 'secret-never-shown' }).command(['PING']));
		expect(error.kind).toBe('connection');
		expect(error.message).toBe(
			`Redis at ${REDIS_HOST}:${port} (database ${TEST_DATABASE}): ECONNREFUSED`,
		);
	});

	it('times out a command when the server accepts but never answers, then reconnects', async () => {
		const server = await silentServer();
		try {
			const redis = client({ port: server.port, database: 0, commandTimeoutMs: 200 });
			const pending = [redis.command(['PING']), redis.command(['PING'])];
			for (const result of await Promise.allSettled(pending)) {
				expect(result.status).toBe('rejected');
				expect((result as PromiseRejectedResult).reason).toMatchObject({
					kind: 'timeout',
					message: `Redis at ${REDIS_HOST}:${server.port} (database 0): no reply within 200 ms`,
				});
			}
			expect(server.connections()).toBe(1);
			expect((await failure(redis.command(['PING']))).kind).toBe('timeout');
			expect(server.connections()).toBe(2);
		} finally {
			await server.close();
		}
	});

	it('times out the connection when a TLS handshake is never answered', async () => {
		const server = await silentServer();
		try {
			const redis = client({ port: server.port, database: 0, tls: true, connectTimeoutMs: 200 });
			const error = await failure(redis.command(['PING']));
			expect(error.kind).toBe('timeout');
			expect(error.message).toBe(
				`Redis at ${REDIS_HOST}:${server.port} (database 0, TLS): no connection within 200 ms`,
			);
		} finally {
			await server.close();
		}
	});

	it('reports a protocol error when the peer is not Redis', async () => {
		const server = await silentServer('HTTP/1.1 400 Bad Request\r\n\r\n');
		try {
			const error = await failure(client({ port: server.port, database: 0 }).command(['PING']));
			expect(error.kind).toBe('protocol');
			expect(error.message).toBe('Redis sent an unknown reply type "H"');
		} finally {
			await server.close();
		}
	});
});
