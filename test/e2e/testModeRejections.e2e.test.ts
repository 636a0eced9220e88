import { randomUUID } from 'crypto';

import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { PACKAGE_NAME } from '../../harness/installPackage';
import { triggerOutputs, type ExecutionSummary } from '../../harness/client';
import { sharedN8n } from './lib/shared';

// The project-level testTimeout is not applied when a single project is selected, so set it here.
jest.setTimeout(600_000);

/**
 * A delivery the trigger refuses (or ignores) while the editor waits for a test event must not
 * reach any node after the trigger: not with "Test this trigger", and not with "Execute workflow",
 * where n8n runs every node downstream of the trigger's outputs. The editor still gets the reason,
 * hint and checks in the trigger's own run data.
 */

const n8n = sharedN8n();
const SECRET = 'e2e-test-mode-secret-Rt52Kd';
const WRONG_SECRET = 'e2e-test-mode-wrong-Jm83Qa';
const TRIGGER = 'Aktify Trigger';
const MARK = 'Mark';
const LEFTOVER = 'Leftover';
const SELECTED = 'lead.link_clicked';
const NOT_SELECTED = 'lead.message_received';
/** Aktify routed by category: Lead Lifecycle, Messaging, Voice, Links, WebChat, Other. */
const DECLARED_OUTPUTS = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setNode(name: string, x: number) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [x, 0],
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [{ id: randomUUID(), name: 'mark', value: `${name} ran`, type: 'string' }],
			},
			options: {},
		},
	};
}

/**
 * Aktify Trigger routed by category, every output connected to a Set node; output 6, which the
 * trigger does not declare, is connected too, as a connection left from an earlier configuration
 * would be (n8n keeps connections of outputs that a parameter change removed).
 */
