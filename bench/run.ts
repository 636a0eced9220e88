import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { cpus, loadavg, tmpdir } from 'os';
import { join } from 'path';

import { installIntoUserFolder, packPackage } from '../harness/installPackage';
import { startN8n } from '../harness/instance';
import { N8N_VERSION } from '../harness/provision';
import { PIPELINE_CASES } from './cases';
import { runCoreBench, runCoreBreakdown, type BreakdownRow, type CoreRow } from './core';
import { installNoopTrigger, packNoopTrigger } from './lib/noopPackage';
import { PROFILER_HOOK } from './lib/profile';
import { fixed, markdownTable, thousands } from './lib/table';
import { LAZY_ENV, LAZY_KEYS, LAZY_LABELS, runLazyBench, type LazyReport } from './lazy';
import { runN8nMemory, runStoreBench, type N8nMemoryReport, type StoreReport } from './memory';
import { CPU_PARTS, runQueueBench, useEnvironment, type QueueReport } from './queue';
import { startQueueCluster } from '../harness/queue';
import {
	N8N_BENCH_ENV,
	runN8nBench,
	runN8nProfile,
	type ProfileRow,
	TARGET_KEYS,
	TARGET_LABELS,
	type N8nReport,
	type N8nRow,
} from './n8n';

/**
 * `npm run bench`: core pipeline cost; in a real n8n, the Aktify Trigger (credential cache on and
 * off) against a no-op community trigger, n8n's built-in Webhook node and the Webhook node followed
 * by a Code node verifying the signature, plus a flood of forged deliveries; the same targets under
 * lazy isolate acquire, ours and the no-op at node versions 1 and 2; queue-mode scaling; and memory.
 * Prints markdown tables and writes the full results as JSON.
 *
 *   npm run bench                        everything (over an hour: the memory part alone sends 60,000 deliveries; see docs/performance.md)
 *   npm run bench -- --only=core,store   only some parts: core, n8n, lazy, profile, memory, store, queue
 *   npm run bench -- --quick             fewer rounds and shorter runs, to try the bench out
 *   npm run bench -- --n8n-rounds=N      run the in-n8n A B C D E E D C B A sequence N times per
 *                                        concurrency (default 1; more rounds, steadier ratios)
 *   npm run bench -- --n8n-env=K=V       start n8n with an extra environment variable (repeatable),
 *                                        e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true
 */

type Part = 'core' | 'n8n' | 'profile' | 'memory' | 'store' | 'lazy' | 'queue';
const PARTS: Part[] = ['core', 'n8n', 'lazy', 'profile', 'memory', 'store', 'queue'];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsArg = args.find((arg) => arg.startsWith('--n8n-rounds='));
const n8nRounds = roundsArg ? Number(roundsArg.slice('--n8n-rounds='.length)) : 1;
if (!Number.isInteger(n8nRounds) || n8nRounds < 1)
	throw new Error(`--n8n-rounds needs a whole number of at least 1, got "${roundsArg}"`);
const onlyArg = args.find((arg) => arg.startsWith('--only='));
const parts = new Set<Part>(
	onlyArg ? (onlyArg.slice('--only='.length).split(',') as Part[]) : PARTS,
);
for (const part of parts)
	if (!PARTS.includes(part)) throw new Error(`Unknown part "${part}"; use ${PARTS.join(', ')}`);
const n8nEnv = Object.fromEntries(
	args
		.filter((arg) => arg.startsWith('--n8n-env='))
		.map((arg) => {
			const assignment = arg.slice('--n8n-env='.length);
			const separator = assignment.indexOf('=');
			if (separator <= 0) throw new Error(`--n8n-env needs KEY=VALUE, got "${assignment}"`);
			return [assignment.slice(0, separator), assignment.slice(separator + 1)];
		}),
);
/** Requests per run at each concurrency: enough for several waves at 50 connections, bounded in time. */
const REQUESTS: Record<number, number> = quick
	? { 1: 10, 10: 30, 50: 100 }
	: { 1: 100, 10: 150, 50: 200 };
/**
 * Under lazy acquire the fastest targets answer five to ten times as many requests per second, so
 * the same counts would make runs of a second or two, too short for a ratio: five times as many.
 */
