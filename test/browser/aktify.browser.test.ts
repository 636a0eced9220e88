import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { BrowserSteps, launchBrowser, type BrowserSession } from '../../harness/browser';
import { OWNER_EMAIL, OWNER_PASSWORD } from '../../harness/instance';
import { sharedN8n } from '../e2e/lib/shared';
import { Editor } from '../../harness/editor';

/**
 * A new user's path with the Aktify Trigger, in Chromium against the real n8n of the e2e harness:
 * find the node, connect a credential, route by category, listen for a test event and see a
 * signed event arrive on its branch.
 */

const n8n = sharedN8n();
const SECRET = 'browser_test_client_secret';
const EVENT = 'lead.message_received';

describe('Aktify Trigger in the editor', () => {
	let session: BrowserSession;
	let steps: BrowserSteps;
	let editor: Editor;

	beforeAll(async () => {
		session = await launchBrowser();
		steps = new BrowserSteps(session, 'aktify trigger');
		editor = new Editor(session.page, n8n.baseUrl);
	});

	afterAll(async () => {
		await session?.close();
	});

	it('routes by category on the canvas and shows a signed test event on the Messaging branch', async () => {
		await steps.step('sign in', () => editor.signIn(OWNER_EMAIL, OWNER_PASSWORD));
		await steps.step('open a new workflow', () => editor.newWorkflow());

		const found = await steps.step('search "Aktify" in the node panel', () =>
			editor.searchNodes('Aktify'),
		);
		expect(found).toContain('Aktify');

		const actions = await steps.step('add the Aktify Trigger (On all events)', () =>
			editor.addTrigger('Aktify', 'On all events'),
		);
		expect(actions).toContain('On message received');
		expect(actions).toHaveLength(aktifyEventNames().length + 1);

		await steps.step('create the credential in the credential dialog', () =>
			editor.createCredential({ clientSecret: SECRET }),
		);
		await steps.step('set Route By to Category', () => editor.selectOption('routeBy', 'Category'));
		await steps.step('close the node view', () => editor.closeNode());

		const labels = await steps.step('read the output labels on the canvas', () =>
			editor.outputLabels(),
		);
		expect(labels).toEqual(['Lead Lifecycle', 'Messaging', 'Voice', 'Links', 'WebChat', 'Other']);

		await steps.step('open the trigger', () => editor.openNode('Aktify Trigger'));
		await steps.step('click "Test this trigger"', () => editor.testTrigger());

		const workflowId = editor.workflowId();
		const response = await steps.step('send a signed event to the test URL', async () => {
			const webhookId = await triggerWebhookId(workflowId, 'Aktify Trigger');
			const definition = aktifyEvents.find((event) => event.name === EVENT)!;
			const request = signedRequest(definition, SECRET);
			const answer = await fetch(`${n8n.baseUrl}/webhook-test/${webhookId}/webhook`, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			return { status: answer.status, text: await answer.text() };
		});
		expect(response.status).toBe(200);
		expect(JSON.parse(response.text)).toEqual({ status: 'accepted', event: EVENT });

		const branches = await steps.step('wait for the item in the output panel', () =>
			editor.outputBranches(),
		);
		expect(branches).toEqual([
			'Lead Lifecycle Branch',
			'Messaging Branch (1 item)',
			'Voice Branch',
			'Links Branch',
			'WebChat Branch',
			'Other Branch',
		]);
		const json = await steps.step('show the Messaging branch as JSON', () =>
			editor.branchJson('Messaging Branch'),
		);
		const item = JSON.parse(json) as Array<Record<string, unknown>>;
		expect(item).toHaveLength(1);
		expect(item[0]).toMatchObject({
			event: EVENT,
			category: 'Messaging',
			authentication: 'signature-v2',
			data: { phone: '+15095551234' },
		});
	});
});

function aktifyEventNames(): string[] {
	return [...new Set(aktifyEvents.map((event) => event.name))];
}

/** The webhook id n8n gave the node; its test URL is `/webhook-test/<id>/webhook`. */
async function triggerWebhookId(workflowId: string, nodeName: string): Promise<string> {
	const workflow = await n8n.api<{ nodes: Array<{ name: string; webhookId?: string }> }>(
		'GET',
		`/workflows/${workflowId}`,
	);
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node?.webhookId)
		throw new Error(`Workflow ${workflowId} has no saved ${nodeName} with a webhook id`);
	return node.webhookId;
}
