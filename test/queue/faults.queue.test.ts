import {
	WEBHOOK_PROCESSORS,
	ensureRunning,
	WORKER,
	killProcess,
	loadState,
	mainClient,
	processorClients,
	seconds,
	startProcess,
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
	type ExecutionRow,
	type SendResult,
} from './lib/aktify';

/**
 * What a process crash costs. The promise under test: a delivery that was answered 2xx is never
 * lost (it has an execution in the database); one that was not answered 2xx is the sender's to
 * retry. Counts are printed so that the figures in docs/queue-mode.md can be checked against a run.
 */

const state = loadState();
const main = mainClient(state);
const processors = processorClients(state);
const CONCURRENCY = 20;

interface Sent extends SendResult {
	index: number;
	processor: string;
	startedAt: number;
}

interface Tally {
	sent: number;
	answered2xx: number;
	executions: number;
	perStatus: Record<string, number>;
	/** Acknowledged deliveries whose marker is in no execution. */
	unmatched: string[];
	/**
	 * Executions whose data no longer holds the delivery: n8n's recovery replaces the data of an
	 * execution that was running on a killed worker with the error "job stalled more than
	 * maxStalledCount", and the trigger's item goes with it.
	 */
	recoveredWithoutData: ExecutionRow[];
	/** Acknowledged deliveries that no execution accounts for. */
	lost: number;
	/** Executions that ran for deliveries the sender did not see answered 2xx (a retry would repeat them). */
	executedWithout2xx: number;
	/**
	 * Executions created for a delivery never answered, still `new` once everything settled: the
	 * processor died after writing the row and before queueing the job, so it never runs and the
	 * sender's retry is the one that counts.
	 */
	orphanedWithout2xx: number;
	/** Deliveries that started more than one execution. */
	repeated: number;
}

function tally(results: Sent[], rows: ExecutionRow[], tag: string): Tally {
	const executed = new Set(rows.map((row) => row.marker));
	const acknowledged = results.filter(
		(result) => typeof result.status === 'number' && result.status >= 200 && result.status < 300,
	);
	const acknowledgedMarkers = new Set(acknowledged.map((result) => marker(tag, result.index)));
	const unmatched = [...acknowledgedMarkers].filter((found) => !executed.has(found));
	const recoveredWithoutData = rows.filter((row) => row.marker === null);
	const marked = rows.filter((row) => row.marker !== null);
	return {
		sent: results.length,
		answered2xx: acknowledged.length,
		executions: rows.length,
		perStatus: countBy(rows, (row) => row.status),
		unmatched,
		recoveredWithoutData,
		// Every execution is created by exactly one accepted request before it is answered, so an
		// execution whose data recovery replaced stands for one of the unmatched deliveries.
		lost: Math.max(0, unmatched.length - recoveredWithoutData.length),
		executedWithout2xx: marked.filter(
			(row) => !acknowledgedMarkers.has(row.marker!) && row.status !== 'new',
		).length,
		orphanedWithout2xx: marked.filter(
			(row) => !acknowledgedMarkers.has(row.marker!) && row.status === 'new',
		).length,
		repeated: marked.length - new Set(marked.map((row) => row.marker)).size,
	};
}

function print(title: string, result: Tally, extra: Record<string, unknown> = {}): void {
	const line = {
		sent: result.sent,
		answered2xx: result.answered2xx,
		executions: result.executions,
		perStatus: result.perStatus,
		recoveredWithoutData: result.recoveredWithoutData.length,
		lost: result.lost,
		executedWithout2xx: result.executedWithout2xx,
		orphanedWithout2xx: result.orphanedWithout2xx,
		repeated: result.repeated,
		...extra,
	};
	process.stderr.write(`[queue] ${title}: ${JSON.stringify(line)}\n`);
}

/**
 * Sends `count` distinct signed deliveries, alternating between the two webhook processors, at
 * `CONCURRENCY` in flight, and calls `fault` once half of them have been started.
 */
async function load(
	wf: DeployedAktify,
	tag: string,
	count: number,
	fault: () => Promise<void>,
): Promise<{ results: Sent[]; faultAt: number; faultDone: Promise<void> }> {
	let faultAt = 0;
	let faultDone: Promise<void> = Promise.resolve();
	const tasks = Array.from({ length: count }, (_, index) => async (): Promise<Sent> => {
		if (index === Math.floor(count / 2)) {
			faultAt = Date.now();
			faultDone = fault();
		}
		const processor = index % 2;
		const startedAt = Date.now();
		const result = await send(processors[processor], wf.path, distinctDelivery(tag, index));
		return { ...result, index, processor: WEBHOOK_PROCESSORS[processor], startedAt };
	});
	const results = await runConcurrently(tasks, CONCURRENCY);
	return { results, faultAt, faultDone };
}

