/**
 * The four editions in a real n8n, next to the all-in-one package: ONE n8n (the harness's version,
 * 2.41.1) with all five packages installed the way n8n installs community packages. It checks that
 * both packages load (every node type listed, no load error in n8n's log), that each edition's
 * trigger verifies and routes a real delivery and refuses a forged one, that the registering three
 * register with their fake platform on publish and remove it on unpublish, and that one credential
 * of each shared type (`aktifyApi`, …) serves the edition's trigger and the all-in-one's trigger
 * alike. The editions carry no zod; they load it from n8n's own `node_modules` (NODE_PATH).
 */
import { randomUUID } from 'crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join } from 'path';

import { ACTIVECAMPAIGN_CATEGORIES, activeCampaignEvents } from '../../nodes/ActiveCampaign/events';
import { encodeFormBody } from '../../nodes/ActiveCampaign/formParser';
import { AKTIFY_CATEGORIES, aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { SIGNATURE_HEADER, signLeadterraBody } from '../../nodes/Leadterra/auth';
import { LEADTERRA_CATEGORIES, leadterraEvents } from '../../nodes/Leadterra/events';
import { SMARTLEAD_CATEGORIES, smartleadEvents } from '../../nodes/Smartlead/events';
import { triggerOutputs, type ExecutionSummary, type N8nClient } from '../../harness/client';
import { FakeActiveCampaign, FAKE_API_KEY } from '../../harness/fakes/activecampaign';
import { postDelivery } from '../../harness/fakes/fakeServer';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { FakeSmartlead } from '../../harness/fakes/smartlead';
import {
	installTarball,
	packPackage,
	PACKAGE_NAME,
	REPO_ROOT,
	type InstalledPackage,
} from '../../harness/installPackage';
import { startN8n, type N8nInstance } from '../../harness/instance';
import { defaultLog } from '../../harness/provision';
import { buildEdition, listEditions, type Edition } from '../../scripts/lib/editions';

jest.setTimeout(15 * 60_000);

const AKTIFY_SECRET = 'editions_e2e_client_secret_0123456789';
const SMARTLEAD_KEY = 'slk-editions-e2e-4Rt8Qm2Vx';

/** A delivery as the platform sent it: where to, and n8n's answer. */
interface Sent {
	url: string;
	status: number;
}

/** One published workflow: a trigger routed by category into one No-Op node per output. */
interface Deployed {
	id: string;
	/** `n8n-nodes-aktify-events` or the all-in-one. */
	packageName: string;
	path: string;
	/** n8n's production URL of the trigger, without a query. */
	url: string;
}

/** What differs between the four services; the test below is the same for each. */
interface Service {
	edition: string;
	trigger: string;
	credentialType: string;
	categories: readonly string[];
	parameters: Record<string, unknown>;
	/** The event delivered, in the catalogue's third category (so its output is not the first). */
	event: { name: string; category: string };
	start(): Promise<void>;
	stop(): Promise<void>;
	credentialData(): Record<string, unknown>;
	/** How many registrations the platform holds for a trigger URL; undefined: nothing registers. */
	registrations?(url: string): number;
	/** Sends the event to each target as the platform would. */
	deliver(n8n: N8nClient, targets: Deployed[]): Promise<Sent[]>;
	/** A delivery to `target` that fails authentication (wrong signature or token). */
	forge(n8n: N8nClient, target: Deployed): Promise<Sent>;
}

const inThirdCategory = (
	events: ReadonlyArray<{ name: string; category: string }>,
	categories: readonly string[],
) => events.find((event) => event.category === categories[2])!;

const withoutQuery = (url: string) => url.split('?')[0];
const withToken = (url: string, token: string) => `${withoutQuery(url)}?token=${token}`;

function aktify(): Service {
	const definition = aktifyEvents.find(
		(event) => event.category === AKTIFY_CATEGORIES[2] && event.version === 'v2',
	)!;
	return {
		edition: 'aktify',
		trigger: 'aktifyTrigger',
		credentialType: 'aktifyApi',
		categories: AKTIFY_CATEGORIES,
		parameters: { events: ['*'], routeBy: 'category' },
		event: definition,
		start: async () => undefined,
		stop: async () => undefined,
		credentialData: () => ({ clientSecret: AKTIFY_SECRET, customAuth: 'none' }),
		deliver: async (n8n, targets) =>
			Promise.all(
				targets.map(async (target) => {
					const request = signedRequest(definition, AKTIFY_SECRET);
					const response = await n8n.deliver(target.path, request.body, request.headers);
					return { url: target.url, status: response.status };
				}),
			),
		forge: async (n8n, target) => {
			const request = signedRequest(definition, 'not_the_client_secret_0123456789');
			const response = await n8n.deliver(target.path, request.body, request.headers);
			return { url: target.url, status: response.status };
		},
	};
}

function leadterra(): Service {
	const fake = new FakeLeadterra();
	const event = inThirdCategory(leadterraEvents, LEADTERRA_CATEGORIES);
	return {
		edition: 'leadterra',
		trigger: 'leadterraTrigger',
		credentialType: 'leadterraApi',
		categories: LEADTERRA_CATEGORIES,
		parameters: { events: ['*'], routeBy: 'category' },
		event,
		start: async () => void (await fake.start()),
		stop: () => fake.stop(),
		credentialData: () => ({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, signingSecret: '' }),
		registrations: (url) => fake.list().filter((hook) => withoutQuery(hook.url) === url).length,
		// The platform sends one event to every registration subscribed to it: both triggers.
		deliver: async () =>
			(await fake.deliver(event.name)).map(({ url, status }) => ({
				url: withoutQuery(url),
				status,
			})),
		forge: async (_n8n, target) => {
			const hook = fake.list().find((candidate) => withoutQuery(candidate.url) === target.url)!;
			const body = fake.bodyFor(event.name);
			const response = await postDelivery(hook.url, body, {
				'content-type': 'application/json',
				[SIGNATURE_HEADER]: signLeadterraBody('whsec_not_the_signing_secret', body),
			});
			return { url: target.url, status: response.status };
		},
	};
}

function smartlead(): Service {
	const fake = new FakeSmartlead({ apiKey: SMARTLEAD_KEY });
	const event = inThirdCategory(smartleadEvents, SMARTLEAD_CATEGORIES);
	return {
		edition: 'smartlead',
		trigger: 'smartleadTrigger',
		credentialType: 'smartleadApi',
		categories: SMARTLEAD_CATEGORIES,
		parameters: {
			scope: 'user',
			events: ['*'],
			leadCategories: ['Meeting Booked'],
			routeBy: 'category',
		},
		event,
		start: async () => void (await fake.start()),
		stop: () => fake.stop(),
		credentialData: () => ({ apiKey: SMARTLEAD_KEY, baseUrl: fake.baseUrl }),
		registrations: (url) =>
			fake.all().filter((hook) => withoutQuery(hook.webhookUrl) === url).length,
		deliver: async () => {
			const urls = new Map(fake.all().map((hook) => [hook.id, withoutQuery(hook.webhookUrl)]));
			return (await fake.deliver(event.name)).map(({ webhookId, status }) => ({
				url: urls.get(webhookId)!,
				status,
			}));
		},
		forge: async (_n8n, target) => {
			const hook = fake
				.all()
				.find((candidate) => withoutQuery(candidate.webhookUrl) === target.url)!;
			const response = await postDelivery(
				withToken(hook.webhookUrl, 'not-the-token'),
				JSON.stringify(fake.payloadFor(event.name, hook)),
				{ 'content-type': 'application/json' },
			);
			return { url: target.url, status: response.status };
		},
	};
}

function activeCampaign(): Service {
	const fake = new FakeActiveCampaign();
	const definition = activeCampaignEvents.find(
		(event) => event.category === ACTIVECAMPAIGN_CATEGORIES[2],
	)!;
	return {
		edition: 'activecampaign',
		trigger: 'activeCampaignEventsTrigger',
		credentialType: 'activeCampaignEventsApi',
		categories: ACTIVECAMPAIGN_CATEGORIES,
		parameters: { events: ['*'], routeBy: 'category' },
		event: definition,
		start: async () => void (await fake.start()),
		stop: () => fake.stop(),
		credentialData: () => ({ apiUrl: fake.url, apiKey: FAKE_API_KEY }),
		registrations: (url) =>
			fake.hooksFor(url).filter((hook) => withoutQuery(hook.url) === url).length,
		deliver: async () =>
			(await fake.fire(definition.name)).map(({ url, status }) => ({
				url: withoutQuery(url),
				status,
			})),
		forge: async (_n8n, target) => {
			const [hook] = fake.hooksFor(target.url);
			const url = withToken(hook.url, 'not-the-token');
			const sent = await fake.post(
				hook.id,
				url,
				definition.name,
				encodeFormBody({ ...definition.sample, url }),
			);
			return { url: target.url, status: sent.status };
		},
	};
}

const SERVICES = [aktify(), leadterra(), smartlead(), activeCampaign()];

/** A node's type name from its file, as n8n's `node-filename-against-convention` ties them. */
const nodeTypeName = (file: string) => {
	const stem = basename(file).replace(/\.node\.(ts|js)$/, '');
	return stem[0].toLowerCase() + stem.slice(1);
};

const outputNode = (label: string) => `→ ${label}`;

function routedWorkflow(packageName: string, service: Service, credentialId: string) {
	const webhookId = randomUUID();
	const labels = [...service.categories, 'Other'];
	return {
		workflow: {
			name: `editions ${packageName}.${service.trigger}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Trigger',
					type: `${packageName}.${service.trigger}`,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: service.parameters,
					credentials: {
						[service.credentialType]: {
							id: credentialId,
							name: `${service.credentialType} shared`,
						},
					},
				},
				...labels.map((label, index) => ({
					id: randomUUID(),
					name: outputNode(label),
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [300, index * 120],
					parameters: {},
				})),
			],
			connections: {
				Trigger: {
					main: labels.map((label) => [{ node: outputNode(label), type: 'main', index: 0 }]),
				},
			},
			settings: { executionOrder: 'v1' },
		},
		path: `${webhookId}/webhook`,
	};
}

/** The nodes that ran in an execution, besides the trigger. */
function outputNodesRun(execution: ExecutionSummary): string[] {
	return Object.keys(execution.data?.resultData?.runData ?? {}).filter(
		(name) => name !== 'Trigger',
	);
}

interface NodeTypeDescription {
	name: string;
	properties: Array<{ name: string }>;
	credentials?: Array<{ name: string }>;
}

/**
 * Every node type n8n offers, with its description, as the editor loads them: names carry the
 * package (`n8n-nodes-aktify-events.aktifyTrigger`), so each package's own description is read.
 */
async function nodeTypes(): Promise<NodeTypeDescription[]> {
	const response = await fetch(`${n8n.baseUrl}/types/nodes.json`, {
		headers: { cookie: instance.cookie },
	});
	expect(response.status).toBe(200);
	return (await response.json()) as NodeTypeDescription[];
}

const editions = new Map(listEditions().map((edition) => [edition.id, edition]));
const work = mkdtempSync(join(tmpdir(), 'lead-events-editions-n8n-'));
const installed = new Map<string, InstalledPackage>();
let instance: N8nInstance;
let n8n: N8nClient;

beforeAll(async () => {
	const userFolder = join(work, 'n8n');
	const allInOne = await packPackage(defaultLog);
	installed.set(PACKAGE_NAME, await installTarball(allInOne, userFolder, defaultLog));
	rmSync(dirname(allInOne), { recursive: true, force: true });
	for (const edition of editions.values()) {
		defaultLog(`building ${edition.name}…`);
		const { tarball } = buildEdition(edition, join(work, 'build'), join(work, 'out'));
		installed.set(edition.name, await installTarball(tarball, userFolder, defaultLog));
	}
	instance = await startN8n({ userFolder, skipInstall: true, log: defaultLog });
	n8n = instance.client;
	for (const service of SERVICES) await service.start();
});

afterAll(async () => {
	for (const service of SERVICES) await service.stop();
	await instance?.stop();
	if (process.env.LEAD_EVENTS_KEEP_N8N === '1') defaultLog(`kept ${work}`);
	else rmSync(work, { recursive: true, force: true });
});

const editionOf = (service: Service): Edition => editions.get(service.edition)!;

describe('all five packages in one n8n', () => {
	it('n8n lists every node type of the all-in-one and of each edition, and logged no load error', async () => {
		const listed = new Set((await nodeTypes()).map((node) => node.name));
		const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[] };
		};
		const expected = [
			...root.n8n.nodes.map((file) => `${PACKAGE_NAME}.${nodeTypeName(file)}`),
			...[...editions.values()].flatMap((edition) =>
				edition.nodes.map((file) => `${edition.name}.${nodeTypeName(file)}`),
			),
		];
		// 4 triggers + 2 action nodes per side, at least.
		expect(expected.length).toBeGreaterThanOrEqual(12);
		const log = readFileSync(instance.logFile, 'utf8');
		const loadErrors = log
			.split('\n')
			.filter((line) =>
				/Failed to load|Skipping package|already loaded|Unknown credential|could not be found|Cannot find module/i.test(
					line,
				),
			);
		expect({ missing: expected.filter((name) => !listed.has(name)), loadErrors }).toEqual({
			missing: [],
			loadErrors: [],
		});
	});

	it("the editions carry no zod and load n8n's own (NODE_PATH); the all-in-one brings its own", () => {
		for (const edition of editions.values()) {
			const { folder } = installed.get(edition.name)!;
			const dist = join(folder, 'dist');
			const requiresZod = (dir: string): boolean =>
				readdirSync(dir, { withFileTypes: true }).some((entry) =>
					entry.isDirectory()
						? requiresZod(join(dir, entry.name))
						: entry.name.endsWith('.js') &&
							readFileSync(join(dir, entry.name), 'utf8').includes('require("zod")'),
				);
			expect({ edition: edition.name, requiresZod: requiresZod(dist) }).toEqual({
				edition: edition.name,
				requiresZod: true,
			});
			// Node looks for zod in node_modules folders from the package up to the root, then in
			// NODE_PATH. None on the way up holds it, so a loaded edition got n8n's.
			const onTheWayUp: string[] = [];
			for (let dir = folder; ; dir = dirname(dir)) {
				if (existsSync(join(dir, 'node_modules', 'zod'))) onTheWayUp.push(dir);
				if (dirname(dir) === dir) break;
			}
			expect({ edition: edition.name, onTheWayUp }).toEqual({
				edition: edition.name,
				onTheWayUp: [],
			});
		}
		expect(existsSync(join(installed.get(PACKAGE_NAME)!.folder, 'node_modules', 'zod'))).toBe(true);
	});

	it.each(SERVICES.map((service) => [service.trigger, service] as const))(
		"the edition's %s offers no Redis duplicate store in n8n's node types; the all-in-one's does",
		async (_trigger, service) => {
			const listed = await nodeTypes();
			const read = (packageName: string): NodeTypeDescription => {
				const description = listed.find(
					(node) => node.name === `${packageName}.${service.trigger}`,
				);
				expect(description).toBeDefined();
				return description!;
			};
			const edition = read(editionOf(service).name);
			expect(edition.properties.map((property) => property.name)).not.toContain('duplicateStore');
			expect(edition.credentials?.map((credential) => credential.name)).toEqual([
				service.credentialType,
			]);
			expect(JSON.stringify(edition)).not.toMatch(/redis/i);
			// The same read sees the Redis store where it is offered.
			const allInOne = read(PACKAGE_NAME);
			expect(allInOne.properties.map((property) => property.name)).toContain('duplicateStore');
			expect(allInOne.credentials?.map((credential) => credential.name)).toContain(
				'leadEventsRedisApi',
			);
		},
	);
});

describe.each(SERVICES.map((service) => [editions.get(service.edition)!.name, service] as const))(
	'%s next to the all-in-one, sharing one credential',
	(editionName, service) => {
		let credentialId: string;
		let edition: Deployed;
		let allInOne: Deployed;

		beforeAll(async () => {
			credentialId = await n8n.createCredential(
				service.credentialType,
				service.credentialData(),
				`${service.credentialType} shared`,
			);
			const deploy = async (packageName: string): Promise<Deployed> => {
				const built = routedWorkflow(packageName, service, credentialId);
				const id = await n8n.createWorkflow(built.workflow);
				return {
					id,
					packageName,
					path: built.path,
					url: `${n8n.baseUrl}/webhook/${built.path}`,
				};
			};
			edition = await deploy(editionName);
			allInOne = await deploy(PACKAGE_NAME);
		});

		afterAll(async () => {
			for (const workflow of [edition, allInOne]) {
				if (!workflow) continue;
				await n8n.unpublish(workflow.id).catch(() => undefined);
				await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
			}
		});

		it('the credential passes its test in n8n (whichever package n8n took its definition from)', async () => {
			const result = await n8n.api<{ data: { status: string; message: string } }>(
				'POST',
				'/credentials/test',
				{
					credentials: {
						id: credentialId,
						name: `${service.credentialType} shared`,
						type: service.credentialType,
						data: service.credentialData(),
					},
				},
				'rest',
			);
			expect(result.data).toMatchObject({ status: 'OK' });
		});

		it('both workflows, one credential id, publish; the registering services register each trigger once', async () => {
			for (const workflow of [edition, allInOne]) {
				const stored = await n8n.api<{
					nodes: Array<{ name: string; credentials?: Record<string, { id: string }> }>;
				}>('GET', `/workflows/${workflow.id}`);
				const trigger = stored.nodes.find((node) => node.name === 'Trigger')!;
				expect(trigger.credentials?.[service.credentialType]?.id).toBe(credentialId);
				const status = await n8n.publish(workflow.id);
				expect({ package: workflow.packageName, status: status.status }).toEqual({
					package: workflow.packageName,
					status: 'published',
				});
				await n8n.waitForWebhook(workflow.path);
			}
			if (service.registrations) {
				expect(service.registrations(edition.url)).toBe(1);
				expect(service.registrations(allInOne.url)).toBe(1);
			}
		});

		it("a real delivery is verified by both triggers and routed to its category's node", async () => {
			const sent = await service.deliver(n8n, [edition, allInOne]);
			for (const workflow of [edition, allInOne]) {
				expect({
					package: workflow.packageName,
					statuses: sent.filter((delivery) => delivery.url === workflow.url).map((d) => d.status),
				}).toEqual({ package: workflow.packageName, statuses: [200] });
				const executions = await n8n.waitForExecutions(workflow.id, 1);
				expect(executions).toHaveLength(1);
				const [execution] = executions;
				expect(execution.status).toBe('success');
				const outputs = triggerOutputs(execution, 'Trigger');
				expect(outputs).toHaveLength(service.categories.length + 1);
				const index = service.categories.indexOf(service.event.category);
				expect(index).toBe(2);
				expect(outputs.map((items) => items.length)).toEqual(
					outputs.map((_items, output) => (output === index ? 1 : 0)),
				);
				expect(outputs[index][0]).toMatchObject({
					event: service.event.name,
					category: service.event.category,
					validation: { valid: true, issues: [] },
				});
				// The node on that output ran with the item, and no other output node ran.
				expect(outputNodesRun(execution)).toEqual([outputNode(service.event.category)]);
				const [[passed]] = triggerOutputs(execution, outputNode(service.event.category));
				expect(passed).toMatchObject({ event: service.event.name });
			}
		});

		it("a forged delivery to the edition's trigger gets 401 and starts no execution", async () => {
			const before = (await n8n.executions(edition.id, false)).length;
			expect((await service.forge(n8n, edition)).status).toBe(401);
			const after = await n8n.waitForExecutions(edition.id, before, { settleMs: 1500 });
			expect(after).toHaveLength(before);
		});

		it("unpublishing the edition's workflow removes its registration and webhook, not the all-in-one's", async () => {
			expect((await n8n.unpublish(edition.id)).status).toBe('not_published');
			expect((await n8n.deliver(edition.path, '{}')).status).toBe(404);
			if (service.registrations) {
				expect(service.registrations(edition.url)).toBe(0);
				expect(service.registrations(allInOne.url)).toBe(1);
			}
			expect((await n8n.unpublish(allInOne.id)).status).toBe('not_published');
			if (service.registrations) expect(service.registrations(allInOne.url)).toBe(0);
		});
	},
);
