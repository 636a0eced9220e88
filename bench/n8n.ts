import { randomUUID } from 'crypto';

import { signAktifyBody } from '../nodes/Aktify/auth';
import { triggerWorkflow, type N8nClient } from '../harness/client';
import { BENCH_SECRET } from './cases';
import { runLoad, sendDistinct, type LoadRun, type LoadTarget } from './lib/load';
import { NOOP_NODE_TYPE, NOOP_PACKAGE } from './lib/noopPackage';
import { profiled, shareOf, type ProfileShare } from './lib/profile';
import { processTreeCpuMs } from './lib/processCpu';
import { aktifyV2Body, KB } from './lib/payloads';

/**
 * Inside a real n8n: the Aktify Trigger (with its credential cache at the default lifetime, and
 * with the cache off) next to a no-op community trigger (the floor any community trigger can
 * reach: `bench/noop-trigger`), n8n's built-in Webhook node, and the Webhook node followed by a
 * Code node that verifies the same Aktify v2 signature the way a user would write it, all on the
 * same instance and driven with the same signed 1 KB request. Runs go A B C D E E D C B A at each
 * concurrency so that drift over the run (other processes on a shared machine, a growing
 * executions table) is shared.
 *
 * Two throughputs per target: answered requests per second (what the sender sees) and completed
 * executions per second. All three answer before the workflow runs (respond on received), so the
 * first alone would hide the Code node's cost; the second counts the run's executions through
 * n8n's public API and divides by the time from the first request to the last execution's
 * `stoppedAt`. Each run waits until all its executions have finished, so no backlog leaks into
 * the next target's run.
 */

export const CONCURRENCIES = [1, 10, 50];

/**
 * The environment n8n needs for this part: the Code node's task runner may `require('crypto')`, and
 * `/metrics` is served, whose `n8n_expression_pool_acquired_total` counts expression isolates taken.
 */
export const N8N_BENCH_ENV: Record<string, string> = {
	NODE_FUNCTION_ALLOW_BUILTIN: 'crypto',
	N8N_METRICS: 'true',
};

/** Sequential deliveries per target for counting isolates per delivery. */
const ISOLATE_PROBE_DELIVERIES = 10;

export type TargetKey = 'ours' | 'oursNoCache' | 'noop' | 'builtin' | 'code';

/** Ours and the no-op anchor come first, so that A B … B A runs them next to each other. */
export const TARGET_KEYS: TargetKey[] = ['ours', 'noop', 'oursNoCache', 'builtin', 'code'];

export const TARGET_LABELS: Record<TargetKey, string> = {
	ours: 'Aktify Trigger',
	oursNoCache: 'Aktify Trigger, cache off',
	noop: 'No-op community trigger',
	builtin: 'Webhook node',
	code: 'Webhook + Code (HMAC)',
};

/** A B C D E E D C B A at every concurrency, repeated for each round. */

/** Forged deliveries per target in the flood, and the connections that send them. */
const FLOOD_DELIVERIES = 300;
const FLOOD_CONNECTIONS = 10;

/** How long a run's executions may take to finish after its last answer before the bench gives up. */
const EXECUTIONS_TIMEOUT_MS = 180_000;

export interface N8nOptions {
	/** Requests per run at a given concurrency; each concurrency gets two runs per target. */
	requests: (connections: number) => number;
	warmupRequests: number;
	/** How many times the A B C D E E D C B A sequence runs at each concurrency (default 1). */
	rounds?: number;
	/** n8n's process id, for the CPU its process tree spends per delivery. */
	n8nPid: number;
	log: (line: string) => void;
}

export interface N8nRow {
	connections: number;
	ours: LoadSummary;
	oursNoCache: LoadSummary;
	noop: LoadSummary;
	builtin: LoadSummary;
	code: LoadSummary;
	/** ours/no-op throughput of accepted deliveries (answered requests); ≥ 0.95 is the target. */
	noopRatio: number;
	/** ours/no-op completed executions per second. */
	noopExecutionRatio: number;
	/** no-op CPU per delivery / ours CPU per delivery: the throughput ratio CPU allows at saturation. */
	noopCpuRatio: number;
	/** ours with the cache off / no-op, answered requests. */
	noCacheNoopRatio: number;
	/** ours/built-in throughput of accepted deliveries (answered requests). */
	throughputRatio: number;
	/** ours/(Webhook + Code) throughput of answered requests. */
	throughputRatioCode: number;
	/** ours/built-in completed executions per second. */
	executionRatio: number;
	/** ours/(Webhook + Code) completed executions per second: the comparison for a user choosing. */
	executionRatioCode: number;
	p50Ratio: number;
	p99Ratio: number;
}