const LAZY_REQUESTS: Record<number, number> = quick
	? REQUESTS
	: Object.fromEntries(Object.entries(REQUESTS).map(([key, value]) => [key, value * 5]));

const started = Date.now();
function log(line: string): void {
	const seconds = Math.round((Date.now() - started) / 1000);
	process.stderr.write(
		`[bench ${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}] ${line}\n`,
	);
}

/** Other n8n processes on the machine: their load is why in-n8n figures are compared as ratios. */
function otherN8nProcesses(ownPid?: number): number {
	let count = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === ownPid) continue;
		try {
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (
				command.some((part) => part.endsWith('/n8n') || part.endsWith('n8n/bin/n8n')) &&
				command.includes('start')
			)
				count++;
		} catch {
			// the process ended while we looked
		}
	}
	return count;
}

function machine(): Record<string, unknown> {
	return {
		date: new Date().toISOString(),
		nproc: cpus().length,
		cpuModel: cpus()[0]?.model ?? 'unknown',
		node: process.version,
		n8n: N8N_VERSION,
		loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
		otherN8nProcesses: otherN8nProcesses(),
		quick,
		n8nEnv,
	};
}

/** The Aktify 1 KB pipeline step by step; "the rest" is the whole pipeline minus its measured steps. */
function breakdownTable(rows: BreakdownRow[]): string {
	const whole = rows[0].result.medianUs;
	const floor = rows
		.filter((row) => row.step.startsWith('floor:'))
		.reduce((sum, row) => sum + row.result.medianUs, 0);
	const steps = rows.slice(1).filter((row) => !row.step.startsWith('floor:'));
	const rest = whole - steps.reduce((sum, row) => sum + row.result.medianUs, 0);
	return markdownTable(
		['Step', 'µs', 'Share of the pipeline', 'What it buys'],
		[
			[
				rows[0].step,
				fixed(whole, 2),
				'100 %',
				`everything below; the floor's two parts measured alone: ${fixed(floor, 2)} µs`,
			],
			...rows
				.slice(1)
				.map((row) => [
					row.step,
					fixed(row.result.medianUs, 2),
					row.step.startsWith('floor:') ? '' : `${fixed((100 * row.result.medianUs) / whole, 0)} %`,
					row.buys,
				]),
			[
				'the rest (item, merging, calls between steps)',
				fixed(rest, 2),
				`${fixed((100 * rest) / whole, 0)} %`,
				'the item itself',
			],
		],
	);
}

function coreTable(rows: CoreRow[]): string {
	return markdownTable(
		[
			'Pipeline',
			'Body',
			'Ours µs/event',
			'Ours events/s',
			'Floor µs',
			'standardwebhooks µs',
			'ours/floor',
			'ours/standardwebhooks',
		],
		rows.map((row) => [
			row.pipeline,
			`${row.bytes / 1024} KB`,
			fixed(row.ours.medianUs, 1),
			thousands(row.ours.opsPerSecond),
			fixed(row.floor.medianUs, 1),
			fixed(row.standardwebhooks.medianUs, 1),
			`${fixed(row.oursOverFloor, 2)}×`,
			`${fixed(row.oursOverStandardwebhooks, 2)}×`,
		]),
	);
}

const pair = (summary: { p50Ms: number; p99Ms: number }) =>
	`${fixed(summary.p50Ms, 0)} / ${fixed(summary.p99Ms, 0)}`;

function n8nTable(rows: N8nRow[]): string {
	return markdownTable(
		[
			'Concurrency',
			'Aktify Trigger req/s',
			'Aktify, cache off req/s',
			'No-op trigger req/s',
			'Webhook node req/s',
			'Webhook + Code (HMAC) req/s',
			'ours/no-op',
			'cache off/no-op',
			'ours/Webhook',
			'ours/Webhook + Code',
			'p50 / p99 ms (ours, no-op, Webhook, + Code)',
			'Not-OK answers (ours / cache off / no-op / Webhook / + Code)',
		],
		rows.map((row) => [
			row.connections,
			fixed(row.ours.okPerSecond, 1),
			fixed(row.oursNoCache.okPerSecond, 1),
			fixed(row.noop.okPerSecond, 1),
			fixed(row.builtin.okPerSecond, 1),
			fixed(row.code.okPerSecond, 1),
			`${fixed(row.noopRatio, 2)}×`,
			`${fixed(row.noCacheNoopRatio, 2)}×`,
			`${fixed(row.throughputRatio, 2)}×`,
			`${fixed(row.throughputRatioCode, 2)}×`,
			[row.ours, row.noop, row.builtin, row.code].map(pair).join(', '),
			[row.ours, row.oursNoCache, row.noop, row.builtin, row.code]
				.map((summary) => summary.failed)
				.join(' / '),
		]),
	);
}

