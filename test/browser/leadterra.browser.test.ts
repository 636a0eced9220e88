import { BrowserSteps, launchBrowser, type BrowserSession } from '../../harness/browser';
import { OWNER_EMAIL, OWNER_PASSWORD } from '../../harness/instance';
import { sharedN8n } from '../e2e/lib/shared';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { Editor } from '../../harness/editor';
import { eventually } from '../e2e/lib/eventually';

/**
 * The Leadterra Trigger's test mode from the editor, against the fake Leadterra API: "Test this
 * trigger" registers n8n's test URL at Leadterra, a signed delivery appears on its branch, and
 * n8n removes the test registration once the event has arrived.
 */

const n8n = sharedN8n();

describe('Leadterra Trigger in the editor', () => {
	const fake = new FakeLeadterra();
	let session: BrowserSession;
	let steps: BrowserSteps;
	let editor: Editor;

	beforeAll(async () => {
		await fake.start();
		session = await launchBrowser();
		steps = new BrowserSteps(session, 'leadterra trigger');
		editor = new Editor(session.page, n8n.baseUrl);
	});

	afterAll(async () => {
		await session?.close();
		await fake.stop();
	});

	it('registers the test URL, shows a signed delivery on its branch, then removes the registration', async () => {
		await steps.step('sign in', () => editor.signIn(OWNER_EMAIL, OWNER_PASSWORD));
		await steps.step('open a new workflow', () => editor.newWorkflow());
		const found = await steps.step('search "Leadterra" in the node panel', () =>
			editor.searchNodes('Leadterra'),
		);
		expect(found).toContain('Leadterra');
		const actions = await steps.step('add the Leadterra Trigger (On all events)', () =>
			editor.addTrigger('Leadterra', 'On all events'),
		);
		expect(actions).toEqual(
			expect.arrayContaining(['On all events', 'On reply received', 'On message sent']),
		);
		await steps.step('create the credential, pointing its base URL at the fake API', () =>
			editor.createCredential({ apiKey: fake.apiKey, baseUrl: fake.baseUrl }),
		);
		// The credential test (a sender-pools call) ran against the fake, with the key typed in.
		const probes = fake.requests('GET', '/v1/sender-pools');
		expect(probes.length).toBeGreaterThanOrEqual(1);
		expect(probes.every((probe) => probe.headers.authorization === `Bearer ${fake.apiKey}`)).toBe(
			true,
		);

		await steps.step('set Route By to Event', () => editor.selectOption('routeBy', 'Event'));
		await steps.step('close the node view', () => editor.closeNode());
		const labels = await steps.step('read the output labels on the canvas', () =>
			editor.outputLabels(),
		);
		expect(labels).toEqual([
			'campaign.started',
			'message.sent',
			'message.bounced',
			'reply.received',
			'Other',
		]);
		expect(fake.list()).toEqual([]);

		await steps.step('open the trigger', () => editor.openNode('Leadterra Trigger'));
		await steps.step('click "Test this trigger"', () => editor.testTrigger());

		const testUrl = `${n8n.baseUrl}/webhook-test/`;
		const registered = await steps.step('the fake sees the test URL registered', async () => {
			const found = await eventually(
				() => fake.list(),
				(list) => list.length > 0,
				60_000,
			);
			if (found.length !== 1)
				throw new Error(`expected one registration, found ${JSON.stringify(found)}`);
			return found[0];
		});
		expect(registered.url.startsWith(testUrl)).toBe(true);
		expect(registered.events.sort()).toEqual(
			['campaign.started', 'message.bounced', 'message.sent', 'reply.received'].sort(),
		);

		const deliveries = await steps.step('Leadterra sends a signed reply.received', () =>
			fake.deliver('reply.received'),
		);
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);

		const branches = await steps.step('wait for the item in the output panel', () =>
			editor.outputBranches(),
		);
		expect(branches.filter((branch) => /\(\d+ items?\)/.test(branch))).toEqual([
			'Reply.received Branch (1 item)',
		]);
		const json = await steps.step('show the reply branch as JSON', () =>
			editor.branchJson('Reply.received Branch'),
		);
		const items = JSON.parse(json) as Array<Record<string, unknown>>;
		expect(items).toHaveLength(1);
		expect(items[0].event).toBe('reply.received');

		const left = await steps.step('n8n removes the test registration', () =>
			eventually(
				() => fake.list(),
				(list) => list.length === 0,
				60_000,
			),
		);
		expect(left).toEqual([]);
		expect(fake.requests('DELETE', `/v1/webhooks/${registered.id}`)).toHaveLength(1);
	});
});
