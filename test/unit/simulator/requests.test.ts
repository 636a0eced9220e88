import { parseFormBody } from '../../../nodes/ActiveCampaign/formParser';
import { activeCampaignEvents } from '../../../nodes/ActiveCampaign/events';
import { authenticate as verifyAktifySignature } from '../../../nodes/Aktify/auth';
import { aktifyEvents } from '../../../nodes/Aktify/events';
import { verifyLeadterraSignature } from '../../../nodes/Leadterra/auth';
import { leadterraEvents } from '../../../nodes/Leadterra/events';
import { smartleadEvents } from '../../../nodes/Smartlead/events';
import { signedRequest } from '../../../nodes/Aktify/simulation';
import { leadterraRequest } from '../../../nodes/Leadterra/simulation';
import { urlWithToken } from '../../../nodes/shared/simulation';
import { activeCampaignRequest } from '../../../nodes/ActiveCampaign/simulation';
import { smartleadRequest } from '../../../nodes/Smartlead/simulation';

const URL_BASE = 'https://n8n.example.com/webhook/5e1d0c5a-0000-4000-8000-000000000001/webhook';
const TOKEN = 'Abc_def-ghi0123456789jklmnopqrst';

function tokensIn(url: string): string[] {
	return new URL(url).searchParams.getAll('token');
}

describe('Aktify requests', () => {
	const secret = 'simulator_secret_0123456789';
	const now = Date.UTC(2026, 11, 2, 5, 0, 0);

	it.each(aktifyEvents.map((event) => [`${event.version} ${event.name}`, event] as const))(
		'%s is signed so that the trigger verifier accepts it',
		(_label, definition) => {
			const request = signedRequest(definition, secret, now);
			const verdict = verifyAktifySignature({
				header: request.headers['aktify-signature'],
				rawBody: Buffer.from(request.body),
				parsedBody: JSON.parse(request.body),
				secrets: [secret],
				toleranceMs: 300_000,
				now,
			});
			expect(verdict).toMatchObject({ ok: true, scheme: definition.version });
			expect(JSON.parse(request.body)).toEqual(definition.sample);
		},
	);

	it('is rejected by the verifier under another secret', () => {
		const request = signedRequest(aktifyEvents[2], secret, now);
		const verdict = verifyAktifySignature({
			header: request.headers['aktify-signature'],
			rawBody: Buffer.from(request.body),
			parsedBody: JSON.parse(request.body),
			secrets: ['another_secret_0123456789'],
			toleranceMs: 300_000,
			now,
		});
		expect(verdict.ok).toBe(false);
	});
});

describe('Leadterra requests', () => {
	const secret = 'whsec_simulator_0123456789';

	it.each(leadterraEvents.map((event) => [event.name, event] as const))(
		'%s carries a signature the trigger verifier accepts',
		(_name, definition) => {
			const request = leadterraRequest(definition, `${URL_BASE}?token=${TOKEN}`, { secret });
			const header = request.headers['x-leadterra-signature'];
			expect(header).toMatch(/^[0-9a-f]{64}$/);
			expect(verifyLeadterraSignature(header, Buffer.from(request.body), [secret]).ok).toBe(true);
			expect(verifyLeadterraSignature(header, Buffer.from(request.body), ['other']).ok).toBe(false);
			expect(JSON.parse(request.body)).toEqual(definition.sample);
			expect(tokensIn(request.url)).toEqual([TOKEN]);
		},
	);

	it('without a secret is unsigned and relies on the URL token', () => {
		const request = leadterraRequest(leadterraEvents[0], URL_BASE, { token: TOKEN });
		expect(request.headers['x-leadterra-signature']).toBeUndefined();
		expect(request.variant).toBe('token');
		expect(tokensIn(request.url)).toEqual([TOKEN]);
	});
});

describe('URL token', () => {
	it('is added to a URL without one', () => {
		expect(urlWithToken(URL_BASE, TOKEN)).toBe(`${URL_BASE}?token=${TOKEN}`);
	});

	it('replaces the one in the URL instead of sending the parameter twice', () => {
		expect(tokensIn(urlWithToken(`${URL_BASE}?token=old&x=1`, TOKEN))).toEqual([TOKEN]);
		expect(new URL(urlWithToken(`${URL_BASE}?token=old&x=1`, TOKEN)).searchParams.get('x')).toBe(
			'1',
		);
	});

	it('leaves the URL alone when none is given', () => {
		expect(urlWithToken(`${URL_BASE}?token=${TOKEN}`, undefined)).toBe(
			`${URL_BASE}?token=${TOKEN}`,
		);
	});
});

describe('SmartLead requests', () => {
	it.each(smartleadEvents.map((event) => [event.name, event] as const))(
		'%s sends the catalogue sample as JSON to the URL with its token',
		(_name, definition) => {
			const request = smartleadRequest(definition, URL_BASE, { token: TOKEN });
			expect(request.headers['content-type']).toBe('application/json');
			expect(JSON.parse(request.body)).toEqual(definition.sample);
			expect(tokensIn(request.url)).toEqual([TOKEN]);
		},
	);

	it('sets secret_key when one is given', () => {
		const request = smartleadRequest(smartleadEvents[0], `${URL_BASE}?token=${TOKEN}`, {
			secretKey: '0b6f1c3e-1111-4222-8333-444455556666',
		});
		expect(JSON.parse(request.body).secret_key).toBe('0b6f1c3e-1111-4222-8333-444455556666');
		expect(tokensIn(request.url)).toEqual([TOKEN]);
	});
});

describe('ActiveCampaign requests', () => {
	it.each(activeCampaignEvents.map((event) => [event.name, event] as const))(
		'%s is form-encoded so that the form parser reads back every field of the sample',
		(name, definition) => {
			const request = activeCampaignRequest(definition, URL_BASE, { token: TOKEN });
			expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
			expect(tokensIn(request.url)).toEqual([TOKEN]);
			const parsed = parseFormBody(request.body);
			expect(parsed.issues).toEqual([]);
			expect(parsed.value.type).toBe(name);
			const expectedPairs = Object.entries(definition.sample).flatMap(([key, value]) =>
				(Array.isArray(value) ? value : [value]).map((entry) => [key, entry]),
			);
			expect(parsed.pairs).toEqual(expectedPairs);
		},
	);

	it('encodes brackets and spaces as ActiveCampaign does', () => {
		const request = activeCampaignRequest(
			{
				...activeCampaignEvents[0],
				sample: { 'contact[first_name]': 'Dana Lee', type: 'subscribe' },
			},
			URL_BASE,
			{ token: TOKEN },
		);
		expect(request.body).toBe('contact%5Bfirst_name%5D=Dana+Lee&type=subscribe');
	});
});
