import { connect } from 'net';
import { readFileSync } from 'fs';

import { signAktifyBody } from '../../nodes/Aktify/auth';
import { signLeadterraBody } from '../../nodes/Leadterra/auth';
import { FAKE_API_KEY, FakeActiveCampaign } from '../../harness/fakes/activecampaign';
import { FakeLeadterra } from '../../harness/fakes/leadterra';
import { FakeSmartlead } from '../../harness/fakes/smartlead';
import { triggerWorkflow } from '../../harness/client';
import { sharedN8n } from './lib/shared';

/**
 * Hostile requests to each trigger's production URL in a real n8n: bodies nested 10,000 deep
 * (JSON and form keys), 5,000 keys, `__proto__`/`constructor` keys, invalid UTF-8, repeated and
 * oversized headers, and a flood of forged deep bodies. Only 2xx/4xx answers, no execution of any
 * status for an unauthenticated request, and n8n still serves a genuine delivery afterwards.
 */

jest.setTimeout(900_000);

const n8n = sharedN8n();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const AKTIFY_SECRET = 'e2e-hostile-aktify-secret-Vb72Qm';
const WRONG_SECRET = 'e2e-hostile-wrong-secret-Kd03Lp';
const SMARTLEAD_KEY = 'slk-e2e-hostile-Tq9Wd1';
const DEPTH = 10_000;

const deepArray = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH);
const deepFormKey = `type=subscribe&a${'[a]'.repeat(DEPTH)}=1`;
const manyKeys = JSON.stringify(
	Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])),
);
const protoKeys =
	'{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"event":"__proto__","type":"constructor","metadata":{"eventType":"__proto__"}}';
const invalidUtf8 = Buffer.concat([
	Buffer.from('{"event":"'),
	Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
	Buffer.from('"}'),
]);

interface Answer {
	status: number;
	text: string;
}

/**
 * One request written byte by byte on a socket, so that headers can repeat and be any size (fetch
 * joins repeated headers into one). Answers the status and body of n8n's response.
 */
function rawPost(
	url: string,
	headers: Array<[string, string]>,
	body: Buffer | string,
): Promise<Answer> {
	const target = new URL(url);
	const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
	const head = [
		`POST ${target.pathname}${target.search} HTTP/1.1`,
		`Host: ${target.host}`,
		'Connection: close',
		`Content-Length: ${bytes.length}`,
		...headers.map(([name, value]) => `${name}: ${value}`),
		'',
		'',
	].join('\r\n');
	return new Promise((resolve) => {
		const socket = connect(Number(target.port), target.hostname);
		const chunks: Buffer[] = [];
		const answered = () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
			return { status, text: text.slice(text.indexOf('\r\n\r\n') + 4) };
		};
		socket.on('data', (chunk) => chunks.push(chunk));
		// A server that refuses a request early (e.g. 431 for its headers) answers, then resets the
		// connection while the rest is still being written: the answer counts.
		// When the reset comes before the answer could be read, the status is 0 and the text says so.
		socket.on('error', (error) => {
			const answer = answered();
			resolve(answer.status > 0 ? answer : { status: 0, text: `reset: ${error.message}` });
		});
		socket.on('end', () => resolve(answered()));
		// Not ended from this side: n8n would take a half-closed socket for an aborted request. With
		// `Connection: close` n8n closes it once it has answered.
		socket.setTimeout(60_000, () => socket.destroy(new Error(`No answer from ${url}`)));
		socket.write(head);
		socket.write(bytes);
	});
}

interface Target {
	name: string;
	workflowId: string;
	/** Production URL with whatever query authenticates (the token) or none. */
	url: string;
	/** Headers of a forged request for `body` (a wrong signature, or the URL without its token). */
	forged(body: Buffer): { url: string; headers: Array<[string, string]> };
	/** A genuine delivery: URL, headers and body. */
	genuine(): { url: string; headers: Array<[string, string]>; body: string };
	/** Header names whose repetition matters to this trigger. */
	authHeader: string;
}

function expect2xxOr4xx(label: string, status: number): void {
	const ok = (status >= 200 && status < 300) || (status >= 400 && status < 500);
	expect({ label, status, ok }).toEqual({ label, status, ok: true });
}