function n8nExecutionsTable(rows: N8nRow[]): string {
	return markdownTable(
		[
			'Concurrency',
			'Aktify Trigger exec/s',
			'Aktify, cache off exec/s',
			'No-op trigger exec/s',
			'Webhook node exec/s',
			'Webhook + Code (HMAC) exec/s',
			'ours/no-op',
			'ours/Webhook',
			'ours/Webhook + Code',
			'Failed executions (ours / cache off / no-op / Webhook / + Code)',
		],
		rows.map((row) => [
			row.connections,
			fixed(row.ours.executionsPerSecond, 1),
			fixed(row.oursNoCache.executionsPerSecond, 1),
			fixed(row.noop.executionsPerSecond, 1),
			fixed(row.builtin.executionsPerSecond, 1),
			fixed(row.code.executionsPerSecond, 1),
			`${fixed(row.noopExecutionRatio, 2)}×`,
			`${fixed(row.executionRatio, 2)}×`,
			`${fixed(row.executionRatioCode, 2)}×`,
			[row.ours, row.oursNoCache, row.noop, row.builtin, row.code]
				.map((summary) => summary.executionsFailed)
				.join(' / '),
		]),
	);
}

/** CPU and isolates per delivery while under load: what each target costs n8n, whatever the machine's speed. */
function n8nCostTable(rows: N8nRow[]): string {
	return markdownTable(
		[
			'Concurrency',
			...TARGET_KEYS.map((key) => `${TARGET_LABELS[key]} ms CPU / isolates`),
			'no-op CPU / ours CPU',
		],
		rows.map((row) => [
			row.connections,
			...TARGET_KEYS.map(
				(key) =>
					`${fixed(row[key].cpuMsPerDelivery, 1)} / ${fixed(row[key].isolatesPerDelivery, 2)}`,
			),
			`${fixed(row.noopCpuRatio, 2)}×`,
		]),
	);
}

function lazyTable(report: LazyReport): string {
	return markdownTable(
		[
			'Concurrency',
			...LAZY_KEYS.map((key) => `${LAZY_LABELS[key]} req/s`),
			...LAZY_KEYS.filter((key) => key !== 'builtin').map((key) => `${LAZY_LABELS[key]}/Webhook`),
		],
		report.rows.map((row) => [
			row.connections,
			...LAZY_KEYS.map((key) => fixed(row.targets[key].okPerSecond, 1)),
			...LAZY_KEYS.filter((key) => key !== 'builtin').map(
				(key) => `${fixed(row.ratioToWebhook[key], 2)}×`,
			),
		]),
	);
}

function lazyCostTable(report: LazyReport): string {
	return markdownTable(
		[
			'Concurrency',
			...LAZY_KEYS.map((key) => `${LAZY_LABELS[key]} ms CPU / isolates`),
			...['oursV2', 'oursV1'].map((key) => `Webhook CPU / ${LAZY_LABELS[key as 'oursV2']} CPU`),
		],
		report.rows.map((row) => [
			row.connections,
			...LAZY_KEYS.map(
				(key) =>
					`${fixed(row.targets[key].cpuMsPerDelivery, 1)} / ${fixed(row.targets[key].isolatesPerDelivery, 2)}`,
			),
			`${fixed(row.cpuRatioToWebhook.oursV2, 2)}×`,
			`${fixed(row.cpuRatioToWebhook.oursV1, 2)}×`,
		]),
	);
}

function lazyIsolatesTable(report: LazyReport): string {
	return markdownTable(
		['Target', 'Isolates per delivery'],
		LAZY_KEYS.map((key) => [LAZY_LABELS[key], fixed(report.isolatesPerDelivery[key], 1)]),
	);
}

