import { startQueueCluster, type RunningCluster, seconds } from '../../harness/queue';

/**
 * Starts one queue-mode cluster for all queue test files; they reach it through its state file.
 * With LEAD_EVENTS_QUEUE_STATE already set to the state file of a running cluster (started with
 * `startQueueCluster()` by hand while iterating on a test), that cluster is used and left running.
 */
export default async function globalSetup(): Promise<void> {
	if (process.env.LEAD_EVENTS_QUEUE_STATE) return;
	const started = Date.now();
	const cluster = await startQueueCluster();
	process.env.LEAD_EVENTS_QUEUE_STATE = cluster.state.stateFile;
	(globalThis as { __leadEventsQueue?: RunningCluster }).__leadEventsQueue = cluster;
	// The setup's last requests leave idle keep-alive sockets to main in the shared HTTP pool; n8n
	// closes them after 5 s, and a test request sent on one just as it closes fails with "other
	// side closed". Letting them expire first keeps the first test request on a fresh socket.
	await new Promise((resolve) => setTimeout(resolve, 6000));
	process.stderr.write(`[queue] phase "cluster start" took ${seconds(started)}\n`);
}
