import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { ActiveCampaignEventsTrigger } from '../../../nodes/ActiveCampaign/ActiveCampaignEventsTrigger.node';
import { signAktifyBody } from '../../../nodes/Aktify/auth';
import { AktifyTrigger } from '../../../nodes/Aktify/AktifyTrigger.node';
import { signLeadterraBody } from '../../../nodes/Leadterra/auth';
import { LeadterraTrigger } from '../../../nodes/Leadterra/LeadterraTrigger.node';
import { SmartleadTrigger } from '../../../nodes/Smartlead/SmartleadTrigger.node';
import { seededRandom } from '../lib/seededRandom';
import { fakeWebhookContext, type FakeWebhookOptions } from '../lib/webhookContext';

/**
 * Requests a hostile sender controls, driven through each trigger's real `webhook()` in production
 * and in test mode: `webhook()` never throws, the answer is 2xx or 4xx, nothing unauthenticated
 * reaches a workflow in production, whatever is emitted can be serialised, and the log gets at
 * most the rate-limited lines.
 */

// A production rejection schedules the rejection log's per-minute summary; fake timers keep that
// pending timer from holding the test process open for a minute after the tests are done.
beforeAll(() => {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date'] });
});
afterAll(() => {
	jest.clearAllTimers();
	jest.useRealTimers();
});

const SECRET = 'hostile-suite-secret-7Qp2Lx9c';
const WRONG_SECRET = 'hostile-suite-wrong-secret-Zz41';
const TOKEN = 'Hs8vQ2mLx0pT4rY7uW1zK3nB6cD9eF5g'; // 32 URL-safe characters, the issued shape
const OTHER_ISSUED_TOKEN = 'Aa8vQ2mLx0pT4rY7uW1zK3nB6cD9eF5h';
const DEPTH = 10_000;

const deepArray = (depth = DEPTH) => '['.repeat(depth) + ']'.repeat(depth);
const deepObject = (depth = DEPTH) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepFormKey = (depth = DEPTH) => `a${'[a]'.repeat(depth)}=1`;
const manyKeys = (count = 5000) =>
	JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, i])));
const manyFormPairs = (count = 5000) =>
	Array.from({ length: count }, (_, i) => `contact[f${i}]=${i}`).join('&');
const PROTO_JSON =
	'{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"event":"__proto__","type":"constructor","metadata":{"eventType":"__proto__"},"data":{"__proto__":{"password":"x"}}}';
const PROTO_FORM =
	'__proto__[polluted]=yes&constructor[prototype][polluted]=yes&type=__proto__&contact[__proto__][x]=1';
const INVALID_UTF8 = Buffer.concat([
	Buffer.from('{"event":"'),
	Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80]),
	Buffer.from('"}'),
]);

interface Body {
	name: string;
	body: Buffer;
	contentType: string;
}

const json = (name: string, text: string): Body => ({
	name,
	body: Buffer.from(text),
	contentType: 'application/json',
});
const form = (name: string, text: string): Body => ({
	name,
	body: Buffer.from(text),
	contentType: 'application/x-www-form-urlencoded',
});

/** Bodies that hurt on their own, whoever sends them. */
const HOSTILE_BODIES: Body[] = [
	json('JSON [ nested 10,000 deep', deepArray()),
	json('JSON {"a": nested 10,000 deep', deepObject()),
	json('a signed-looking event with data nested 10,000 deep', eventAround(deepObject())),
	form('form key a[a][a]… 10,000 deep', deepFormKey()),
	json('an ActiveCampaign list nested 10,000 deep', `{"type":"subscribe","list":${deepArray()}}`),
	json('5,000 keys', manyKeys()),
	form('5,000 form pairs', manyFormPairs()),
	json('__proto__ / constructor keys', PROTO_JSON),
	form('__proto__ / constructor form keys', PROTO_FORM),
	{ name: 'invalid UTF-8', body: INVALID_UTF8, contentType: 'application/json' },
	{
		name: 'invalid UTF-8 in a form',
		body: Buffer.concat([Buffer.from('type='), Buffer.from([0xff, 0xc0, 0x80])]),
		contentType: 'application/x-www-form-urlencoded',
	},
];

