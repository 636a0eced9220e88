/**
 * `npm start`: a local n8n (SQLite, loopback) with this package installed as a community package
 * and a sample Aktify workflow published, ready to receive a test event. The n8n data lives in
 * `.n8n-local/` so workflows you build survive restarts; the package is rebuilt on every start.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

import { freePort, OWNER_EMAIL, OWNER_PASSWORD, startN8n } from '../harness/instance';
import { REPO_ROOT } from '../harness/installPackage';
import { aktify } from '../nodes/Aktify/provider';
import { OTHER_OUTPUT } from '../nodes/shared/pipeline/routing';

const DEMO_SECRET = 'demo_client_secret_change_me';
const WORKFLOW_NAME = 'Aktify demo: branch on lead events';
const WEBHOOK_ID = 'aktify-demo';
const PREFERRED_PORT = 5678;

const log = (line: string) => console.log(`[start] ${line}`);

async function portIsFree(port: number): Promise<boolean> {
	try {
		await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) });
		return false;
	} catch (error) {
		return (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
	}
}

function demoWorkflow(credentialId: string) {
	const categories = [...aktify.categories, OTHER_OUTPUT];
	const trigger = {
		id: 'aktify-demo-trigger',
		name: 'Aktify Trigger',
		type: `n8n-nodes-lead-events.${aktify.nodeTypes.trigger}`,
		// The version a new node gets in the editor.
		typeVersion: 2,
		position: [0, 200],
		webhookId: WEBHOOK_ID,
		parameters: { events: ['*'], routeBy: 'category', options: { suppressDuplicates: true } },
		credentials: { aktifyApi: { id: credentialId, name: 'Aktify demo secret' } },
	};
	const branches = categories.map((category, index) => ({
		id: `aktify-demo-${index}`,
		name: category,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [320, index * 160 - 200],
		parameters: {},
	}));
	return {
		name: WORKFLOW_NAME,
		nodes: [trigger, ...branches],
		connections: {
			[trigger.name]: {
				main: branches.map((branch) => [{ node: branch.name, type: 'main', index: 0 }]),
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Two n8n processes on one SQLite file would corrupt it: stop one left over from an earlier run. */
async function stopLeftover(pidFile: string): Promise<void> {
	if (!existsSync(pidFile)) return;
	const pid = Number(readFileSync(pidFile, 'utf8'));
	if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
		log(`stopping the n8n left running by an earlier npm start (pid ${pid})…`);
		process.kill(pid, 'SIGTERM');
		for (let waited = 0; waited < 30 && isAlive(pid); waited++)
			await new Promise((resolve) => setTimeout(resolve, 500));
		if (isAlive(pid)) process.kill(pid, 'SIGKILL');
	}
	rmSync(pidFile, { force: true });
}

async function main(): Promise<void> {
	const userFolder = join(REPO_ROOT, '.n8n-local');
	mkdirSync(userFolder, { recursive: true });
	const pidFile = join(userFolder, 'n8n.pid');
	await stopLeftover(pidFile);
	const firstRun = !existsSync(join(userFolder, '.n8n', 'database.sqlite'));
	const port = (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : await freePort();
	const n8n = await startN8n({ userFolder, port, log });
	writeFileSync(pidFile, String(n8n.process.pid));
	const stop = async () => {
		log('stopping n8n…');
		await n8n.stop();
		rmSync(pidFile, { force: true });
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const client = n8n.client;
	const existing = await client.api<{ data: Array<{ id: string; name: string }> }>(
		'GET',
		`/workflows?name=${encodeURIComponent(WORKFLOW_NAME)}`,
	);
	let workflowId = existing.data.find((workflow) => workflow.name === WORKFLOW_NAME)?.id;
	if (!workflowId) {
		log(
			firstRun
				? 'first run: creating the demo credential and workflow'
				: 'demo workflow missing: creating it again',
		);
		const credentialId = await client.createCredential(
			'aktifyApi',
			{ clientSecret: DEMO_SECRET, customAuth: 'none' },
			'Aktify demo secret',
		);
		workflowId = await client.createWorkflow(demoWorkflow(credentialId));
	}
	const status = await client.publish(workflowId);
	if (status.status !== 'published')
		log(
			`publishing the demo workflow ended as "${status.status}": ${JSON.stringify(status.triggers)}`,
		);
	const webhookUrl = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/webhook`;
	await client.waitForWebhook(`${WEBHOOK_ID}/webhook`);

	const body = JSON.stringify({
		metadata: {
			apiVersion: '2026-02-09',
			eventType: 'lead.message_received',
			campaignId: 'cmp_demo_01',
			eventTime: new Date().toISOString(),
		},
		data: { phone: '+15095551234', externalLeadId: 'crm-0042', message: 'Yes, call me tomorrow' },
	});
	console.log(`
n8n is running with n8n-nodes-lead-events installed.

  Editor:          ${n8n.baseUrl}/workflow/${workflowId}
  Login:           ${OWNER_EMAIL} / ${OWNER_PASSWORD}
  Webhook (prod):  ${webhookUrl}
  Demo secret:     ${DEMO_SECRET}   (credential "Aktify demo secret")

Send a signed sample event (in another terminal, from this folder):

  npm run simulate -- aktify --url ${webhookUrl} --secret ${DEMO_SECRET} --event lead.message_received

or every catalogue event:  npm run simulate -- aktify --url ${webhookUrl} --secret ${DEMO_SECRET}

or with curl and openssl only:

  BODY='${body}'
  T=$(date +%s%3N); SIG=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -hmac '${DEMO_SECRET}' | sed 's/^.* //')
  curl -sS -X POST '${webhookUrl}' -H 'content-type: application/json' -H "aktify-signature: t=$T,v2=$SIG" -d "$BODY"

Each accepted event appears under Executions in the editor, on the output of its category.
n8n's log: ${n8n.logFile}. Press Ctrl-C to stop.
`);
}

main().catch((error: Error) => {
	console.error(`[start] ${error.message}`);
	process.exit(1);
});
