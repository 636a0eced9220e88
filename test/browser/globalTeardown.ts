import e2eGlobalTeardown from '../e2e/globalTeardown';

/** Stops the shared n8n unless the e2e project's teardown already did (both share one instance). */
export default async function globalTeardown(): Promise<void> {
	const shared = globalThis as { __leadEventsN8n?: unknown };
	if (!shared.__leadEventsN8n) return;
	await e2eGlobalTeardown();
	delete shared.__leadEventsN8n;
}
