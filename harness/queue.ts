import { spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import {
	closeSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { N8nClient } from './client';
import {
	QUIET_N8N_ENV,
	OWNER_PASSWORD,
	bcryptHash,
	createApiKey,
	freePort,
	login,
	tail,
} from './instance';
import { installIntoUserFolder, packPackage } from './installPackage';
import { LoadBalancer } from './loadBalancer';
import { defaultLog, provision, type Log } from './provision';

/**
 * n8n 2.41.1 in queue mode on loopback: one main (editor, REST, activation, test webhooks), two
 * webhook processors (`n8n webhook`, production `/webhook/…`), one worker (`n8n worker`), sharing a
 * fresh PostgreSQL database, one Redis and one encryption key, behind a small load balancer.
 *
 * Everything a test needs to reach or replace a process is kept in a serialisable state (pids,
 * ports, environment), because jest's globalSetup and the test files run in separate module
 * contexts: a test kills a worker by pid and starts its replacement from the recorded command.
 */

export const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };
export const REDIS = { host: '127.0.0.1', port: 6379 };

const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';
const START_REDIS =
	'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log';

export type Role = 'main' | 'webhook' | 'worker';

export interface ProcessState {
	name: string;
	role: Role;
	pid: number;
	/** HTTP port; a worker has none (its health server is off). */
	port?: number;
	logFile: string;
	userFolder: string;
	env: Record<string, string>;
}

export interface ClusterState {
	runId: string;
	database: string;
	redisDb: number;
	/** Prefix of Bull's queue keys (QUEUE_BULL_PREFIX). */
	bullPrefix: string;
	/** Prefix of n8n's own keys and pub/sub channels (N8N_REDIS_KEY_PREFIX). */
	redisKeyPrefix: string;
	nodeBin: string;
	n8nBin: string;
	mainUrl: string;
	balancerUrl: string;
	apiKey: string;
	cookie: string;
	processes: Record<string, ProcessState>;
	stateFile: string;
}

export const WEBHOOK_PROCESSORS = ['webhook-1', 'webhook-2'] as const;
export const WORKER = 'worker';
export const MAIN = 'main';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function run(command: string, args: string[]): { ok: boolean; output: string } {
	const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
	return {
		ok: result.status === 0,
		output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
	};
}

const psqlArgs = (database: string, sql: string) => [
	'-h',
	POSTGRES.host,
	'-p',
	String(POSTGRES.port),
	'-U',
	POSTGRES.user,
	'-d',
	database,
	'-v',
	'ON_ERROR_STOP=1',
	'-Atc',
	sql,
];

const redisArgs = (db: number, ...command: string[]) => [
	'-h',
	REDIS.host,
	'-p',
	String(REDIS.port),
	'-n',
	String(db),
	...command,
];

/** Fails with what to start when PostgreSQL or Redis cannot be reached: these tests never skip. */
export function requireServices(): void {
	const postgres = run('psql', psqlArgs('postgres', 'select 1'));
	if (!postgres.ok || postgres.output.trim() !== '1')
		throw new Error(
			`PostgreSQL is not reachable on ${POSTGRES.host}:${POSTGRES.port} as user ${POSTGRES.user} ` +
				`(the queue-mode tests need it). Start it with: ${START_POSTGRES}\n${postgres.output}`,
		);
	const redis = run('redis-cli', redisArgs(0, 'ping'));
	if (!redis.ok || redis.output.trim() !== 'PONG')
		throw new Error(
			`Redis is not reachable on ${REDIS.host}:${REDIS.port} (the queue-mode tests need it). ` +
				`Start it with: ${START_REDIS}\n${redis.output}`,
		);
}

/** Runs SQL against the cluster's database and returns the rows, columns separated by `|`. */
export function sql(state: Pick<ClusterState, 'database'>, query: string): string[][] {
	const result = run('psql', psqlArgs(state.database, query));
	if (!result.ok) throw new Error(`psql failed: ${result.output}`);
	return result.output
		.split('\n')
		.filter((line) => line.length > 0)
		.map((line) => line.split('|'));
}

/** Redis keys of this run (both prefixes start with the run id). */
export function runKeys(state: Pick<ClusterState, 'redisDb' | 'runId'>): string[] {
	const result = run(
		'redis-cli',
		redisArgs(state.redisDb, '--scan', '--pattern', `${state.runId}*`),
	);
	if (!result.ok) throw new Error(`redis-cli --scan failed: ${result.output}`);
	return result.output.split('\n').filter((line) => line.length > 0);
}

function deleteRunKeys(state: Pick<ClusterState, 'redisDb' | 'runId'>): number {
	const keys = runKeys(state);
	for (let start = 0; start < keys.length; start += 200)
		run('redis-cli', redisArgs(state.redisDb, 'del', ...keys.slice(start, start + 200)));
	return keys.length;
}

function commonEnv(
	state: Pick<ClusterState, 'database' | 'redisDb' | 'bullPrefix' | 'redisKeyPrefix'>,
	nodeDir: string,
	ownerHash: string,
	balancerUrl: string,
): Record<string, string> {
	return {
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME ?? tmpdir(),
		TZ: 'UTC',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		// Providers are given the load balancer's address, as they would be in production. On
		// 2.41.1 N8N_WEBHOOK_URL sets the base of production AND test URLs; the older WEBHOOK_URL
		// sets production only, so test registrations would carry the editor's address instead.
		N8N_WEBHOOK_URL: `${balancerUrl}/`,
		N8N_ENCRYPTION_KEY: 'lead-events-queue-cluster-key',
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: POSTGRES.host,
		DB_POSTGRESDB_PORT: String(POSTGRES.port),
		DB_POSTGRESDB_DATABASE: state.database,
		DB_POSTGRESDB_USER: POSTGRES.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: REDIS.host,
		QUEUE_BULL_REDIS_PORT: String(REDIS.port),
		QUEUE_BULL_REDIS_DB: String(state.redisDb),
		QUEUE_BULL_PREFIX: state.bullPrefix,
		// Pub/sub channels ignore the database index, so only a key prefix keeps two clusters on
		// one Redis from hearing each other's commands.
		N8N_REDIS_KEY_PREFIX: state.redisKeyPrefix,
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		...QUIET_N8N_ENV,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: ownerHash,
		N8N_LOG_LEVEL: 'info',
	};
}

function command(role: Role): string {
	return role === 'main' ? 'start' : role;
}

/**
 * Spawns one n8n process in its own process group (so a kill takes its task runners too), with
 * its output appended to its log file by the kernel rather than through this process's streams.
 */
function spawnProcess(state: ClusterState, processState: ProcessState): void {
	const fd = openSync(processState.logFile, 'a');
	const child = spawn(state.nodeBin, [state.n8nBin, command(processState.role)], {
		cwd: processState.userFolder,
		env: processState.env,
		stdio: ['ignore', fd, fd],
		detached: true,
	});
	closeSync(fd);
	child.unref();
	if (child.pid === undefined) throw new Error(`Could not start n8n ${processState.name}`);
	processState.pid = child.pid;
}

export function isAlive(pid: number): boolean {
	// kill(0, …) would address this process's own group.
	if (pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function logSize(file: string): number {
	return statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

async function waitUntilReady(processState: ProcessState, logOffset: number): Promise<void> {
	const deadline = Date.now() + 180_000;
	while (Date.now() < deadline) {
		if (!isAlive(processState.pid))
			throw new Error(
				`n8n ${processState.name} exited while starting. Log tail:\n${tail(processState.logFile)}`,
			);
		if (processState.role === 'worker') {
			const text = readFileSync(processState.logFile, 'utf8').slice(logOffset);
			if (text.includes('n8n worker is now ready')) return;
		} else {
			try {
				const response = await fetch(`http://127.0.0.1:${processState.port}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
		}
		await sleep(500);
	}
	throw new Error(
		`n8n ${processState.name} was not ready within 180 s. Log tail:\n${tail(processState.logFile)}`,
	);
}

function saveState(state: ClusterState): void {
	writeFileSync(state.stateFile, JSON.stringify(state, null, 2));
}

export function loadState(stateFile = process.env.LEAD_EVENTS_QUEUE_STATE): ClusterState {
	if (!stateFile)
		throw new Error(
			'The queue-mode cluster is not running: run these tests through `npm run test:queue`',
		);
	return JSON.parse(readFileSync(stateFile, 'utf8')) as ClusterState;
}

/** Starts (or starts again) one process of the cluster and waits until it serves. */
export async function startProcess(state: ClusterState, name: string): Promise<void> {
	const processState = state.processes[name];
	if (isAlive(processState.pid))
		throw new Error(`n8n ${name} is still running (pid ${processState.pid})`);
	const offset = logSize(processState.logFile);
	spawnProcess(state, processState);
	saveState(state);
	await waitUntilReady(processState, offset);
}

/**
 * Starts again every process that is not running (a test that killed one leaves it down, so the
 * next test file pays for the restart only when it needs the process).
 */
export async function ensureRunning(state: ClusterState): Promise<void> {
	const down = Object.values(state.processes).filter((processState) => !isAlive(processState.pid));
	for (const processState of down) await startProcess(state, processState.name);
}

/** `kill -9` one process (and its task runners); resolves once it is gone. */
export async function killProcess(state: ClusterState, name: string): Promise<void> {
	const { pid } = state.processes[name];
	signalGroup(pid, 'SIGKILL');
	while (isAlive(pid)) await sleep(50);
}

/** Stops main gracefully and starts it again (activation runs once more at start). */
export async function restartMain(state: ClusterState): Promise<void> {
	const main = state.processes[MAIN];
	signalGroup(main.pid, 'SIGTERM');
	const deadline = Date.now() + 30_000;
	while (isAlive(main.pid) && Date.now() < deadline) await sleep(100);
	if (isAlive(main.pid)) await killProcess(state, MAIN);
	await startProcess(state, MAIN);
	state.cookie = await login(state.mainUrl);
	saveState(state);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		try {
			process.kill(pid, signal);
		} catch {
			// already gone
		}
	}
}

/** A client for main's REST and public API (and nothing else: main serves no production webhooks). */
export function mainClient(state: ClusterState): N8nClient {
	return new N8nClient({ baseUrl: state.mainUrl, apiKey: state.apiKey, cookie: state.cookie });
}

/** A client whose `deliver` and `waitForWebhook` talk to one webhook processor directly. */
export function processorClient(state: ClusterState, name: string): N8nClient {
	const { port } = state.processes[name];
	return new N8nClient({
		baseUrl: `http://127.0.0.1:${port}`,
		apiKey: state.apiKey,
		cookie: state.cookie,
	});
}

/** A client for each webhook processor, in WEBHOOK_PROCESSORS order. */
export function processorClients(state: ClusterState): N8nClient[] {
	return WEBHOOK_PROCESSORS.map((name) => processorClient(state, name));
}

export interface RunningCluster {
	state: ClusterState;
	balancer: LoadBalancer;
	stop(): Promise<void>;
}

/**
 * Provisions everything and starts the cluster: database, Redis prefixes, the package installed in
 * each process's own user folder, main first (it runs the migrations), then the others.
 */
export async function startQueueCluster(log: Log = defaultLog): Promise<RunningCluster> {
	requireServices();
	const runtime = await provision(log);
	const runId = `leq${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
	const database = runId;
	const created = run('createdb', [
		'-h',
		POSTGRES.host,
		'-p',
		String(POSTGRES.port),
		'-U',
		POSTGRES.user,
		database,
	]);
	if (!created.ok) throw new Error(`createdb ${database} failed: ${created.output}`);
	const root = mkdtempSync(join(tmpdir(), 'lead-events-queue-'));
	const ports = { main: await freePort(), wh1: await freePort(), wh2: await freePort() };
	const mainUrl = `http://127.0.0.1:${ports.main}`;
	const partial = {
		database,
		redisDb: Number(process.env.LEAD_EVENTS_QUEUE_REDIS_DB ?? 0),
		bullPrefix: `${runId}-bull`,
		redisKeyPrefix: `${runId}-n8n`,
	};
	const webhookUrls = [ports.wh1, ports.wh2].map((port) => `http://127.0.0.1:${port}`);
	const balancer = new LoadBalancer(
		{ name: MAIN, url: mainUrl },
		WEBHOOK_PROCESSORS.map((name, index) => ({ name, url: webhookUrls[index] })),
	);
	const balancerUrl = await balancer.start();
	const base = commonEnv(
		partial,
		runtime.nodeDir,
		bcryptHash(runtime.n8nDir, OWNER_PASSWORD),
		balancerUrl,
	);
	const processes: Record<string, ProcessState> = {};
	const describeProcess = async (
		name: string,
		role: Role,
		port?: number,
	): Promise<ProcessState> => {
		const userFolder = join(root, name);
		const env: Record<string, string> = {
			...base,
			N8N_USER_FOLDER: userFolder,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		};
		if (port !== undefined) env.N8N_PORT = String(port);
		if (role === 'main') env.N8N_EDITOR_BASE_URL = `${mainUrl}/`;
		return { name, role, pid: 0, port, logFile: join(root, `${name}.log`), userFolder, env };
	};
	processes[MAIN] = await describeProcess(MAIN, 'main', ports.main);
	processes[WEBHOOK_PROCESSORS[0]] = await describeProcess(
		WEBHOOK_PROCESSORS[0],
		'webhook',
		ports.wh1,
	);
	processes[WEBHOOK_PROCESSORS[1]] = await describeProcess(
		WEBHOOK_PROCESSORS[1],
		'webhook',
		ports.wh2,
	);
	processes[WORKER] = await describeProcess(WORKER, 'worker');
	const state: ClusterState = {
		runId,
		...partial,
		nodeBin: runtime.nodeBin,
		n8nBin: runtime.n8nBin,
		mainUrl,
		balancerUrl,
		apiKey: '',
		cookie: '',
		processes,
		stateFile: join(root, 'cluster.json'),
	};
	saveState(state);
	const stop = async (): Promise<void> => {
		// Tests replace processes (new pids) through the state file, so it has the latest word.
		state.processes = loadState(state.stateFile).processes;
		for (const processState of Object.values(state.processes))
			if (processState.pid) signalGroup(processState.pid, 'SIGTERM');
		const deadline = Date.now() + 20_000;
		while (
			Object.values(state.processes).some((p) => p.pid && isAlive(p.pid)) &&
			Date.now() < deadline
		)
			await sleep(200);
		for (const processState of Object.values(state.processes))
			if (processState.pid && isAlive(processState.pid))
				await killProcess(state, processState.name);
		await balancer.stop();
		const dropped = run('dropdb', [
			'-h',
			POSTGRES.host,
			'-p',
			String(POSTGRES.port),
			'-U',
			POSTGRES.user,
			'--if-exists',
			database,
		]);
		const keys = deleteRunKeys(state);
		log(
			`queue cluster stopped: database ${database} ${dropped.ok ? 'dropped' : `not dropped (${dropped.output})`}, ${keys} Redis keys deleted`,
		);
		if (process.env.LEAD_EVENTS_KEEP_N8N !== '1') rmSync(root, { recursive: true, force: true });
		else log(`logs kept in ${root}`);
	};
	try {
		const started = Date.now();
		// A prebuilt tarball may be given (a release candidate, or a build of a known commit).
		const tarball = process.env.LEAD_EVENTS_PACKAGE_TARBALL ?? (await packPackage(log));
		// Each process loads nodes from its own user folder, so each gets its own install, as an
		// operator would do on every machine of the cluster.
		await Promise.all(
			Object.values(processes).map((processState) =>
				installIntoUserFolder(tarball, processState.userFolder, log),
			),
		);
		log(`package packed and installed into 4 user folders in ${seconds(started)}`);
		const mainStarted = Date.now();
		await startProcess(state, MAIN);
		log(`main ready at ${mainUrl} in ${seconds(mainStarted)}`);
		const othersStarted = Date.now();
		await Promise.all([...WEBHOOK_PROCESSORS, WORKER].map((name) => startProcess(state, name)));
		log(
			`webhook processors (${webhookUrls.join(', ')}) and worker ready in ${seconds(othersStarted)}`,
		);
		state.cookie = await login(mainUrl);
		state.apiKey = await createApiKey(mainUrl, state.cookie);
		saveState(state);
		log(`queue cluster ${runId}: balancer ${balancerUrl}, logs in ${root}`);
		return { state, balancer, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

export function seconds(since: number): string {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
