import { execFileSync } from 'child_process';
import { cpSync } from 'fs';
import { join } from 'path';

import { freePort } from '../harness/instance';
import { LoadBalancer } from '../harness/loadBalancer';
import {
	MAIN,
	WEBHOOK_PROCESSORS,
	WORKER,
	isAlive,
	killProcess,
	mainClient,
	processorClients,
	REDIS,
	restartMain,
	startProcess,
	type RunningCluster,
} from '../harness/queue';
import type { LoadTarget } from './lib/load';
import { runLoad } from './lib/load';
import { aktifyV2Body, KB } from './lib/payloads';
import { commandCpuMs, processTreeCpuMs } from './lib/processCpu';
import {
	createAktifyCredential,
	aktifyWorkflow,
	newestExecutionId,
	signedRequest,
	waitForRunExecutions,
} from './n8n';

/**
 * Queue mode (n8n 2.41.1: PostgreSQL for the database, Redis for Bull's queue; the harness's
 * cluster): how deliveries per second grow with webhook processors and workers. One Aktify Trigger
 * workflow at typeVersion 2 (what a new node gets), the same signed 1 KB delivery as the rest of
 * the bench, duplicate suppression off so that the same request is accepted every time.
 *
 * Four configurations run side by side in one bench run, on one cluster: 1 or 2 webhook processors
 * (a load balancer in front of webhook-1 alone, or round-robin over both) × 1 or 2 workers (a second
 * worker process started for the 2-worker runs and stopped after them). The order is
 * 1×1 2×1 | 1×2 2×2 2×2 1×2 | 2×1 1×1 (webhook processors × workers): every configuration runs
 * twice, at both ends of the sequence or in its middle, so that drift hits all of them alike.
 * Per run: answered requests per second, completed executions per second (the worker's side), and
 * CPU per delivery of each part: main, the webhook processors, the workers (each with its task
 * runner), PostgreSQL (the server and its backends) and Redis. The parts' shares say where the
 * limit moves when processes are added: a part whose CPU per delivery stays flat while the others
 * are spread over more processes is the one that caps the cluster once there are cores for them.
 */

export const SECOND_WORKER = 'worker-2';

export interface QueueConfig {
	webhookProcessors: 1 | 2;
	workers: 1 | 2;
}

/** The parts of a queue-mode deployment whose CPU the bench reads. */
export type CpuPart = 'main' | 'webhookProcessors' | 'workers' | 'postgres' | 'redis';

export const CPU_PARTS: CpuPart[] = ['main', 'webhookProcessors', 'workers', 'postgres', 'redis'];

export interface QueueRun {
	config: QueueConfig;
	connections: number;
	amount: number;
	ok: number;
	durationS: number;
	okPerSecond: number;
	executionsOk: number;
	executionsOther: number;
	executionsPerSecond: number;
	/** CPU of all n8n processes. */
	cpuMs: number;
	cpuMsPerDelivery: number;
	cpuMsByPart: Record<CpuPart, number>;
}

export interface QueueRow {
	config: QueueConfig;
	connections: number;
	okPerSecond: number;
	executionsPerSecond: number;
	cpuMsPerDelivery: number;
	cpuMsPerDeliveryByPart: Record<CpuPart, number>;
	/** This configuration's completed executions per second / 1 webhook processor × 1 worker's. */
	ratioToOneByOne: number;
	/** Answered requests per second / 1 × 1's. */
	answeredRatioToOneByOne: number;
	failed: number;
}

export interface QueueReport {
	/** What the cluster's n8n processes ran with on top of the harness's settings. */
	env: Record<string, string>;
	nproc: number;
	backends: string;
	rows: QueueRow[];
	runs: QueueRun[];
}

export interface QueueOptions {
	/** The extra environment the cluster's processes were started with (see `useEnvironment`). */
	env: Record<string, string>;
	connections: number[];
	requests: number;
	warmupRequests: number;
	nproc: number;
	log: (line: string) => void;
}

const key = (config: QueueConfig) => `${config.webhookProcessors}×${config.workers}`;

function redisPid(): number {
	const info = execFileSync(
		'redis-cli',
		['-h', REDIS.host, '-p', String(REDIS.port), 'info', 'server'],
		{ encoding: 'utf8' },
	);
	const match = /^process_id:(\d+)/m.exec(info);
	if (!match) throw new Error(`redis-cli info server gave no process_id: ${info.slice(0, 200)}`);
	return Number(match[1]);
}

