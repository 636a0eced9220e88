import { createHmac } from 'crypto';
import { readFileSync, statSync } from 'fs';

import type { Redis } from 'ioredis';

import { redisKey } from '../../nodes/shared/duplicates/store';
import { FAKE_API_KEY, FakeActiveCampaign } from '../../harness/fakes/activecampaign';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { FakeSmartlead } from '../../harness/fakes/smartlead';
import {
	deleteKeys,
	REDIS_HOST,
	REDIS_PORT,
	requireRedis,
	sharedRedis,
	uniquePrefix,
} from '../redis/lib/sharedRedis';
import { triggerOutputs, triggerWorkflow, type TriggerNodeSpec } from '../../harness/client';
import { sharedN8n } from './lib/shared';

// The project-level testTimeout is not applied when a single project is selected, so set it here.
jest.setTimeout(600_000);

/**
 * Suppress Duplicates with the Redis store, in a real n8n (one process here; the queue-mode suite
 * sends the copies to two webhook processors). Redis is the real one on 127.0.0.1:6379, with a
 * database index and key prefix of this run; "unreachable" is a credential pointing at port 1,
 * where nothing listens.
 */

const n8n = sharedN8n();
const DATABASE = 10;
const prefix = uniquePrefix('e2e');
// Distinctive, so a leak into n8n's log is found by a plain search.
const REDIS_PASSWORD = 'e2e-redis-password-Kq73Vz';
const DEAD_PORT = 1;
const AKTIFY_SECRET = 'e2e_duplicates_secret_0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let liveRedis: string;
let deadRedis: string;
let aktifyCredential: string;

/** One Aktify v2 event body; `sign` makes one delivery attempt of it (a retry has a new `t`). */
function aktifyEvent(phone: string) {
	const body = JSON.stringify({
		metadata: {
			apiVersion: '2026-02-09',
			eventType: 'lead.link_clicked',
			campaignId: 'cmp_duplicates',
			eventTime: '2026-12-02T05:00:00.000Z',
		},
		data: { phone, url: 'https://example.com/offer', shortUrl: 'https://akt.fy/o' },
	});
	return {
		body,
		sign(t = Date.now()) {
			const signature = createHmac('sha256', AKTIFY_SECRET).update(`${t}.${body}`).digest('hex');
			return {
				'content-type': 'application/json',
				'aktify-signature': `t=${t},v2=${signature}`,
			};
		},
	};
}

async function deploy(spec: TriggerNodeSpec) {
	const built = triggerWorkflow(spec);
	const id = await n8n.createWorkflow(built.workflow);
	const status = await n8n.publish(id);
	expect(status.status).toBe('published');
	await n8n.waitForWebhook(built.webhookPath);
	return { id, path: built.webhookPath, node: built.nodeName, nodeId: built.workflow.nodes[0].id };
}

function redisParameters(unavailable?: 'deliver' | 'reject') {
	return {
		events: ['*'],
		duplicateStore: 'redis',
		options: {
			suppressDuplicates: true,
			...(unavailable ? { duplicateStoreUnavailable: unavailable } : {}),
		},
	};
}

/** n8n's log from `offset` on, once it holds `text` (n8n writes its log asynchronously). */
async function logAfter(offset: number, text: string): Promise<string> {
	let log = '';
	for (let attempt = 0; attempt < 50; attempt++) {
		// `offset` counts bytes (the file size), so cut the bytes before decoding.
		log = readFileSync(n8n.logFile).subarray(offset).toString('utf8');
		if (log.includes(text)) break;
		await sleep(200);
	}
	return log;
}

const logSize = () => statSync(n8n.logFile).size;

async function withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
	const redis = sharedRedis(DATABASE);
	try {
		return await use(redis);
	} finally {
		redis.disconnect();
	}
}

beforeAll(async () => {
	await requireRedis();
	liveRedis = await n8n.createCredential('leadEventsRedisApi', {
		host: REDIS_HOST,
		port: REDIS_PORT,
		database: DATABASE,
		user: '',
		password: '',
		tls: false,
		prefix,
	});
	deadRedis = await n8n.createCredential('leadEventsRedisApi', {
		host: REDIS_HOST,
		port: DEAD_PORT,
		database: DATABASE,
		user: '',
		password: REDIS_PASSWORD,
		tls: false,
		prefix,
	});
	aktifyCredential = await n8n.createCredential('aktifyApi', {
		clientSecret: AKTIFY_SECRET,
		customAuth: 'none',
	});
});

