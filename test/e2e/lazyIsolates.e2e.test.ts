import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';

import { signAktifyBody } from '../../nodes/Aktify/auth';
import { sha256Hex } from '../../nodes/shared/auth/crypto';
import { triggerOutputs, triggerWorkflow, type ExecutionSummary } from '../../harness/client';
import { startN8n, type N8nInstance } from '../../harness/instance';
import { sharedN8n } from './lib/shared';

/**
 * Expression isolates per delivery under n8n's `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true`, where an
 * isolate is only created when an expression is evaluated. Counted with n8n's own counter
 * (`n8n_expression_pool_acquired_total` on `/metrics`), not timed: a change anywhere in the webhook
 * path that evaluates an expression per delivery adds to the count and fails here.
 *
 * n8n's `parseRequestBody` evaluates `$parameter["options"]["binaryData"]` for a start node at
 * typeVersion 1 (one isolate per delivery); at typeVersion 2 it does not, and it leaves bodies it
 * cannot parse unread, which the trigger reads itself. So: v2 costs nothing, v1 costs exactly that
 * one, a workflow saved at v1 keeps giving the same item, and every content type reaches the
 * trigger byte for byte at v2 (checked through the dedupe key, a hash of the verified bytes, and
 * through signatures over bytes that JSON re-serialisation would change).
 */

const SECRET = 'lazy_isolates_secret_0123456789';
const HEADER_NAME = 'X-Aktify-Key';
const HEADER_VALUE = 'lazy-isolates-header-value';

/** Sequential deliveries per count: enough that one stray isolate per delivery cannot hide. */
const DELIVERIES = 4;

/**
 * A signed v2 event whose bytes differ from `JSON.stringify` of its parse (spaces, key order), so
 * the signature only verifies over the exact bytes sent: Aktify's re-serialisation fallback cannot
 * stand in for a body n8n changed on the way.
 */
function eventBody(index: number): string {
	return `{ "data": {"phone": "+1509555${String(1000 + index)}", "message": "yes" },  "metadata": {"eventType": "lead.message_received", "apiVersion": "2026-02-09", "campaignId": "cmp_lazy", "eventTime": "2026-01-29T15:10:0${index % 10}.000Z"} }\n`;
}

function signed(body: string | Buffer, signedOver: string = body.toString()) {
	return { 'aktify-signature': signAktifyBody(SECRET, signedOver, 'v2', Date.now()) };
}

function expectedKey(version: string, event: string, bytes: string): string {
	return `aktify:${version}:${event}:${sha256Hex(bytes).slice(0, 32)}`;
}

