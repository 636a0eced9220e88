import { randomUUID } from 'crypto';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { BrowserSteps, launchBrowser, type BrowserSession } from '../../harness/browser';
import { PACKAGE_NAME } from '../../harness/installPackage';
import { OWNER_EMAIL, OWNER_PASSWORD } from '../../harness/instance';
import { sharedN8n } from '../e2e/lib/shared';
import { Editor } from '../../harness/editor';

/**
 * "Execute workflow" in the real editor, with a node after the trigger, and a wrongly signed
 * delivery to the Test URL: the node after the trigger shows no run, and the trigger's output
 * panel shows why the delivery was rejected. Then a signed one runs that node, so the check that
 * it did not run can fail.
 */

const n8n = sharedN8n();
const SECRET = 'browser_test_mode_client_secret';
const WRONG_SECRET = 'browser_test_mode_wrong_secret';
const TRIGGER = 'Aktify Trigger';
const MARK = 'Mark';
const EVENT = 'lead.link_clicked';
const CATEGORIES = ['Lead Lifecycle', 'Messaging', 'Voice', 'Links', 'WebChat', 'Other'];

async function createWorkflow(routeBy = 'category'): Promise<{ id: string; testUrl: string }> {
	const credentialId = await n8n.createCredential('aktifyApi', {
		clientSecret: SECRET,
		customAuth: 'none',
	});
	const webhookId = randomUUID();
	const id = await n8n.createWorkflow({
		name: `browser test-mode rejection ${Date.now()}`,
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER,
				type: `${PACKAGE_NAME}.aktifyTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { events: ['*'], routeBy },
				credentials: { aktifyApi: { id: credentialId, name: 'aktify' } },
			},
			{
				id: randomUUID(),
				name: MARK,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [400, 0],
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [{ id: randomUUID(), name: 'mark', value: 'ran', type: 'string' }],
					},
					options: {},
				},
			},
		],
		connections: {
			[TRIGGER]: {
				main: (routeBy === 'category' ? CATEGORIES : ['']).map(() => [
					{ node: MARK, type: 'main', index: 0 },
				]),
			},
		},
		settings: { executionOrder: 'v1' },
	});
	return { id, testUrl: `${n8n.baseUrl}/webhook-test/${webhookId}/webhook` };
}

function request(secret: string) {
	const definition = aktifyEvents.find((event) => event.name === EVENT)!;
	return signedRequest(definition, secret);
}

async function send(url: string, secret: string) {
	const signed = request(secret);
	const answer = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
	return { status: answer.status, json: JSON.parse(await answer.text()) as unknown };
}

describe('A rejected test delivery in the editor', () => {
	let session: BrowserSession;
	let steps: BrowserSteps;
	let editor: Editor;
	let workflow: { id: string; testUrl: string };

	beforeAll(async () => {
		session = await launchBrowser({ viewport: { width: 1440, height: 900 } });
		steps = new BrowserSteps(session, 'test mode rejection');
		editor = new Editor(session.page, n8n.baseUrl);
		workflow = await createWorkflow();
	});

	afterAll(async () => {
		await session?.close();
		if (workflow) await n8n.deleteWorkflow(workflow.id);
	});

	it('with "Execute workflow", runs no node after the trigger and shows why on the trigger', async () => {
		await steps.step('sign in', () => editor.signIn(OWNER_EMAIL, OWNER_PASSWORD));
		await steps.step('open the workflow', () => editor.openWorkflow(workflow.id));
		await steps.step('click "Execute workflow"', () => editor.executeWorkflow());

		const answer = await steps.step('send a wrongly signed event to the Test URL', () =>
			send(workflow.testUrl, WRONG_SECRET),
		);
		expect(answer).toEqual({
			status: 401,
			json: { status: 'rejected', reason: 'Signature does not match' },
		});

		await steps.step('wait for the trigger to show its run', () => editor.waitForNodeRun(TRIGGER));
		// The editor has the finished execution: the node after the trigger has no run in it.
		await session.page.getByText('Waiting for trigger event').waitFor({ state: 'hidden' });
		expect(await editor.nodeShowsRun(MARK)).toBe(false);
		const folder = steps.artifactsFolder;
		mkdirSync(folder, { recursive: true });
		await session.page.screenshot({ path: join(folder, 'canvas-after-rejection.png') });

		await steps.step('open the trigger', () => editor.openNode(TRIGGER));
		const branches = await steps.step('read the output branches', () => editor.outputBranches());
		// The six declared outputs stay empty; the explanation is on one more branch after them.
		expect(branches.slice(0, CATEGORIES.length)).toEqual(
			CATEGORIES.map((category) => `${category} Branch`),
		);
		expect(branches).toHaveLength(CATEGORIES.length + 1);
		const extra = branches[CATEGORIES.length];
		expect(extra).toMatch(/\(1 item\)$/);
		const json = await steps.step('show the explanation as JSON', () =>
			editor.branchJson(extra.replace(/ \(1 item\)$/, ''), '"rejected"'),
		);
		await session.page.screenshot({ path: join(folder, 'trigger-output-after-rejection.png') });
		writeFileSync(join(folder, 'trigger-output-after-rejection.txt'), json);
		// The JSON view shows what fits on screen (long items are cut off below), so read keys
		// and values from its text rather than parsing it whole.
		const shown = json.replace(/\s+/g, ' ');
		expect(shown).toContain('"rejected": true');
		expect(shown).toContain('"status": 401');
		expect(shown).toContain('"cause": "signature-mismatch"');
		expect(shown).toContain('"title": "Signature does not match"');
		expect(shown).toMatch(/"hint": "[^"]*does not match the Client Secret/);
		expect(shown).toMatch(/"check": \[ "[^"]+/);
		await steps.step('close the node view', () => editor.closeNode());

		// Control: a signed event does run the node after the trigger, and the canvas shows it.
		await steps.step('click "Execute workflow" again', () => editor.executeWorkflow());
		const accepted = await steps.step('send a signed event to the Test URL', () =>
			send(workflow.testUrl, SECRET),
		);
		expect(accepted).toEqual({ status: 200, json: { status: 'accepted', event: EVENT } });
		await steps.step('wait for the node after the trigger to show its run', () =>
			editor.waitForNodeRun(MARK),
		);
		expect(await editor.nodeShowsRun(MARK)).toBe(true);
	});
	it('shows the explanation of an unrouted trigger on a second branch', async () => {
		const unrouted = await createWorkflow('none');
		try {
			await steps.step('open the unrouted workflow', () => editor.openWorkflow(unrouted.id));
			await steps.step('click "Execute workflow" (unrouted)', () => editor.executeWorkflow());
			const answer = await steps.step('send a wrongly signed event (unrouted)', () =>
				send(unrouted.testUrl, WRONG_SECRET),
			);
			expect(answer.status).toBe(401);
			await steps.step('wait for the trigger to show its run (unrouted)', () =>
				editor.waitForNodeRun(TRIGGER),
			);
			await session.page.getByText('Waiting for trigger event').waitFor({ state: 'hidden' });
			expect(await editor.nodeShowsRun(MARK)).toBe(false);
			await steps.step('open the trigger (unrouted)', () => editor.openNode(TRIGGER));
			const branches = await steps.step('read the output branches (unrouted)', () =>
				editor.outputBranches(),
			);
			process.stderr.write(`[browser] unrouted trigger branches: ${JSON.stringify(branches)}\n`);
			expect(branches).toHaveLength(2);
			expect(branches[0]).not.toMatch(/item/);
			expect(branches[1]).toMatch(/\(1 item\)$/);
			await session.page.screenshot({
				path: join(steps.artifactsFolder, 'unrouted-trigger-output-after-rejection.png'),
			});
			await steps.step('close the node view (unrouted)', () => editor.closeNode());
		} finally {
			await n8n.deleteWorkflow(unrouted.id);
		}
	});
});
