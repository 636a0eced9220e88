import { writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startN8n, type N8nInstance } from '../../harness/instance';

/** Starts one real n8n for all e2e test files; they connect through the state file. */
export default async function globalSetup(): Promise<void> {
	const instance = await startN8n();
	const stateFile = join(tmpdir(), `lead-events-e2e-${process.pid}.json`);
	writeFileSync(
		stateFile,
		JSON.stringify({
			baseUrl: instance.baseUrl,
			apiKey: instance.apiKey,
			cookie: instance.cookie,
			userFolder: instance.userFolder,
			logFile: instance.logFile,
			n8nVersion: instance.n8nVersion,
		}),
	);
	process.env.LEAD_EVENTS_E2E_STATE = stateFile;
	(globalThis as { __leadEventsN8n?: N8nInstance }).__leadEventsN8n = instance;
}