/** A body shaped like every provider's events, with `inner` as its data. */
function eventAround(inner: string): string {
	return `{"metadata":{"eventType":"lead.link_clicked","apiVersion":"2026-02-09"},"type":"lead.created","event":"lead.created","event_type":"EMAIL_SENT","data":${inner},"contact":${inner}}`;
}

interface Auth {
	headers?: Record<string, string | string[]>;
	query?: Record<string, unknown>;
}

interface TriggerSetup {
	name: string;
	node: { webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> };
	nodeType: string;
	context: Pick<FakeWebhookOptions, 'credentials' | 'staticData'>;
	/** How a genuine sender authenticates `body`. */
	authenticated(body: Buffer): Auth;
	/** Ways of failing authentication. */
	forged(body: Buffer): Array<[string, Auth]>;
}

const now = () => Date.now();

const TRIGGERS: TriggerSetup[] = [
	{
		name: 'Aktify',
		node: new AktifyTrigger(),
		nodeType: 'n8n-nodes-lead-events.aktifyTrigger',
		context: { credentials: { aktifyApi: { clientSecret: SECRET, customAuth: 'none' } } },
		authenticated: (body) => ({
			headers: { 'aktify-signature': signAktifyBody(SECRET, body, 'v2', now()) },
		}),
		forged: (body) => [
			[
				'wrong signature, fresh t',
				{ headers: { 'aktify-signature': signAktifyBody(WRONG_SECRET, body, 'v2', now()) } },
			],
			[
				'wrong signature, old t',
				{
					headers: {
						'aktify-signature': signAktifyBody(WRONG_SECRET, body, 'v1', now() - 3_600_000),
					},
				},
			],
			[
				'right secret, old t',
				{ headers: { 'aktify-signature': signAktifyBody(SECRET, body, 'v2', now() - 3_600_000) } },
			],
			['no signature', {}],
			[
				'attacker text in the header',
				{ headers: { 'aktify-signature': `t=${now()},<img src=x>=1,<img src=x>=2` } },
			],
			['two signature headers', { headers: { 'aktify-signature': ['t=1,v2=00', 't=2,v2=11'] } }],
			[
				'an oversized signature header',
				{ headers: { 'aktify-signature': 'x'.repeat(256 * 1024) } },
			],
		],
	},
	{
		name: 'Leadterra',
		node: new LeadterraTrigger(),
		nodeType: 'n8n-nodes-lead-events.leadterraTrigger',
		context: {
			credentials: { leadterraApi: { apiKey: 'lt-key', baseUrl: 'http://127.0.0.1:1' } },
			staticData: { webhookId: 'wh_1', webhookSecret: SECRET, webhookToken: TOKEN },
		},
		authenticated: (body) => ({
			headers: { 'x-leadterra-signature': signLeadterraBody(SECRET, body) },
		}),
		forged: (body) => [
			[
				'wrong signature',
				{ headers: { 'x-leadterra-signature': signLeadterraBody(WRONG_SECRET, body) } },
			],
			['no signature', {}],
			['two signature headers', { headers: { 'x-leadterra-signature': ['a', 'b'] } }],
			[
				'an oversized signature header',
				{ headers: { 'x-leadterra-signature': 'f'.repeat(256 * 1024) } },
			],
		],
	},
	{
		name: 'SmartLead',
		node: new SmartleadTrigger(),
		nodeType: 'n8n-nodes-lead-events.smartleadTrigger',
		context: { staticData: { token: TOKEN, webhookId: 1 } },
		authenticated: () => ({ query: { token: TOKEN } }),
		forged: () => [
			['wrong token', { query: { token: OTHER_ISSUED_TOKEN } }],
			['no token', {}],
			['two tokens', { query: { token: [TOKEN, TOKEN] } }],
			['a token object', { query: { token: { __proto__: TOKEN } } }],
		],
	},
	{
		name: 'ActiveCampaign',
		node: new ActiveCampaignEventsTrigger(),
		nodeType: 'n8n-nodes-lead-events.activeCampaignEventsTrigger',
		context: { staticData: { webhookId: '7', token: TOKEN } },
		authenticated: () => ({ query: { token: TOKEN } }),
		forged: () => [
			['stale token', { query: { token: OTHER_ISSUED_TOKEN } }],
			['wrong token', { query: { token: '<script>' } }],
			['no token', {}],
			['two tokens', { query: { token: [TOKEN, OTHER_ISSUED_TOKEN] } }],
		],
	},
];