async function workflowWithNodesAfterTheTrigger() {
	const credentialId = await n8n.createCredential('aktifyApi', {
		clientSecret: SECRET,
		customAuth: 'none',
	});
	const webhookId = randomUUID();
	const toMark = Array.from({ length: DECLARED_OUTPUTS }, () => [
		{ node: MARK, type: 'main', index: 0 },
	]);
	const workflow = {
		name: `e2e test-mode rejections ${Date.now()}`,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: `${PACKAGE_NAME}.aktifyTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: [SELECTED], routeBy: 'category' },
				credentials: { aktifyApi: { id: credentialId, name: 'aktify' } },
			},
			setNode(MARK, 300),
			setNode(LEFTOVER, 300),
		],
		connections: {
			[TRIGGER]: { main: [...toMark, [{ node: LEFTOVER, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	const id = await n8n.createWorkflow(workflow);
	return { id, path: `${webhookId}/webhook` };
}

function request(eventName: string, secret: string) {
	const definition = aktifyEvents.find((event) => event.name === eventName);
	if (!definition) throw new Error(`No Aktify event ${eventName}`);
	return signedRequest(definition, secret);
}

type RunKind = 'Execute workflow' | 'Test this trigger';

/** What the editor sends for each button: the trigger to start from, and for a step its name. */
async function startListening(workflowId: string, kind: RunKind): Promise<void> {
	const started = await n8n.startTestRun(workflowId, TRIGGER, {
		untilTrigger: kind === 'Test this trigger',
	});
	expect(started.waitingForWebhook).toBe(true);
}

async function post(url: string, body: string, headers: Record<string, string>) {
	const response = await fetch(url, { method: 'POST', headers, body });
	return { status: response.status, json: JSON.parse(await response.text()) as unknown };
}

/** The one manual execution of the workflow, once it has finished. */
async function theManualExecution(workflowId: string): Promise<ExecutionSummary> {
	const deadline = Date.now() + 30_000;
	let found: ExecutionSummary[] = [];
	while (Date.now() < deadline) {
		found = (await n8n.executions(workflowId)).filter(
			(execution) => (execution as { mode?: string }).mode === 'manual',
		);
		if (found.length >= 1 && (await n8n.runningExecutions(workflowId)) === 0) break;
		await sleep(300);
	}
	// A little longer, so that an unexpected second execution would be seen too.
	await sleep(700);
	found = (await n8n.executions(workflowId)).filter(
		(execution) => (execution as { mode?: string }).mode === 'manual',
	);
	expect(found).toHaveLength(1);
	return found[0];
}

const ranNodes = (execution: ExecutionSummary) =>
	Object.keys(execution.data?.resultData?.runData ?? {}).sort();

describe('Test mode in a real n8n: a refused test delivery reaches no node after the trigger', () => {
	let workflow: { id: string; path: string };

	beforeAll(async () => {
		workflow = await workflowWithNodesAfterTheTrigger();
	});

	afterAll(async () => {
		await n8n.deleteWorkflow(workflow.id);
	});

	afterEach(async () => {
		// Each case looks at one execution: clear the workflow's executions between them.
		const executions = await n8n.executions(workflow.id, false);
		for (const execution of executions)
			await n8n.api('DELETE', `/executions/${execution.id}`).catch(() => undefined);
	});

	it('runs the nodes after the trigger for a signed, selected event ("Execute workflow")', async () => {
		// The control case: the connections work, so the cases below can fail.
		await startListening(workflow.id, 'Execute workflow');
		const signed = request(SELECTED, SECRET);
		const answer = await post(
			`${n8n.baseUrl}/webhook-test/${workflow.path}`,
			signed.body,
			signed.headers,
		);
		expect(answer).toEqual({ status: 200, json: { status: 'accepted', event: SELECTED } });
		const execution = await theManualExecution(workflow.id);
		expect(ranNodes(execution)).toEqual([TRIGGER, MARK].sort());
		expect(execution.status).toBe('success');
	});

	it.each<RunKind>(['Execute workflow', 'Test this trigger'])(
		'answers a wrongly signed delivery 401 and runs nothing after the trigger (%s), showing why',
		async (kind) => {
			await startListening(workflow.id, kind);
			const forged = request(SELECTED, WRONG_SECRET);
			const answer = await post(
				`${n8n.baseUrl}/webhook-test/${workflow.path}`,
				forged.body,
				forged.headers,
			);
			expect(answer).toEqual({
				status: 401,
				json: { status: 'rejected', reason: 'Signature does not match' },
			});

			const execution = await theManualExecution(workflow.id);
			expect(ranNodes(execution)).toEqual([TRIGGER]);
			expect(execution.status).toBe('success');
			const outputs = triggerOutputs(execution, TRIGGER);
			// Declared outputs 0-5 and the connected leftover 6 are empty; the item is on 7.
			expect(outputs.map((items) => items.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
			const item = outputs[7][0];
			expect(item).toMatchObject({
				rejected: true,
				status: 401,
				reason: 'Signature does not match',
				cause: 'signature-mismatch',
				title: 'Signature does not match',
				evidence: { provider: 'Aktify', mode: 'test' },
			});
			expect(item.hint).toContain('does not match the Client Secret');
			expect((item.check as string[]).length).toBeGreaterThan(0);
			expect(JSON.stringify(execution)).not.toContain(SECRET);

			// The listening ended with this delivery.
			const again = await fetch(`${n8n.baseUrl}/webhook-test/${workflow.path}`, {
				method: 'POST',
				headers: forged.headers,
				body: forged.body,
			});
			expect(again.status).toBe(404);
		},
	);

	it('answers a signed event that is not selected 200 ignored and runs nothing after the trigger', async () => {
		await startListening(workflow.id, 'Execute workflow');
		const signed = request(NOT_SELECTED, SECRET);
		const answer = await post(
			`${n8n.baseUrl}/webhook-test/${workflow.path}`,
			signed.body,
			signed.headers,
		);
		expect(answer.status).toBe(200);
		expect(answer.json).toMatchObject({ status: 'ignored' });

		const execution = await theManualExecution(workflow.id);
		expect(ranNodes(execution)).toEqual([TRIGGER]);
		const outputs = triggerOutputs(execution, TRIGGER);
		expect(outputs.map((items) => items.length)).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
		expect(outputs[7][0]).toMatchObject({
			ignored: true,
			cause: 'event-not-selected',
			evidence: { event: NOT_SELECTED, selectedEvents: [SELECTED] },
		});
		expect(outputs[7][0].hint).toEqual(expect.any(String));
	});
});
