import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import {
	ensureRunning,
	loadState,
	mainClient,
	processorClients,
	seconds,
	sql,
} from '../../harness/queue';
import {
	countBy,
	deployAktify,
	runConcurrently,
	send,
	settledRows,
	type DeployedAktify,
} from './lib/aktify';

/**
 * Report Rejections across processes: forged deliveries reach both webhook processors at once.
 * With Duplicate Store set to Redis, the trigger's report is coordinated in Redis and one
 * execution starts for the interval; with the process store, each processor reports on its own.
 */

const state = loadState();
const main = mainClient(state);
const processors = processorClients(state);
const FORGERIES = 200;

const linkClicked = aktifyEvents.find(
	(event) => event.version === 'v2' && event.name === 'lead.link_clicked',
)!;

async function forge(wf: DeployedAktify): Promise<Record<string, number>> {
	const tasks = Array.from({ length: FORGERIES }, (_, index) => async () => {
		const request = signedRequest(linkClicked, 'not-the-secret-of-this-trigger', Date.now());
		return send(processors[index % 2], wf.path, request);
	});
	const results = await runConcurrently(tasks, 10);
	return countBy(results, (result) => String(result.status));
}

/** Executions of the workflow whose stored data says how the report was counted. */
function reportsCounted(workflowId: string, across: string): number {
	const id = workflowId.replace(/[^A-Za-z0-9]/g, '');
	const [[count]] = sql(
		state,
		`select count(*) from execution_entity e join execution_data d on d."executionId" = e.id
		 where e."workflowId" = '${id}' and d.data like '%${across}%'`,
	);
	return Number(count);
}

describe('rejection reports across webhook processors', () => {
	beforeAll(() => ensureRunning(state));

	it('starts one report execution per interval with the Redis store, one per processor without', async () => {
		const started = Date.now();
		const redisCredential = await main.createCredential('leadEventsRedisApi', {
			host: '127.0.0.1',
			port: 6379,
			database: state.redisDb,
			prefix: `${state.runId}-rep:`,
		});
		const shared = await deployAktify(
			main,
			processors,
			{ events: ['*'], duplicateStore: 'redis', reportRejections: true },
			{ leadEventsRedisApi: redisCredential },
		);
		const local = await deployAktify(main, processors, { events: ['*'], reportRejections: true });

		const sharedAnswers = await forge(shared);
		const localAnswers = await forge(local);
		const sharedRows = await settledRows(state, shared.id, 1, 120_000);
		const localRows = await settledRows(state, local.id, 2, 120_000);
		process.stderr.write(
			`[queue] rejection reports: ${JSON.stringify({
				redisStore: { sent: FORGERIES, answers: sharedAnswers, executions: sharedRows.length },
				processStore: { sent: FORGERIES, answers: localAnswers, executions: localRows.length },
				phase: seconds(started),
			})}\n`,
		);
		expect(sharedAnswers).toEqual({ '401': FORGERIES });
		expect(localAnswers).toEqual({ '401': FORGERIES });
		expect(countBy(sharedRows, (row) => row.status)).toEqual({ success: 1 });
		expect(reportsCounted(shared.id, 'all processes')).toBe(1);
		// Each processor counts and reports on its own: one each.
		expect(countBy(localRows, (row) => row.status)).toEqual({ success: 2 });
		expect(reportsCounted(local.id, 'this process')).toBe(2);
	});
});