describe('fault survival in queue mode (signed Aktify deliveries)', () => {
	beforeAll(() => ensureRunning(state));

	it('kill -9 of the worker midway: every delivery answered 2xx has an execution', async () => {
		const started = Date.now();
		const wf = await deployAktify(main, processors, { events: ['*'] });
		const tag = `w${Date.now().toString(36)}`;
		let restartedIn = '';
		const sendStarted = Date.now();
		const { results, faultDone } = await load(wf, tag, 500, async () => {
			await killProcess(state, WORKER);
			const restartAt = Date.now();
			await startProcess(state, WORKER);
			restartedIn = seconds(restartAt);
		});
		const sending = seconds(sendStarted);
		await faultDone;
		const settleStarted = Date.now();
		const answered = countBy(results, (result) => String(result.status));
		const acknowledged = results.filter((result) => result.status === 200).length;
		const rows = await settledRows(state, wf.id, acknowledged, 300_000);
		const settling = seconds(settleStarted);
		const result = tally(results, rows, tag);
		print('worker kill -9 at delivery 250 of 500', result, {
			answers: answered,
			workerRestartedIn: restartedIn,
			sending,
			settling,
			phase: seconds(started),
		});
		expect(result.sent).toBe(500);
		expect(result.lost).toBe(0);
		// Each execution whose data recovery replaced stands for exactly one acknowledged delivery.
		expect(result.recoveredWithoutData).toHaveLength(result.unmatched.length);
		expect(
			result.recoveredWithoutData.filter((row) => !['error', 'crashed'].includes(row.status)),
		).toEqual([]);
		expect(result.executedWithout2xx).toBe(0);
		expect(result.repeated).toBe(0);
		// Nothing is left unfinished, and no answer was a refusal (a 4xx would be a failed check).
		expect(
			Object.keys(result.perStatus).filter(
				(status) => !['success', 'error', 'crashed'].includes(status),
			),
		).toEqual([]);
		expect(Object.keys(answered).filter((status) => status.startsWith('4'))).toEqual([]);
	});

	it('kill -9 of a webhook processor midway: its later deliveries fail at the connection, none answered 2xx is lost', async () => {
		const started = Date.now();
		const wf = await deployAktify(main, processors, { events: ['*'] });
		const tag = `h${Date.now().toString(36)}`;
		const victim = WEBHOOK_PROCESSORS[1];
		let killedAt = 0;
		const sendStarted = Date.now();
		const { results, faultDone } = await load(wf, tag, 200, async () => {
			await killProcess(state, victim);
			killedAt = Date.now();
		});
		const sending = seconds(sendStarted);
		await faultDone;
		const settleStarted = Date.now();
		const toVictimAfterKill = results.filter(
			(result) => result.processor === victim && result.startedAt > killedAt,
		);
		const acknowledged = results.filter((result) => result.status === 200).length;
		const rows = await settledRows(state, wf.id, acknowledged, 180_000);
		const settling = seconds(settleStarted);
		const result = tally(results, rows, tag);
		print(`${victim} kill -9 at delivery 100 of 200`, result, {
			answers: countBy(results, (result) => `${result.processor} ${String(result.status)}`),
			toKilledProcessorAfterKill: countBy(toVictimAfterKill, (result) => String(result.status)),
			sending,
			settling,
			phase: seconds(started),
		});
		expect(toVictimAfterKill.length).toBeGreaterThan(0);
		expect(new Set(toVictimAfterKill.map((result) => result.status))).toEqual(
			new Set(['connection-error']),
		);
		expect(result.lost).toBe(0);
		expect(result.unmatched).toEqual([]);
		expect(result.executedWithout2xx).toBe(0);
		expect(result.repeated).toBe(0);
		// A row left `new` may only be one of a delivery that was never answered (see Tally).
		const settled = rows.filter((row) => row.status !== 'new');
		expect(rows.length - settled.length).toBe(result.orphanedWithout2xx);
		expect(countBy(settled, (row) => row.status)).toEqual({ success: settled.length });
		expect(results.filter((result) => String(result.status).startsWith('4'))).toEqual([]);
		// Left down: the next test file that needs it starts it again (ensureRunning).
	});
});
