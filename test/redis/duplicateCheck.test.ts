import { dedupeScope } from '../../nodes/shared/duplicates/recentKeys';
import { redisKey } from '../../nodes/shared/duplicates/store';
import { closeRedisStores } from '../../nodes/shared/redis/redisStore';
import { runTrigger } from '../../nodes/shared/pipeline/runTrigger';
import {
	freePort,
	requireRedisBinaries,
	startRedis,
	stopAll,
	type RedisProcess,
} from './lib/redisProcesses';
import { admin, closeAdmins, storeConnections } from './lib/store';
import { waitFor } from './lib/redisProcesses';
import { context, runtime, suppressed } from './lib/webhookContext';

jest.setTimeout(60_000);

/** The trigger's duplicate check (`runTrigger` → `checkDuplicate`) with the Redis store. */

const prefix = 'check:';
const PASSWORD = 'redis-pw-never-logged-5521';
const DATABASE = 9;
const REDIS_HOST = '127.0.0.1';

let redis: RedisProcess;
let deadPort: number;
let live: Record<string, unknown>;

beforeAll(async () => {
	requireRedisBinaries();
	redis = await startRedis();
	deadPort = await freePort();
	live = { host: REDIS_HOST, port: redis.port, database: DATABASE, prefix };
});

afterAll(async () => {
	await closeRedisStores();
	closeAdmins();
	await stopAll();
});

