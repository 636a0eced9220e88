import { RecentKeys } from '../../../nodes/shared/dedupe';
import {
	DEFAULT_KEY_PREFIX,
	type DuplicateStore,
	MemoryDuplicateStore,
	RedisDuplicateStore,
	redisKey,
	redisSettingsFromCredential,
	redisStoreFor,
	testRedisCredential,
} from '../../../nodes/shared/duplicateStore';
import {
	closedPort,
	REDIS_HOST,
	REDIS_PORT,
	silentServer,
	TEST_DATABASE,
	redisTestSession,
} from './redisTestServer';

const { prefix, client: connection } = redisTestSession('store');
const T0 = Date.UTC(2026, 0, 1);

describe('MemoryDuplicateStore', () => {
	it('answers like the RecentKeys it wraps', async () => {
		const store = new MemoryDuplicateStore(new RecentKeys());
		expect(await store.seen('a', 1000, T0)).toBe(false);
		expect(await store.seen('a', 1000, T0 + 999)).toBe(true);
		expect(await store.seen('a', 1000, T0 + 1000)).toBe(false);
	});
});

describe('redisKey', () => {
	it('is the prefix and the SHA-256 of the scoped key, so no event content is stored', () => {
		// sha256("wf\0node\0+15550001111") computed independently with `printf … | sha256sum`.
		expect(redisKey('p:', 'wf\u0000node\u0000+15550001111')).toBe(
			'p:544ed82d87551c0954344867ef27093de686057edc4f1ca6cdd7a65a79b121c8',
		);
	});
});

describe('RedisDuplicateStore against the real Redis', () => {
	it('records a key once and reports its repeats within the window', async () => {
		const store: DuplicateStore = new RedisDuplicateStore(connection(), prefix);
		expect(await store.seen('k1', 60_000, T0)).toBe(false);
		expect(await store.seen('k1', 60_000, T0)).toBe(true);
		expect(await store.seen('k2', 60_000, T0)).toBe(false);
		const ttl = (await connection().command(['PTTL', redisKey(prefix, 'k1')])) as number;
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(60_000);
		expect(await connection().command(['GET', redisKey(prefix, 'k1')])).toEqual(Buffer.from('1'));
	});

	it('lets exactly one of two processes record each key when both offer it at once', async () => {
		// Two clients are two connections, as two webhook processors would have.
		const first: DuplicateStore = new RedisDuplicateStore(connection(), prefix);
		const second: DuplicateStore = new RedisDuplicateStore(connection(), prefix);
		const keys = Array.from({ length: 200 }, (_, i) => `race-${i}`);
		const answers = await Promise.all(
			keys.flatMap((key) => [first.seen(key, 60_000, T0), second.seen(key, 60_000, T0)]),
		);
		for (let i = 0; i < keys.length; i++) {
			const pair = [answers[2 * i], answers[2 * i + 1]];
			expect({ key: keys[i], pair: [...pair].sort() }).toEqual({
				key: keys[i],
				pair: [false, true],
			});
		}
	});

	it('forgets a key when its window has passed', async () => {
		const store: DuplicateStore = new RedisDuplicateStore(connection(), prefix);
		expect(await store.seen('short', 30, T0)).toBe(false);
		// Wait for Redis to expire it (polling EXISTS; the assertion is on the answer, not the time).
		const probe = connection();
		for (let i = 0; i < 200; i++) {
			if ((await probe.command(['EXISTS', redisKey(prefix, 'short')])) === 0) break;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(await store.seen('short', 30, T0)).toBe(false);
	});

	it('answers unavailable, naming where and why, when nothing listens on the port', async () => {
		const port = await closedPort();
		const store: DuplicateStore = new RedisDuplicateStore(
			connection({ port, password: 'pw-not-in-logs' }),
			prefix,
		);
		expect(await store.seen('k', 60_000, T0)).toEqual({
			unavailable: `Redis at ${REDIS_HOST}:${port} (database ${TEST_DATABASE}): ECONNREFUSED`,
		});
	});

	it('answers unavailable when Redis stops answering, after the command timeout', async () => {
		const server = await silentServer();
		try {
			const store: DuplicateStore = new RedisDuplicateStore(
				connection({ port: server.port, commandTimeoutMs: 150 }),
				prefix,
			);
			expect(await store.seen('k', 60_000, T0)).toEqual({
				unavailable: `Redis at ${REDIS_HOST}:${server.port} (database ${TEST_DATABASE}): no reply within 150 ms`,
			});
		} finally {
			await server.close();
		}
	});
});

describe('redisSettingsFromCredential', () => {
	it('reads every field and fills the defaults', () => {
		expect(
			redisSettingsFromCredential({
				host: ' redis.internal ',
				port: 6380,
				database: 3,
				user: 'n8n',
				password: 'pw',
				tls: true,
				prefix: 'prod:',
			}),
		).toEqual({
			connection: {
				host: 'redis.internal',
				port: 6380,
				database: 3,
				user: 'n8n',
				password: 'pw',
				tls: true,
			},
			keyPrefix: 'prod:',
		});
		expect(redisSettingsFromCredential({ host: 'r' })).toEqual({
			connection: { host: 'r', port: 6379, database: 0, user: '', password: '', tls: false },
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
		expect(redisSettingsFromCredential({ host: 'r', prefix: '' })).toMatchObject({
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
	});

	it.each([
		[undefined, 'No Redis credential is selected'],
		[{ host: '  ' }, 'The Redis credential has no host'],
		[{ host: 'r', port: 0 }, 'The Redis credential has an invalid port'],
		[{ host: 'r', port: 70000 }, 'The Redis credential has an invalid port'],
		[{ host: 'r', database: -1 }, 'The Redis credential has an invalid database number'],
		[{ host: 'r', database: 1.5 }, 'The Redis credential has an invalid database number'],
	])('refuses %j: %s', (data, reason) => {
		expect(redisSettingsFromCredential(data)).toEqual({ invalid: reason });
	});
});

describe('redisStoreFor and the credential test', () => {
	it('builds a working store from credential settings', async () => {
		const settings = redisSettingsFromCredential({
			host: REDIS_HOST,
			port: REDIS_PORT,
			database: TEST_DATABASE,
			prefix,
		});
		if ('invalid' in settings) throw new Error(settings.invalid);
		const store: DuplicateStore = redisStoreFor(settings);
		expect(await store.seen('from-credential', 60_000, T0)).toBe(false);
		const again: DuplicateStore = redisStoreFor(settings);
		expect(await again.seen('from-credential', 60_000, T0)).toBe(true);
	});

	it('passes for a reachable Redis and leaves no probe key behind', async () => {
		const data = { host: REDIS_HOST, port: REDIS_PORT, database: TEST_DATABASE, prefix };
		expect(await testRedisCredential(data)).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(await connection().command(['EXISTS', `${prefix}credential-test`])).toBe(0);
	});

	it('fails with the reason for a closed port and for an invalid credential', async () => {
		const port = await closedPort();
		expect(await testRedisCredential({ host: REDIS_HOST, port })).toEqual({
			status: 'Error',
			message: `Redis at ${REDIS_HOST}:${port} (database 0): ECONNREFUSED`,
		});
		expect(await testRedisCredential({ host: '' })).toEqual({
			status: 'Error',
			message: 'The Redis credential has no host',
		});
	});
});
