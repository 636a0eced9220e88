import { redisKey } from '../../nodes/shared/duplicates/store';
import { closeRedisStores, redisStoreFor } from '../../nodes/shared/redis/redisStore';
import {
	rawCommand,
	requireRedisBinaries,
	startCluster,
	startRedis,
	startReplica,
	startSentinel,
	stopAll,
	waitFor,
	type RedisProcess,
} from './lib/redisProcesses';
import { admin, closeAdmins, settingsFrom, T0 } from './lib/store';

jest.setTimeout(120_000);

/** The store through Sentinel and on a Cluster, and against a replica, all real redis-server processes. */

beforeAll(requireRedisBinaries);

afterAll(async () => {
	await closeRedisStores();
	closeAdmins();
	await stopAll();
});

const MASTER_NAME = 'leadevents';

async function role(port: number): Promise<string> {
	const info = await rawCommand(port, 'ROLE');
	return info.includes('master') ? 'master' : 'replica';
}

describe('A standalone credential pointing at a replica', () => {
	it('answers "not recorded" (READONLY) and reconnects instead of keeping the connection', async () => {
		const master = await startRedis();
		const replica = await startReplica(master.port);
		await waitFor('the replica to sync', async () =>
			(await rawCommand(replica.port, 'INFO replication')).includes('master_link_status:up'),
		);
		const connectionsBefore = async () =>
			Number(/total_connections_received:(\d+)/.exec(await admin(replica.port).info('stats'))![1]);
		const store = redisStoreFor(settingsFrom({ host: '127.0.0.1', port: replica.port }), 'replica');
		const first = await store.seen('k', 60_000, T0);
		expect(first).toMatchObject({ recorded: 'no' });
		expect((first as { unavailable: string }).unavailable).toContain('READONLY');
		const before = await connectionsBefore();
		// The READONLY reply dropped the connection: the client opens a new one by itself.
		await waitFor('the store to reconnect', async () => (await connectionsBefore()) > before, 5000);
		// Promoted (as a failover would): the same address now takes writes.
		await admin(replica.port).call('REPLICAOF', 'NO', 'ONE');
		await waitFor(
			'a write to succeed',
			async () => (await store.seen('k2', 60_000, T0)) === false,
			10_000,
		);
	});
});

describe('Sentinel', () => {
	let master: RedisProcess;
	let replica: RedisProcess;
	let sentinel: RedisProcess;

	beforeAll(async () => {
		master = await startRedis();
		replica = await startReplica(master.port);
		await waitFor('the replica to sync', async () =>
			(await rawCommand(replica.port, 'INFO replication')).includes('master_link_status:up'),
		);
		sentinel = await startSentinel(master.port, MASTER_NAME);
		await waitFor('the Sentinel to know the replica', async () =>
			(await rawCommand(sentinel.port, `SENTINEL REPLICAS ${MASTER_NAME}`)).includes(
				String(replica.port),
			),
		);
	});

	it('finds the master through the Sentinel, and follows a failover to the promoted replica', async () => {
		const store = redisStoreFor(
			settingsFrom({
				topology: 'sentinel',
				sentinelNodes: `127.0.0.1:${sentinel.port}`,
				sentinelMasterName: MASTER_NAME,
				database: 2,
				prefix: 'sentinel:',
			}),
			'sentinel',
		);
		expect(await store.seen('before', 60_000, T0)).toBe(false);
		expect(await store.seen('before', 60_000, T0)).toBe(true);
		// Written on the master.
		expect((await admin(master.port, 2).keys('sentinel:*')).length).toBe(1);

		// Failover: the Sentinel promotes the replica and turns the old master into its replica.
		// It refuses (NOGOODSLAVE) until it has heard from the replica for a while: ask until it agrees.
		await waitFor(
			'the Sentinel to accept the failover',
			async () =>
				(await rawCommand(sentinel.port, `SENTINEL FAILOVER ${MASTER_NAME}`)).startsWith('+OK'),
			30_000,
		);
		await waitFor(
			'the replica to be promoted',
			async () => (await role(replica.port)) === 'master',
		);

		const answers: unknown[] = [];
		await waitFor(
			'a write through the Sentinel to reach the new master',
			async () => {
				const key = `after-${answers.length}`;
				const answer = await store.seen(key, 60_000, T0);
				answers.push(answer);
				return (
					answer === false &&
					(await admin(replica.port, 2).exists(redisKey('sentinel:', key))) === 1
				);
			},
			30_000,
		);
		// The key recorded before the failover is still known (it was replicated).
		expect(await store.seen('before', 60_000, T0)).toBe(true);
		// Each key was new: while the new master was being found the answers were "not recorded" or
		// "unknown", never "duplicate".
		expect(answers).not.toContain(true);
	});
});

describe('Cluster', () => {
	it('records keys that land on different slots of different masters, and reports their repeats', async () => {
		const nodes = await startCluster(3);
		const store = redisStoreFor(
			settingsFrom({
				topology: 'cluster',
				clusterNodes: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
				prefix: 'cluster:',
			}),
			'cluster',
		);
		const keys = Array.from({ length: 60 }, (_, i) => `event-${i}`);
		for (const key of keys) expect(await store.seen(key, 60_000, T0)).toBe(false);
		for (const key of keys) expect(await store.seen(key, 60_000, T0)).toBe(true);
		const perNode = await Promise.all(nodes.map((node) => admin(node.port).dbsize()));
		expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(keys.length);
		// Every master holds some: the keys hashed to slots all over the cluster.
		for (const count of perNode) expect(count).toBeGreaterThan(0);
	});
});
