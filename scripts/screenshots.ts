/**
 * `npm run screenshots`: regenerates the editor screenshots under docs/images/ from a real n8n with
 * the packed package installed, the platform fakes behind the credentials, and Chromium at
 * 1280×800. Each picture is checked against a size budget so the docs stay light.
 * `npm run screenshots -- <file.png> …` regenerates only the pictures named.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'fs';
import { join } from 'path';

import { aktifyEvents } from '../nodes/Aktify/events';
import { activeCampaign as activeCampaignProvider } from '../nodes/ActiveCampaign/provider';
import { aktify } from '../nodes/Aktify/provider';
import { leadterra as leadterraProvider } from '../nodes/Leadterra/provider';
import { smartlead as smartleadProvider } from '../nodes/Smartlead/provider';
import { BrowserSteps, launchBrowser, type BrowserSession } from '../harness/browser';
import type { N8nClient } from '../harness/client';
import { REPO_ROOT } from '../harness/installPackage';
import { OWNER_EMAIL, OWNER_PASSWORD, startN8n, type N8nInstance } from '../harness/instance';
import { Editor } from '../harness/editor';
import { FakeActiveCampaign } from '../harness/fakes/activecampaign';
import { FakeLeadterra } from '../harness/fakes/leadterra';
import { FakeSmartlead } from '../harness/fakes/smartlead';
import { signedRequest } from '../nodes/Aktify/simulation';

const IMAGES = join(REPO_ROOT, 'docs', 'images');
const MAX_BYTES = 200 * 1024;
const PACKAGE = 'n8n-nodes-lead-events';
const AKTIFY_SECRET = 'docs_demo_client_secret';
const SMARTLEAD_KEY = 'docs-smartlead-api-key';
/** The Aktify Trigger's outputs when routed by category. */
const AKTIFY_CATEGORIES = [...aktify.categories, 'Other'];

const log = (line: string) => console.log(`[screenshots] ${line}`);
const ONLY = process.argv.slice(2).filter((argument) => argument.endsWith('.png'));

interface NodeSpec {
	name: string;
	type: string;
	position: [number, number];
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

function workflow(name: string, nodes: NodeSpec[], connections: Record<string, unknown> = {}) {
	return {
		name,
		nodes: nodes.map((node, index) => ({
			id: `docs-node-${index}`,
			typeVersion: 1,
			parameters: {},
			...node,
		})),
		connections,
		settings: { executionOrder: 'v1' },
	};
}

async function credential(client: N8nClient, type: string, name: string, data: object) {
	return { [type]: { id: await client.createCredential(type, { ...data }, name), name } };
}

/** The Aktify Trigger routed by category, each output into a No Operation node named after it. */
function aktifyWorkflow(credentials: NodeSpec['credentials']) {
	const branches: NodeSpec[] = AKTIFY_CATEGORIES.map((category, index) => ({
		name: category,
		type: 'n8n-nodes-base.noOp',
		position: [420, index * 140 - 350],
	}));
	return workflow(
		'Aktify: branch on lead events',
		[
			{
				name: 'Aktify Trigger',
				type: `${PACKAGE}.${aktify.nodeTypes.trigger}`,
				position: [0, 0],
				webhookId: 'docs-aktify',
				parameters: { events: ['*'], routeBy: 'category', options: {} },
				credentials,
			},
			...branches,
		],
		{
			'Aktify Trigger': {
				main: branches.map((branch) => [{ node: branch.name, type: 'main', index: 0 }]),
			},
		},
	);
}

/** docs/examples/rejection-alerts.json, as a user imports it, with the docs' Aktify credential. */
function rejectionAlertsWorkflow(credentials: NodeSpec['credentials']) {
	const example = JSON.parse(
		readFileSync(join(REPO_ROOT, 'docs', 'examples', 'rejection-alerts.json'), 'utf8'),
	) as { nodes: Array<Record<string, unknown>> };
	for (const node of example.nodes) {
		if (node.name === 'Aktify Trigger') {
			node.credentials = credentials;
			node.webhookId = 'docs-rejection-alerts';
		}
	}
	return example;
}

class Shooter {
	constructor(
		private readonly session: BrowserSession,
		private readonly steps: BrowserSteps,
	) {}

