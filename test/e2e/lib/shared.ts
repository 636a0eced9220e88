import { readFileSync } from 'fs';

import { N8nClient, type N8nConnection } from '../../../harness/client';

/** The n8n started by globalSetup, for use inside e2e test files. */
export function sharedN8n(): N8nClient & { logFile: string; userFolder: string } {
	const stateFile = process.env.LEAD_EVENTS_E2E_STATE;
	if (!stateFile)
		throw new Error('The e2e n8n is not running: run these tests through `npm run test:e2e`');
	const state = JSON.parse(readFileSync(stateFile, 'utf8')) as N8nConnection & {
		logFile: string;
		userFolder: string;
	};
	return Object.assign(new N8nClient(state), {
		logFile: state.logFile,
		userFolder: state.userFolder,
	});
}