function cpuByPart(cluster: RunningCluster, redis: number): Record<CpuPart, number> {
	const ofProcesses = (names: readonly string[]) =>
		names
			.map((name) => cluster.state.processes[name]?.pid ?? 0)
			.filter((pid) => pid > 0 && isAlive(pid))
			.reduce((sum, pid) => sum + processTreeCpuMs(pid), 0);
	return {
		main: ofProcesses([MAIN]),
		webhookProcessors: ofProcesses(WEBHOOK_PROCESSORS),
		workers: ofProcesses([WORKER, SECOND_WORKER]),
		postgres: commandCpuMs('postgres'),
		redis: processTreeCpuMs(redis),
	};
}

/**
 * Starts every process of the cluster again with `env` on top of the settings it had (main
 * gracefully, so that it activates the workflows again), e.g. n8n's lazy isolate acquire.
 */
export async function useEnvironment(
	cluster: RunningCluster,
	env: Record<string, string>,
	log: (line: string) => void,
): Promise<void> {
	for (const processState of Object.values(cluster.state.processes))
		processState.env = { ...processState.env, ...env };
	log(`queue: restarting main with ${JSON.stringify(env)}…`);
	await restartMain(cluster.state);
	for (const name of [...WEBHOOK_PROCESSORS, WORKER]) {
		log(`queue: restarting ${name}…`);
		await killProcess(cluster.state, name);
		await startProcess(cluster.state, name);
	}
	if (isAlive(cluster.state.processes[SECOND_WORKER]?.pid ?? 0))
		await killProcess(cluster.state, SECOND_WORKER);
}

/** Adds a second worker to the cluster's state: the first worker's settings, its own folder and broker port. */
async function describeSecondWorker(cluster: RunningCluster): Promise<void> {
	const first = cluster.state.processes[WORKER];
	const userFolder = `${first.userFolder}-2`;
	cpSync(join(first.userFolder, '.n8n', 'nodes'), join(userFolder, '.n8n', 'nodes'), {
		recursive: true,
	});
	cluster.state.processes[SECOND_WORKER] = {
		...first,
		name: SECOND_WORKER,
		pid: 0,
		userFolder,
		logFile: first.logFile.replace(/\.log$/, '-2.log'),
		env: {
			...first.env,
			N8N_USER_FOLDER: userFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		},
	};
}

