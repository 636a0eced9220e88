import { createServer, type IncomingMessage, type Server } from 'http';
import type { AddressInfo } from 'net';

import { activeCampaignEvents } from '../../../nodes/ActiveCampaign/events';
import { aktifyEvents } from '../../../nodes/Aktify/events';
import { leadterraEvents } from '../../../nodes/Leadterra/events';
import { smartleadEvents } from '../../../nodes/Smartlead/events';
import { maskedUrl, runSimulator } from '../../../cli/simulate';
import { planRequests as planFor, providerById } from '../../../cli/lib/plan';

/** Plans for a provider named by its id, as the command line names it. */
function planRequests(id: string, options: Parameters<typeof planFor>[1]) {
	const provider = providerById(id);
	if (!provider) throw new Error(`no provider ${id}`);
	return planFor(provider, options);
}

const TOKEN = 'Abc_def-ghi0123456789jklmnopqrst';
const URL_BASE = 'https://n8n.example.com/webhook/abc/webhook';

describe('planRequests', () => {
	it('plans one request per catalogue event of each provider', () => {
		const url = `${URL_BASE}?token=${TOKEN}`;
		const count = (provider: string, secret?: string) => {
			const plan = planRequests(provider, { url, event: 'all', secret });
			return plan.ok ? plan.requests.length : plan.message;
		};
		expect(count('aktify', 's3cret_s3cret_s3cret')).toBe(aktifyEvents.length);
		expect(count('leadterra', 's3cret')).toBe(leadterraEvents.length);
		expect(count('smartlead')).toBe(smartleadEvents.length);
		expect(count('activecampaign')).toBe(activeCampaignEvents.length);
	});

	it('selects one event, and an Aktify version', () => {
		const plan = planRequests('aktify', {
			url: URL_BASE,
			event: 'dnc.created',
			version: 'v1',
			secret: 's3cret_s3cret_s3cret',
		});
		expect(plan.ok && plan.requests.map((request) => [request.event, request.variant])).toEqual([
			['dnc.created', 'v1'],
		]);
	});

	it('refuses what could only be rejected, saying what to give', () => {
		const message = (plan: ReturnType<typeof planRequests>) => (plan.ok ? 'planned' : plan.message);
		expect(message(planRequests('aktify', { url: URL_BASE, event: 'all' }))).toMatch(/--secret/);
		expect(message(planRequests('smartlead', { url: URL_BASE, event: 'all' }))).toMatch(
			/No token in --url and no --token: .*SmartLead node/,
		);
		expect(message(planRequests('activecampaign', { url: URL_BASE, event: 'all' }))).toMatch(
			/No token/,
		);
		expect(message(planRequests('leadterra', { url: URL_BASE, event: 'all' }))).toMatch(
			/or give --secret/,
		);
		expect(
			message(planRequests('leadterra', { url: URL_BASE, event: 'all', secret: 's3cret' })),
		).toBe('planned');
		expect(message(planRequests('smartlead', { url: URL_BASE, event: 'all', token: TOKEN }))).toBe(
			'planned',
		);
		expect(
			message(planRequests('smartlead', { url: `${URL_BASE}?token=${TOKEN}`, event: 'NOPE' })),
		).toMatch(/No smartlead catalogue event matches --event NOPE/);
		expect(message(planRequests('smartlead', { url: 'not a url', event: 'all' }))).toMatch(
			/not a URL/,
		);
	});
});

describe('maskedUrl', () => {
	it('hides the token and keeps the rest', () => {
		expect(maskedUrl(`${URL_BASE}?token=${TOKEN}&x=1`)).toBe(`${URL_BASE}?token=***&x=1`);
		expect(maskedUrl(URL_BASE)).toBe(URL_BASE);
	});
});

describe('runSimulator against a local receiver', () => {
	interface Received {
		url: string;
		headers: IncomingMessage['headers'];
		body: string;
	}
	let server: Server;
	let received: Received[];
	let answer: (request: Received) => number;
	let base: string;
	let printed: string[];

	beforeAll(async () => {
		server = createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				const entry = {
					url: request.url ?? '',
					headers: request.headers,
					body: Buffer.concat(chunks).toString(),
				};
				received.push(entry);
				response.writeHead(answer(entry), { 'content-type': 'application/json' });
				response.end('{"status":"seen"}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/abc/webhook`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));
	beforeEach(() => {
		received = [];
		answer = () => 200;
		printed = [];
		jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
	});
	afterEach(() => jest.restoreAllMocks());

	it('posts every ActiveCampaign sample form-encoded to the URL with the token, and never prints the token', async () => {
		const code = await runSimulator(['activecampaign', '--url', base, '--token', TOKEN]);
		expect(code).toBe(0);
		expect(received).toHaveLength(activeCampaignEvents.length);
		for (const request of received) {
			expect(request.url).toBe(`/webhook/abc/webhook?token=${TOKEN}`);
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		}
		expect(new URLSearchParams(received[0].body).get('type')).toBe(activeCampaignEvents[0].name);
		expect(printed.join('\n')).not.toContain(TOKEN);
		expect(printed.at(-1)?.trim()).toBe(
			`${activeCampaignEvents.length} of ${activeCampaignEvents.length} deliveries answered 2xx`,
		);
	});

	it('signs Leadterra deliveries and exits 1 when one is not answered 2xx', async () => {
		answer = (request) => (request.body.includes('reply.received') ? 401 : 200);
		const code = await runSimulator([
			'leadterra',
			'--url',
			`${base}?token=${TOKEN}`,
			'--secret',
			'whsec_0123456789',
		]);
		expect(code).toBe(1);
		expect(received).toHaveLength(leadterraEvents.length);
		expect(
			received.every((request) =>
				/^[0-9a-f]{64}$/.test(String(request.headers['x-leadterra-signature'])),
			),
		).toBe(true);
		expect(printed.some((line) => /reply\.received\s+→ 401/.test(line))).toBe(true);
	});

	it('sends signed Aktify events when no provider is named', async () => {
		const code = await runSimulator([
			'--url',
			base,
			'--secret',
			's3cret_s3cret_s3cret',
			'--event',
			'lead.link_clicked',
		]);
		expect(code).toBe(0);
		expect(received).toHaveLength(1);
		expect(received[0].headers['aktify-signature']).toMatch(/^t=\d+,v2=[0-9a-f]{64}$/);
	});

	it('lists a catalogue', async () => {
		expect(await runSimulator(['smartlead', '--list'])).toBe(0);
		expect(printed).toHaveLength(smartleadEvents.length);
		expect(printed[0]).toContain('EMAIL_SENT');
		expect(received).toHaveLength(0);
	});
});
