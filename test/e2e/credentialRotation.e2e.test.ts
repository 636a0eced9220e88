import { randomUUID } from 'crypto';

import { aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { triggerWorkflow, type N8nClient } from '../../harness/client';
import { sharedN8n } from './lib/shared';

/**
 * The credential cache in a real n8n: the Aktify Trigger keeps a short-lived copy of its
 * credential, and the secret is changed through n8n's public API while the workflow stays
 * published, as a user rotating it in the editor would.
 */

const FIRST_SECRET = 'rotation_first_secret_0123456789';
const SECOND_SECRET = 'rotation_second_secret_987654321';
/** Long enough that no pause on a loaded machine lets the copy expire between two requests. */
const LONG_WINDOW_SECONDS = 120;
/** Short, so the test can wait it out. */
const SHORT_WINDOW_SECONDS = 2;

const definition = aktifyEvents.find(
	(event) => event.version === 'v2' && event.name === 'lead.message_received',
);
if (!definition) throw new Error('No v2 lead.message_received in the Aktify catalogue');
const event = definition;

interface Deployed {
	workflowId: string;
	credentialId: string;
	path: string;
}

async function deploy(n8n: N8nClient, windowSeconds: number): Promise<Deployed> {
	const credentialId = await n8n.createCredential(
		'aktifyApi',
		{ clientSecret: FIRST_SECRET, customAuth: 'none' },
		`rotation ${randomUUID()}`,
	);
	const built = triggerWorkflow({
		type: 'aktifyTrigger',
		parameters: {
			events: ['*'],
			routeBy: 'none',
			options: { credentialCacheSeconds: windowSeconds },
		},
		credentials: { aktifyApi: credentialId },
	});
	const workflowId = await n8n.createWorkflow(built.workflow);
	expect((await n8n.publish(workflowId)).status).toBe('published');
	await n8n.waitForWebhook(built.webhookPath);
	return { workflowId, credentialId, path: built.webhookPath };
}

/** Replaces the secret the way the editor saves a credential: the whole data object. */
async function rotate(n8n: N8nClient, credentialId: string, secret: string): Promise<void> {
	await n8n.api('PATCH', `/credentials/${credentialId}`, {
		data: { clientSecret: secret, customAuth: 'none' },
	});
}

async function send(n8n: N8nClient, path: string, secret: string) {
	const request = signedRequest(event, secret);
	const response = await n8n.deliver(path, request.body, request.headers);
	return { status: response.status, answer: response.json as Record<string, unknown> };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Aktify Trigger credential cache: rotating the secret while the workflow is published', () => {
	const n8n = sharedN8n();

	it('accepts the first delivery signed with the new secret at once, and rejects the old one after that', async () => {
		const wf = await deploy(n8n, LONG_WINDOW_SECONDS);
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({
			status: 200,
			answer: { status: 'accepted' },
		});
		await rotate(n8n, wf.credentialId, SECOND_SECRET);

		// The documented window: the copy read before the change still holds the removed secret.
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({
			status: 200,
			answer: { status: 'accepted' },
		});
		// The cached copy fails the new signature, so the trigger reads the credential again
		// before answering: a genuine delivery after a rotation is never rejected.
		expect(await send(n8n, wf.path, SECOND_SECRET)).toMatchObject({
			status: 200,
			answer: { status: 'accepted' },
		});
		// That read replaced the copy: the old secret no longer verifies, long before the window ends.
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({
			status: 401,
			answer: { status: 'rejected' },
		});

		const executions = await n8n.waitForExecutions(wf.workflowId, 3);
		expect(executions.map((execution) => execution.status)).toEqual([
			'success',
			'success',
			'success',
		]);
	});

	it('rejects the old secret once the window has passed, without any delivery in between', async () => {
		const wf = await deploy(n8n, SHORT_WINDOW_SECONDS);
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({ status: 200 });
		await rotate(n8n, wf.credentialId, SECOND_SECRET);
		await sleep(SHORT_WINDOW_SECONDS * 1000 + 500);
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({
			status: 401,
			answer: { status: 'rejected' },
		});
		expect(await send(n8n, wf.path, SECOND_SECRET)).toMatchObject({
			status: 200,
			answer: { status: 'accepted' },
		});
	});

	it('with the cache off (0), rejects the old secret on the very next delivery', async () => {
		const wf = await deploy(n8n, 0);
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({ status: 200 });
		await rotate(n8n, wf.credentialId, SECOND_SECRET);
		expect(await send(n8n, wf.path, FIRST_SECRET)).toMatchObject({
			status: 401,
			answer: { status: 'rejected' },
		});
		expect(await send(n8n, wf.path, SECOND_SECRET)).toMatchObject({ status: 200 });
	});
});
