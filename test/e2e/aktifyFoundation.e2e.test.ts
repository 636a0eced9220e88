import { signAktifyBody } from '../../nodes/Aktify/auth';
import { triggerOutputs, triggerWorkflow } from './lib/client';
import { sharedN8n } from './lib/shared';

const SECRET = 'foundation_secret_0123456789';

describe('Aktify Trigger in a real n8n: the first passenger of the harness', () => {
	const n8n = sharedN8n();
	let workflowId: string;
	let webhookPath: string;
	let nodeName: string;

	const body = JSON.stringify({
		metadata: {
			apiVersion: '2026-02-09',
			eventType: 'lead.call_received',
			campaignId: 'cmp_1',
			eventTime: '2026-01-29T15:10:00.000Z',
		},
		data: { phone: '+15095551234', externalLeadId: 'crm-0042' },
	});

	beforeAll(async () => {
		const credentialId = await n8n.createCredential('aktifyApi', {
			clientSecret: SECRET,
			customAuth: 'none',
		});
		const built = triggerWorkflow({
			type: 'aktifyTrigger',
			parameters: { events: ['*'] },
			credentials: { aktifyApi: credentialId },
		});
		({ webhookPath, nodeName } = built);
		workflowId = await n8n.createWorkflow(built.workflow);
		const status = await n8n.publish(workflowId);
		expect(status.status).toBe('published');
		await n8n.waitForWebhook(webhookPath);
	});

	it('turns a valid v2 delivery into exactly one execution whose output is the event', async () => {
		const response = await n8n.deliver(webhookPath, body, {
			'aktify-signature': signAktifyBody(SECRET, body, 'v2', Date.now()),
		});
		expect(response.status).toBe(200);
		const executions = await n8n.waitForExecutions(workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const [items] = triggerOutputs(executions[0], nodeName);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			event: 'lead.call_received',
			version: 'v2',
			campaignId: 'cmp_1',
			data: JSON.parse(body).data,
			validation: { valid: true, issues: [] },
		});
	});

	it.each([
		[
			'a tampered body',
			() => ({
				payload: body.replace('crm-0042', 'crm-9999'),
				header: signAktifyBody(SECRET, body, 'v2', Date.now()),
			}),
		],
		[
			'a wrong secret',
			() => ({
				payload: body,
				header: signAktifyBody('not_the_secret_0123456789', body, 'v2', Date.now()),
			}),
		],
		['a missing header', () => ({ payload: body, header: undefined })],
	])('answers %s with 401 and starts no execution', async (_label, make) => {
		const before = (await n8n.executions(workflowId, false)).length;
		const { payload, header } = make();
		const response = await n8n.deliver(
			webhookPath,
			payload,
			header ? { 'aktify-signature': header } : {},
		);
		expect(response.status).toBe(401);
		expect(response.json).toMatchObject({ status: 'rejected' });
		expect(response.text).not.toContain(SECRET);
		const after = await n8n.waitForExecutions(workflowId, before, { settleMs: 1000 });
		expect(after).toHaveLength(before);
	});
});
