import { gzipSync } from 'zlib';

import { AKTIFY_CATEGORIES, aktifyEvents } from '../../nodes/Aktify/events';
import { signAktifyBody } from '../../nodes/Aktify/auth';
import { customPayloadRequest, signedRequest } from '../../nodes/Aktify/simulation';
import type { CustomAuthRequest as CustomAuth } from '../../nodes/shared/simulation';
import { triggerOutputs, triggerWorkflow, type N8nClient } from '../../harness/client';
import { sharedN8n } from './lib/shared';

const SECRET = 'e2e_current_secret_0123456789';
const OLD_SECRET = 'e2e_previous_secret_987654321';

interface Deployed {
	id: string;
	path: string;
	node: string;
}

async function deploy(
	n8n: N8nClient,
	credential: Record<string, unknown>,
	parameters: Record<string, unknown>,
): Promise<Deployed> {
	const credentialId = await n8n.createCredential('aktifyApi', credential);
	const built = triggerWorkflow({
		type: 'aktifyTrigger',
		parameters,
		credentials: { aktifyApi: credentialId },
	});
	const id = await n8n.createWorkflow(built.workflow);
	const status = await n8n.publish(id);
	expect(status.status).toBe('published');
	await n8n.waitForWebhook(built.webhookPath);
	return { id, path: built.webhookPath, node: built.nodeName };
}

/** Index of the output holding the single item of an execution, and that item. */
function placement(outputs: Array<Array<Record<string, unknown>>>): {
	index: number;
	item: Record<string, unknown>;
} {
	const filled = outputs
		.map((items, index) => ({ index, items }))
		.filter(({ items }) => items.length > 0);
	expect(filled).toHaveLength(1);
	expect(filled[0].items).toHaveLength(1);
	return { index: filled[0].index, item: filled[0].items[0] };
}

