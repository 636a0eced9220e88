import e2eGlobalSetup from '../e2e/globalSetup';

/**
 * The browser tests drive the same real n8n the e2e tests use. When both projects run in one jest
 * call, jest runs both global setups: the second one reuses the n8n the first started instead of
 * starting (and leaking) another.
 */
export default async function globalSetup(): Promise<void> {
	if ((globalThis as { __leadEventsN8n?: unknown }).__leadEventsN8n) return;
	await e2eGlobalSetup();
}
