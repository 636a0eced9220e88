import { actionNodeWorkflow } from '../../harness/client';
import { PACKAGE_NAME } from '../../harness/installPackage';
import {
	FAKE_CAMPAIGNS,
	FAKE_CATEGORIES,
	FAKE_CLIENTS,
	FakeSmartlead,
} from '../../harness/fakes/smartlead';
import { sharedN8n } from './lib/shared';

// The project-level testTimeout is not applied when a single project is selected, so set it here.
jest.setTimeout(300_000);

const API_KEY = 'slk-actions-3Hq8LmT2vN6c';

/**
 * The SmartLead node and the dropdown loaders, run by the real n8n against the fake SmartLead API.
 * Each operation runs in a workflow started by n8n's own Webhook node (response: all entries of the
 * last node), so a POST to its path returns the SmartLead node's output items.
 */
describe('SmartLead node and dropdowns in a real n8n', () => {
	const n8n = sharedN8n();
	const fake = new FakeSmartlead({ apiKey: API_KEY });
	let credentialId: string;
	const workflows: string[] = [];

	beforeAll(async () => {
		await fake.start();
		credentialId = await n8n.createCredential('smartleadApi', {
			apiKey: API_KEY,
			baseUrl: fake.baseUrl,
		});
	});

	afterAll(async () => {
		for (const id of workflows) await n8n.deleteWorkflow(id).catch(() => undefined);
		await fake.stop();
	});

	/** Publishes Webhook → SmartLead with `parameters`; returns a caller that POSTs a body and reads the items. */
	async function actionWorkflow(parameters: Record<string, unknown>, credential = credentialId) {
		const { workflow, webhookPath: path } = actionNodeWorkflow({
			type: 'smartlead',
			name: 'SmartLead',
			parameters,
			credentials: { smartleadApi: credential },
		});
		const workflowId = await n8n.createWorkflow(workflow);
		workflows.push(workflowId);
		expect((await n8n.publish(workflowId)).status).toBe('published');
		await n8n.waitForWebhook(path);
		return async (body: Record<string, unknown> = {}) => {
			const response = await n8n.deliver(path, JSON.stringify(body));
			return {
				status: response.status,
				text: response.text,
				items: response.json as Array<Record<string, unknown>>,
			};
		};
	}

	const fromBody = (field: string) => `={{ $json.body.${field} }}`;

	describe('Campaign → Get Many', () => {
		it('lists the campaigns, filtered by client and limited', async () => {
			const all = await actionWorkflow({
				resource: 'campaign',
				operation: 'getAll',
				returnAll: true,
			});
			const listed = await all();
			expect(listed.status).toBe(200);
			expect(listed.items.map((campaign) => campaign.id)).toEqual(
				FAKE_CAMPAIGNS.map((campaign) => campaign.id),
			);

			const filtered = await actionWorkflow({
				resource: 'campaign',
				operation: 'getAll',
				returnAll: true,
				filters: { clientId: '42' },
			});
			expect((await filtered()).items.map((campaign) => campaign.id)).toEqual([9181]);

			const limited = await actionWorkflow({
				resource: 'campaign',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
			});
			expect((await limited()).items).toHaveLength(2);
		});
	});

	describe('Webhook operations at each scope', () => {
		let create: Awaited<ReturnType<typeof actionWorkflow>>;
		let getMany: Awaited<ReturnType<typeof actionWorkflow>>;
		let get: Awaited<ReturnType<typeof actionWorkflow>>;
		let update: Awaited<ReturnType<typeof actionWorkflow>>;
		let remove: Awaited<ReturnType<typeof actionWorkflow>>;

		beforeAll(async () => {
			const target = {
				scope: fromBody('scope'),
				campaignId: fromBody('campaignId'),
				clientId: fromBody('clientId'),
			};
			const fields = {
				name: fromBody('name'),
				webhookUrl: fromBody('url'),
				events: fromBody('events'),
				leadCategories: fromBody('categories'),
			};
			create = await actionWorkflow({
				resource: 'webhook',
				operation: 'create',
				...target,
				...fields,
			});
			getMany = await actionWorkflow({
				resource: 'webhook',
				operation: 'getAll',
				campaignId: fromBody('campaignId'),
				returnAll: true,
			});
			get = await actionWorkflow({
				resource: 'webhook',
				operation: 'get',
				...target,
				webhookId: fromBody('id'),
			});
			update = await actionWorkflow({
				resource: 'webhook',
				operation: 'update',
				...target,
				webhookId: fromBody('id'),
				...fields,
			});
			remove = await actionWorkflow({
				resource: 'webhook',
				operation: 'delete',
				...target,
				webhookId: fromBody('id'),
			});
		});

		beforeEach(() => fake.reset());

		it('campaign scope: create, get many, get, update and delete (DELETE with a JSON body)', async () => {
			const body = {
				scope: 'campaign',
				campaignId: '9181',
				name: 'CRM sync',
				url: 'https://crm.example.com/hook',
				events: ['EMAIL_REPLY'],
				categories: [],
			};
			const created = await create(body);
			expect(created.status).toBe(200);
			expect(fake.all()).toHaveLength(1);
			const [stored] = fake.all();
			expect(created.items[0]).toMatchObject({
				id: stored.id,
				scope: 'campaign',
				webhook_url: 'https://crm.example.com/hook',
			});
			expect(stored).toMatchObject({
				campaignId: 9181,
				events: ['EMAIL_REPLY'],
				categories: FAKE_CATEGORIES.map((c) => c.name).sort(),
			});

			const listed = await getMany({ campaignId: '9181' });
			expect(listed.items.map((entry) => entry.id)).toEqual([stored.id]);

			const read = await get({ ...body, id: String(stored.id) });
			expect(read.items[0]).toMatchObject({
				id: stored.id,
				webhook_url: 'https://crm.example.com/hook',
			});

			await update({
				...body,
				id: String(stored.id),
				events: ['EMAIL_REPLY', 'EMAIL_BOUNCE'],
				categories: ['Interested'],
			});
			expect(fake.all()).toHaveLength(1);
			expect(fake.webhooks.get(stored.id)).toMatchObject({
				events: ['EMAIL_BOUNCE', 'EMAIL_REPLY'],
				categories: ['Interested'],
			});

			const deleted = await remove({
				scope: 'campaign',
				campaignId: '9181',
				id: String(stored.id),
			});
			expect(deleted.items[0]).toEqual({ deleted: true, id: stored.id, scope: 'campaign' });
			expect(fake.all()).toHaveLength(0);
			const deleteCall = fake.log.find((request) => request.method === 'DELETE');
			expect(deleteCall?.body).toEqual({ id: stored.id });
		});

		it('client scope: create with category ids, get, update and delete through /webhook/*', async () => {
			const body = {
				scope: 'client',
				clientId: String(FAKE_CLIENTS[0].id),
				name: 'Client hook',
				url: 'https://crm.example.com/client',
				events: ['EMAIL_OPEN'],
				categories: ['Interested', 'Hot Lead'],
			};
			const created = await create(body);
			const [stored] = fake.all();
			expect(stored).toMatchObject({
				scope: 'client',
				clientId: 42,
				events: ['EMAIL_OPEN'],
				categoryIds: [1, 101],
			});
			expect(created.items[0]).toMatchObject({ id: stored.id, scope: 'client' });

			const read = await get({ scope: 'client', id: String(stored.id) });
			expect(read.items[0]).toMatchObject({ id: stored.id, event_type_map: { EMAIL_OPEN: true } });

			await update({ ...body, id: String(stored.id), events: ['EMAIL_OPEN', 'EMAIL_REPLY'] });
			expect(fake.webhooks.get(stored.id)?.events).toEqual(['EMAIL_OPEN', 'EMAIL_REPLY']);

			await remove({ scope: 'client', id: String(stored.id) });
			expect(fake.all()).toHaveLength(0);
		});

		it('user scope: falls back to the numeric association_type when SmartLead refuses the name', async () => {
			fake.options.associationFormat = 'number';
			try {
				const created = await create({
					scope: 'user',
					name: 'User hook',
					url: 'https://crm.example.com/user',
					events: ['UNTRACKED_REPLIES'],
					categories: [],
				});
				expect(created.status).toBe(200);
				const [stored] = fake.all();
				expect(stored).toMatchObject({ scope: 'user', events: ['UNTRACKED_REPLIES'] });
				const creates = fake.log.filter((request) => request.path.endsWith('/webhook/create'));
				expect(
					creates.map((request) => (request.body as Record<string, unknown>).association_type),
				).toEqual(['user', 1]);
			} finally {
				fake.options.associationFormat = 'name';
			}
		});

		it('reports a SmartLead error (deleting an unknown webhook) clearly and without the api_key', async () => {
			const failed = await remove({ scope: 'user', id: '999999' });
			expect(failed.status).toBeGreaterThanOrEqual(400);
			expect(failed.text).not.toContain(API_KEY);
			const executions = await n8n.executions(workflows[workflows.length - 1]);
			const errored = executions.find((execution) => execution.status === 'error');
			expect(errored?.data?.resultData?.error?.message).toContain(
				'SmartLead could not find the requested resource (404)',
			);
			expect(JSON.stringify(errored)).not.toContain(API_KEY);
		});
	});

	describe("dropdowns (loadOptions through n8n's REST API)", () => {
		async function loadOptions(methodName: string, credential = credentialId) {
			const response = await fetch(`${n8n.baseUrl}/rest/dynamic-node-parameters/options`, {
				method: 'POST',
				headers: { cookie: n8n.connection.cookie, 'content-type': 'application/json' },
				body: JSON.stringify({
					path: 'parameters.campaignId',
					methodName,
					nodeTypeAndVersion: { name: `${PACKAGE_NAME}.smartleadTrigger`, version: 1 },
					currentNodeParameters: { scope: 'campaign' },
					credentials: { smartleadApi: { id: credential, name: 'SmartLead' } },
				}),
			});
			return { status: response.status, text: await response.text() };
		}

		it('loads campaigns, clients and lead categories from the API', async () => {
			const campaigns = JSON.parse((await loadOptions('getCampaigns')).text).data;
			expect(campaigns).toEqual([
				{ name: 'Q1 Outreach (ACTIVE)', value: '9181', description: 'Campaign ID 9181' },
				{ name: 'Manual step test (PAUSED)', value: '377', description: 'Campaign ID 377' },
				{ name: 'Archive 2024 (ARCHIVED)', value: '120', description: 'Campaign ID 120' },
			]);
			const clients = JSON.parse((await loadOptions('getClients')).text).data;
			expect(clients.map((option: { value: string }) => option.value)).toEqual(['42', '43']);
			const categories = JSON.parse((await loadOptions('getLeadCategories')).text).data;
			expect(categories.map((option: { value: string }) => option.value)).toEqual([
				'Hot Lead',
				'Interested',
				'Meeting Booked',
				'Not Interested',
			]);
		});

		it('fails with a readable error and no api_key when the key is wrong', async () => {
			const wrongKey = 'slk-wrong-9Vb3Nq7Xr1Lp';
			const badCredential = await n8n.createCredential('smartleadApi', {
				apiKey: wrongKey,
				baseUrl: fake.baseUrl,
			});
			const result = await loadOptions('getCampaigns', badCredential);
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.text).toContain('SmartLead rejected the API key (401)');
			expect(result.text).not.toContain(wrongKey);
		});
	});
});
