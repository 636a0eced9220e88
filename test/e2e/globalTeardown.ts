import { rmSync } from 'fs';

import type { N8nInstance } from '../../harness/instance';

export default async function globalTeardown(): Promise<void> {
	const instance = (globalThis as { __leadEventsN8n?: N8nInstance }).__leadEventsN8n;
	await instance?.stop();
	if (process.env.LEAD_EVENTS_E2E_STATE) rmSync(process.env.LEAD_EVENTS_E2E_STATE, { force: true });
	if (instance && process.env.LEAD_EVENTS_KEEP_N8N !== '1')
		rmSync(instance.userFolder, { recursive: true, force: true });
}