export interface LoadSummary {
	okPerSecond: number;
	ok: number;
	failed: number;
	p50Ms: number;
	p99Ms: number;
	/** Successful executions per second, first request to last execution finished, over both runs. */
	executionsPerSecond: number;
	executionsOk: number;
	/** Executions of these runs that did not end in `success` (e.g. the Code node rejected a signature). */
	executionsFailed: number;
	/** CPU of n8n's process tree per answered request, from the first request to the last execution. */
	cpuMsPerDelivery: number;
	/** Expression isolates n8n acquired per answered request over the same span. */
	isolatesPerDelivery: number;
	runs: TimedRun[];
}

export interface ExecutionCount {
	/** Executions of the run that finished with status `success`. */
	success: number;
	/** Executions of the run with any other final status, by status. */
	other: Record<string, number>;
	/** Seconds from the run's first request to the last of its executions' `stoppedAt`. */
	toLastStoppedS: number;
	/** Executions that had finished when the last HTTP answer arrived. */
	finishedByLastAnswer: number;
	executionsPerSecond: number;
}

export interface TimedRun extends LoadRun {
	executions: ExecutionCount;
	/** CPU (ms) n8n's process tree spent from the first request until every execution had finished. */
	cpuMs: number;
	/** Expression isolates n8n acquired over the same span. */
	isolates: number;
}

export interface Deployed {
	url: string;
	workflowId: string;
}

export async function createAktifyCredential(client: N8nClient): Promise<string> {
	return client.createCredential(
		'aktifyApi',
		{ clientSecret: BENCH_SECRET, customAuth: 'none' },
		`bench aktify ${Date.now()}`,
	);
}

export async function publishAndWait(
	client: N8nClient,
	workflow: unknown,
	webhookPath: string,
	what: string,
): Promise<Deployed> {
	const workflowId = await client.createWorkflow(workflow);
	const status = await client.publish(workflowId);
	if (status.status !== 'published')
		throw new Error(`${what} workflow did not publish: ${JSON.stringify(status)}`);
	await client.waitForWebhook(webhookPath);
	return { url: `${client.baseUrl}/webhook/${webhookPath}`, workflowId };
}

/**
 * An Aktify Trigger workflow saved at `typeVersion` (1 as every workflow saved before version 2
 * existed; 2 for a node added now).
 */
export async function deployAktifyWorkflow(
	client: N8nClient,
	credentialId: string,
	options: Record<string, unknown>,
	typeVersion = 1,
): Promise<Deployed> {
	const built = aktifyWorkflow(credentialId, options, typeVersion);
	return publishAndWait(client, built.workflow, built.webhookPath, 'Aktify bench');
}

/** The workflow `deployAktifyWorkflow` publishes, with its webhook path. */
export function aktifyWorkflow(
	credentialId: string,
	options: Record<string, unknown>,
	typeVersion: number,
): ReturnType<typeof triggerWorkflow> {
	const built = triggerWorkflow(
		{
			type: 'aktifyTrigger',
			parameters: { events: ['*'], routeBy: 'none', options },
			credentials: { aktifyApi: credentialId },
		},
		`bench aktify v${typeVersion} ${JSON.stringify(options)} ${Date.now()}`,
	);
	built.workflow.nodes[0].typeVersion = typeVersion;
	return built;
}

/** Creates, publishes and waits for an Aktify Trigger workflow; returns its production URL. */
export async function deployAktify(
	client: N8nClient,
	credentialId: string,
	options: Record<string, unknown>,
	typeVersion = 1,
): Promise<string> {
	return (await deployAktifyWorkflow(client, credentialId, options, typeVersion)).url;
}

/**
 * What a user without this package would put after a Webhook node to check Aktify's v2 signature:
 * parse `aktify-signature` (`t=<ms>,v2=<hex>`), check the timestamp (5 minutes, this package's
 * default), recompute HMAC-SHA256 over `${t}.${JSON.stringify(body)}`, compare in constant time,
 * and pass the body on. The secret sits in the code (a Code node cannot read credentials), and a
 * mismatch throws, which fails the execution. Needs `NODE_FUNCTION_ALLOW_BUILTIN=crypto`.
 */
