import { seconds, type RunningCluster } from '../../harness/queue';

export default async function globalTeardown(): Promise<void> {
	const started = Date.now();
	const cluster = (globalThis as { __leadEventsQueue?: RunningCluster }).__leadEventsQueue;
	await cluster?.stop();
	process.stderr.write(`[queue] phase "cluster stop" took ${seconds(started)}\n`);
}
