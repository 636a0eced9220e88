import { aktifyEvents } from '../../../nodes/Aktify/events';
import { signedRequest, type AktifyRequest } from '../../../nodes/Aktify/simulation';
import { triggerWorkflow, type N8nClient } from '../../../harness/client';
import { sql, type ClusterState } from '../../../harness/queue';

/** Aktify deployments and signed load for the queue-mode tests. */

export const SECRET = 'queue_mode_secret_0123456789';

export interface DeployedAktify {
	id: string;
	path: string;
	node: string;
}

/**
 * Creates and publishes an Aktify Trigger workflow on main, then waits until every given webhook
 * processor serves its production URL (they read registrations from the shared database).
 */
export async function deployAktify(
	main: N8nClient,
	processors: N8nClient[],
	parameters: Record<string, unknown>,
	credentials: Record<string, string> = {},
): Promise<DeployedAktify> {
	const credentialId = await main.createCredential('aktifyApi', {
		clientSecret: SECRET,
		customAuth: 'none',
	});
	const built = triggerWorkflow({
		type: 'aktifyTrigger',
		parameters,
		credentials: { aktifyApi: credentialId, ...credentials },
	});
	const id = await main.createWorkflow(built.workflow);
	const status = await main.publish(id);
	if (status.status !== 'published')
		throw new Error(`Publishing the Aktify workflow failed: ${JSON.stringify(status)}`);
	for (const processor of processors) await processor.waitForWebhook(built.webhookPath, 60_000);
	return { id, path: built.webhookPath, node: built.nodeName };
}

const linkClicked = aktifyEvents.find(
	(event) => event.version === 'v2' && event.name === 'lead.link_clicked',
)!;

/** A marker that names one delivery; it is carried in the event's data and so in the execution. */
export function marker(tag: string, index: number): string {
	return `qm-${tag}-${index}-end`;
}

/** A signed Link Clicked event made distinct by `marker(tag, index)` in its URL. */
export function distinctDelivery(
	tag: string,
	index: number,
	timestampMs = Date.now(),
): AktifyRequest {
	const sample = linkClicked.sample as { metadata: object; data: Record<string, unknown> };
	return signedRequest(linkClicked, SECRET, timestampMs, {
		...sample,
		data: { ...sample.data, url: `https://example.com/offer/${marker(tag, index)}` },
	});
}

export interface ExecutionRow {
	id: string;
	status: string;
	/** The delivery marker found in the execution's data, if any. */
	marker: string | null;
}

/** The workflow's executions read straight from the shared database, with their delivery marker. */
export function executionRows(state: ClusterState, workflowId: string): ExecutionRow[] {
	const id = workflowId.replace(/[^A-Za-z0-9]/g, '');
	return sql(
		state,
		`select e.id, e.status, coalesce(substring(d.data from 'qm-[a-z0-9]+-[0-9]+-end'), '')
		 from execution_entity e left join execution_data d on d."executionId" = e.id
		 where e."workflowId" = '${id}' order by e.id`,
	).map(([rowId, status, found]) => ({ id: rowId, status, marker: found || null }));
}

/** Counts of values, sorted by key, for printing. */
export function countBy<T>(values: T[], key: (value: T) => string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[key(value)] = (counts[key(value)] ?? 0) + 1;
	return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Runs `tasks` with at most `concurrency` in flight; results keep the tasks' order. */
export async function runConcurrently<T>(
	tasks: Array<() => Promise<T>>,
	concurrency: number,
): Promise<T[]> {
	const results = new Array<T>(tasks.length);
	let next = 0;
	const lane = async () => {
		while (next < tasks.length) {
			const index = next++;
			results[index] = await tasks[index]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
	return results;
}

export interface SendResult {
	status: number | 'connection-error';
}

/** Posts one delivery to a webhook processor; a refused or reset connection is a result, not a throw. */
export async function send(
	processor: N8nClient,
	path: string,
	request: AktifyRequest,
): Promise<SendResult> {
	try {
		const response = await processor.deliver(path, request.body, request.headers);
		return { status: response.status };
	} catch {
		return { status: 'connection-error' };
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until no execution of the workflow is new, waiting or running any more and at least
 * `atLeast` exist, then a little longer so that a late extra execution is counted too.
 */
export async function settledRows(
	state: ClusterState,
	workflowId: string,
	atLeast: number,
	timeoutMs = 180_000,
): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	let rows = executionRows(state, workflowId);
	const busy = (all: ExecutionRow[]) =>
		all.some((row) => ['new', 'running', 'waiting'].includes(row.status));
	while (Date.now() < deadline && (rows.length < atLeast || busy(rows))) {
		await sleep(500);
		rows = executionRows(state, workflowId);
	}
	await sleep(1500);
	return executionRows(state, workflowId);
}