describe('Aktify Trigger in a real n8n', () => {
	const n8n = sharedN8n();

	describe('single output (no routing), one secret', () => {
		const body = JSON.stringify({
			metadata: {
				apiVersion: '2026-02-09',
				eventType: 'lead.call_received',
				campaignId: 'cmp_1',
				eventTime: '2026-01-29T15:10:00.000Z',
			},
			data: { phone: '+15095551234', externalLeadId: 'crm-0042' },
		});
		let wf: Deployed;
		beforeAll(async () => {
			wf = await deploy(n8n, { clientSecret: SECRET, customAuth: 'none' }, { events: ['*'] });
		});

		it('turns a valid v2 delivery into exactly one execution whose output is the event', async () => {
			const response = await n8n.deliver(wf.path, body, {
				'aktify-signature': signAktifyBody(SECRET, body, 'v2', Date.now()),
			});
			expect(response.status).toBe(200);
			const executions = await n8n.waitForExecutions(wf.id, 1);
			expect(executions).toHaveLength(1);
			expect(executions[0].status).toBe('success');
			const [items] = triggerOutputs(executions[0], wf.node);
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
					reason: 'Signature does not match',
				}),
			],
			[
				'a wrong secret',
				() => ({
					payload: body,
					header: signAktifyBody('not_the_secret_0123456789', body, 'v2', Date.now()),
					reason: 'Signature does not match',
				}),
			],
			[
				'a missing header',
				() => ({ payload: body, header: undefined, reason: 'Missing aktify-signature header' }),
			],
		])('answers %s with 401 and its reason, and starts no execution', async (_label, make) => {
			const before = (await n8n.executions(wf.id, false)).length;
			const { payload, header, reason } = make();
			const response = await n8n.deliver(
				wf.path,
				payload,
				header ? { 'aktify-signature': header } : {},
			);
			expect(response.status).toBe(401);
			expect(response.json).toMatchObject({ status: 'rejected', reason });
			expect(response.text).not.toContain(SECRET);
			const after = await n8n.waitForExecutions(wf.id, before, { settleMs: 1000 });
			expect(after).toHaveLength(before);
		});
	});

	describe('routed by category, with a secret being rotated', () => {
		let wf: Deployed;
		beforeAll(async () => {
			wf = await deploy(
				n8n,
				{ clientSecret: SECRET, previousClientSecret: OLD_SECRET, customAuth: 'none' },
				{ events: ['*'], routeBy: 'category' },
			);
		});

		it('puts every catalogue event (v1 and v2) on its category output, typed and valid', async () => {
			for (const definition of aktifyEvents) {
				const request = signedRequest(definition, SECRET);
				const response = await n8n.deliver(wf.path, request.body, request.headers);
				expect({
					event: `${definition.version} ${definition.name}`,
					status: response.status,
				}).toEqual({ event: `${definition.version} ${definition.name}`, status: 200 });
			}
			const executions = await n8n.waitForExecutions(wf.id, aktifyEvents.length, {
				timeoutMs: 60_000,
			});
			expect(executions).toHaveLength(aktifyEvents.length);
			const seen = executions.map((execution) => {
				expect(execution.status).toBe('success');
				const outputs = triggerOutputs(execution, wf.node);
				expect(outputs).toHaveLength(AKTIFY_CATEGORIES.length + 1);
				const { index, item } = placement(outputs);
				expect(index).toBe(AKTIFY_CATEGORIES.indexOf(item.category as string));
				expect(item.validation).toEqual({ valid: true, issues: [] });
				expect(item.dedupeKey).toMatch(/^aktify:v[12]:[a-z._]+:[0-9a-f]{32}$/);
				return `${item.version} ${item.event}`;
			});
			expect(seen.sort()).toEqual(
				aktifyEvents.map((event) => `${event.version} ${event.name}`).sort(),
			);
		});

		it('sends an authenticated but unknown event to "Other", flagged invalid', async () => {
			const before = (await n8n.executions(wf.id, false)).length;
			const body = JSON.stringify({
				metadata: {
					apiVersion: '2026-02-09',
					eventType: 'lead.sentiment_detected',
					campaignId: 'c',
					eventTime: '2026-01-29T12:00:00.000Z',
				},
				data: { phone: '+1' },
			});
			const response = await n8n.deliver(wf.path, body, {
				'aktify-signature': signAktifyBody(SECRET, body, 'v2', Date.now()),
			});
			expect(response.status).toBe(200);
			const executions = await n8n.waitForExecutions(wf.id, before + 1);
			const newest = executions.find((execution) =>
				triggerOutputs(execution, wf.node)
					.flat()
					.some((item) => item.event === 'lead.sentiment_detected'),
			)!;
			const { index, item } = placement(triggerOutputs(newest, wf.node));
			expect(index).toBe(AKTIFY_CATEGORIES.length);
			expect(item).toMatchObject({ category: 'Other', validation: { valid: false } });
		});

		it('accepts deliveries signed with the previous secret during rotation', async () => {
			const before = (await n8n.executions(wf.id, false)).length;
			const request = signedRequest(aktifyEvents[3], OLD_SECRET);
			expect((await n8n.deliver(wf.path, request.body, request.headers)).status).toBe(200);
			expect(await n8n.waitForExecutions(wf.id, before + 1)).toHaveLength(before + 1);
		});

		describe('bad input: 4xx with a reason and no execution', () => {
			const v2 = aktifyEvents.find(
				(event) => event.version === 'v2' && event.name === 'lead.link_clicked',
			)!;
			const v1 = aktifyEvents.find(
				(event) => event.version === 'v1' && event.name === 'dnc.created',
			)!;
			const body = JSON.stringify(v2.sample);
			const v1Body = JSON.stringify(v1.sample);
			const now = () => Date.now();
			const sig = (
				payload: string | Buffer,
				options: { secret?: string; t?: number; scheme?: 'v1' | 'v2' } = {},
			) =>
				signAktifyBody(
					options.secret ?? SECRET,
					payload,
					options.scheme ?? 'v2',
					options.t ?? now(),
				);
			const hex = 'a'.repeat(64);
			const json = { 'content-type': 'application/json' };
			const big = JSON.stringify({
				...(v2.sample as object),
				padding: 'x'.repeat(2 * 1024 * 1024),
			});
			const nonUtf8 = Buffer.concat([
				Buffer.from('{"metadata":"'),
				Buffer.from([0xc3, 0x28, 0xff]),
				Buffer.from('"}'),
			]);

			const cases: Array<
				[string, () => { body: string | Buffer; headers: Record<string, string> }]
			> = [
				[
					'tampered body',
					() => ({
						body: body.replace('+15095551234', '+15095559999'),
						headers: { ...json, 'aktify-signature': sig(body) },
					}),
				],
				[
					'wrong secret',
					() => ({
						body,
						headers: {
							...json,
							'aktify-signature': sig(body, { secret: 'some_other_secret_123456' }),
						},
					}),
				],
				[
					'empty-key signature',
					() => ({ body, headers: { ...json, 'aktify-signature': sig(body, { secret: '' }) } }),
				],
				[
					'stale v2 timestamp (10 min old)',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body, { t: now() - 600_000 }) },
					}),
				],
				[
					'future v2 timestamp (10 min ahead)',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body, { t: now() + 600_000 }) },
					}),
				],
				[
					'timestamp in seconds',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body, { t: Math.floor(now() / 1000) }) },
					}),
				],
				[
					'stale v1 timestamp',
					() => ({
						body: v1Body,
						headers: {
							...json,
							'aktify-signature': sig(v1Body, { scheme: 'v1', t: now() - 600_000 }),
						},
					}),
				],
				[
					'v2 timestamp changed after signing',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body).replace(/^t=\d+/, `t=${now() + 1}`) },
					}),
				],
				[
					'v2 signature relabelled as v1',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body).replace(',v2=', ',v1=') },
					}),
				],
				['missing header', () => ({ body, headers: json })],
				['empty header', () => ({ body, headers: { ...json, 'aktify-signature': '' } })],
				[
					'garbage header',
					() => ({ body, headers: { ...json, 'aktify-signature': 'not-a-signature' } }),
				],
				[
					'duplicated t',
					() => ({ body, headers: { ...json, 'aktify-signature': `t=${now()},${sig(body)}` } }),
				],
				[
					'duplicated v2',
					() => ({ body, headers: { ...json, 'aktify-signature': `${sig(body)},v2=${hex}` } }),
				],
				[
					'both v1 and v2',
					() => ({ body, headers: { ...json, 'aktify-signature': `${sig(body)},v1=${hex}` } }),
				],
				[
					'no timestamp',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body).replace(/^t=\d+,/, '') },
					}),
				],
				[
					'non-numeric timestamp',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': sig(body).replace(/^t=\d+/, 't=yesterday') },
					}),
				],
				[
					'signature not hex',
					() => ({
						body,
						headers: { ...json, 'aktify-signature': `t=${now()},v2=${'z'.repeat(64)}` },
					}),
				],
				[
					'truncated signature',
					() => ({ body, headers: { ...json, 'aktify-signature': sig(body).slice(0, -2) } }),
				],
				[
					'unsigned with Basic auth but none configured',
					() => ({
						body,
						headers: { ...json, authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
					}),
				],
				[
					'unsigned with Bearer but none configured',
					() => ({ body, headers: { ...json, authorization: 'Bearer whatever-token' } }),
				],
				[
					'invalid JSON (signed, application/json)',
					() => ({
						body: '{"metadata":',
						headers: { ...json, 'aktify-signature': sig('{"metadata":') },
					}),
				],
				[
					'invalid JSON (signed, text/plain)',
					() => ({
						body: '{"metadata":',
						headers: { 'content-type': 'text/plain', 'aktify-signature': sig('{"metadata":') },
					}),
				],
				[
					'JSON array (signed)',
					() => ({ body: '[]', headers: { ...json, 'aktify-signature': sig('[]') } }),
				],
				[
					'empty body (signed)',
					() => ({ body: '', headers: { ...json, 'aktify-signature': sig('') } }),
				],
				[
					'wrong content type: multipart/form-data',
					() => ({
						body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
						headers: {
							'content-type': 'multipart/form-data; boundary=x',
							'aktify-signature': sig(body),
						},
					}),
				],
				[
					'wrong content type: XML',
					() => ({
						body: '<event>lead.link_clicked</event>',
						headers: { 'content-type': 'application/xml', 'aktify-signature': sig(body) },
					}),
				],
				[
					'very large body (2 MB)',
					() => ({ body: big, headers: { ...json, 'aktify-signature': sig(big) } }),
				],
				[
					'non-UTF-8 bytes (signed)',
					() => ({
						body: nonUtf8,
						headers: { 'content-type': 'text/plain', 'aktify-signature': sig(nonUtf8) },
					}),
				],
				[
					'replayed header on another body',
					() => ({ body: v1Body, headers: { ...json, 'aktify-signature': sig(body) } }),
				],
				[
					'gzip body whose signature is over other bytes',
					() => ({
						body: gzipSync(body),
						headers: { ...json, 'content-encoding': 'gzip', 'aktify-signature': sig(v1Body) },
					}),
				],
			];

			it(`answers all ${cases.length} with 4xx and starts no execution`, async () => {
				expect(cases.length).toBeGreaterThanOrEqual(25);
				const before = (await n8n.executions(wf.id, false)).length;
				const outcomes: Array<{ label: string; status: number; reason: unknown }> = [];
				for (const [label, make] of cases) {
					const request = make();
					const response = await n8n.deliver(wf.path, request.body, request.headers);
					outcomes.push({
						label,
						status: response.status,
						reason:
							(response.json as { reason?: unknown } | undefined)?.reason ??
							response.text.slice(0, 80),
					});
					expect(response.text).not.toContain(SECRET);
					if (response.status === 422) {
						// n8n parses application/json bodies before any node runs and answers invalid JSON
						// itself (with its own stack trace); only that case may come from n8n rather than us.
						expect(label).toBe('invalid JSON (signed, application/json)');
					} else {
						expect({ label, body: response.json }).toEqual({
							label,
							// A reason of ours, not the fallback of a handler that threw.
							body: {
								status: 'rejected',
								reason: expect.stringMatching(/^(?!Delivery could not be processed$)\S/),
							},
						});
					}
				}
				for (const outcome of outcomes) {
					expect({
						label: outcome.label,
						clientError: outcome.status >= 400 && outcome.status < 500,
					}).toEqual({ label: outcome.label, clientError: true });
				}
				const after = await n8n.waitForExecutions(wf.id, before, { settleMs: 1500 });
				expect(after).toHaveLength(before);
			});
		});
	});

	describe('routed by selected event, with an event filter', () => {
		let wf: Deployed;
		beforeAll(async () => {
			wf = await deploy(
				n8n,
				{ clientSecret: SECRET, customAuth: 'none' },
				{ events: ['lead.link_clicked', 'dnc.created'], routeBy: 'event' },
			);
		});

		it('routes each selected event to its own output, both versions of dnc.created together', async () => {
			const picks = aktifyEvents.filter(
				(event) => event.name === 'lead.link_clicked' || event.name === 'dnc.created',
			);
			expect(picks).toHaveLength(3);
			for (const definition of picks) {
				const request = signedRequest(definition, SECRET);
				expect((await n8n.deliver(wf.path, request.body, request.headers)).status).toBe(200);
			}
			const executions = await n8n.waitForExecutions(wf.id, 3);
			expect(executions).toHaveLength(3);
			const placed = executions.map((execution) => placement(triggerOutputs(execution, wf.node)));
			for (const { index, item } of placed) {
				expect(index).toBe(item.event === 'lead.link_clicked' ? 0 : 1);
			}
			expect(triggerOutputs(executions[0], wf.node)).toHaveLength(3);
		});

		it('acknowledges unselected events with 200 and starts no execution', async () => {
			const before = (await n8n.executions(wf.id, false)).length;
			for (const definition of aktifyEvents
				.filter((event) => event.name !== 'lead.link_clicked' && event.name !== 'dnc.created')
				.slice(0, 5)) {
				const request = signedRequest(definition, SECRET);
				const response = await n8n.deliver(wf.path, request.body, request.headers);
				expect(response.status).toBe(200);
				expect(response.json).toMatchObject({ status: 'ignored' });
			}
			expect(await n8n.waitForExecutions(wf.id, before, { settleMs: 1500 })).toHaveLength(before);
		});
	});

	describe.each<[string, Record<string, unknown>, CustomAuth, CustomAuth]>([
		[
			'Basic',
			{ customAuth: 'basic', basicUser: 'aktify', basicPassword: 'e2e-basic-password' },
			{ type: 'basic', user: 'aktify', password: 'e2e-basic-password' },
			{ type: 'basic', user: 'aktify', password: 'wrong' },
		],
		[
			'Bearer',
			{ customAuth: 'bearer', bearerToken: 'e2e-bearer-token' },
			{ type: 'bearer', token: 'e2e-bearer-token' },
			{ type: 'bearer', token: 'wrong' },
		],
		[
			'header',
			{ customAuth: 'header', headerName: 'X-Aktify-Key', headerSecret: 'e2e-header-value' },
			{ type: 'header', name: 'X-Aktify-Key', value: 'e2e-header-value' },
			{ type: 'header', name: 'X-Aktify-Key', value: 'wrong' },
		],
	])('custom payloads authenticated by %s', (_label, credential, good, bad) => {
		let wf: Deployed;
		const definition = aktifyEvents.find((event) => event.name === 'lead.message_received')!;
		beforeAll(async () => {
			wf = await deploy(n8n, { clientSecret: SECRET, ...credential }, { events: ['*'] });
		});

		it('accepts an unsigned custom payload with the right credential as version "custom"', async () => {
			const request = customPayloadRequest(definition, good);
			expect((await n8n.deliver(wf.path, request.body, request.headers)).status).toBe(200);
			const text = await n8n.deliver(wf.path, 'lead replied STOP', {
				...request.headers,
				'content-type': 'text/plain',
			});
			expect(text.status).toBe(200);
			const executions = await n8n.waitForExecutions(wf.id, 2);
			expect(executions).toHaveLength(2);
			const items = executions.map(
				(execution) => placement(triggerOutputs(execution, wf.node)).item,
			);
			const json = items.find((item) => typeof item.data === 'object')!;
			expect(json).toMatchObject({
				event: 'lead.message_received',
				version: 'custom',
				category: 'Messaging',
				authentication: good.type,
				data: { phone: '+15095551234' },
			});
			expect(items.find((item) => typeof item.data === 'string')).toMatchObject({
				version: 'custom',
				event: 'unknown',
			});
		});

		it('rejects a wrong or missing credential with 401 and no execution', async () => {
			const before = (await n8n.executions(wf.id, false)).length;
			const wrong = customPayloadRequest(definition, bad);
			expect((await n8n.deliver(wf.path, wrong.body, wrong.headers)).status).toBe(401);
			expect(
				(await n8n.deliver(wf.path, wrong.body, { 'content-type': 'application/json' })).status,
			).toBe(401);
			expect(await n8n.waitForExecutions(wf.id, before, { settleMs: 1000 })).toHaveLength(before);
		});
	});

	describe('duplicate suppression', () => {
		let wf: Deployed;
		beforeAll(async () => {
			wf = await deploy(
				n8n,
				{ clientSecret: SECRET, customAuth: 'none' },
				{ events: ['*'], options: { suppressDuplicates: true, duplicateWindowSeconds: 600 } },
			);
		});

		it('runs a retried event once and a different event again', async () => {
			const definition = aktifyEvents.find((event) => event.name === 'lead.link_sent')!;
			const first = signedRequest(definition, SECRET);
			const retry = signedRequest(definition, SECRET, Date.now() + 1000);
			expect(retry.headers['aktify-signature']).not.toBe(first.headers['aktify-signature']);
			expect((await n8n.deliver(wf.path, first.body, first.headers)).json).toMatchObject({
				status: 'accepted',
			});
			const second = await n8n.deliver(wf.path, retry.body, retry.headers);
			expect(second.status).toBe(200);
			expect(second.json).toMatchObject({ status: 'duplicate' });
			const other = signedRequest(definition, SECRET, Date.now(), {
				...(definition.sample as object),
				data: { phone: '+15095550000', url: 'https://link.akti.fyi/other' },
			});
			expect((await n8n.deliver(wf.path, other.body, other.headers)).json).toMatchObject({
				status: 'accepted',
			});
			expect(await n8n.waitForExecutions(wf.id, 2, { settleMs: 1500 })).toHaveLength(2);
		});
	});
});