async function labelled<T>(label: string, promise: Promise<T>): Promise<T> {
	try {
		return await promise;
	} catch (error) {
		throw new Error(`${label}: ${(error as Error).message}`);
	}
}

/** Unauthenticated: refused by the trigger (or by n8n before it), never accepted. */
function expect4xx(label: string, answer: Answer): void {
	if (answer.status >= 400 && answer.status < 500) return;
	throw new Error(`${label}: answered ${answer.status}: ${answer.text.slice(0, 300)}`);
}

describe('Hostile requests to the production URLs of all four triggers', () => {
	const leadterra = new FakeLeadterra();
	const smartlead = new FakeSmartlead({ apiKey: SMARTLEAD_KEY });
	const activeCampaign = new FakeActiveCampaign();
	const targets: Target[] = [];

	async function publish(spec: Parameters<typeof triggerWorkflow>[0]) {
		const built = triggerWorkflow(spec, `e2e hostile ${spec.type} ${Date.now()}`);
		const workflowId = await n8n.createWorkflow(built.workflow);
		const status = await n8n.publish(workflowId);
		expect(status.status).toBe('published');
		await n8n.waitForWebhook(built.webhookPath);
		return { workflowId, url: `${n8n.baseUrl}/webhook/${built.webhookPath}` };
	}

	beforeAll(async () => {
		await Promise.all([leadterra.start(), smartlead.start(), activeCampaign.start()]);

		const aktifyCredential = await n8n.createCredential('aktifyApi', {
			clientSecret: AKTIFY_SECRET,
			customAuth: 'none',
		});
		const aktify = await publish({
			type: 'aktifyTrigger',
			parameters: { events: ['*'], routeBy: 'category' },
			credentials: { aktifyApi: aktifyCredential },
		});
		targets.push({
			name: 'Aktify',
			...aktify,
			authHeader: 'aktify-signature',
			forged: (body) => ({
				url: aktify.url,
				headers: [['aktify-signature', signAktifyBody(WRONG_SECRET, body, 'v2', Date.now())]],
			}),
			genuine: () => {
				const body = JSON.stringify({
					metadata: {
						apiVersion: '2026-02-09',
						eventType: 'lead.link_clicked',
						campaignId: 'cmp_e2e',
						eventTime: new Date().toISOString(),
					},
					data: {
						phone: '+15095551234',
						url: 'https://example.com/x',
						shortUrl: 'https://akt.fy/x',
					},
				});
				return {
					url: aktify.url,
					headers: [
						['content-type', 'application/json'],
						['aktify-signature', signAktifyBody(AKTIFY_SECRET, body, 'v2', Date.now())],
					],
					body,
				};
			},
		});

		const leadterraCredential = await n8n.createCredential('leadterraApi', {
			apiKey: leadterra.apiKey,
			baseUrl: leadterra.baseUrl,
			signingSecret: '',
		});
		const lt = await publish({
			type: 'leadterraTrigger',
			parameters: { events: ['*'] },
			credentials: { leadterraApi: leadterraCredential },
		});
		const [ltHook] = leadterra.list().filter((hook) => hook.url.split('?')[0] === lt.url);
		expect(ltHook).toBeDefined();
		targets.push({
			name: 'Leadterra',
			workflowId: lt.workflowId,
			url: ltHook.url,
			authHeader: 'x-leadterra-signature',
			forged: (body) => ({
				url: ltHook.url,
				headers: [['x-leadterra-signature', signLeadterraBody(WRONG_SECRET, body)]],
			}),
			genuine: () => {
				const body = leadterra.bodyFor('message.sent');
				return {
					url: ltHook.url,
					headers: [
						['content-type', 'application/json'],
						['x-leadterra-signature', signLeadterraBody(ltHook.secret, body)],
					],
					body,
				};
			},
		});

		const smartleadCredential = await n8n.createCredential('smartleadApi', {
			apiKey: SMARTLEAD_KEY,
			baseUrl: smartlead.baseUrl,
		});
		const sl = await publish({
			type: 'smartleadTrigger',
			parameters: { scope: 'user', events: ['*'], leadCategories: [], routeBy: 'none' },
			credentials: { smartleadApi: smartleadCredential },
		});
		const [slHook] = smartlead.all().filter((hook) => hook.webhookUrl.split('?')[0] === sl.url);
		expect(slHook).toBeDefined();
		targets.push({
			name: 'SmartLead',
			workflowId: sl.workflowId,
			url: slHook.webhookUrl,
			authHeader: 'authorization',
			// A token of the issued shape that is not this trigger's.
			forged: () => ({ url: `${sl.url}?token=${'A'.repeat(32)}`, headers: [] }),
			genuine: () => ({
				url: slHook.webhookUrl,
				headers: [['content-type', 'application/json']],
				body: JSON.stringify(smartlead.payloadFor('EMAIL_SENT', slHook)),
			}),
		});

		const acCredential = await n8n.createCredential('activeCampaignEventsApi', {
			apiUrl: activeCampaign.url,
			apiKey: FAKE_API_KEY,
		});
		const ac = await publish({
			type: 'activeCampaignEventsTrigger',
			parameters: { events: ['*'] },
			credentials: { activeCampaignEventsApi: acCredential },
		});
		const [acHook] = activeCampaign.hooksFor(ac.url);
		expect(acHook).toBeDefined();
		targets.push({
			name: 'ActiveCampaign',
			workflowId: ac.workflowId,
			url: acHook.url,
			authHeader: 'authorization',
			// Not a token shape this trigger issues: 401 (a stale issued one would be 410).
			forged: () => ({ url: `${ac.url}?token=forged`, headers: [] }),
			genuine: () => ({
				url: acHook.url,
				headers: [['content-type', 'application/x-www-form-urlencoded']],
				body: `type=subscribe&date_time=2026-01-29T12%3A00%3A00-06%3A00&initiated_from=admin&contact%5Bid%5D=7&contact%5Bemail%5D=a%40b.c&list=1&url=${encodeURIComponent(acHook.url)}`,
			}),
		});
	});

	afterAll(async () => {
		for (const target of targets) {
			await n8n.unpublish(target.workflowId).catch(() => undefined);
			await n8n.deleteWorkflow(target.workflowId).catch(() => undefined);
		}
		await Promise.all([leadterra.stop(), smartlead.stop(), activeCampaign.stop()]);
	});

	const BODIES: Array<[string, string, Buffer]> = [
		['JSON [ nested 10,000 deep', 'application/json', Buffer.from(deepArray)],
		['JSON {"a": nested 10,000 deep', 'application/json', Buffer.from(deepObject)],
		[
			'form key a[a][a]… 10,000 deep',
			'application/x-www-form-urlencoded',
			Buffer.from(deepFormKey),
		],
		['5,000 keys', 'application/json', Buffer.from(manyKeys)],
		['__proto__ / constructor keys', 'application/json', Buffer.from(protoKeys)],
		['invalid UTF-8', 'application/json', invalidUtf8],
		['invalid UTF-8 as text', 'text/plain', invalidUtf8],
	];

	it.each(['Aktify', 'Leadterra', 'SmartLead', 'ActiveCampaign'])(
		'%s: hostile bodies and headers get 2xx/4xx answers, start nothing, and a genuine delivery still runs',
		async (name) => {
			const target = targets.find((entry) => entry.name === name) as Target;
			const answers: Array<[string, number]> = [];
			const logBefore = readFileSync(n8n.logFile, 'utf8').length;
			for (const [label, contentType, body] of BODIES) {
				const forged = target.forged(body);
				const answer = await labelled(
					label,
					rawPost(forged.url, [['content-type', contentType], ...forged.headers], body),
				);
				answers.push([`${label}, forged`, answer.status]);
				expect4xx(label, answer);
				// Refused for what it is, unauthenticated, not as a delivery that "could not be processed".
				expect({ label, status: answer.status }).toEqual({ label, status: 401 });
			}
			const small = Buffer.from('{"event":"x"}');
			const forged = target.forged(small);
			const headerCases: Array<[string, Array<[string, string]>]> = [
				[
					'the auth header twice',
					[
						...forged.headers,
						...forged.headers,
						[target.authHeader, 'second'],
						['content-type', 'application/json'],
					],
				],
				[
					'content-type twice',
					[
						...forged.headers,
						['content-type', 'application/json'],
						['content-type', 'application/x-www-form-urlencoded'],
					],
				],
				[
					'a 64 KB header',
					[
						...forged.headers,
						['content-type', 'application/json'],
						['x-big', 'x'.repeat(64 * 1024)],
					],
				],
				[
					'a 64 KB auth header',
					[
						['content-type', 'application/json'],
						[target.authHeader, 'v'.repeat(64 * 1024)],
					],
				],
				[
					'200 headers',
					[
						...forged.headers,
						...Array.from({ length: 200 }, (_, i): [string, string] => [`x-h${i}`, String(i)]),
					],
				],
			];
			for (const [label, headers] of headerCases) {
				const answer = await labelled(label, rawPost(forged.url, headers, small));
				answers.push([label, answer.status]);
				// Node answers headers above its limit with 431 and closes the connection at once; the
				// reset can overtake the answer while the 64 KB are still being written. Either way no
				// trigger ran (the executions are checked below).
				if (label.includes('64 KB') && answer.status === 0) continue;
				expect4xx(label, answer);
			}
			console.log(`${name}: ${answers.map(([label, status]) => `${status} ${label}`).join('; ')}`);

			// The log got this node's first rejection and no error line (the rest are counted).
			const logged = readFileSync(n8n.logFile, 'utf8').slice(logBefore).split('\n');
			expect(logged.filter((line) => line.includes('could not be processed'))).toEqual([]);
			expect(
				logged.filter(
					(line) => line.includes(`(${target.workflowId})`) && line.includes('webhook deliver'),
				).length,
			).toBeLessThanOrEqual(1);

			// Nothing ran for any of them, not even a failed or crashed execution.
			const none = await n8n.waitForExecutions(target.workflowId, 0, { settleMs: 2000 });
			expect(none.map((execution) => execution.status)).toEqual([]);

			// n8n still serves the trigger: a genuine delivery is accepted and runs.
			const genuine = target.genuine();
			const answer = await rawPost(genuine.url, genuine.headers, genuine.body);
			expect2xxOr4xx('genuine', answer.status);
			expect(answer.status).toBe(200);
			const executions = await n8n.waitForExecutions(target.workflowId, 1);
			expect(executions.map((execution) => execution.status)).toEqual(['success']);
			await n8n.api('DELETE', `/executions/${executions[0].id}`).catch(() => undefined);
		},
	);

	it('a flood of 200 forged deep bodies per trigger starts no execution and writes at most two log lines per trigger', async () => {
		const figures: string[] = [];
		for (const target of targets) {
			const before = (await n8n.executions(target.workflowId, false)).length;
			const logLines = () =>
				readFileSync(n8n.logFile, 'utf8')
					.split('\n')
					.filter(
						(line) => line.includes(`(${target.workflowId})`) && line.includes('webhook deliver'),
					).length;
			const linesBefore = logLines();
			const statuses = new Map<number, number>();
			const started = Date.now();
			const body = Buffer.from(deepArray);
			// Ten at a time, as a sender with ten connections would.
			for (let batch = 0; batch < 20; batch++) {
				const answers = await Promise.all(
					Array.from({ length: 10 }, () => {
						const forged = target.forged(body);
						return rawPost(
							forged.url,
							[['content-type', 'application/json'], ...forged.headers],
							body,
						);
					}),
				);
				for (const answer of answers)
					statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
			}
			const seconds = (Date.now() - started) / 1000;
			await sleep(2000);
			const executions = (await n8n.executions(target.workflowId, false)).length - before;
			const lines = logLines() - linesBefore;
			const answered = [...statuses.entries()]
				.map(([status, count]) => `${count} × ${status}`)
				.join(', ');
			figures.push(
				`${target.name}: 200 forged deep bodies in ${seconds.toFixed(1)} s → ${answered}; ${executions} executions; ${lines} log line(s)`,
			);
			expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
			expect(executions).toBe(0);
			// The first at once, then at most the minute's summary.
			expect(lines).toBeLessThanOrEqual(2);
		}
		console.log(`Forged flood figures:\n${figures.join('\n')}`);
	});
});