	async save(file: string, prepare: () => Promise<void>): Promise<void> {
		if (ONLY.length > 0 && !ONLY.includes(file)) return;
		await this.steps.step(file, async () => {
			await prepare();
			// Keep hover effects (the Fixed/Expression switch) out of the picture.
			await this.session.page.mouse.move(0, 0);
			// Let transitions and lazy-loaded icons settle so the picture shows the final state.
			await this.session.page.waitForTimeout(800);
			const path = join(IMAGES, file);
			await this.session.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
			const bytes = statSync(path).size;
			log(`${file}: ${Math.round(bytes / 1024)} KB`);
			if (bytes > MAX_BYTES)
				throw new Error(`${file} is ${Math.round(bytes / 1024)} KB, over the 200 KB budget`);
		});
	}
}

async function main(): Promise<void> {
	mkdirSync(IMAGES, { recursive: true });
	const leadterra = new FakeLeadterra();
	const smartlead = new FakeSmartlead({ apiKey: SMARTLEAD_KEY });
	const activeCampaign = new FakeActiveCampaign();
	await Promise.all([leadterra.start(), smartlead.start(), activeCampaign.server.start()]);
	let n8n: N8nInstance | undefined;
	let session: BrowserSession | undefined;
	try {
		n8n = await startN8n({ log });
		const client = n8n.client;
		const aktifyCredentials = await credential(client, 'aktifyApi', 'Aktify account', {
			clientSecret: AKTIFY_SECRET,
			customAuth: 'none',
		});
		const leadterraCredentials = await credential(client, 'leadterraApi', 'Leadterra account', {
			apiKey: leadterra.apiKey,
			baseUrl: leadterra.baseUrl,
			signingSecret: '',
		});
		const ids = {
			aktify: await client.createWorkflow(aktifyWorkflow(aktifyCredentials)),
			leadterraTrigger: await client.createWorkflow(
				workflow('Leadterra: replies and bounces', [
					{
						name: 'Leadterra Trigger',
						type: `${PACKAGE}.${leadterraProvider.nodeTypes.trigger}`,
						position: [0, 0],
						webhookId: 'docs-leadterra',
						parameters: {
							events: ['reply.received', 'message.bounced'],
							routeBy: 'event',
							options: {},
						},
						credentials: leadterraCredentials,
					},
				]),
			),
			smartlead: await client.createWorkflow(
				workflow('SmartLead: replies of one campaign', [
					{
						name: 'SmartLead Trigger',
						type: `${PACKAGE}.${smartleadProvider.nodeTypes.trigger}`,
						position: [0, 0],
						webhookId: 'docs-smartlead',
						parameters: { scope: 'campaign', campaignId: '9181', events: ['EMAIL_REPLY'] },
						credentials: await credential(client, 'smartleadApi', 'SmartLead account', {
							apiKey: SMARTLEAD_KEY,
							baseUrl: smartlead.baseUrl,
						}),
					},
				]),
			),
			activeCampaign: await client.createWorkflow(
				workflow('ActiveCampaign: contact events', [
					{
						name: 'ActiveCampaign Events Trigger',
						type: `${PACKAGE}.${activeCampaignProvider.nodeTypes.trigger}`,
						position: [0, 0],
						webhookId: 'docs-activecampaign',
						parameters: { events: ['subscribe', 'unsubscribe', 'update'], routeBy: 'event' },
						credentials: await credential(
							client,
							'activeCampaignEventsApi',
							'ActiveCampaign account',
							{ apiUrl: activeCampaign.url, apiKey: activeCampaign.apiKey },
						),
					},
				]),
			),
			rejectionAlerts: await client.createWorkflow(rejectionAlertsWorkflow(aktifyCredentials)),
			leadterraAction: await client.createWorkflow(
				workflow(
					'Leadterra: register a webhook',
					[
						{
							name: 'When clicking ‘Execute workflow’',
							type: 'n8n-nodes-base.manualTrigger',
							position: [0, 0],
						},
						{
							name: 'Leadterra',
							type: `${PACKAGE}.${leadterraProvider.nodeTypes.action}`,
							position: [300, 0],
							parameters: {
								resource: 'webhook',
								operation: 'create',
								url: 'https://n8n.example.com/webhook/leadterra-replies',
								events: ['reply.received', 'message.bounced'],
							},
							credentials: leadterraCredentials,
						},
					],
					{
						'When clicking ‘Execute workflow’': {
							main: [[{ node: 'Leadterra', type: 'main', index: 0 }]],
						},
					},
				),
			),
		};

		session = await launchBrowser({ viewport: { width: 1280, height: 800 }, log });
		const steps = new BrowserSteps(session, 'screenshots');
		const editor = new Editor(session.page, n8n.baseUrl);
		const shoot = new Shooter(session, steps);
		await steps.step('sign in', () => editor.signIn(OWNER_EMAIL, OWNER_PASSWORD));

		await shoot.save('canvas-routed-outputs.png', async () => {
			await editor.openWorkflow(ids.aktify);
			await editor.testId('zoom-to-fit').click();
		});
		await shoot.save('aktify-trigger-parameters.png', () => editor.openNode('Aktify Trigger'));
		await shoot.save('output-panel-item.png', async () => {
			await editor.testTrigger();
			const definition = aktifyEvents.find((event) => event.name === 'lead.message_received')!;
			const request = signedRequest(definition, AKTIFY_SECRET);
			const response = await fetch(`${n8n!.baseUrl}/webhook-test/docs-aktify/webhook`, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			if (response.status !== 200)
				throw new Error(`the test event got ${response.status}: ${await response.text()}`);
			await editor.outputBranches();
			await editor.branchJson('Messaging Branch');
		});

		await shoot.save('rejected-output.png', async () => {
			await editor.openWorkflow(ids.rejectionAlerts);
			await editor.testId('zoom-to-fit').click();
		});
		await shoot.save('rejected-output-item.png', async () => {
			await editor.openNode('Aktify Trigger');
			await editor.testTrigger();
			const definition = aktifyEvents.find((event) => event.name === 'lead.message_received')!;
			const request = signedRequest(definition, 'not_the_client_secret');
			const response = await fetch(`${n8n!.baseUrl}/webhook-test/docs-rejection-alerts/webhook`, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			if (response.status !== 401)
				throw new Error(`the forged test event got ${response.status}: ${await response.text()}`);
			const branches = await editor.outputBranches();
			await editor.branchJson(branches[1].replace(/ \(1 item\)$/, ''), '"mostFrequent"');
		});

		await shoot.save('leadterra-trigger-parameters.png', async () => {
			await editor.openWorkflow(ids.leadterraTrigger);
			await editor.openNode('Leadterra Trigger');
		});
		await shoot.save('smartlead-trigger-scope.png', async () => {
			await editor.openWorkflow(ids.smartlead);
			await editor.openNode('SmartLead Trigger');
			const campaigns = await editor.openOptions('campaignId');
			if (!campaigns.some((name) => name.includes('Q1 Outreach')))
				throw new Error(`the campaign list did not load from the fake: ${campaigns.join(', ')}`);
		});
		await shoot.save('activecampaign-trigger-parameters.png', async () => {
			await editor.openWorkflow(ids.activeCampaign);
			await editor.openNode('ActiveCampaign Events Trigger');
		});
		await shoot.save('leadterra-action-node.png', async () => {
			await editor.openWorkflow(ids.leadterraAction);
			await editor.openNode('Leadterra');
		});
		log(`done: ${IMAGES}`);
	} finally {
		await session?.close();
		await n8n?.stop();
		if (n8n) rmSync(n8n.userFolder, { recursive: true, force: true });
		await Promise.all([leadterra.stop(), smartlead.stop(), activeCampaign.server.stop()]);
	}
}

main().catch((error: Error) => {
	console.error(`[screenshots] ${error.message}`);
	process.exit(1);
});