export function hmacCodeNodeSource(secret: string): string {
	return [
		"const crypto = require('crypto');",
		`const SECRET = ${JSON.stringify(secret)};`,
		'const { headers, body } = $input.first().json;',
		"const header = String(headers['aktify-signature'] || '');",
		'const fields = {};',
		"for (const part of header.split(',')) {",
		"  const at = part.indexOf('=');",
		'  if (at > 0) fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();',
		'}',
		"if (!/^\\d+$/.test(fields.t || '') || !/^[0-9a-f]{64}$/i.test(fields.v2 || '')) throw new Error('Missing or malformed aktify-signature');",
		"if (Math.abs(Date.now() - Number(fields.t)) > 5 * 60 * 1000) throw new Error('Signature timestamp outside 5 minutes');",
		"const expected = crypto.createHmac('sha256', SECRET).update(fields.t + '.' + JSON.stringify(body)).digest();",
		"if (!crypto.timingSafeEqual(expected, Buffer.from(fields.v2, 'hex'))) throw new Error('Signature does not match');",
		'return [{ json: body }];',
	].join('\n');
}

/** n8n's Webhook node v2 (POST, respond on received), alone or followed by the HMAC Code node. */
export async function deployBuiltinWebhook(
	client: N8nClient,
	withHmacCode: boolean,
): Promise<Deployed> {
	const path = `bench-builtin-${withHmacCode ? 'code-' : ''}${randomUUID()}`;
	const nodes: unknown[] = [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { path, httpMethod: 'POST', responseMode: 'onReceived' },
		},
	];
	if (withHmacCode) {
		nodes.push({
			id: randomUUID(),
			name: 'Verify HMAC',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [300, 0],
			parameters: {
				language: 'javaScript',
				mode: 'runOnceForAllItems',
				jsCode: hmacCodeNodeSource(BENCH_SECRET),
			},
		});
	}
	const workflow = {
		name: `bench built-in webhook${withHmacCode ? ' + code' : ''} ${Date.now()}`,
		nodes,
		connections: withHmacCode
			? { Webhook: { main: [[{ node: 'Verify HMAC', type: 'main', index: 0 }]] } }
			: {},
		settings: { executionOrder: 'v1' },
	};
	return publishAndWait(
		client,
		workflow,
		path,
		withHmacCode ? 'Webhook + Code' : 'Built-in webhook',
	);
}

/** The no-op community trigger alone (no credential, no options), saved at `typeVersion`. */
export async function deployNoop(client: N8nClient, typeVersion = 1): Promise<Deployed> {
	const webhookId = randomUUID();
	const workflow = {
		name: `bench no-op trigger v${typeVersion} ${Date.now()}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'No-op Trigger',
				type: NOOP_NODE_TYPE,
				typeVersion,
				position: [0, 0],
				webhookId,
				parameters: {},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	return publishAndWait(client, workflow, `${webhookId}/webhook`, 'No-op trigger');
}

/** The same signed 1 KB Aktify v2 request for every target, re-signed so its timestamp stays fresh. */
export function signedRequest(
	body: string,
): () => { headers: Record<string, string>; body: string } {
	return () => ({
		headers: {
			'content-type': 'application/json',
			'aktify-signature': signAktifyBody(BENCH_SECRET, body, 'v2', Date.now()),
		},
		body,
	});
}

/** Sends one request and returns the body of its 200 answer, which every counted response must repeat. */
async function probe(
	name: string,
	url: string,
	request: () => { headers: Record<string, string>; body: string },
): Promise<string> {
	const { headers, body } = request();
	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	if (response.status !== 200)
		throw new Error(`${name} answered the probe with ${response.status}: ${text.slice(0, 300)}`);
	return text;
}

/** A published target as the load runs see it, with the answer its probe delivery got. */
export async function loadTarget(
	key: string,
	deployed: Deployed,
	request: () => { headers: Record<string, string>; body: string },
): Promise<LoadTarget> {
	return {
		name: key,
		url: deployed.url,
		expectBody: await probe(
			(TARGET_LABELS as Record<string, string>)[key] ?? key,
			deployed.url,
			request,
		),
		request,
	};
}

interface ListedExecution {
	id: string;
	status: string;
	stoppedAt: string | null;
}

/** Execution statuses that will still change. */
const UNFINISHED = new Set(['new', 'running']);

/**
 * Finished executions of a workflow with an id above `afterId`, newest first. The public API lists
 * executions ordered by id descending, so paging stops at the first id at or below `afterId`. It
 * leaves running ones out unless asked for `status=running`, but lists the ones still 'new': in
 * queue mode an execution waits as 'new' until a worker takes its job, so those are left out here.
 */
async function finishedExecutionsAfter(
	client: N8nClient,
	workflowId: string,
	afterId: number,
): Promise<ListedExecution[]> {
	const found: ListedExecution[] = [];
	let cursor: string | undefined;
	for (;;) {
		const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const page = await client.api<{ data: ListedExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?${query}`,
		);
		let reachedOld = false;
		for (const execution of page.data) {
			if (Number(execution.id) <= afterId) reachedOld = true;
			else if (!UNFINISHED.has(execution.status)) found.push(execution);
		}
		if (reachedOld || !page.nextCursor) return found;
		cursor = page.nextCursor;
	}
}