let workflowCounter = 0;

interface Delivered {
	status: number;
	result: IWebhookResponseData;
	lines: string[];
}

async function deliver(
	trigger: TriggerSetup,
	mode: 'manual' | 'webhook',
	body: Body,
	auth: Auth,
): Promise<Delivered> {
	const fake = fakeWebhookContext({
		mode,
		...trigger.context,
		staticData: { ...trigger.context.staticData },
		nodeType: trigger.nodeType,
		nodeName: `${trigger.name} Trigger`,
		// A workflow of its own per delivery, so the rejection log's per-node window starts afresh.
		workflowId: `wf-hostile-${++workflowCounter}`,
		headers: { 'content-type': body.contentType, ...auth.headers },
		query: auth.query,
		body: body.body,
		parameters: { routeBy: 'category' },
	});
	// Whatever happens must be a value, not an exception: n8n answers a throw with a 500.
	const result = await trigger.node.webhook.call(fake.context);
	// Nor may a request reach the unexpected-error path (400 "could not be processed"): that would
	// drop an authenticated event and misanswer a forged one.
	const answer = fake.response.body as { reason?: string } | undefined;
	expect({ reason: answer?.reason }).not.toEqual({ reason: 'Delivery could not be processed' });
	return { status: fake.response.statusCode ?? 200, result, lines: fake.loggedLines() };
}

function emitted(result: IWebhookResponseData): INodeExecutionData[] {
	return (result.workflowData ?? []).flat();
}

/** n8n stores and sends what a trigger emits as JSON; it must survive that. */
function expectSerialisable(result: IWebhookResponseData): void {
	expect(() => JSON.stringify(result.workflowData ?? null)).not.toThrow();
	expect(() => JSON.stringify(result.webhookResponse ?? null)).not.toThrow();
}

function expect2xxOr4xx(status: number): void {
	expect(status).toBeGreaterThanOrEqual(200);
	expect(status).toBeLessThan(500);
	expect(status < 300 || status >= 400).toBe(true);
}

describe.each(TRIGGERS.map((trigger) => [trigger.name, trigger] as const))(
	'%s Trigger webhook() with hostile input',
	(_name, trigger) => {
		const cases = HOSTILE_BODIES.flatMap((body) =>
			trigger.forged(body.body).map(([how, auth]) => [body.name, how, body, auth] as const),
		);

		describe.each(['webhook', 'manual'] as const)('in %s mode', (mode) => {
			it.each(cases)('%s, %s: a 4xx, no item in production', async (_b, _how, body, auth) => {
				const { status, result, lines } = await deliver(trigger, mode, body, auth);
				expect2xxOr4xx(status);
				expect(status).toBeGreaterThanOrEqual(400);
				if (mode === 'webhook') expect(emitted(result)).toHaveLength(0);
				expectSerialisable(result);
				// One rejection of a fresh node: at most its one line, at once.
				expect(lines.length).toBeLessThanOrEqual(1);
			});

			it.each(HOSTILE_BODIES.map((body) => [body.name, body] as const))(
				'%s, authenticated: answered 2xx/4xx, anything emitted is serialisable',
				async (_b, body) => {
					const { status, result, lines } = await deliver(
						trigger,
						mode,
						body,
						trigger.authenticated(body.body),
					);
					expect2xxOr4xx(status);
					expectSerialisable(result);
					expect(lines.length).toBeLessThanOrEqual(1);
				},
			);
		});
	},
);

