import { randomUUID } from 'crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createServer, type Server } from 'http';
import { type AddressInfo } from 'net';
import { join } from 'path';

import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { BrowserSteps, launchBrowser, type BrowserSession } from '../../harness/browser';
import { REPO_ROOT } from '../../harness/installPackage';
import { OWNER_EMAIL, OWNER_PASSWORD } from '../../harness/instance';
import { sharedN8n } from '../e2e/lib/shared';
import { Editor } from '../../harness/editor';

/**
 * Report Rejections in the real editor, with the example workflow users import
 * (docs/examples/rejection-alerts.json): the trigger's last output is labelled Rejected, and a
 * wrongly signed test delivery (with "Execute workflow") runs the alert branch with the report,
 * while the event branch stays idle. The alert goes to a local stand-in for Slack.
 */

const n8n = sharedN8n();
const SECRET = 'browser_report_client_secret';
const WRONG_SECRET = 'browser_report_wrong_secret';
const TRIGGER = 'Aktify Trigger';
const EVENTS_NODE = 'Handle Aktify events';
const ALERT_NODE = 'Send alert to Slack';

interface ExampleNode {
	name: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, unknown>;
}

describe('The Rejected output in the editor', () => {
	let session: BrowserSession;
	let steps: BrowserSteps;
	let editor: Editor;
	let slack: Server;
	const alerts: string[] = [];
	let workflowId: string;
	let testUrl: string;

	beforeAll(async () => {
		slack = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			req.on('end', () => {
				alerts.push(body);
				res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
			});
		});
		await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
		const slackUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/services/test`;

		const example = JSON.parse(
			readFileSync(join(REPO_ROOT, 'docs', 'examples', 'rejection-alerts.json'), 'utf8'),
		) as { name: string; nodes: ExampleNode[] };
		const credentialId = await n8n.createCredential('aktifyApi', {
			clientSecret: SECRET,
			customAuth: 'none',
		});
		const webhookId = randomUUID();
		for (const node of example.nodes) {
			if (node.name === TRIGGER) {
				node.webhookId = webhookId;
				node.credentials = { aktifyApi: { id: credentialId, name: 'aktify' } };
			}
			if (node.name === ALERT_NODE) node.parameters.url = slackUrl;
		}
		workflowId = await n8n.createWorkflow({ ...example, name: `${example.name} ${Date.now()}` });
		testUrl = `${n8n.baseUrl}/webhook-test/${webhookId}/webhook`;

		session = await launchBrowser({ viewport: { width: 1440, height: 900 } });
		steps = new BrowserSteps(session, 'rejected output');
		editor = new Editor(session.page, n8n.baseUrl);
	});

	afterAll(async () => {
		await session?.close();
		if (workflowId) await n8n.deleteWorkflow(workflowId);
		await new Promise((resolve) => slack?.close(resolve));
	});

	it('labels the last output Rejected and shows a rejected test delivery on it, running the alert branch', async () => {
		await steps.step('sign in', () => editor.signIn(OWNER_EMAIL, OWNER_PASSWORD));
		await steps.step('open the example workflow', () => editor.openWorkflow(workflowId));
		const labels = await steps.step('read the output labels on the canvas', () =>
			editor.outputLabels(),
		);
		// Not routed: Events, then Rejected; the other nodes' outputs are unnamed.
		expect(labels.filter((label) => label !== '')).toEqual(['Events', 'Rejected']);
		const folder = steps.artifactsFolder;
		mkdirSync(folder, { recursive: true });
		await session.page.screenshot({ path: join(folder, 'canvas-rejected-output.png') });

		await steps.step('click "Execute workflow"', () => editor.executeWorkflow());
		const definition = aktifyEvents.find((event) => event.name === 'lead.link_clicked')!;
		const forged = signedRequest(definition, WRONG_SECRET);
		const answer = await steps.step('send a wrongly signed event to the Test URL', async () => {
			const response = await fetch(testUrl, {
				method: 'POST',
				headers: forged.headers,
				body: forged.body,
			});
			return { status: response.status, json: JSON.parse(await response.text()) as unknown };
		});
		expect(answer).toEqual({
			status: 401,
			json: { status: 'rejected', reason: 'Signature does not match' },
		});
		await steps.step('wait for the alert node to run', () => editor.waitForNodeRun(ALERT_NODE));
		expect(await editor.nodeShowsRun(EVENTS_NODE)).toBe(false);
		expect(alerts).toHaveLength(1);
		const alert = JSON.parse(alerts[0]) as { text: string };
		expect(alert.text).toContain('Test delivery to "Aktify Trigger"');
		expect(alert.text).toContain('1 × Signature does not match');
		expect(alert.text).toContain('Check: ');

		await steps.step('open the trigger', () => editor.openNode(TRIGGER));
		const branches = await steps.step('read the output branches', () => editor.outputBranches());
		expect(branches).toHaveLength(2);
		expect(branches[0]).toMatch(/^Events Branch/);
		expect(branches[1]).toMatch(/^Rejected.*\(1 item\)$/);
		const json = await steps.step('show the report as JSON', () =>
			editor.branchJson(branches[1].replace(/ \(1 item\)$/, ''), '"mostFrequent"'),
		);
		await session.page.screenshot({ path: join(folder, 'trigger-rejected-output.png') });
		writeFileSync(join(folder, 'trigger-rejected-output.txt'), json);
		const shown = json.replace(/\s+/g, ' ');
		expect(shown).toContain('"rejectedCount": 1');
		expect(shown).toContain('"cause": "signature-mismatch"');
		// The JSON view shows what fits on screen, so the check is on the fields at the top.
		expect(shown).toContain('"message": "Test delivery to \\"Aktify Trigger\\"');
		// Nothing the sender sent: not the body, not the signature header.
		const body = JSON.parse(forged.body) as { data: { phone?: string } };
		if (body.data.phone) expect(shown).not.toContain(body.data.phone);
		expect(shown).not.toContain(forged.headers['aktify-signature'].slice(-16));
		expect(shown).not.toContain('"body"');
		await steps.step('close the node view', () => editor.closeNode());
	});
});