const CPU_PART_LABELS = {
	main: 'main',
	webhookProcessors: 'webhook processors',
	workers: 'workers',
	postgres: 'PostgreSQL',
	redis: 'Redis',
} as const;

function queueTable(report: QueueReport): string {
	return markdownTable(
		[
			'Webhook processors × workers',
			'Connections',
			'Answered req/s',
			'Completed exec/s',
			'exec/s ratio to 1 × 1',
			'req/s ratio to 1 × 1',
			'ms CPU per delivery (all n8n processes)',
			`ms CPU per delivery: ${CPU_PARTS.map((part) => CPU_PART_LABELS[part]).join(' / ')}`,
			'Not OK',
		],
		report.rows.map((row) => [
			`${row.config.webhookProcessors} × ${row.config.workers}`,
			row.connections,
			fixed(row.okPerSecond, 1),
			fixed(row.executionsPerSecond, 1),
			`${fixed(row.ratioToOneByOne, 2)}×`,
			`${fixed(row.answeredRatioToOneByOne, 2)}×`,
			fixed(row.cpuMsPerDelivery, 1),
			CPU_PARTS.map((part) => fixed(row.cpuMsPerDeliveryByPart[part], 1)).join(' / '),
			row.failed,
		]),
	);
}

function profileTable(rows: ProfileRow[]): string {
	return markdownTable(
		[
			'Target',
			'Deliveries',
			'Main thread busy, ms per delivery',
			'Of it in the package, ms',
			'Share',
			"The package's outermost functions, ms per delivery",
		],
		rows.map((row) => [
			TARGET_LABELS[row.target],
			row.deliveries,
			fixed(row.busyMsPerDelivery, 1),
			fixed(row.insidePackageMsPerDelivery, 2),
			`${fixed((100 * row.insidePackageMsPerDelivery) / row.busyMsPerDelivery, 1)} %`,
			row.topFunctions
				.map((entry) => `${entry.name} ${fixed(entry.msPerDelivery, 2)}`)
				.join('; ') || '–',
		]),
	);
}

function isolatesTable(report: N8nReport): string {
	return markdownTable(
		['Target', 'Isolates per delivery'],
		TARGET_KEYS.map((key) => [TARGET_LABELS[key], fixed(report.isolatesPerDelivery[key], 1)]),
	);
}

function floodTable(report: N8nReport): string {
	return markdownTable(
		[
			'Target',
			'Forged deliveries',
			'Answers',
			'Answers/s',
			'Rejected',
			'Rejections/s',
			'Executions started',
			'Isolates per forgery',
			'ms CPU per forgery',
		],
		report.flood.map((flood) => [
			TARGET_LABELS[flood.target],
			flood.sent,
			Object.entries(flood.byAnswer)
				.map(([answer, count]) => `${count} × ${answer}`)
				.join(', '),
			fixed(flood.answersPerSecond, 1),
			flood.rejected,
			fixed(flood.rejectionsPerSecond, 1),
			Object.entries(flood.executions)
				.map(([status, count]) => `${count} ${status}`)
				.join(', ') || 'none',
			fixed(flood.isolatesPerForgery, 2),
			fixed(flood.cpuMsPerForgery, 1),
		]),
	);
}

function memoryTable(report: N8nMemoryReport): string {
	const before = report.samples[0].rssMb;
	return markdownTable(
		['n8n process', 'Distinct deliveries', 'VmRSS MB', 'Growth MB', 'Peak (VmHWM) MB'],
		report.samples.map((reading) => [
			reading.label,
			reading.deliveries,
			fixed(reading.rssMb, 0),
			fixed(reading.rssMb - before, 0),
			fixed(reading.peakRssMb, 0),
		]),
	);
}

function storeTable(report: StoreReport): string {
	return markdownTable(
		['Keys inserted', 'Store size', 'Heap growth MB'],
		report.samples
			.slice(1)
			.map((reading) => [
				thousands(reading.keys),
				thousands(reading.size),
				fixed(reading.heapUsedMb, 1),
			]),
	);
}

/** The parts present in one run's results (the format of a `bench-*.json` file), each with its run's details. */
function byPart(results: Record<string, unknown>): Record<string, unknown> {
	const run = {
		machine: results.machine,
		finishedAt: results.finishedAt,
		durationSeconds: results.durationSeconds,
		n8nProcess: results.n8nProcess,
	};
	const found: Record<string, unknown> = {};
	for (const part of PARTS)
		if (results[part] !== undefined) found[part] = { run, result: results[part] };
	return found;
}