describe('a wrongly signed deeply nested body', () => {
	it.each([
		['Aktify', 'JSON [ nested 10,000 deep'],
		['Aktify', 'JSON {"a": nested 10,000 deep'],
		['Leadterra', 'JSON [ nested 10,000 deep'],
		['Leadterra', 'JSON {"a": nested 10,000 deep'],
	])('%s: %s is answered 401, not 400', async (name, bodyName) => {
		const trigger = TRIGGERS.find((entry) => entry.name === name) as TriggerSetup;
		const body = HOSTILE_BODIES.find((entry) => entry.name === bodyName) as Body;
		for (const mode of ['webhook', 'manual'] as const) {
			const [, auth] = trigger.forged(body.body)[0];
			const { status, result } = await deliver(trigger, mode, body, auth);
			expect(status).toBe(401);
			if (mode === 'manual') {
				const [item] = emitted(result);
				expect(item?.json).toMatchObject({ rejected: true, status: 401 });
				expectSerialisable(result);
			}
		}
	});
});

describe('an authenticated deeply nested event', () => {
	it.each(TRIGGERS.map((trigger) => [trigger.name, trigger] as const))(
		'%s: is emitted with the part too deep to show replaced, and says so in validation',
		async (_name, trigger) => {
			const body = json('deep', eventAround(deepObject()));
			const { status, result } = await deliver(
				trigger,
				'webhook',
				body,
				trigger.authenticated(body.body),
			);
			expect(status).toBe(200);
			const items = emitted(result);
			expect(items).toHaveLength(1);
			const text = JSON.stringify(items[0].json);
			expect(text).toContain('nested too deep');
			const validation = items[0].json.validation as { valid: boolean; issues: string[] };
			expect(validation.valid).toBe(false);
			expect(validation.issues.join(' ')).toMatch(/nested deeper than \d+ levels/);
		},
	);
});

describe('a forged flood of deep bodies to one production node', () => {
	it.each(TRIGGERS.map((trigger) => [trigger.name, trigger] as const))(
		'%s: 200 forgeries start nothing and write one log line',
		async (_name, trigger) => {
			const body = json('deep', deepArray());
			const fake = () =>
				fakeWebhookContext({
					mode: 'webhook',
					...trigger.context,
					staticData: { ...trigger.context.staticData },
					nodeType: trigger.nodeType,
					nodeName: `${trigger.name} Trigger`,
					workflowId: `wf-flood-${trigger.name}`,
					headers: {
						'content-type': 'application/json',
						...trigger.forged(body.body)[0][1].headers,
					},
					query: trigger.forged(body.body)[0][1].query,
					body: body.body,
				});
			const lines: string[] = [];
			let items = 0;
			for (let index = 0; index < 200; index++) {
				const context = fake();
				const result = await trigger.node.webhook.call(context.context);
				expect(context.response.statusCode).toBeGreaterThanOrEqual(400);
				expect(context.response.statusCode).toBeLessThan(500);
				items += emitted(result).length;
				lines.push(...context.loggedLines());
			}
			expect(items).toBe(0);
			expect(lines).toHaveLength(1);
		},
	);
});

describe('credential reads under sequential forgeries', () => {
	it.each([
		['Aktify', 'aktifyApi'],
		['Leadterra', 'leadterraApi'],
	])(
		'%s: 1,000 forged deliveries one after another read the credential a bounded number of times',
		async (name) => {
			const trigger = TRIGGERS.find((entry) => entry.name === name) as TriggerSetup;
			const body = json('event', eventAround('{"id":1}'));
			const forge = (genuine: boolean) =>
				fakeWebhookContext({
					mode: 'webhook',
					...trigger.context,
					// Leadterra: the credential's own signing secret, so verification depends on the read.
					...(name === 'Leadterra'
						? {
								credentials: {
									leadterraApi: {
										apiKey: 'k',
										baseUrl: 'http://127.0.0.1:1',
										signingSecret: SECRET,
									},
								},
								staticData: {},
							}
						: {}),
					nodeType: trigger.nodeType,
					workflowId: `wf-reads-${name}`,
					nodeId: `node-reads-${name}`,
					headers: {
						'content-type': 'application/json',
						...(genuine ? trigger.authenticated(body.body) : trigger.forged(body.body)[0][1])
							.headers,
					},
					body: body.body,
				});
			const started = Date.now();
			const first = forge(true);
			await trigger.node.webhook.call(first.context);
			expect(first.response.statusCode).toBeUndefined();
			let reads = first.getCredentials.mock.calls.length;
			for (let index = 0; index < 1000; index++) {
				const forged = forge(false);
				await trigger.node.webhook.call(forged.context);
				expect(forged.response.statusCode).toBe(401);
				reads += forged.getCredentials.mock.calls.length;
			}
			const elapsed = Date.now() - started;
			// The first read, one re-check per tenth of the 30 s lifetime, one read per lifetime.
			const bound = 2 + Math.floor(elapsed / 3000) + Math.floor(elapsed / 30_000);
			expect(reads).toBeLessThanOrEqual(bound);
		},
	);
});