describe('Suppress Duplicates with the Redis store', () => {
	it('records the first delivery in Redis and answers its repeat as a duplicate', async () => {
		const first = context({ parameters: suppressed(), credential: live, workflowId: 'wf-r1' });
		const accepted = await runTrigger(first.ctx, runtime('event-1'));
		expect(accepted.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
		expect(accepted.workflowData).toBeDefined();

		const key = redisKey(prefix, dedupeScope('wf-r1', 'node-check', 'event-1'));
		const probe = admin(redis.port, DATABASE);
		expect(await probe.get(key)).toBe('1');
		const ttl = await probe.pttl(key);
		expect(ttl).toBeGreaterThan(0);
		expect(ttl).toBeLessThanOrEqual(60_000);

		const repeat = context({ parameters: suppressed(), credential: live, workflowId: 'wf-r1' });
		expect(await runTrigger(repeat.ctx, runtime('event-1'))).toEqual({
			webhookResponse: { status: 'duplicate', dedupeKey: 'event-1' },
		});
		expect(first.warn).not.toHaveBeenCalled();
	});

	it('does not consult the process memory: a key this process saw is new to Redis', async () => {
		const memory = context({
			parameters: { options: { suppressDuplicates: true } },
			workflowId: 'wf-r2',
		});
		expect((await runTrigger(memory.ctx, runtime('event-2'))).workflowData).toBeDefined();
		expect(memory.getCredentials).not.toHaveBeenCalled();
		const redis = context({ parameters: suppressed(), credential: live, workflowId: 'wf-r2' });
		expect((await runTrigger(redis.ctx, runtime('event-2'))).workflowData).toBeDefined();
	});

	it('never reads the credential or contacts Redis when Suppress Duplicates is off', async () => {
		const off = context({
			parameters: { duplicateStore: 'redis', options: {} },
			credential: { host: REDIS_HOST, port: deadPort },
		});
		expect((await runTrigger(off.ctx, runtime('event-3', 'reject'))).workflowData).toBeDefined();
		expect(off.getCredentials).not.toHaveBeenCalled();
		expect(off.warn).not.toHaveBeenCalled();
	});
});

describe('A rotated Redis credential', () => {
	it('leaves one connection: each change of its fields closes the connection made with the old ones', async () => {
		const before = await storeConnections(redis.port);
		for (let rotation = 0; rotation < 5; rotation++) {
			// A node of its own per delivery, so each reads the credential's current fields.
			const { ctx } = context({
				parameters: suppressed(),
				credential: { ...live, database: rotation },
				credentialId: 'rotated-credential',
				workflowId: 'wf-rotation',
				nodeId: `node-${rotation}`,
			});
			expect((await runTrigger(ctx, runtime(`rotation-${rotation}`))).workflowData).toBeDefined();
		}
		await waitFor(
			'the old connections to close',
			async () => (await storeConnections(redis.port)) === before + 1,
		);
		expect(await storeConnections(redis.port)).toBe(before + 1);
	});
});

describe('Suppress Duplicates when Redis is unreachable', () => {
	const dead = () => ({ host: REDIS_HOST, port: deadPort, password: PASSWORD, prefix });

	it('answers 503 and starts nothing for a provider whose default is reject', async () => {
		const { ctx, response, warn } = context({
			parameters: suppressed(),
			credential: dead(),
			workflowId: 'wf-u1',
		});
		const result = await runTrigger(ctx, runtime('event-4', 'reject'));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({
			statusCode: 503,
			body: {
				status: 'rejected',
				reason: 'Duplicate store unreachable; the sender should retry',
			},
		});
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toBe(
			`Suppress Duplicates in workflow wf-u1, node "Trigger": the shared duplicate store is unreachable (Redis at ${REDIS_HOST}:${deadPort} (database 0): ECONNREFUSED); answered 503 so the sender retries.`,
		);
	});

	it('delivers and warns once per minute for a provider whose default is deliver', async () => {
		const first = context({ parameters: suppressed(), credential: dead(), workflowId: 'wf-u2' });
		const delivered = await runTrigger(first.ctx, runtime('event-5', 'deliver'));
		expect(delivered.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
		expect(delivered.workflowData).toBeDefined();
		expect(first.warn).toHaveBeenCalledTimes(1);
		expect(first.warn.mock.calls[0][0]).toContain(
			'; started the workflow without the shared duplicate check.',
		);
		expect(first.warn.mock.calls[0][0]).not.toContain(PASSWORD);

		// The same event again, to the same process, during the outage: the process memory knows it.
		const repeat = context({ parameters: suppressed(), credential: dead(), workflowId: 'wf-u2' });
		expect(await runTrigger(repeat.ctx, runtime('event-5', 'deliver'))).toEqual({
			webhookResponse: { status: 'duplicate', dedupeKey: 'event-5' },
		});
		// Within the minute the node's warnings are counted, not written.
		expect(repeat.warn).not.toHaveBeenCalled();
	});

	it('lets the node option override the provider default, both ways', async () => {
		const deliver = context({
			parameters: suppressed({ duplicateStoreUnavailable: 'deliver' }),
			credential: dead(),
			workflowId: 'wf-u3',
		});
		expect(
			(await runTrigger(deliver.ctx, runtime('event-6', 'reject'))).workflowData,
		).toBeDefined();
		const reject = context({
			parameters: suppressed({ duplicateStoreUnavailable: 'reject' }),
			credential: dead(),
			workflowId: 'wf-u4',
		});
		await runTrigger(reject.ctx, runtime('event-7', 'deliver'));
		expect(reject.response.statusCode).toBe(503);
	});

	it('delivers when the provider gives no default, and treats a missing credential as unreachable', async () => {
		const { ctx, warn } = context({
			parameters: suppressed(),
			credential: new Error('Node does not have any credentials set for "leadEventsRedisApi"'),
			workflowId: 'wf-u5',
		});
		expect((await runTrigger(ctx, runtime('event-8'))).workflowData).toBeDefined();
		expect(warn.mock.calls[0][0]).toContain(
			'unreachable (its credential could not be read: Node does not have any credentials set for "leadEventsRedisApi")',
		);
	});

	it('treats an unusable credential as unreachable, with the reason', async () => {
		const { ctx, warn, response } = context({
			parameters: suppressed(),
			credential: { host: '', port: 6379 },
			workflowId: 'wf-u6',
		});
		await runTrigger(ctx, runtime('event-9', 'reject'));
		expect(response.statusCode).toBe(503);
		expect(warn.mock.calls[0][0]).toContain('unreachable (The Redis credential has no host)');
	});
});