afterAll(async () => {
	await deleteKeys(prefix, DATABASE);
});

describe('The Lead Events Duplicate Store (Redis) credential in a real n8n', () => {
	it('passes its test against the real Redis and fails it, with the reason, for a closed port', async () => {
		const live = { host: REDIS_HOST, port: REDIS_PORT, database: DATABASE, prefix };
		expect(await n8n.testCredential('leadEventsRedisApi', live)).toEqual({
			status: 'OK',
			message: 'Connection successful',
		});
		expect(
			await n8n.testCredential('leadEventsRedisApi', {
				...live,
				port: DEAD_PORT,
				password: REDIS_PASSWORD,
			}),
		).toEqual({
			status: 'Error',
			message: `Redis at ${REDIS_HOST}:${DEAD_PORT} (database ${DATABASE}): ECONNREFUSED`,
		});
	});
});

describe('Suppress Duplicates with the Redis store', () => {
	it('starts one execution for a delivery and its retry, and remembers the event in Redis only', async () => {
		const wf = await deploy({
			type: 'aktifyTrigger',
			parameters: redisParameters(),
			credentials: { aktifyApi: aktifyCredential, leadEventsRedisApi: liveRedis },
		});
		const event = aktifyEvent('+15095550101');
		const first = await n8n.deliver(wf.path, event.body, event.sign());
		expect(first.status).toBe(200);
		expect(first.json).toEqual({ status: 'accepted', event: 'lead.link_clicked' });
		// Aktify's retry: the same body with a fresh timestamp and signature.
		const retry = await n8n.deliver(wf.path, event.body, event.sign(Date.now() + 1000));
		expect(retry.status).toBe(200);
		expect(retry.json).toMatchObject({ status: 'duplicate' });

		const executions = await n8n.waitForExecutions(wf.id, 1, { settleMs: 1500 });
		expect(executions).toHaveLength(1);
		const [item] = triggerOutputs(executions[0], wf.node).flat();
		expect((retry.json as { dedupeKey: string }).dedupeKey).toBe(item.dedupeKey);

		// The key is the prefix and a hash of workflow, node and dedupe key, set to expire after the
		// default window of 3600 s.
		const key = redisKey(prefix, `${wf.id}\u0000${wf.nodeId}\u0000${String(item.dedupeKey)}`);
		await withRedis(async (redis) => {
			expect(await redis.keys(`${prefix}*`)).toEqual([key]);
			expect(await redis.get(key)).toBe('1');
			const ttl = await redis.pttl(key);
			expect(ttl).toBeGreaterThan(0);
			expect(ttl).toBeLessThanOrEqual(3_600_000);
			// Redis, not n8n's memory, is what knew the retry: once the key is gone the event is new.
			expect(await redis.del(key)).toBe(1);
		});
		const again = await n8n.deliver(wf.path, event.body, event.sign(Date.now() + 2000));
		expect(again.json).toEqual({ status: 'accepted', event: 'lead.link_clicked' });
		expect(await n8n.waitForExecutions(wf.id, 2)).toHaveLength(2);
	});
});

