import type { N8nClient } from '../harness/client';
import type { LoadTarget } from './lib/load';
import { aktifyV2Body, KB } from './lib/payloads';
import {
	CONCURRENCIES,
	createAktifyCredential,
	deployAktifyWorkflow,
	deployBuiltinWebhook,
	deployNoop,
	warmUpAndCountIsolates,
	loadTarget,
	runSequence,
	signedRequest,
	waitForRunExecutions,
	type Deployed,
	type LoadSummary,
} from './n8n';

/**
 * The in-n8n targets again, on an n8n started with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true` (an
 * isolate is created only when an expression is evaluated), with ours and the no-op community
 * trigger each at typeVersion 1 (every workflow saved before version 2 existed) and 2 (a node
 * added now). n8n's `parseRequestBody` evaluates an expression for a start node at typeVersion 1
 * only, so the v1 rows pay one isolate per delivery that the v2 rows do not. Same request, same
 * A … F F … A order as the main in-n8n part; ratios are to n8n's own Webhook node.
 */

export type LazyKey = 'oursV2' | 'noopV2' | 'oursV1' | 'noopV1' | 'builtin' | 'code';

/** Ours and the no-op at v2 first, so that they run next to each other, then the same at v1. */
export const LAZY_KEYS: LazyKey[] = ['oursV2', 'noopV2', 'oursV1', 'noopV1', 'builtin', 'code'];

export const LAZY_LABELS: Record<LazyKey, string> = {
	oursV2: 'Aktify Trigger v2',
	noopV2: 'No-op trigger v2',
	oursV1: 'Aktify Trigger v1',
	noopV1: 'No-op trigger v1',
	builtin: 'Webhook node',
	code: 'Webhook + Code (HMAC)',
};

export const LAZY_ENV: Record<string, string> = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

export interface LazyRow {
	connections: number;
	targets: Record<LazyKey, LoadSummary>;
	/** Answered requests per second of each target / the Webhook node's. */
	ratioToWebhook: Record<LazyKey, number>;
	/** Completed executions per second of each target / the Webhook node's. */
	executionRatioToWebhook: Record<LazyKey, number>;
	/** The Webhook node's CPU per delivery / each target's: the throughput ratio CPU allows. */
	cpuRatioToWebhook: Record<LazyKey, number>;
}

export interface LazyReport {
	env: Record<string, string>;
	rows: LazyRow[];
	/** Expression isolates per delivery, 10 sequential deliveries per target. */
	isolatesPerDelivery: Record<LazyKey, number>;
	probes: Record<LazyKey, string>;
}

export interface LazyOptions {
	requests: (connections: number) => number;
	warmupRequests: number;
	rounds?: number;
	n8nPid: number;
	log: (line: string) => void;
}

function ratios(
	targets: Record<LazyKey, LoadSummary>,
	pick: (summary: LoadSummary) => number,
	inverse = false,
): Record<LazyKey, number> {
	const anchor = pick(targets.builtin);
	return Object.fromEntries(
		LAZY_KEYS.map((key) => [
			key,
			inverse ? anchor / pick(targets[key]) : pick(targets[key]) / anchor,
		]),
	) as Record<LazyKey, number>;
}

export async function runLazyBench(client: N8nClient, options: LazyOptions): Promise<LazyReport> {
	options.log(
		'lazy: publishing the Aktify Trigger and the no-op trigger at v1 and v2, the Webhook node and Webhook + Code…',
	);
	const credentialId = await createAktifyCredential(client);
	const deployed: Record<LazyKey, Deployed> = {
		oursV2: await deployAktifyWorkflow(client, credentialId, {}, 2),
		noopV2: await deployNoop(client, 2),
		oursV1: await deployAktifyWorkflow(client, credentialId, {}, 1),
		noopV1: await deployNoop(client, 1),
		builtin: await deployBuiltinWebhook(client, false),
		code: await deployBuiltinWebhook(client, true),
	};
	const request = signedRequest(aktifyV2Body(1 * KB));
	const targets = {} as Record<LazyKey, LoadTarget>;
	for (const key of LAZY_KEYS) targets[key] = await loadTarget(key, deployed[key], request);
	// The Code node's verdict is only in its execution: the probe's must have succeeded.
	const probeExecutions = await waitForRunExecutions(client, deployed.code.workflowId, 0, 1);
	if (probeExecutions.some((execution) => execution.status !== 'success'))
		throw new Error(
			`The Webhook + Code probe execution did not succeed under lazy acquire: ${JSON.stringify(probeExecutions)}`,
		);

	const isolates = await warmUpAndCountIsolates(client, LAZY_KEYS, targets, deployed, {
		...options,
		label: 'lazy',
	});

	const rows: LazyRow[] = [];
	for (const connections of CONCURRENCIES) {
		const summaries = await runSequence(client, LAZY_KEYS, targets, deployed, connections, {
			...options,
			label: 'lazy',
		});
		rows.push({
			connections,
			targets: summaries,
			ratioToWebhook: ratios(summaries, (summary) => summary.okPerSecond),
			executionRatioToWebhook: ratios(summaries, (summary) => summary.executionsPerSecond),
			cpuRatioToWebhook: ratios(summaries, (summary) => summary.cpuMsPerDelivery, true),
		});
	}
	return {
		env: LAZY_ENV,
		rows,
		isolatesPerDelivery: isolates,
		probes: Object.fromEntries(LAZY_KEYS.map((key) => [key, targets[key].expectBody])) as Record<
			LazyKey,
			string
		>,
	};
}