export async function newestExecutionId(client: N8nClient, workflowId: string): Promise<number> {
	const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '1' });
	const page = await client.api<{ data: ListedExecution[] }>('GET', `/executions?${query}`);
	return page.data.length > 0 ? Number(page.data[0].id) : 0;
}

/** Waits (bounded) until `expected` executions after `afterId` have finished and none is running. */
export async function waitForRunExecutions(
	client: N8nClient,
	workflowId: string,
	afterId: number,
	expected: number,
): Promise<ListedExecution[]> {
	const deadline = Date.now() + EXECUTIONS_TIMEOUT_MS;
	for (;;) {
		const found = await finishedExecutionsAfter(client, workflowId, afterId);
		if (found.length >= expected && (await client.runningExecutions(workflowId)) === 0)
			return found;
		if (Date.now() > deadline)
			throw new Error(
				`Only ${found.length} of ${expected} executions of workflow ${workflowId} finished within ${EXECUTIONS_TIMEOUT_MS / 1000} s`,
			);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

function countExecutions(
	executions: ListedExecution[],
	startedAtMs: number,
	lastAnswerMs: number,
): ExecutionCount {
	const other: Record<string, number> = {};
	let success = 0;
	let lastStopped = startedAtMs;
	let finishedByLastAnswer = 0;
	for (const execution of executions) {
		const stopped = execution.stoppedAt ? Date.parse(execution.stoppedAt) : Number.NaN;
		if (Number.isFinite(stopped)) {
			lastStopped = Math.max(lastStopped, stopped);
			if (stopped <= lastAnswerMs) finishedByLastAnswer++;
		}
		if (execution.status === 'success') success++;
		else other[execution.status] = (other[execution.status] ?? 0) + 1;
	}
	const toLastStoppedS = (lastStopped - startedAtMs) / 1000;
	return {
		success,
		other,
		toLastStoppedS,
		finishedByLastAnswer,
		executionsPerSecond: success / toLastStoppedS,
	};
}

/**
 * Warms every target up (uncounted requests at 10 connections), then counts its expression
 * isolates per delivery; the same steps for the default-engine and the lazy-acquire parts.
 */
export async function warmUpAndCountIsolates<K extends string>(
	client: N8nClient,
	keys: readonly K[],
	targets: Record<K, LoadTarget>,
	deployed: Record<K, { workflowId: string }>,
	options: { label: string; warmupRequests: number; n8nPid: number; log: (line: string) => void },
): Promise<Record<K, number>> {
	options.log(
		`${options.label}: warm-up, ${options.warmupRequests} requests per target at c=10 (not counted)…`,
	);
	for (const key of keys)
		await timedRun(
			client,
			targets[key],
			deployed[key].workflowId,
			10,
			options.warmupRequests,
			options.n8nPid,
		);
	const isolates = {} as Record<K, number>;
	for (const key of keys)
		isolates[key] = await isolatesPerDelivery(client, targets[key], deployed[key].workflowId);
	options.log(
		`${options.label}: expression isolates per delivery: ${keys.map((key) => `${key} ${isolates[key]}`).join(', ')}`,
	);
	return isolates;
}

/**
 * At one concurrency, the runs A B … … B A (`keys` in order, then reversed) repeated `rounds`
 * times, so that drift on the machine hits every target alike; each target's runs summarised.
 */
export async function runSequence<K extends string>(
	client: N8nClient,
	keys: readonly K[],
	targets: Record<K, LoadTarget>,
	deployed: Record<K, { workflowId: string }>,
	connections: number,
	options: {
		label: string;
		requests: (connections: number) => number;
		rounds?: number;
		n8nPid: number;
		log: (line: string) => void;
	},
): Promise<Record<K, LoadSummary>> {
	const once = [...keys, ...[...keys].reverse()];
	const runs = Object.fromEntries(keys.map((key) => [key, [] as TimedRun[]])) as Record<
		K,
		TimedRun[]
	>;
	for (const which of Array.from({ length: options.rounds ?? 1 }, () => once).flat()) {
		const run = await timedRun(
			client,
			targets[which],
			deployed[which].workflowId,
			connections,
			options.requests(connections),
			options.n8nPid,
		);
		options.log(`${options.label}: ${describeRun(run)}`);
		runs[which].push(run);
	}
	return Object.fromEntries(keys.map((key) => [key, summarise(runs[key])])) as Record<
		K,
		LoadSummary
	>;
}

/**
 * One load run followed by the count of the executions it started, with the CPU and isolates n8n
 * spent on it (the bench's own API calls in between cost n8n a little CPU, alike for every target).
 */
export async function timedRun(
	client: N8nClient,
	target: LoadTarget,
	workflowId: string,
	connections: number,
	amount: number,
	n8nPid: number,
): Promise<TimedRun> {
	const afterId = await newestExecutionId(client, workflowId);
	const isolatesBefore = await client.isolatesAcquired();
	const cpuBefore = processTreeCpuMs(n8nPid);
	const startedAtMs = Date.now();
	const run = await runLoad(target, connections, amount);
	const lastAnswerMs = startedAtMs + run.durationS * 1000;
	// Every counted answer started an execution; a rejected request (401, duplicate) may start none.
	const executions = await waitForRunExecutions(client, workflowId, afterId, run.ok);
	const cpuMs = processTreeCpuMs(n8nPid) - cpuBefore;
	const isolates = (await client.isolatesAcquired()) - isolatesBefore;
	return {
		...run,
		executions: countExecutions(executions, startedAtMs, lastAnswerMs),
		cpuMs,
		isolates,
	};
}

/**
 * Isolates n8n acquires per delivery, webhook phase and execution together: sequential deliveries,
 * each execution finished before the counter is read again, so nothing else is counted (the
 * instance runs nothing else). Machine-independent, unlike the throughput figures.
 */
export async function isolatesPerDelivery(
	client: N8nClient,
	target: LoadTarget,
	workflowId: string,
): Promise<number> {
	const afterId = await newestExecutionId(client, workflowId);
	const before = await client.isolatesAcquired();
	for (let index = 0; index < ISOLATE_PROBE_DELIVERIES; index++) {
		const { headers, body } = target.request();
		const response = await fetch(target.url, { method: 'POST', headers, body });
		const text = await response.text();
		if (response.status !== 200 || text !== target.expectBody)
			throw new Error(`${target.name} answered ${response.status} ${text.slice(0, 200)}`);
	}
	await waitForRunExecutions(client, workflowId, afterId, ISOLATE_PROBE_DELIVERIES);
	return ((await client.isolatesAcquired()) - before) / ISOLATE_PROBE_DELIVERIES;
}

export function summarise(runs: TimedRun[]): LoadSummary {
	const ok = runs.reduce((sum, run) => sum + run.ok, 0);
	const seconds = runs.reduce((sum, run) => sum + run.durationS, 0);
	const executionsOk = runs.reduce((sum, run) => sum + run.executions.success, 0);
	const executionSeconds = runs.reduce((sum, run) => sum + run.executions.toLastStoppedS, 0);
	const mean = (pick: (run: LoadRun) => number) =>
		runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
	return {
		okPerSecond: ok / seconds,
		ok,
		failed: runs.reduce((sum, run) => sum + run.non2xx + run.mismatches + run.errors, 0),
		p50Ms: mean((run) => run.p50Ms),
		p99Ms: mean((run) => run.p99Ms),
		executionsPerSecond: executionsOk / executionSeconds,
		executionsOk,
		executionsFailed: runs.reduce(
			(sum, run) => sum + Object.values(run.executions.other).reduce((a, b) => a + b, 0),
			0,
		),
		cpuMsPerDelivery: runs.reduce((sum, run) => sum + run.cpuMs, 0) / ok,
		isolatesPerDelivery: runs.reduce((sum, run) => sum + run.isolates, 0) / ok,
		runs,
	};
}

export function describeRun(run: TimedRun): string {
	const failed = run.non2xx + run.mismatches + run.errors;
	const { executions } = run;
	const otherStatuses = Object.entries(executions.other).map(
		([status, count]) => `${count} ${status}`,
	);
	return (
		`${run.target.padEnd(11)} c=${String(run.connections).padStart(2)}: ${run.ok}/${run.amount} ok in ${run.durationS.toFixed(1)} s, ${run.okPerSecond.toFixed(1)} ok/s, ` +
		`p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${failed ? `, ${failed} NOT OK` : ''}; ` +
		`${(run.cpuMs / Math.max(1, run.ok)).toFixed(1)} ms CPU and ${(run.isolates / Math.max(1, run.ok)).toFixed(2)} isolates per delivery; executions: ${executions.success} ok in ${executions.toLastStoppedS.toFixed(1)} s, ` +
		`${executions.executionsPerSecond.toFixed(1)}/s, ${executions.finishedByLastAnswer} done by the last answer${otherStatuses.length ? `, ${otherStatuses.join(', ')} NOT OK` : ''}`
	);
}

/** A flood of wrongly signed deliveries at one target, and what n8n did with them. */
export interface FloodResult {
	target: TargetKey;
	sent: number;
	connections: number;
	/** Answers by HTTP status and the `status` field of a JSON body, e.g. `401 rejected`. */
	byAnswer: Record<string, number>;
	durationS: number;
	/** Answers per second, first request to last answer. */
	answersPerSecond: number;
	/** Forgeries refused: a 401 answer (ours) or a failed execution (Webhook + Code). */
	rejected: number;
	/** Rejections per second: to the last answer (ours) or to the last failed execution's stop. */
	rejectionsPerSecond: number;
	/** Executions the flood started, by final status. */
	executions: Record<string, number>;
	/** Expression isolates n8n acquired per forged delivery, webhook phase and execution together. */
	isolatesPerForgery: number;
	/** CPU (ms) n8n's process tree spent per forged delivery, until the last answer or execution. */
	cpuMsPerForgery: number;
}

export interface N8nReport {
	rows: N8nRow[];
	probes: Record<TargetKey, string>;
	/** Expression isolates n8n acquires per delivery (webhook phase plus execution), per target. */
	isolatesPerDelivery: Record<TargetKey, number>;
	flood: FloodResult[];
	/** The Code node's JavaScript, secret left out. */
	codeNode: string;
}

/** The Aktify option that turns the credential cache off (lifetime 0 s). */
const CACHE_OFF = { credentialCacheSeconds: 0 };

/**
 * Sends `FLOOD_DELIVERIES` wrongly signed (fresh timestamp, well-formed header, wrong secret)
 * deliveries and counts what each target does with them. Ours must answer every one 401 and
 * start no execution; Webhook + Code answers 200 and fails one execution per forgery.
 */
async function forgedFlood(
	client: N8nClient,
	key: 'ours' | 'code',
	deployed: Deployed,
	n8nPid: number,
	log: (line: string) => void,
): Promise<FloodResult> {
	const body = aktifyV2Body(1 * KB);
	const afterId = await newestExecutionId(client, deployed.workflowId);
	const isolatesBefore = await client.isolatesAcquired();
	const cpuBefore = processTreeCpuMs(n8nPid);
	const startedAtMs = Date.now();
	const result = await sendDistinct(deployed.url, FLOOD_DELIVERIES, FLOOD_CONNECTIONS, 0, () => ({
		headers: {
			'content-type': 'application/json',
			'aktify-signature': signAktifyBody('forged-secret-0123456789abcdef', body, 'v2', Date.now()),
		},
		body,
	}));
	const lastAnswerMs = startedAtMs + result.durationS * 1000;
	let executions: ListedExecution[] = [];
	if (key === 'code') {
		executions = await waitForRunExecutions(client, deployed.workflowId, afterId, FLOOD_DELIVERIES);
	} else {
		// Anything ours started would be running or finished by now; nothing may have started.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		executions = await finishedExecutionsAfter(client, deployed.workflowId, afterId);
		const running = await client.runningExecutions(deployed.workflowId);
		if (running > 0) throw new Error(`The forged flood left ${running} executions of ours running`);
	}
	const cpuMsPerForgery = (processTreeCpuMs(n8nPid) - cpuBefore) / FLOOD_DELIVERIES;
	const isolatesPerForgery =
		((await client.isolatesAcquired()) - isolatesBefore) / FLOOD_DELIVERIES;
	const byStatus: Record<string, number> = {};
	let lastStopped = startedAtMs;
	for (const execution of executions) {
		byStatus[execution.status] = (byStatus[execution.status] ?? 0) + 1;
		if (execution.stoppedAt) lastStopped = Math.max(lastStopped, Date.parse(execution.stoppedAt));
	}
	const rejected =
		key === 'ours'
			? Object.entries(result.byAnswer)
					.filter(([answer]) => answer.startsWith('401'))
					.reduce((sum, [, count]) => sum + count, 0)
			: executions.filter((execution) => execution.status !== 'success').length;
	const rejectionSeconds =
		key === 'ours' ? result.durationS : (Math.max(lastStopped, lastAnswerMs) - startedAtMs) / 1000;
	const flood: FloodResult = {
		target: key,
		sent: FLOOD_DELIVERIES,
		connections: FLOOD_CONNECTIONS,
		byAnswer: result.byAnswer,
		durationS: result.durationS,
		answersPerSecond: FLOOD_DELIVERIES / result.durationS,
		rejected,
		rejectionsPerSecond: rejected / rejectionSeconds,
		executions: byStatus,
		isolatesPerForgery,
		cpuMsPerForgery,
	};
	log(
		`n8n: forged flood at ${TARGET_LABELS[key]}: answers ${JSON.stringify(result.byAnswer)} in ${result.durationS.toFixed(1)} s; ` +
			`executions ${JSON.stringify(byStatus)}; ${rejected} rejected, ${flood.rejectionsPerSecond.toFixed(1)}/s; ${isolatesPerForgery} isolates and ${cpuMsPerForgery.toFixed(1)} ms CPU per forgery`,
	);
	if (key === 'ours' && (rejected !== FLOOD_DELIVERIES || executions.length > 0))
		throw new Error(
			`Ours must answer every forgery 401 and start no execution: ${JSON.stringify(flood)}`,
		);
	if (key === 'code' && byStatus.success)
		throw new Error(`Webhook + Code let forgeries through: ${JSON.stringify(flood)}`);
	return flood;
}

export async function runN8nBench(client: N8nClient, options: N8nOptions): Promise<N8nReport> {
	options.log(
		'n8n: publishing the Aktify Trigger (cache on, cache off), the no-op trigger, the built-in Webhook and the Webhook + Code workflows…',
	);
	const credentialId = await createAktifyCredential(client);
	const deployed: Record<TargetKey, Deployed> = {
		ours: await deployAktifyWorkflow(client, credentialId, {}),
		oursNoCache: await deployAktifyWorkflow(client, credentialId, CACHE_OFF),
		noop: await deployNoop(client),
		builtin: await deployBuiltinWebhook(client, false),
		code: await deployBuiltinWebhook(client, true),
	};
	const request = signedRequest(aktifyV2Body(1 * KB));
	const targets = {} as Record<TargetKey, LoadTarget>;
	for (const key of TARGET_KEYS) targets[key] = await loadTarget(key, deployed[key], request);
	options.log(
		`n8n: probe answers: ${TARGET_KEYS.map((key) => `${key} ${targets[key].expectBody}`).join(', ')}`,
	);
	// The Code node runs after the answer, so its verdict is only in the execution: the probe's must succeed.
	const probeExecutions = await waitForRunExecutions(client, deployed.code.workflowId, 0, 1);
	if (probeExecutions.some((execution) => execution.status !== 'success')) {
		throw new Error(
			`The Webhook + Code probe execution did not succeed: ${JSON.stringify(probeExecutions)} (is NODE_FUNCTION_ALLOW_BUILTIN=crypto set?)`,
		);
	}
	// And a wrongly signed delivery must fail it, or the Code node would not be doing the work it stands for.
	const forged = request();
	forged.headers['aktify-signature'] = signAktifyBody(
		'not-the-secret',
		forged.body,
		'v2',
		Date.now(),
	);
	await fetch(deployed.code.url, {
		method: 'POST',
		headers: forged.headers,
		body: forged.body,
	}).then((response) => response.text());
	const afterForged = await waitForRunExecutions(
		client,
		deployed.code.workflowId,
		Number(probeExecutions[0].id),
		1,
	);
	if (afterForged.some((execution) => execution.status === 'success')) {
		throw new Error(
			`The Webhook + Code workflow accepted a wrongly signed delivery: ${JSON.stringify(afterForged)}`,
		);
	}

	const isolates = await warmUpAndCountIsolates(client, TARGET_KEYS, targets, deployed, {
		...options,
		label: 'n8n',
	});

	const rows: N8nRow[] = [];
	for (const connections of CONCURRENCIES) {
		const { ours, oursNoCache, noop, builtin, code } = await runSequence(
			client,
			TARGET_KEYS,
			targets,
			deployed,
			connections,
			{ ...options, label: 'n8n' },
		);
		rows.push({
			connections,
			ours,
			oursNoCache,
			noop,
			builtin,
			code,
			noopRatio: ours.okPerSecond / noop.okPerSecond,
			noopExecutionRatio: ours.executionsPerSecond / noop.executionsPerSecond,
			noopCpuRatio: noop.cpuMsPerDelivery / ours.cpuMsPerDelivery,
			noCacheNoopRatio: oursNoCache.okPerSecond / noop.okPerSecond,
			throughputRatio: ours.okPerSecond / builtin.okPerSecond,
			throughputRatioCode: ours.okPerSecond / code.okPerSecond,
			executionRatio: ours.executionsPerSecond / builtin.executionsPerSecond,
			executionRatioCode: ours.executionsPerSecond / code.executionsPerSecond,
			p50Ratio: ours.p50Ms / builtin.p50Ms,
			p99Ratio: ours.p99Ms / builtin.p99Ms,
		});
	}

	options.log(
		`n8n: flood of ${FLOOD_DELIVERIES} forged deliveries at c=${FLOOD_CONNECTIONS}, ours then Webhook + Code…`,
	);
	const flood = [
		await forgedFlood(client, 'ours', deployed.ours, options.n8nPid, options.log),
		await forgedFlood(client, 'code', deployed.code, options.n8nPid, options.log),
	];
	return {
		rows,
		probes: Object.fromEntries(TARGET_KEYS.map((key) => [key, targets[key].expectBody])) as Record<
			TargetKey,
			string
		>,
		isolatesPerDelivery: isolates,
		flood,
		codeNode: hmacCodeNodeSource('<secret>'),
	};
}

/** Main-thread profile of one target's deliveries: where n8n's time goes, and how much is ours. */
export interface ProfileRow {
	target: 'ours' | 'noop';
	deliveries: number;
	/** Main-thread time per delivery that was not idle, in ms. */
	busyMsPerDelivery: number;
	/** Of that, time with the target package's own code on the stack (and what it called). */
	insidePackageMsPerDelivery: number;
	topFunctions: Array<{ name: string; msPerDelivery: number }>;
}

export interface ProfileOptions {
	n8nPid: number;
	/** Where n8n's profiler hook writes (LEAD_EVENTS_PROFILE_DIR of the n8n process). */
	folder: string;
	requests: number;
	log: (line: string) => void;
}

/**
 * Ours (default options) and the no-op trigger, A B B A at 10 connections, each run under n8n's
 * main-thread CPU profiler: the time inside the package's code per delivery is the part of a
 * delivery's cost that the package itself adds on n8n's main thread.
 */
export async function runN8nProfile(
	client: N8nClient,
	options: ProfileOptions,
): Promise<ProfileRow[]> {
	options.log('profile: publishing an Aktify Trigger and a no-op trigger workflow…');
	const credentialId = await createAktifyCredential(client);
	const deployed = {
		ours: await deployAktifyWorkflow(client, credentialId, {}),
		noop: await deployNoop(client),
	};
	const request = signedRequest(aktifyV2Body(1 * KB));
	const targets = {
		ours: await loadTarget('ours', deployed.ours, request),
		noop: await loadTarget('noop', deployed.noop, request),
	};
	const packages = { ours: 'n8n-nodes-lead-events', noop: NOOP_PACKAGE };
	for (const key of ['ours', 'noop'] as const)
		await timedRun(client, targets[key], deployed[key].workflowId, 10, 30, options.n8nPid);
	const shares: Record<'ours' | 'noop', ProfileShare[]> = { ours: [], noop: [] };
	const done: Record<'ours' | 'noop', number> = { ours: 0, noop: 0 };
	const order = ['ours', 'noop', 'noop', 'ours'] as const;
	for (const [index, key] of order.entries()) {
		const { result, file } = await profiled(options.n8nPid, options.folder, index + 1, () =>
			timedRun(
				client,
				targets[key],
				deployed[key].workflowId,
				10,
				options.requests,
				options.n8nPid,
			),
		);
		const share = shareOf(file, packages[key]);
		shares[key].push(share);
		done[key] += result.ok;
		options.log(
			`profile: ${key} ${result.ok} deliveries: main thread busy ${((share.totalMs - share.idleMs) / result.ok).toFixed(1)} ms per delivery, ` +
				`${(share.insidePackageMs / result.ok).toFixed(2)} ms of it in the package's code`,
		);
	}
	return (['ours', 'noop'] as const).map((key) => {
		const sum = (pick: (share: ProfileShare) => number) =>
			shares[key].reduce((total, share) => total + pick(share), 0);
		const functions = new Map<string, number>();
		for (const share of shares[key])
			for (const entry of share.topFunctions)
				functions.set(entry.name, (functions.get(entry.name) ?? 0) + entry.ms);
		return {
			target: key,
			deliveries: done[key],
			busyMsPerDelivery: sum((share) => share.totalMs - share.idleMs) / done[key],
			insidePackageMsPerDelivery: sum((share) => share.insidePackageMs) / done[key],
			topFunctions: [...functions]
				.sort((a, b) => b[1] - a[1])
				.slice(0, 5)
				.map(([name, ms]) => ({ name, msPerDelivery: ms / done[key] })),
		};
	});
}
