import {
	ensureRunning,
	loadState,
	mainClient,
	processorClients,
	seconds,
} from '../../harness/queue';
import {
	countBy,
	deployAktify,
	distinctDelivery,
	marker,
	runConcurrently,
	send,
	settledRows,
	type DeployedAktify,
} from './lib/aktify';

/**
 * Suppress Duplicates across processes: an Aktify event and its retry arrive at the two webhook
 * processors at the same moment. With the shared (Redis) store, one of them starts the workflow;
 * with suppression off, both do.
 */

const state = loadState();
const main = mainClient(state);
const processors = processorClients(state);
const EVENTS = 100;

async function sendPairs(wf: DeployedAktify, tag: string): Promise<Record<string, number>> {
	const tasks = Array.from({ length: EVENTS }, (_, index) => async () => {
		const now = Date.now();
		const original = distinctDelivery(tag, index, now);
		// Aktify signs a retry anew; the body, and so the dedupe key, is the same.
		const retry = distinctDelivery(tag, index, now + 1000);
		const first = index % 2;
		return Promise.all([
			send(processors[first], wf.path, original),
			send(processors[1 - first], wf.path, retry),
		]);
	});
	const pairs = await runConcurrently(tasks, 10);
	return countBy(pairs.flat(), (result) => String(result.status));
}

describe('duplicate suppression across webhook processors', () => {
	beforeAll(() => ensureRunning(state));

	it('starts exactly one execution per event with the shared store, two with suppression off', async () => {
		const started = Date.now();
		const redisCredential = await main.createCredential('leadEventsRedisApi', {
			host: '127.0.0.1',
			port: 6379,
			database: state.redisDb,
			prefix: `${state.runId}-dup:`,
		});
		const shared = await deployAktify(
			main,
			processors,
			{
				events: ['*'],
				duplicateStore: 'redis',
				options: { suppressDuplicates: true, duplicateWindowSeconds: 600 },
			},
			{ leadEventsRedisApi: redisCredential },
		);
		const off = await deployAktify(main, processors, { events: ['*'] });

		const onTag = `d${Date.now().toString(36)}`;
		const onAnswers = await sendPairs(shared, onTag);
		const offTag = `o${Date.now().toString(36)}`;
		const offAnswers = await sendPairs(off, offTag);

		const onRows = await settledRows(state, shared.id, EVENTS, 120_000);
		const offRows = await settledRows(state, off.id, 2 * EVENTS, 120_000);
		process.stderr.write(
			`[queue] duplicates: ${JSON.stringify({
				suppressionOn: { sent: 2 * EVENTS, answers: onAnswers, executions: onRows.length },
				suppressionOff: { sent: 2 * EVENTS, answers: offAnswers, executions: offRows.length },
				phase: seconds(started),
			})}\n`,
		);
		expect(onAnswers).toEqual({ '200': 2 * EVENTS });
		expect(offAnswers).toEqual({ '200': 2 * EVENTS });
		// Each event exactly once with the shared store, exactly twice without suppression.
		const expectedOn = Array.from({ length: EVENTS }, (_, index) => marker(onTag, index)).sort();
		expect(onRows.map((row) => row.marker).sort()).toEqual(expectedOn);
		expect(countBy(onRows, (row) => row.status)).toEqual({ success: EVENTS });
		const perEventOff = countBy(offRows, (row) => row.marker ?? 'none');
		expect(Object.keys(perEventOff)).toHaveLength(EVENTS);
		expect(new Set(Object.values(perEventOff))).toEqual(new Set([2]));
	});
});
