import { testProvider } from '../lib/testProvider';
import type { IWebhookFunctions } from 'n8n-workflow';

import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/delivery';
import { dedupeScope } from '../../../nodes/shared/dedupe';
import { redisKey } from '../../../nodes/shared/duplicateStore';
import { closeSharedRedisClients, RedisClient } from '../../../nodes/shared/redisClient';
import { runTrigger, type TriggerRuntimeOptions } from '../../../nodes/shared/triggerRuntime';
import {
	closedPort,
	deleteKeys,
	REDIS_HOST,
	REDIS_PORT,
	requireRedis,
	TEST_DATABASE,
	uniquePrefix,
} from './redisTestServer';

const prefix = uniquePrefix('check');
const PASSWORD = 'redis-pw-never-logged-5521';

interface Setup {
	parameters?: Record<string, unknown>;
	credential?: Record<string, unknown> | Error;
	workflowId?: string;
	nodeId?: string;
}

/** n8n's webhook context, reduced to what runTrigger and the duplicate check touch. */
function context(setup: Setup) {
	const response: { statusCode?: number; body?: unknown } = {};
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
	};
	const parameters: Record<string, unknown> = {
		events: ['*'],
		routeBy: 'none',
		...setup.parameters,
	};
	const getCredentials = jest.fn(async (name: string) => {
		expect(name).toBe('leadEventsRedisApi');
		if (setup.credential instanceof Error) throw setup.credential;
		if (!setup.credential) throw new Error('Node does not have any credentials set');
		return setup.credential;
	});
	const warn = jest.fn();
	const ctx = {
		getRequestObject: () => ({
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			rawBody: Buffer.from('{}'),
			readRawBody: async () => undefined,
		}),
		getResponseObject: () => res,
		getQueryData: () => ({}),
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getWorkflow: () => ({ id: setup.workflowId ?? 'wf-check' }),
		getNode: () => ({ id: setup.nodeId ?? 'node-check', name: 'Trigger' }),
		getCredentials,
		logger: { debug: jest.fn(), error: jest.fn(), warn, info: jest.fn() },
	} as unknown as IWebhookFunctions;
	return { ctx, response, getCredentials, warn };
}

const runtime = (
	dedupeKey: string,
	whenDuplicateStoreUnavailable?: 'deliver' | 'reject',
): TriggerRuntimeOptions<TriggerItem> => ({
	provider: testProvider({
		categories: ['A'],
		eventNames: ['a.one'],
		whenDuplicateStoreUnavailable: whenDuplicateStoreUnavailable ?? 'deliver',
	}),
	process: (): DeliveryOutcome<TriggerItem> => ({
		ok: true,
		item: { event: 'a.one', category: 'A', dedupeKey },
	}),
});

const live = { host: REDIS_HOST, port: REDIS_PORT, database: TEST_DATABASE, prefix };
const suppressed = (extra: Record<string, unknown> = {}) => ({
	duplicateStore: 'redis',
	options: { suppressDuplicates: true, duplicateWindowSeconds: 60, ...extra },
});

let deadPort: number;

beforeAll(async () => {
	await requireRedis();
	deadPort = await closedPort();
});

afterAll(async () => {
	closeSharedRedisClients();
	await deleteKeys(prefix);
});

describe('Suppress Duplicates with the Redis store', () => {
	it('records the first delivery in Redis and answers its repeat as a duplicate', async () => {
		const first = context({ parameters: suppressed(), credential: live, workflowId: 'wf-r1' });
		const accepted = await runTrigger(first.ctx, runtime('event-1'));
		expect(accepted.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
		expect(accepted.workflowData).toBeDefined();

		const key = redisKey(prefix, dedupeScope('wf-r1', 'node-check', 'event-1'));
		const probe = new RedisClient({ host: REDIS_HOST, port: REDIS_PORT, database: TEST_DATABASE });
		try {
			expect(await probe.command(['GET', key])).toEqual(Buffer.from('1'));
			const ttl = (await probe.command(['PTTL', key])) as number;
			expect(ttl).toBeGreaterThan(0);
			expect(ttl).toBeLessThanOrEqual(60_000);
		} finally {
			probe.close();
		}

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