export async function runQueueBench(
	cluster: RunningCluster,
	options: QueueOptions,
): Promise<QueueReport> {
	const client = mainClient(cluster.state);
	const redis = redisPid();
	options.log('queue: publishing an Aktify Trigger (typeVersion 2)…');
	const credentialId = await createAktifyCredential(client);
	// Published through main, which serves no production webhooks: the processors are asked instead.
	const built = aktifyWorkflow(credentialId, {}, 2);
	const path = built.webhookPath;
	const deployed = { workflowId: await client.createWorkflow(built.workflow) };
	const status = await client.publish(deployed.workflowId);
	if (status.status !== 'published')
		throw new Error(`The queue bench workflow did not publish: ${JSON.stringify(status)}`);
	for (const processor of processorClients(cluster.state))
		await processor.waitForWebhook(path, 60_000);
	const main = { name: MAIN, url: cluster.state.mainUrl };
	const processors = WEBHOOK_PROCESSORS.map((name) => ({
		name,
		url: `http://127.0.0.1:${cluster.state.processes[name].port}`,
	}));
	const balancers = {
		1: new LoadBalancer(main, processors.slice(0, 1)),
		2: new LoadBalancer(main, processors),
	};
	const urls = { 1: await balancers[1].start(), 2: await balancers[2].start() };
	const request = signedRequest(aktifyV2Body(1 * KB));
	await describeSecondWorker(cluster);
	const runs: QueueRun[] = [];
	try {
		const target = async (processorsCount: 1 | 2): Promise<LoadTarget> => {
			const url = `${urls[processorsCount]}/webhook/${path}`;
			const { headers, body } = request();
			const probe = await fetch(url, { method: 'POST', headers, body });
			const text = await probe.text();
			if (probe.status !== 200)
				throw new Error(`The queue cluster answered the probe with ${probe.status}: ${text}`);
			return { name: `queue ${processorsCount} webhook`, url, expectBody: text, request };
		};
		const targets = { 1: await target(1), 2: await target(2) };
		const measure = async (config: QueueConfig, connections: number, requested: number) => {
			// autocannon needs at least one request per connection.
			const amount = Math.max(requested, connections);
			const afterId = await newestExecutionId(client, deployed.workflowId);
			const cpuBefore = cpuByPart(cluster, redis);
			const startedAtMs = Date.now();
			const load = await runLoad(targets[config.webhookProcessors], connections, amount);
			const executions = await waitForRunExecutions(client, deployed.workflowId, afterId, load.ok);
			const cpuAfter = cpuByPart(cluster, redis);
			const cpuMsByPart = Object.fromEntries(
				CPU_PARTS.map((part) => [part, cpuAfter[part] - cpuBefore[part]]),
			) as Record<CpuPart, number>;
			const cpuMs = cpuMsByPart.main + cpuMsByPart.webhookProcessors + cpuMsByPart.workers;
			let lastStopped = startedAtMs;
			for (const execution of executions)
				if (execution.stoppedAt)
					lastStopped = Math.max(lastStopped, Date.parse(execution.stoppedAt));
			const executionsOk = executions.filter((execution) => execution.status === 'success').length;
			const run: QueueRun = {
				config,
				connections,
				amount,
				ok: load.ok,
				durationS: load.durationS,
				okPerSecond: load.okPerSecond,
				executionsOk,
				executionsOther: executions.length - executionsOk,
				executionsPerSecond: executionsOk / ((lastStopped - startedAtMs) / 1000),
				cpuMs,
				cpuMsPerDelivery: cpuMs / Math.max(1, load.ok),
				cpuMsByPart,
			};
			options.log(
				`queue ${key(config)} c=${connections}: ${load.ok}/${amount} ok in ${load.durationS.toFixed(1)} s, ${load.okPerSecond.toFixed(1)} ok/s; ` +
					`${executionsOk} executions ok, ${run.executionsPerSecond.toFixed(1)}/s${run.executionsOther ? `, ${run.executionsOther} NOT OK` : ''}; ${run.cpuMsPerDelivery.toFixed(1)} ms CPU per delivery`,
			);
			return run;
		};
		const setWorkers = async (workers: 1 | 2) => {
			const running = isAlive(cluster.state.processes[SECOND_WORKER].pid);
			if (workers === 2 && !running) {
				options.log('queue: starting a second worker…');
				await startProcess(cluster.state, SECOND_WORKER);
			}
			if (workers === 1 && running) {
				options.log('queue: stopping the second worker…');
				await killProcess(cluster.state, SECOND_WORKER);
			}
		};
		const sequence: QueueConfig[] = [
			{ webhookProcessors: 1, workers: 1 },
			{ webhookProcessors: 2, workers: 1 },
			{ webhookProcessors: 1, workers: 2 },
			{ webhookProcessors: 2, workers: 2 },
			{ webhookProcessors: 2, workers: 2 },
			{ webhookProcessors: 1, workers: 2 },
			{ webhookProcessors: 2, workers: 1 },
			{ webhookProcessors: 1, workers: 1 },
		];
		for (const connections of options.connections) {
			for (const config of sequence) {
				await setWorkers(config.workers);
				// Each configuration is warmed up after a worker change, not counted.
				if (options.warmupRequests > 0) await measure(config, connections, options.warmupRequests);
				runs.push(await measure(config, connections, options.requests));
			}
		}
		await setWorkers(1);
	} finally {
		await balancers[1].stop();
		await balancers[2].stop();
	}
	const rows: QueueRow[] = [];
	for (const connections of options.connections) {
		const configs = new Map<string, QueueRun[]>();
		for (const run of runs.filter((entry) => entry.connections === connections))
			configs.set(key(run.config), [...(configs.get(key(run.config)) ?? []), run]);
		const sum = (list: QueueRun[], pick: (run: QueueRun) => number) =>
			list.reduce((total, run) => total + pick(run), 0);
		const summary = [...configs.values()].map((list) => {
			const ok = sum(list, (run) => run.ok);
			return {
				config: list[0].config,
				connections,
				okPerSecond: ok / sum(list, (run) => run.durationS),
				executionsPerSecond:
					sum(list, (run) => run.executionsOk) /
					sum(list, (run) => run.executionsOk / run.executionsPerSecond),
				cpuMsPerDelivery: sum(list, (run) => run.cpuMs) / ok,
				cpuMsPerDeliveryByPart: Object.fromEntries(
					CPU_PARTS.map((part) => [part, sum(list, (run) => run.cpuMsByPart[part]) / ok]),
				) as Record<CpuPart, number>,
				failed: sum(list, (run) => run.amount - run.ok + run.executionsOther),
			};
		});
		const base = summary.find(
			(entry) => entry.config.webhookProcessors === 1 && entry.config.workers === 1,
		)!;
		for (const entry of summary)
			rows.push({
				...entry,
				ratioToOneByOne: entry.executionsPerSecond / base.executionsPerSecond,
				answeredRatioToOneByOne: entry.okPerSecond / base.okPerSecond,
			});
	}
	return {
		env: options.env,
		nproc: options.nproc,
		backends: 'PostgreSQL (database) and Redis (Bull queue)',
		rows,
		runs,
	};
}
