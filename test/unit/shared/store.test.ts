import { RecentKeys } from '../../../nodes/shared/duplicates/recentKeys';
import {
	DEFAULT_COMMAND_TIMEOUT_MS,
	DEFAULT_CONNECT_TIMEOUT_MS,
	DEFAULT_KEY_PREFIX,
	describeRedis,
	MemoryDuplicateStore,
	parseNodeList,
	redisKey,
	redisSettingsFromCredential,
	type RedisConnectionSettings,
} from '../../../nodes/shared/duplicates/store';

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

const base: RedisConnectionSettings = {
	topology: 'standalone',
	nodes: [{ host: 'r', port: 6379 }],
	sentinelMasterName: '',
	sentinelUser: '',
	sentinelPassword: '',
	database: 0,
	user: '',
	password: '',
	tls: false,
	tlsCa: '',
	tlsIgnoreErrors: false,
	connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
	commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
};

describe('redisSettingsFromCredential', () => {
	it('reads a standalone credential (also one saved before the topology field existed)', () => {
		expect(
			redisSettingsFromCredential({
				host: ' redis.internal ',
				port: 6380,
				database: 3,
				user: 'n8n',
				password: 'pw',
				tls: true,
				tlsCa: ' -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE----- ',
				tlsIgnoreErrors: false,
				prefix: 'prod:',
			}),
		).toEqual({
			connection: {
				...base,
				nodes: [{ host: 'redis.internal', port: 6380 }],
				database: 3,
				user: 'n8n',
				password: 'pw',
				tls: true,
				tlsCa: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
			},
			keyPrefix: 'prod:',
		});
		expect(redisSettingsFromCredential({ host: 'r' })).toEqual({
			connection: base,
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
		expect(redisSettingsFromCredential({ host: 'r', prefix: '' })).toMatchObject({
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
	});

	it('ignores the TLS fields while TLS is off', () => {
		expect(
			redisSettingsFromCredential({ host: 'r', tls: false, tlsCa: 'x', tlsIgnoreErrors: true }),
		).toMatchObject({ connection: { tls: false, tlsCa: '', tlsIgnoreErrors: false } });
	});

	it('reads a Sentinel credential', () => {
		expect(
			redisSettingsFromCredential({
				topology: 'sentinel',
				host: 'ignored',
				sentinelNodes: 's1:26379, s2 ,[::1]:26380',
				sentinelMasterName: ' mymaster ',
				sentinelUser: 'su',
				sentinelPassword: 'sp',
				database: 2,
				password: 'pw',
			}),
		).toEqual({
			connection: {
				...base,
				topology: 'sentinel',
				nodes: [
					{ host: 's1', port: 26379 },
					{ host: 's2', port: 26379 },
					{ host: '::1', port: 26380 },
				],
				sentinelMasterName: 'mymaster',
				sentinelUser: 'su',
				sentinelPassword: 'sp',
				database: 2,
				password: 'pw',
			},
			keyPrefix: DEFAULT_KEY_PREFIX,
		});
	});

	it('reads a Cluster credential, always on database 0', () => {
		expect(
			redisSettingsFromCredential({
				topology: 'cluster',
				clusterNodes: 'n1:7000,n2:7001\nn3',
				database: 5,
			}),
		).toEqual({
			connection: {
				...base,
				topology: 'cluster',
				nodes: [
					{ host: 'n1', port: 7000 },
					{ host: 'n2', port: 7001 },
					{ host: 'n3', port: 6379 },
				],
			},
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
		[{ topology: 'ring', host: 'r' }, 'The Redis credential has an unknown topology'],
		[
			{ topology: 'sentinel', sentinelMasterName: 'm' },
			'The Redis credential has no Sentinel Nodes',
		],
		[
			{ topology: 'sentinel', sentinelNodes: 's1', sentinelMasterName: ' ' },
			'The Redis credential has no Sentinel master name',
		],
		[{ topology: 'cluster', clusterNodes: ' , ' }, 'The Redis credential has no Cluster Nodes'],
		[
			{ topology: 'cluster', clusterNodes: 'n1:7000,::1:7001' },
			'The Redis credential\'s Cluster Nodes field is invalid: "::1:7001" is not host:port (write an IPv6 address in brackets)',
		],
		[
			{ topology: 'cluster', clusterNodes: 'n1:99999' },
			'The Redis credential\'s Cluster Nodes field is invalid: "n1:99999" is not host:port',
		],
	])('refuses %j: %s', (data, reason) => {
		expect(redisSettingsFromCredential(data)).toEqual({ invalid: reason });
	});
});

describe('parseNodeList', () => {
	it('accepts commas, spaces and line breaks, brackets for IPv6, and a default port', () => {
		expect(parseNodeList('a:1 b\n[fe80::1]:3,[::1]', 9)).toEqual([
			{ host: 'a', port: 1 },
			{ host: 'b', port: 9 },
			{ host: 'fe80::1', port: 3 },
			{ host: '::1', port: 9 },
		]);
		expect(parseNodeList('', 9)).toEqual([]);
	});
});

describe('describeRedis', () => {
	it('names where the store connects, never the user or password', () => {
		const secret = { ...base, user: 'the-user', password: 'the-password' };
		expect(describeRedis({ ...secret, database: 4, tls: true })).toBe(
			'Redis at r:6379 (database 4, TLS)',
		);
		expect(
			describeRedis({
				...secret,
				topology: 'sentinel',
				sentinelMasterName: 'mymaster',
				nodes: [
					{ host: 's1', port: 26379 },
					{ host: '::1', port: 26380 },
				],
			}),
		).toBe('Redis master "mymaster" via Sentinel s1:26379,[::1]:26380 (database 0)');
		expect(
			describeRedis({
				...secret,
				topology: 'cluster',
				nodes: [
					{ host: 'n1', port: 7000 },
					{ host: 'n2', port: 7001 },
				],
			}),
		).toBe('Redis Cluster at n1:7000,n2:7001');
	});
});
