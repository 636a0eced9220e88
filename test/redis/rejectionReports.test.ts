import { reportKeys, type SharedTallyResult } from '../../nodes/shared/duplicates/store';
import { closeRedisStores, redisReportsFor } from '../../nodes/shared/redis/redisStore';
import { requireRedisBinaries, startRedis, stopAll, type RedisProcess } from './lib/redisProcesses';
import { admin, closeAdmins, settingsFrom, sleep, T0 } from './lib/store';

jest.setTimeout(60_000);

/** Report Rejections' shared counting against a real redis-server started for this file. */

let redis: RedisProcess;
const prefix = 'rep-test:';

beforeAll(async () => {
	requireRedisBinaries();
	redis = await startRedis();
});

afterAll(async () => {
	await closeRedisStores();
	closeAdmins();
	await stopAll();
});

const settings = () => settingsFrom({ host: '127.0.0.1', port: redis.port, database: 4, prefix });

const due = (results: SharedTallyResult[]) =>
	results.filter((result): result is Extract<SharedTallyResult, { due: true }> =>
		'due' in result ? result.due : false,
	);

describe('Rejection reports in Redis', () => {
	it('gives one report per interval across two connections and counts every rejection once', async () => {
		// Two credential ids are two connections, as two webhook processors would have.
		const first = redisReportsFor(settings(), 'rep-1');
		const second = redisReportsFor(settings(), 'rep-2');
		const interval = 1500;
		const burst = await Promise.all(
			Array.from({ length: 200 }, (_, i) =>
				(i % 2 ? first : second)(
					'wf\u0000node',
					i % 3 ? 'signature-mismatch' : 'token-missing',
					T0 + i,
					interval,
				),
			),
		);
		expect(burst.filter((result) => 'unavailable' in result)).toEqual([]);
		const reports = due(burst);
		expect(reports).toHaveLength(1);
		const firstCount = Object.values(reports[0].tally.counts).reduce((a, b) => a + b, 0);
		expect(firstCount).toBeGreaterThanOrEqual(1);

		// The slot expires with the interval (Redis's clock); the next rejection reports the rest.
		await sleep(interval + 200);
		const next = await first('wf\u0000node', 'signature-mismatch', T0 + 5000, interval);
		const [after] = due([next]);
		expect(after).toBeDefined();
		const secondCount = Object.values(after.tally.counts).reduce((a, b) => a + b, 0);
		expect(firstCount + secondCount).toBe(201);
		expect(after.tally.lastAt).toBe(T0 + 5000);

		// The keys hold counts and the time only, under the prefix, with an expiry.
		const keys = reportKeys(prefix, 'wf\u0000node');
		const probe = admin(redis.port, 4);
		expect(await probe.exists(keys.counts)).toBe(0);
		expect(await probe.pttl(keys.slot)).toBeGreaterThan(0);
	});

	it('counts other triggers apart', async () => {
		const reports = redisReportsFor(settings(), 'rep-3');
		expect(due([await reports('a', 'body-empty', T0, 60_000)])).toHaveLength(1);
		expect(due([await reports('b', 'body-empty', T0, 60_000)])).toHaveLength(1);
		expect(await reports('a', 'body-empty', T0 + 1, 60_000)).toEqual({ due: false });
	});

	it('says it is unavailable when Redis is not there, so the process counts on its own', async () => {
		const gone = redisReportsFor(
			settingsFrom({ host: '127.0.0.1', port: 1, database: 0, prefix }),
			'rep-gone',
		);
		const result = await gone('a', 'body-empty', T0, 60_000);
		expect('unavailable' in result).toBe(true);
	});
});