describe('Suppress Duplicates when Redis is unreachable: each provider default', () => {
	it('Aktify delivers (a 503 could get its webhook marked broken) and logs a warning', async () => {
		const wf = await deploy({
			type: 'aktifyTrigger',
			parameters: redisParameters(),
			credentials: { aktifyApi: aktifyCredential, leadEventsRedisApi: deadRedis },
		});
		const offset = logSize();
		const event = aktifyEvent('+15095550102');
		const response = await n8n.deliver(wf.path, event.body, event.sign());
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ status: 'accepted', event: 'lead.link_clicked' });
		const executions = await n8n.waitForExecutions(wf.id, 1);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		const warning = `Suppress Duplicates in workflow ${wf.id}, node "${wf.node}": the shared duplicate store is unreachable (Redis at ${REDIS_HOST}:${DEAD_PORT} (database ${DATABASE}): ECONNREFUSED); started the workflow without the shared duplicate check.`;
		const log = await logAfter(offset, warning);
		expect(log).toContain(warning);
		expect(log).not.toContain(REDIS_PASSWORD);
	});

	it('Aktify answers 503 and starts nothing when the node option says so', async () => {
		const wf = await deploy({
			type: 'aktifyTrigger',
			parameters: redisParameters('reject'),
			credentials: { aktifyApi: aktifyCredential, leadEventsRedisApi: deadRedis },
		});
		const event = aktifyEvent('+15095550103');
		const response = await n8n.deliver(wf.path, event.body, event.sign());
		expect(response.status).toBe(503);
		expect(response.json).toEqual({
			status: 'rejected',
			reason: 'Duplicate store unreachable; the sender should retry',
		});
		expect(await n8n.waitForExecutions(wf.id, 0, { settleMs: 1500 })).toHaveLength(0);
	});

	it('Leadterra answers 503 (it retries for hours) and starts nothing', async () => {
		const fake = new FakeLeadterra();
		await fake.start();
		try {
			const leadterra = await n8n.createCredential('leadterraApi', {
				apiKey: fake.apiKey,
				baseUrl: fake.baseUrl,
				signingSecret: '',
			});
			const wf = await deploy({
				type: 'leadterraTrigger',
				parameters: redisParameters(),
				credentials: { leadterraApi: leadterra, leadEventsRedisApi: deadRedis },
			});
			const offset = logSize();
			const [result] = await fake.deliver('reply.received');
			expect(result.status).toBe(503);
			expect(JSON.parse(result.text)).toEqual({
				status: 'rejected',
				reason: 'Duplicate store unreachable; the sender should retry',
			});
			expect(await n8n.waitForExecutions(wf.id, 0, { settleMs: 1500 })).toHaveLength(0);
			const warning = `node "${wf.node}": the shared duplicate store is unreachable (Redis at ${REDIS_HOST}:${DEAD_PORT} (database ${DATABASE}): ECONNREFUSED); answered 503 so the sender retries.`;
			expect(await logAfter(offset, warning)).toContain(warning);
			await n8n.unpublish(wf.id);
		} finally {
			await fake.stop();
		}
	});

	it('SmartLead delivers (it may disable a failing webhook)', async () => {
		const apiKey = 'slk-e2e-duplicates-Rt6Wq1';
		const fake = new FakeSmartlead({ apiKey });
		await fake.start();
		try {
			const smartlead = await n8n.createCredential('smartleadApi', {
				apiKey,
				baseUrl: fake.baseUrl,
			});
			const wf = await deploy({
				type: 'smartleadTrigger',
				parameters: { scope: 'user', leadCategories: [], ...redisParameters() },
				credentials: { smartleadApi: smartlead, leadEventsRedisApi: deadRedis },
			});
			const [result] = await fake.deliver('EMAIL_REPLY');
			expect(result.status).toBe(200);
			expect(JSON.parse(result.text)).toMatchObject({ status: 'accepted' });
			const executions = await n8n.waitForExecutions(wf.id, 1);
			expect(executions.map((execution) => execution.status)).toEqual(['success']);
			await n8n.unpublish(wf.id);
		} finally {
			await fake.stop();
		}
	});

	it('ActiveCampaign delivers (it never retries)', async () => {
		const fake = new FakeActiveCampaign();
		await fake.start();
		try {
			const activeCampaign = await n8n.createCredential('activeCampaignEventsApi', {
				apiUrl: fake.url,
				apiKey: FAKE_API_KEY,
			});
			const wf = await deploy({
				type: 'activeCampaignEventsTrigger',
				parameters: redisParameters(),
				credentials: { activeCampaignEventsApi: activeCampaign, leadEventsRedisApi: deadRedis },
			});
			const productionUrl = `${n8n.baseUrl}/webhook/${wf.path}`;
			const deliveries = await fake.fire('subscribe', { to: productionUrl });
			expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
			expect(JSON.parse(deliveries[0].text)).toMatchObject({ status: 'accepted' });
			const executions = await n8n.waitForExecutions(wf.id, 1);
			expect(executions.map((execution) => execution.status)).toEqual(['success']);
			await n8n.unpublish(wf.id);
		} finally {
			await fake.stop();
		}
	});
});
