import { randomUUID } from 'crypto';

import { signAktifyBody } from '../nodes/Aktify/signature';
import { triggerWorkflow, type N8nClient } from '../test/e2e/lib/client';
import { BENCH_SECRET } from './cases';
import { runLoad, type LoadRun, type LoadTarget } from './lib/load';
import { aktifyV2Body, KB } from './lib/payloads';

/**
 * Inside a real n8n: the Aktify Trigger next to n8n's built-in Webhook node on the same instance,
 * driven with the same signed 1 KB request. Runs alternate A B B A at each concurrency so that
 * drift over the run (other processes on a shared machine, a growing executions table) is shared.
 */

export const CONCURRENCIES = [1, 10, 50];

export interface N8nOptions {
	/** Requests per run at a given concurrency; each concurrency gets two runs per target. */
	requests: (connections: number) => number;
	warmupRequests: number;
	log: (line: string) => void;
}

export interface N8nRow {
	connections: number;
	ours: LoadSummary;
	builtin: LoadSummary;
	/** ours/built-in throughput of accepted deliveries; ≥ 0.95 is the target. */
	throughputRatio: number;
	p50Ratio: number;
	p99Ratio: number;
}

export interface LoadSummary {
	okPerSecond: number;
	ok: number;
	failed: number;
	p50Ms: number;
	p99Ms: number;
	runs: LoadRun[];
}

export async function createAktifyCredential(client: N8nClient): Promise<string> {
	return client.createCredential('aktifyApi', { clientSecret: BENCH_SECRET, customAuth: 'none' }, `bench aktify ${Date.now()}`);
}

/** Creates, publishes and waits for an Aktify Trigger workflow; returns its production URL. */
export async function deployAktify(client: N8nClient, credentialId: string, options: Record<string, unknown>): Promise<string> {
	const built = triggerWorkflow(
		{ type: 'aktifyTrigger', parameters: { events: ['*'], routeBy: 'none', options }, credentials: { aktifyApi: credentialId } },
		`bench aktify ${JSON.stringify(options)} ${Date.now()}`,
	);
	const id = await client.createWorkflow(built.workflow);
	const status = await client.publish(id);
	if (status.status !== 'published') throw new Error(`Aktify bench workflow did not publish: ${JSON.stringify(status)}`);
	await client.waitForWebhook(built.webhookPath);
	return `${client.baseUrl}/webhook/${built.webhookPath}`;
}

async function deployBuiltinWebhook(client: N8nClient): Promise<string> {
	const path = `bench-builtin-${randomUUID()}`;
	const workflow = {
		name: `bench built-in webhook ${Date.now()}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { path, httpMethod: 'POST', responseMode: 'onReceived' },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	const id = await client.createWorkflow(workflow);
	const status = await client.publish(id);
	if (status.status !== 'published') throw new Error(`Built-in webhook workflow did not publish: ${JSON.stringify(status)}`);
	await client.waitForWebhook(path);
	return `${client.baseUrl}/webhook/${path}`;
}

/** The same signed 1 KB Aktify v2 request for both targets, re-signed so its timestamp stays fresh. */
function signedRequest(body: string): () => { headers: Record<string, string>; body: string } {
	return () => ({
		headers: { 'content-type': 'application/json', 'aktify-signature': signAktifyBody(BENCH_SECRET, body, 'v2', Date.now()) },
		body,
	});
}

/** Sends one request and returns the body of its 200 answer, which every counted response must repeat. */
async function probe(name: string, url: string, request: () => { headers: Record<string, string>; body: string }): Promise<string> {
	const { headers, body } = request();
	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${name} answered the probe with ${response.status}: ${text.slice(0, 300)}`);
	return text;
}

function summarise(runs: LoadRun[]): LoadSummary {
	const ok = runs.reduce((sum, run) => sum + run.ok, 0);
	const seconds = runs.reduce((sum, run) => sum + run.durationS, 0);
	const mean = (pick: (run: LoadRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0) / runs.length;
	return {
		okPerSecond: ok / seconds,
		ok,
		failed: runs.reduce((sum, run) => sum + run.non2xx + run.mismatches + run.errors, 0),
		p50Ms: mean((run) => run.p50Ms),
		p99Ms: mean((run) => run.p99Ms),
		runs,
	};
}

function describeRun(run: LoadRun): string {
	const failed = run.non2xx + run.mismatches + run.errors;
	return `${run.target.padEnd(8)} c=${String(run.connections).padStart(2)}: ${run.ok}/${run.amount} ok in ${run.durationS.toFixed(1)} s, ${run.okPerSecond.toFixed(1)} ok/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms${failed ? `, ${failed} NOT OK` : ''}`;
}

export async function runN8nBench(client: N8nClient, options: N8nOptions): Promise<{ rows: N8nRow[]; probes: Record<string, string> }> {
	options.log('n8n: publishing the Aktify Trigger and the built-in Webhook workflows…');
	const credentialId = await createAktifyCredential(client);
	const oursUrl = await deployAktify(client, credentialId, {});
	const builtinUrl = await deployBuiltinWebhook(client);
	const request = signedRequest(aktifyV2Body(1 * KB));
	const targets: Record<'ours' | 'builtin', LoadTarget> = {
		ours: { name: 'ours', url: oursUrl, expectBody: await probe('Aktify Trigger', oursUrl, request), request },
		builtin: { name: 'built-in', url: builtinUrl, expectBody: await probe('Webhook node', builtinUrl, request), request },
	};
	options.log(`n8n: probe answers: ours ${targets.ours.expectBody}, built-in ${targets.builtin.expectBody}`);

	options.log(`n8n: warm-up, ${options.warmupRequests} requests per target at c=10 (not counted)…`);
	for (const target of [targets.ours, targets.builtin]) await runLoad(target, 10, options.warmupRequests);

	const rows: N8nRow[] = [];
	for (const connections of CONCURRENCIES) {
		const runs: Record<'ours' | 'builtin', LoadRun[]> = { ours: [], builtin: [] };
		for (const which of ['ours', 'builtin', 'builtin', 'ours'] as const) {
			const run = await runLoad(targets[which], connections, options.requests(connections));
			options.log(`n8n: ${describeRun(run)}`);
			runs[which].push(run);
		}
		const ours = summarise(runs.ours);
		const builtin = summarise(runs.builtin);
		rows.push({
			connections,
			ours,
			builtin,
			throughputRatio: ours.okPerSecond / builtin.okPerSecond,
			p50Ratio: ours.p50Ms / builtin.p50Ms,
			p99Ratio: ours.p99Ms / builtin.p99Ms,
		});
	}
	return { rows, probes: { ours: targets.ours.expectBody, builtin: targets.builtin.expectBody } };
}