describe('random hostile requests (seeded)', () => {
	const seed = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
	// Printed so that a failure can be replayed: HOSTILE_SEED=<seed> npx jest hostileDeliveries
	console.log(`hostileDeliveries: HOSTILE_SEED=${seed}`);
	const random = seededRandom(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'password', 'token', 'a', ''];

	/** A random JSON text: nesting of random depth and width, odd keys, odd strings. */
	function randomJson(depth: number): string {
		const roll = random();
		if (depth <= 0 || roll < 0.2) {
			return pick(['1', '"x"', 'null', 'true', '"\\u0000"', '"<img src=x>"', '1e999', '-0']);
		}
		if (roll < 0.6) {
			const width = Math.floor(random() * 3) + 1;
			return `[${Array.from({ length: width }, () => randomJson(depth - 1)).join(',')}]`;
		}
		const width = Math.floor(random() * 3) + 1;
		return `{${Array.from({ length: width }, () => `${JSON.stringify(pick(KEYS))}:${randomJson(depth - 1)}`).join(',')}}`;
	}

	function randomBody(): Body {
		const kind = Math.floor(random() * 4);
		if (kind === 0) {
			const depth = Math.floor(random() * 12_000);
			return json(`deep ${depth}`, random() < 0.5 ? deepArray(depth) : deepObject(depth));
		}
		if (kind === 1) return json('random JSON', eventAround(randomJson(8)));
		if (kind === 2) {
			const pairs = Array.from(
				{ length: Math.floor(random() * 50) + 1 },
				() =>
					`${pick(KEYS)}${'[a]'.repeat(Math.floor(random() * 40))}[${pick(KEYS)}]=${pick(['1', '%ZZ', '%ff', ''])}`,
			);
			return form('random form', pairs.join('&'));
		}
		return {
			name: 'random bytes',
			body: Buffer.from(
				Array.from({ length: Math.floor(random() * 200) }, () =>
					pick([0x7b, 0x5b, 0x22, 0xff, 0x80, 0x3a, 0x2c, 0x7d, 0x5d]),
				),
			),
			contentType: pick(['application/json', 'application/x-www-form-urlencoded', 'text/plain']),
		};
	}

	it('200 random requests to every trigger, forged and genuine, in both modes', async () => {
		for (let round = 0; round < 200; round++) {
			const trigger = pick(TRIGGERS);
			const body = randomBody();
			const mode = pick(['webhook', 'manual'] as const);
			const genuine = random() < 0.3;
			const auth = genuine ? trigger.authenticated(body.body) : pick(trigger.forged(body.body))[1];
			const label = `round ${round}: ${trigger.name} ${mode} ${genuine ? 'genuine' : 'forged'} ${body.name}`;
			const { status, result, lines } = await deliver(trigger, mode, body, auth).catch(
				(error: Error) => {
					throw new Error(`${label}: webhook() threw ${error.message}`);
				},
			);
			expect({
				label,
				ok: status >= 200 && status < 500 && (status < 300 || status >= 400),
			}).toEqual({
				label,
				ok: true,
			});
			if (!genuine && mode === 'webhook') {
				expect({ label, items: emitted(result).length }).toEqual({ label, items: 0 });
			}
			expectSerialisable(result);
			expect({ label, lines: lines.length <= 1 }).toEqual({ label, lines: true });
		}
	});
});
