import {
	DEFAULT_KEY_PREFIX,
	redisKey,
	type DuplicateStore,
} from '../../nodes/shared/duplicates/store';
import {
	closeRedisStores,
	redisConnectionCount,
	redisStoreFor,
	testRedisCredential,
} from '../../nodes/shared/redis/redisStore';
import {
	freePort,
	requireRedisBinaries,
	startRedis,
	startTlsRedis,
	stopAll,
	waitFor,
	type RedisProcess,
} from './lib/redisProcesses';
import { admin, closeAdmins, settingsFrom, sleep, storeConnections, T0 } from './lib/store';

jest.setTimeout(60_000);

/** The store against a real standalone redis-server started for this file. */

let redis: RedisProcess;
let secured: RedisProcess;
const PASSWORD = 'correct-horse-battery-staple-91';
const prefix = 'test:';

beforeAll(async () => {
	requireRedisBinaries();
	redis = await startRedis();
	secured = await startRedis(['--requirepass', PASSWORD]);
});

afterAll(async () => {
	await closeRedisStores();
	closeAdmins();
	await stopAll();
});

const credential = (extra: Record<string, unknown> = {}) => ({
	host: '127.0.0.1',
	port: redis.port,
	database: 3,
	prefix,
	...extra,
});

describe('The Redis store on a standalone server', () => {
	it('records a key once, with the window as its expiry, and reports its repeats', async () => {
		const store: DuplicateStore = redisStoreFor(settingsFrom(credential()), 'cred-a');
		expect(await store.seen('k1', 60_000, T0)).toBe(false);
		expect(await store.seen('k1', 60_000, T0)).toBe(true);
		expect(await store.seen('k2', 60_000, T0)).toBe(false);
		const probe = admin(redis.port, 3);
		const ttl = await probe.pttl(redisKey(prefix, 'k1'));
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(60_000);
		// Database 3 holds it, database 0 does not.
		expect(await admin(redis.port, 0).exists(redisKey(prefix, 'k1'))).toBe(0);
	});

	it('lets exactly one of two connections record each key when both offer it at once', async () => {
		// Two credential ids are two connections, as two webhook processors would have.
		const first = redisStoreFor(settingsFrom(credential()), 'race-1');
		const second = redisStoreFor(settingsFrom(credential()), 'race-2');
		const keys = Array.from({ length: 200 }, (_, i) => `race-${i}`);
		const answers = await Promise.all(
			keys.flatMap((key) => [first.seen(key, 60_000, T0), second.seen(key, 60_000, T0)]),
		);
		const pairs = keys.map((key, i) => ({
			key,
			pair: [answers[2 * i], answers[2 * i + 1]].sort(),
		}));
		expect(pairs).toEqual(keys.map((key) => ({ key, pair: [false, true] })));
	});

	it('uses the default prefix when the credential leaves it empty', async () => {
		const store = redisStoreFor(settingsFrom(credential({ prefix: '' })), 'cred-default-prefix');
		expect(await store.seen('p', 60_000, T0)).toBe(false);
		expect(await admin(redis.port, 3).exists(redisKey(DEFAULT_KEY_PREFIX, 'p'))).toBe(1);
	});

	it('keeps one connection per credential and closes the old one when its fields change', async () => {
		const before = await storeConnections(secured.port, PASSWORD);
		for (let rotation = 0; rotation < 5; rotation++) {
			// Each rotation changes a field (here the database) of the same credential.
			const store = redisStoreFor(
				settingsFrom({
					host: '127.0.0.1',
					port: secured.port,
					password: PASSWORD,
					database: rotation,
				}),
				'rotated',
			);
			expect(await store.seen(`rot-${rotation}`, 60_000, T0)).toBe(false);
		}
		await waitFor(
			'the replaced connections to close',
			async () => (await storeConnections(secured.port, PASSWORD)) === before + 1,
		);
		expect(await storeConnections(secured.port, PASSWORD)).toBe(before + 1);
	});
});

describe('The credential test', () => {
	it('passes for a reachable server and leaves no probe key behind', async () => {
		expect(await testRedisCredential(credential())).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(await admin(redis.port, 3).exists(`${prefix}credential-test`)).toBe(0);
	});

	it('names a closed port, a wrong password and an invalid field, never the password', async () => {
		const port = await freePort();
		expect(
			await testRedisCredential({ host: '127.0.0.1', port, password: 'pw-not-shown' }),
		).toEqual({
			status: 'Error',
			message: `Redis at 127.0.0.1:${port} (database 0): ECONNREFUSED`,
		});
		const wrong = await testRedisCredential({
			host: '127.0.0.1',
			port: secured.port,
			password: 'wrong-pw-77',
		});
		expect(wrong).toEqual({
			status: 'Error',
			message: `Redis at 127.0.0.1:${secured.port} (database 0): the server refused the credential's user or password (WRONGPASS)`,
		});
		expect(await testRedisCredential({ host: '' })).toEqual({
			status: 'Error',
			message: 'The Redis credential has no host',
		});
	});

	it('leaves no connection open behind it', async () => {
		const before = await storeConnections(redis.port);
		const count = redisConnectionCount();
		await testRedisCredential(credential());
		await waitFor(
			'the test connection to close',
			async () => (await storeConnections(redis.port)) === before,
		);
		expect(redisConnectionCount()).toBe(count);
	});
});

describe('TLS', () => {
	it('trusts the CA Certificate field, refuses an unknown CA without it, and ignores it when told', async () => {
		const { tlsPort, caPem } = await startTlsRedis();
		const tls = { host: '127.0.0.1', port: tlsPort, tls: true, prefix };
		expect(await testRedisCredential({ ...tls, tlsCa: caPem })).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(await testRedisCredential(tls)).toEqual({
			status: 'Error',
			message: `Redis at 127.0.0.1:${tlsPort} (database 0, TLS): SELF_SIGNED_CERT_IN_CHAIN`,
		});
		expect(await testRedisCredential({ ...tls, tlsIgnoreErrors: true })).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		// The store itself, not only the credential test, connects over TLS.
		const store = redisStoreFor(settingsFrom({ ...tls, tlsCa: caPem }), 'tls');
		expect(await store.seen('over-tls', 60_000, T0)).toBe(false);
		expect(await store.seen('over-tls', 60_000, T0)).toBe(true);
	});
});

describe('The Redis store while Redis restarts', () => {
	it('fails fast as "never recorded" while the server is down, and recovers when it is back', async () => {
		const server = await startRedis();
		const store = redisStoreFor(
			settingsFrom({ host: '127.0.0.1', port: server.port, prefix }),
			'restarted',
		);
		expect(await store.seen('before', 60_000, T0)).toBe(false);

		await server.stop();
		const whileDown: Array<{ result: unknown; ms: number }> = [];
		for (let i = 0; i < 10; i++) {
			const started = Date.now();
			const result = await store.seen(`down-${i}`, 60_000, T0);
			whileDown.push({ result, ms: Date.now() - started });
			await sleep(100);
		}
		for (const { result, ms } of whileDown) {
			expect(result).toMatchObject({ recorded: 'no' });
			// Well below the command timeout (1500 ms): no delivery waits for a connection attempt.
			expect(ms).toBeLessThan(500);
		}

		await server.start();
		let recovered: unknown;
		await waitFor('the store to answer again', async () => {
			recovered = await store.seen('after', 60_000, T0);
			return recovered === false;
		});
		expect(recovered).toBe(false);
		expect(await store.seen('after', 60_000, T0)).toBe(true);
	});
});