/**
 * `latest.json` (the file the README quotes) keeps the latest full-length result of each part, so
 * re-running one part (`--only=n8n`) refreshes that part and leaves the others as they were. Each
 * part carries the machine description of the run that produced it.
 */
function updateLatest(file: string, results: Record<string, unknown>): void {
	const latest: { parts: Record<string, unknown> } = { parts: {} };
	try {
		const previous = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		if (typeof previous.parts === 'object' && previous.parts !== null)
			Object.assign(latest.parts, previous.parts);
		else Object.assign(latest.parts, byPart(previous));
	} catch {
		// no usable latest.json yet
	}
	Object.assign(latest.parts, byPart(results));
	writeFileSync(file, `${JSON.stringify(latest, null, 2)}\n`);
}

/** What the in-n8n parts (default engine and lazy acquire) are driven with. */
function loadOptions(requests: (connections: number) => number, n8nPid: number) {
	return { requests, warmupRequests: quick ? 10 : 30, rounds: n8nRounds, n8nPid, log };
}

async function main(): Promise<void> {
	const results: Record<string, unknown> = { machine: machine() };
	const tables: string[] = [];
	const folder = join(__dirname, 'results');
	mkdirSync(folder, { recursive: true });
	const file = join(folder, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	// Written after every part, so that a run stopped half-way keeps the parts it finished.
	const save = (): void => {
		results.finishedAt = new Date().toISOString();
		results.loadAverageAtEnd = loadavg();
		results.durationSeconds = Math.round((Date.now() - started) / 1000);
		writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
		if (!quick && Object.keys(n8nEnv).length === 0)
			updateLatest(join(folder, 'latest.json'), results);
	};
	log(
		`parts: ${[...parts].join(', ')}${quick ? ' (quick)' : ''}; pipelines: ${PIPELINE_CASES.map((item) => item.name).join(', ')}`,
	);

	if (parts.has('core')) {
		const rows = runCoreBench({
			rounds: quick ? 5 : 21,
			batchMs: quick ? 50 : 100,
			warmupMs: quick ? 200 : 1000,
			log,
		});
		const breakdown = runCoreBreakdown({
			rounds: quick ? 5 : 21,
			batchMs: quick ? 50 : 100,
			warmupMs: quick ? 200 : 1000,
			log,
		});
		results.core = { pipelines: rows, aktifyBreakdown: breakdown };
		save();
		tables.push(
			`Core pipeline (median of rounds, one core, Node ${process.version}):\n\n${coreTable(rows)}`,
			`Aktify v2 at 1 KB step by step (each step measured alone, side by side with the whole; median of rounds):\n\n${breakdownTable(breakdown)}`,
		);
	}

	if (parts.has('store')) {
		const report = runStoreBench(200_000, log);
		results.store = report;
		save();
		tables.push(
			`Suppression store alone (bound ${thousands(report.bound)} keys, ${thousands(report.inserted)} distinct keys in one window; max size seen ${thousands(report.maxSizeSeen)}; ` +
				`~${fixed(report.bytesPerKey, 0)} B/key, ~${fixed(report.boundMb, 1)} MB at the bound; ${fixed(report.nsPerSeenAtBound, 0)} ns per seen() once full):\n\n${storeTable(report)}`,
		);
		if (report.maxSizeSeen > report.bound)
			throw new Error(
				`The store grew to ${report.maxSizeSeen} keys, past its bound of ${report.bound}`,
			);
	}

	if (parts.has('n8n') || parts.has('profile') || parts.has('memory') || parts.has('lazy')) {
		log('starting n8n (build, pack, install, boot)…');
		// N8N_BENCH_ENV: the Code node may require('crypto'), /metrics counts isolates; --n8n-env comes on top.
		// Both packages go into one user folder before n8n starts, as two community packages.
		const harnessLog = (line: string) => log(`harness: ${line}`);
		const userFolder = mkdtempSync(join(tmpdir(), 'lead-events-bench-'));
		await installIntoUserFolder(await packPackage(harnessLog), userFolder, harnessLog);
		await installNoopTrigger(await packNoopTrigger(harnessLog), userFolder);
		// The profile part loads a hook into n8n that switches its CPU profiler on and off by signal.
		const profileFolder = mkdtempSync(join(tmpdir(), 'lead-events-profile-'));
		const profileEnv: Record<string, string> = parts.has('profile')
			? {
					NODE_OPTIONS: `--require ${PROFILER_HOOK}`,
					LEAD_EVENTS_PROFILE_DIR: profileFolder,
				}
			: {};
		const lazyEnv = { ...n8nEnv, ...LAZY_ENV };
		// Lazy acquire is an instance setting: such a part gets its own n8n, on a copy of the user
		// folder, started and stopped before the next n8n starts, so that one runs at a time.
		const startLazyN8n = async (label: string) => {
			const folder = mkdtempSync(join(tmpdir(), `lead-events-bench-${label}-`));
			cpSync(join(userFolder, '.n8n'), join(folder, '.n8n'), { recursive: true });
			const started = await startN8n({
				userFolder: folder,
				skipInstall: true,
				env: { ...N8N_BENCH_ENV, ...lazyEnv },
				log: harnessLog,
			});
			const pid = started.process.pid;
			if (pid === undefined) {
				await started.stop();
				throw new Error(`The ${label} n8n child process has no pid`);
			}
			return { instance: started, pid };
		};
		if (parts.has('lazy')) {
			const { instance: lazyInstance, pid } = await startLazyN8n('lazy');
			try {
				const report = await runLazyBench(
					lazyInstance.client,
					loadOptions((connections) => LAZY_REQUESTS[connections] ?? 500, pid),
				);
				results.lazy = report;
				save();
				const env = `, env ${JSON.stringify(lazyEnv)}`;
				tables.push(
					`Inside n8n ${N8N_VERSION}${env}, answered requests (same signed 1 KB request; per concurrency A … F F … A runs of ${Object.values(LAZY_REQUESTS).join('/')} requests; ratios to the Webhook node):\n\n${lazyTable(report)}`,
					`Under lazy acquire, what n8n spends per delivery under load (CPU of its process tree / expression isolates; same runs):\n\n${lazyCostTable(report)}`,
					`Under lazy acquire, expression isolates per delivery (10 sequential deliveries each):\n\n${lazyIsolatesTable(report)}`,
				);
			} finally {
				log('stopping the lazy-acquire n8n…');
				await lazyInstance.stop();
			}
		}
		if (parts.has('memory')) {
			// Under lazy acquire: with n8n's default engine this machine takes about ten deliveries a
			// second (two isolates each), so 60,000 would take close to two hours.
			const { instance: memoryInstance, pid } = await startLazyN8n('memory');
			try {
				const report = await runN8nMemory(memoryInstance.client, pid, {
					// Three times the suppression store's bound for one workflow's keys (20,000).
					batches: quick ? [300, 300] : Array.from({ length: 12 }, () => 5000),
					connections: 10,
					settleMs: quick ? 1000 : 5000,
					log,
				});
				results.memory = { ...report, env: lazyEnv };
				save();
				tables.push(
					`n8n process memory (env ${JSON.stringify(lazyEnv)}), Aktify Trigger v2 with duplicate suppression on (replay of the last event: ${report.replayAnswer}; of event 0: ${report.firstEventReplayAnswer}; RSS growth per 10,000 deliveries: ${fixed(report.growthPer10kMb.firstHalf, 1)} MB in the first half, ${fixed(report.growthPer10kMb.secondHalf, 1)} MB in the second):\n\n${memoryTable(report)}`,
				);
			} finally {
				log('stopping the memory n8n…');
				await memoryInstance.stop();
			}
		}
		const needsMain = parts.has('n8n') || parts.has('profile');
		const instance = needsMain
			? await startN8n({
					userFolder,
					skipInstall: true,
					env: { ...N8N_BENCH_ENV, ...profileEnv, ...n8nEnv },
					log: harnessLog,
				})
			: undefined;
		if (instance)
			try {
				const pid = instance.process.pid;
				if (pid === undefined) throw new Error('The n8n child process has no pid');
				const n8nNode = execFileSync(instance.process.spawnfile, ['--version'], {
					encoding: 'utf8',
				}).trim();
				results.n8nProcess = {
					pid,
					node: n8nNode,
					env: N8N_BENCH_ENV,
					otherN8nProcesses: otherN8nProcesses(pid),
					loadAverage: loadavg(),
				};
				if (parts.has('n8n')) {
					const report = await runN8nBench(
						instance.client,
						loadOptions((connections) => REQUESTS[connections] ?? 100, pid),
					);
					results.n8n = report;
					save();
					const env = Object.keys(n8nEnv).length > 0 ? `, env ${JSON.stringify(n8nEnv)}` : '';
					const order = `A B C D E E D C B A runs of ${Object.values(REQUESTS).join('/')} requests${n8nRounds > 1 ? `, ${n8nRounds} rounds` : ''}`;
					tables.push(
						`Inside n8n ${N8N_VERSION}${env}, answered requests (same signed 1 KB request; per concurrency ${order}; only 200s with the expected body count):\n\n${n8nTable(report.rows)}`,
						`Inside n8n ${N8N_VERSION}${env}, completed executions (status success, per second from the first request to the last execution's stoppedAt; same runs):\n\n${n8nExecutionsTable(report.rows)}`,
						`What n8n spends per delivery under load (CPU of its process tree and expression isolates, from each run's first request to its last execution; same runs):\n\n${n8nCostTable(report.rows)}`,
						`Expression isolates n8n acquires per delivery (webhook phase and execution; n8n's n8n_expression_pool_acquired_total around 10 sequential deliveries):\n\n${isolatesTable(report)}`,
						`Flood of forged deliveries (well-formed, fresh, signed with the wrong secret; ${report.flood[0]?.connections ?? 0} connections):\n\n${floodTable(report)}`,
					);
				}
				if (parts.has('profile')) {
					const rows = await runN8nProfile(instance.client, {
						n8nPid: pid,
						folder: profileFolder,
						requests: quick ? 50 : 200,
						log,
					});
					results.profile = rows;
					save();
					tables.push(
						`n8n's main thread under a CPU profiler (runs of ${quick ? 50 : 200} deliveries at 10 connections, ours no-op no-op ours; time with the package's own code on the stack, including what it calls in n8n):\n\n${profileTable(rows)}`,
					);
				}
			} finally {
				log('stopping n8n…');
				await instance.stop();
			}
	}

	if (parts.has('queue')) {
		log(
			'queue: starting n8n in queue mode (main, 2 webhook processors, a worker; PostgreSQL, Redis)…',
		);
		const cluster = await startQueueCluster((line) => log(`harness: ${line}`));
		try {
			// n8n's default engine first, then the same cluster started again under lazy acquire, where
			// a delivery costs a fraction of the CPU: runs five times as long, as in the lazy part.
			const reports: QueueReport[] = [];
			for (const env of [{}, LAZY_ENV]) {
				if (Object.keys(env).length > 0) await useEnvironment(cluster, env, log);
				const scale = Object.keys(env).length > 0 && !quick ? 5 : 1;
				reports.push(
					await runQueueBench(cluster, {
						env,
						connections: quick ? [10] : [10, 50],
						requests: (quick ? 30 : 200) * scale,
						warmupRequests: (quick ? 5 : 20) * scale,
						nproc: cpus().length,
						log,
					}),
				);
				results.queue = reports;
				save();
			}
			for (const report of reports)
				tables.push(
					`Queue mode, n8n ${N8N_VERSION} on ${report.backends}, ${report.nproc} CPUs${Object.keys(report.env).length > 0 ? `, env ${JSON.stringify(report.env)}` : ", n8n's default expression engine"}; Aktify Trigger v2, same signed 1 KB request; every configuration run twice in one sequence:\n\n${queueTable(report)}`,
				);
		} finally {
			log('stopping the queue cluster…');
			await cluster.stop();
		}
	}

	save();
	const info = results.machine as Record<string, unknown>;
	process.stdout.write(
		`\nMachine: ${info.nproc} × ${info.cpuModel}, Node ${info.node}, n8n ${info.n8n}, ${info.date}, load average ${String(info.loadAverage)}, other n8n processes running: ${info.otherN8nProcesses}\n\n` +
			`${tables.join('\n\n')}\n\nResults: ${file} (${results.durationSeconds} s)\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