describe('Expression isolates per delivery under lazy isolate acquire', () => {
	let n8n: N8nInstance;
	let credentialId: string;

	beforeAll(async () => {
		// The package the e2e run already built and installed, copied into a fresh user folder for an
		// n8n of this file's own: lazy acquire and /metrics are instance settings.
		const userFolder = mkdtempSync(join(tmpdir(), 'lead-events-lazy-'));
		cpSync(join(sharedN8n().userFolder, '.n8n', 'nodes'), join(userFolder, '.n8n', 'nodes'), {
			recursive: true,
		});
		n8n = await startN8n({
			userFolder,
			skipInstall: true,
			env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true', N8N_METRICS: 'true' },
		});
		credentialId = await n8n.client.createCredential('aktifyApi', {
			clientSecret: SECRET,
			customAuth: 'header',
			headerName: HEADER_NAME,
			headerSecret: HEADER_VALUE,
		});
	});

	afterAll(async () => {
		await n8n?.stop();
		if (n8n && process.env.LEAD_EVENTS_KEEP_N8N !== '1')
			rmSync(n8n.userFolder, { recursive: true, force: true });
	});

	/** Publishes an Aktify Trigger workflow saved with the given typeVersion (as an import would). */
	async function deploy(typeVersion: number, parameters: Record<string, unknown> = {}) {
		const built = triggerWorkflow(
			{
				type: 'aktifyTrigger',
				parameters: { events: ['*'], routeBy: 'none', options: {}, ...parameters },
				credentials: { aktifyApi: credentialId },
			},
			`lazy isolates v${typeVersion} ${Date.now()}`,
		);
		built.workflow.nodes[0].typeVersion = typeVersion;
		const id = await n8n.client.createWorkflow(built.workflow);
		expect((await n8n.client.publish(id)).status).toBe('published');
		await n8n.client.waitForWebhook(built.webhookPath);
		return { id, path: built.webhookPath, node: built.nodeName };
	}

	type Deployed = Awaited<ReturnType<typeof deploy>>;

	/**
	 * Sends the deliveries one after another, waits until all their executions have finished, and
	 * returns the isolates n8n acquired over the whole span per delivery, with the executions.
	 */
	async function countIsolates(
		wf: Deployed,
		requests: Array<{ body: string | Buffer; headers: Record<string, string> }>,
		expectedExecutions = requests.length,
	): Promise<{ perDelivery: number; executions: ExecutionSummary[]; answers: string[] }> {
		const before = (await n8n.client.executions(wf.id, false)).length;
		const isolatesBefore = await n8n.client.isolatesAcquired();
		const answers: string[] = [];
		for (const request of requests) {
			const response = await fetch(`${n8n.baseUrl}/webhook/${wf.path}`, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			answers.push(`${response.status} ${await response.text()}`);
		}
		const executions = await n8n.client.waitForExecutions(wf.id, before + expectedExecutions);
		const perDelivery = ((await n8n.client.isolatesAcquired()) - isolatesBefore) / requests.length;
		return { perDelivery, executions: executions.slice(0, executions.length - before), answers };
	}

	function items(wf: Deployed, executions: ExecutionSummary[]): Array<Record<string, unknown>> {
		expect(executions.map((execution) => execution.status)).toEqual(
			executions.map(() => 'success'),
		);
		return executions.flatMap((execution) => triggerOutputs(execution, wf.node).flat());
	}

	const jsonDeliveries = () =>
		Array.from({ length: DELIVERIES }, (_, index) => ({
			body: eventBody(index),
			headers: { 'content-type': 'application/json', ...signed(eventBody(index)) },
		}));

	let v1Item: Record<string, unknown> | undefined;

	it('typeVersion 1 (a saved workflow): 1 isolate per delivery, the one n8n spends on the binary-data option', async () => {
		const wf = await deploy(1);
		const { perDelivery, executions, answers } = await countIsolates(wf, jsonDeliveries());
		expect(answers).toEqual(
			answers.map(() => '200 {"status":"accepted","event":"lead.message_received"}'),
		);
		const received = items(wf, executions);
		expect(received).toHaveLength(DELIVERIES);
		v1Item = received.find((item) => (item.data as { phone?: string }).phone === '+15095551000');
		expect(v1Item).toMatchObject({
			event: 'lead.message_received',
			version: 'v2',
			dedupeKey: expectedKey('v2', 'lead.message_received', eventBody(0)),
		});
		expect(perDelivery).toBe(1);
	});

	it('typeVersion 2: 0 isolates per delivery, and the same item as a v1 workflow', async () => {
		const wf = await deploy(2);
		const { perDelivery, executions, answers } = await countIsolates(wf, jsonDeliveries());
		expect(answers).toEqual(
			answers.map(() => '200 {"status":"accepted","event":"lead.message_received"}'),
		);
		const received = items(wf, executions);
		expect(received).toHaveLength(DELIVERIES);
		const v2Item = received.find(
			(item) => (item.data as { phone?: string }).phone === '+15095551000',
		);
		expect(v1Item).toBeDefined();
		const { receivedAt: v1Time, ...v1Rest } = v1Item!;
		const { receivedAt: v2Time, ...v2Rest } = v2Item!;
		expect(typeof v1Time).toBe('string');
		expect(typeof v2Time).toBe('string');
		expect(v2Rest).toEqual(v1Rest);
		expect(perDelivery).toBe(0);
	});

	it('typeVersion 2: every content type reaches the trigger byte for byte, still 0 isolates', async () => {
		const wf = await deploy(2);
		const body = (index: number) => eventBody(10 + index);
		const form = 'eventType=lead.message_received&phone=%2B15095550000&message=yes+please';
		const cases: Array<{ label: string; body: string | Buffer; headers: Record<string, string> }> =
			[
				// n8n parses these itself (JSON, text, form) and keeps the bytes it read.
				{
					label: 'application/json; charset=utf-8',
					body: body(0),
					headers: { 'content-type': 'application/json; charset=utf-8', ...signed(body(0)) },
				},
				{
					label: 'text/plain',
					body: body(1),
					headers: { 'content-type': 'text/plain', ...signed(body(1)) },
				},
				{
					label: 'application/x-www-form-urlencoded (a JSON body mislabelled)',
					body: body(2),
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						...signed(body(2)),
					},
				},
				// n8n leaves these unread at typeVersion 2; the trigger reads them.
				{
					label: 'application/octet-stream',
					body: body(3),
					headers: { 'content-type': 'application/octet-stream', ...signed(body(3)) },
				},
				{
					label: 'no content type',
					body: Buffer.from(body(4)),
					headers: signed(body(4)),
				},
				{
					label: 'application/octet-stream, gzip',
					body: gzipSync(body(5)),
					headers: {
						'content-type': 'application/octet-stream',
						'content-encoding': 'gzip',
						...signed(body(5)),
					},
				},
				// An unsigned custom payload as a form, authenticated by a header.
				{
					label: 'custom payload, application/x-www-form-urlencoded',
					body: form,
					headers: {
						'content-type': 'application/x-www-form-urlencoded',
						[HEADER_NAME]: HEADER_VALUE,
					},
				},
			];
		const { perDelivery, executions, answers } = await countIsolates(wf, cases);
		expect(answers.map((answer, index) => `${cases[index].label}: ${answer}`)).toEqual(
			cases.map(
				(entry) => `${entry.label}: 200 {"status":"accepted","event":"lead.message_received"}`,
			),
		);
		const keys = items(wf, executions).map((item) => item.dedupeKey);
		expect(keys.sort()).toEqual(
			[
				...[0, 1, 2, 3, 4, 5].map((index) =>
					expectedKey('v2', 'lead.message_received', body(index)),
				),
				expectedKey('custom', 'lead.message_received', form),
			].sort(),
		);
		expect(perDelivery).toBe(0);
	});

	it('typeVersion 2 with routing (dynamic outputs), duplicate suppression, the credential cache off and a forgery: still 0', async () => {
		// The outputs expression is evaluated by the editor, not per delivery; the other options read
		// plain parameters, and reading a credential only opens a scope under lazy acquire.
		const wf = await deploy(2, {
			routeBy: 'category',
			options: { suppressDuplicates: true, credentialCacheSeconds: 0 },
		});
		const deliveries = jsonDeliveries();
		const forged = {
			body: eventBody(20),
			headers: {
				'content-type': 'application/json',
				'aktify-signature': signAktifyBody(
					'not-the-secret-0123456789',
					eventBody(20),
					'v2',
					Date.now(),
				),
			},
		};
		const { perDelivery, executions, answers } = await countIsolates(
			wf,
			[...deliveries, deliveries[0], forged],
			DELIVERIES,
		);
		expect(answers.slice(0, DELIVERIES)).toEqual(
			deliveries.map(() => '200 {"status":"accepted","event":"lead.message_received"}'),
		);
		expect(answers[DELIVERIES]).toMatch(/^200 \{"status":"duplicate"/);
		expect(answers[DELIVERIES + 1]).toMatch(/^401 /);
		expect(executions).toHaveLength(DELIVERIES);
		const outputs = executions.map((execution) => triggerOutputs(execution, wf.node));
		// Several outputs, the item on Messaging's: routing really ran.
		for (const perOutput of outputs) {
			expect(perOutput.length).toBeGreaterThan(2);
			expect(perOutput.filter((items) => items.length > 0)).toHaveLength(1);
		}
		expect(perDelivery).toBe(0);
	});
});
