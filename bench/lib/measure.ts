/**
 * A small in-process micro-benchmark runner. Several functions are measured side by side: each
 * round runs every function for a fixed batch, in an order that rotates from round to round, so
 * that drift (a neighbour's test run, thermal changes, GC pressure) hits every function alike.
 * The reported figure is the median of the per-round means, which a single noisy round cannot move.
 */

export interface MicroCase {
	name: string;
	/** One operation; its return value is kept so that the work cannot be optimised away. */
	run: () => unknown;
}

export interface MicroOptions {
	/** Time per case spent before anything is timed, so that V8 has compiled the hot paths. */
	warmupMs: number;
	/** Time each case runs per round; the operation count is fixed from the warm-up speed. */
	batchMs: number;
	rounds: number;
	/** Called after each round, for progress output. */
	onRound?: (round: number, rounds: number) => void;
}

export interface MicroResult {
	name: string;
	/** Median over rounds of the mean time per operation, in microseconds. */
	medianUs: number;
	minUs: number;
	maxUs: number;
	opsPerSecond: number;
	rounds: number;
	/** Operations per round, the same in every round for a given case. */
	opsPerRound: number;
}

let sink: unknown;

/** Keeps a value reachable so that V8 cannot drop the computation that produced it. */
export function consume(value: unknown): void {
	sink = value;
}

export function sinkValue(): unknown {
	return sink;
}

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timeBatch(run: () => unknown, ops: number): number {
	const started = process.hrtime.bigint();
	for (let index = 0; index < ops; index++) sink = run();
	return Number(process.hrtime.bigint() - started) / 1000 / ops;
}

/** Runs `run` for about `ms` milliseconds; returns the mean microseconds per operation. */
function warmUp(run: () => unknown, ms: number): number {
	let ops = 16;
	let spentUs = 0;
	let doneOps = 0;
	while (spentUs < ms * 1000) {
		spentUs += timeBatch(run, ops) * ops;
		doneOps += ops;
		ops *= 2;
	}
	return spentUs / doneOps;
}

export function measureMany(cases: readonly MicroCase[], options: MicroOptions): MicroResult[] {
	const batchOps = cases.map((item) =>
		Math.max(50, Math.round((options.batchMs * 1000) / warmUp(item.run, options.warmupMs))),
	);
	const perRound = cases.map(() => [] as number[]);
	for (let round = 0; round < options.rounds; round++) {
		for (let offset = 0; offset < cases.length; offset++) {
			const index = (round + offset) % cases.length;
			perRound[index].push(timeBatch(cases[index].run, batchOps[index]));
		}
		options.onRound?.(round + 1, options.rounds);
	}
	return cases.map((item, index) => {
		const samples = perRound[index];
		const medianUs = median(samples);
		return {
			name: item.name,
			medianUs,
			minUs: Math.min(...samples),
			maxUs: Math.max(...samples),
			opsPerSecond: 1e6 / medianUs,
			rounds: options.rounds,
			opsPerRound: batchOps[index],
		};
	});
}
