import { processDelivery as processActiveCampaignDelivery } from '../../../nodes/ActiveCampaign/delivery';
import { signAktifyBody } from '../../../nodes/Aktify/auth';
import {
	processDelivery as processAktifyDelivery,
	type AktifyDeliveryConfig,
} from '../../../nodes/Aktify/delivery';
import { signLeadterraBody } from '../../../nodes/Leadterra/auth';
import { processDelivery as processLeadterraDelivery } from '../../../nodes/Leadterra/delivery';
import { processDelivery as processSmartleadDelivery } from '../../../nodes/Smartlead/delivery';
import type { IncomingDelivery } from '../../../nodes/shared/pipeline/incoming';
import { hintFor as hintWith } from '../../../nodes/shared/diagnostics/hints';
import type { RejectionCause, RejectionEvidence } from '../../../nodes/shared/diagnostics/causes';
import { PROVIDERS } from '../../../nodes/providers';
import type { Rejection } from '../../../nodes/shared/result';

/** Each trigger's refusals carry the cause code and evidence the hints are built from. */

/** The platform the evidence names, as the trigger hands its spec to the hints. */
const hintFor = (cause: RejectionCause, evidence: RejectionEvidence = {}) =>
	hintWith(
		cause,
		evidence,
		PROVIDERS.find((provider) => provider.displayName === evidence.provider),
	);

const NOW = Date.UTC(2026, 0, 29, 12, 0, 0);
const SECRET = 'aktify_current_secret_01';
const PREVIOUS = 'aktify_previous_secret_02';
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const BODY = JSON.stringify({
	metadata: { apiVersion: '2026-02-09', eventType: 'dnc.created', campaignId: 'c' },
	data: { phone: '+15095551234', b: 1, a: 2 },
});

const aktify: AktifyDeliveryConfig = {
	secrets: [SECRET, PREVIOUS],
	customAuth: { type: 'none' },
	toleranceMs: 300_000,
	eventFields: ['eventType'],
};

function delivery(
	body: string,
	headers: Record<string, string> = {},
	query: Record<string, unknown> = {},
): IncomingDelivery {
	return {
		headers: { 'content-type': 'application/json', ...headers },
		rawBody: Buffer.from(body),
		contentType: 'application/json',
		query,
	};
}

function rejected(outcome: { ok: boolean }): Rejection & { evidence: Record<string, unknown> } {
	expect(outcome.ok).toBe(false);
	const refusal = outcome as Rejection;
	return { ...refusal, evidence: { ...refusal.evidence, ...refusal.diagnose?.() } };
}

function noSecretIn(value: unknown, ...secrets: string[]) {
	const text = JSON.stringify(value);
	for (const secret of secrets) expect(text).not.toContain(secret.slice(0, 8));
}

describe('Aktify', () => {
	it('signature-missing, with the Authorization scheme of a custom payload', () => {
		const refusal = rejected(
			processAktifyDelivery(
				delivery('{"eventType":"x"}', { authorization: 'Bearer abc' }),
				aktify,
				NOW,
			),
		);
		expect(refusal).toMatchObject({
			cause: 'signature-missing',
			evidence: { header: 'aktify-signature', authorizationScheme: 'Bearer', looksSigned: false },
		});
		expect(JSON.stringify(refusal.evidence)).not.toContain('abc');
	});

	it('signature-repeated and signature-malformed', () => {
		const header = signAktifyBody(SECRET, BODY, 'v2', NOW);
		const twice = { headers: { 'aktify-signature': [header, header] }, rawBody: Buffer.from(BODY) };
		expect(rejected(processAktifyDelivery(twice, aktify, NOW)).cause).toBe('signature-repeated');
		expect(
			rejected(
				processAktifyDelivery(delivery(BODY, { 'aktify-signature': 't=soon,v2=ab' }), aktify, NOW),
			),
		).toMatchObject({ cause: 'signature-malformed', evidence: { detail: 'no valid t=' } });
	});

	it('timestamp-out-of-window: how far, and that the Previous Client Secret signed it', () => {
		const t = NOW - 2 * 3600_000;
		const refusal = rejected(
			processAktifyDelivery(
				delivery(BODY, { 'aktify-signature': signAktifyBody(PREVIOUS, BODY, 'v2', t) }),
				aktify,
				NOW,
			),
		);
		expect(refusal).toMatchObject({
			cause: 'timestamp-out-of-window',
			evidence: { timestampMs: t, receivedAtMs: NOW, signatureValidWith: 'previous-client-secret' },
		});
		expect(hintFor('timestamp-out-of-window', refusal.evidence)).toContain('2 h in the past');
		noSecretIn(refusal, SECRET, PREVIOUS);
	});

	it('signature-mismatch over a body a proxy re-ordered', () => {
		const signedOrder = JSON.stringify({
			data: { a: 2, b: 1, phone: '+15095551234' },
			metadata: { apiVersion: '2026-02-09', campaignId: 'c', eventType: 'dnc.created' },
		});
		const header = signAktifyBody(SECRET, signedOrder, 'v2', NOW);
		const refusal = rejected(
			processAktifyDelivery(delivery(BODY, { 'aktify-signature': header }), aktify, NOW),
		);
		expect(refusal).toMatchObject({
			cause: 'signature-mismatch',
			evidence: { signatureValidWith: 'client-secret', signatureBody: 'sorted-keys' },
		});
	});

	it('signature-mismatch from a secret pasted with a trailing newline', () => {
		const header = signAktifyBody(SECRET, BODY, 'v2', NOW);
		const refusal = rejected(
			processAktifyDelivery(
				delivery(BODY, { 'aktify-signature': header }),
				{ ...aktify, secrets: [`${SECRET}\n`] },
				NOW,
			),
		);
		expect(refusal).toMatchObject({
			cause: 'signature-mismatch',
			evidence: { secretWhitespace: true },
		});
	});

	it('secret-not-configured and the custom payload causes', () => {
		const header = signAktifyBody(SECRET, BODY, 'v2', NOW);
		expect(
			rejected(
				processAktifyDelivery(
					delivery(BODY, { 'aktify-signature': header }),
					{ ...aktify, secrets: [] },
					NOW,
				),
			).cause,
		).toBe('secret-not-configured');
		const bearer = { ...aktify, customAuth: { type: 'bearer' as const, token: 'tok-123456' } };
		expect(
			rejected(processAktifyDelivery(delivery('{}', { authorization: 'Basic eDp5' }), bearer, NOW)),
		).toMatchObject({
			cause: 'custom-auth-missing',
			evidence: { authType: 'bearer', authorizationScheme: 'Basic' },
		});
		const invalid = rejected(
			processAktifyDelivery(
				delivery('{}', { authorization: 'Bearer tok-123456' }),
				{
					...bearer,
					customAuth: { type: 'bearer', token: ' tok-123456 ' },
				},
				NOW,
			),
		);
		expect(invalid).toMatchObject({
			cause: 'custom-auth-invalid',
			evidence: { credentialWhitespace: true },
		});
	});

	it('body causes after a valid signature', () => {
		const header = (body: string) => ({
			'aktify-signature': signAktifyBody(SECRET, body, 'v2', NOW),
		});
		expect(rejected(processAktifyDelivery(delivery('[1]', header('[1]')), aktify, NOW)).cause).toBe(
			'body-not-object',
		);
		expect(
			rejected(processAktifyDelivery(delivery('{oops', header('{oops')), aktify, NOW)).cause,
		).toBe('body-not-json');
	});
});

describe('Leadterra', () => {
	const LT_SECRET = 'whsec_leadterra_000111';
	it('signature-mismatch names the registration or the credential secret that matched a re-encoded body', () => {
		const body = '{"event":"message.sent","data":{"z":1,"a":2}}';
		const signature = signLeadterraBody('whsec_credential_22', `${body}\n`);
		const refusal = rejected(
			processLeadterraDelivery(
				delivery(body, { 'x-leadterra-signature': signature }),
				{ secrets: [LT_SECRET, 'whsec_credential_22'] },
				NOW,
			),
		);
		expect(refusal).toMatchObject({
			cause: 'signature-mismatch',
			evidence: {
				signatureValidWith: 'credential-secret',
				signatureBody: 'trailing-newline-added',
			},
		});
		noSecretIn(refusal, LT_SECRET, 'whsec_credential_22');
	});

	it('token causes in token mode', () => {
		const config = { secrets: [], token: TOKEN };
		expect(rejected(processLeadterraDelivery(delivery('{}'), config, NOW)).cause).toBe(
			'token-missing',
		);
		expect(
			rejected(processLeadterraDelivery(delivery('{}', {}, { token: 'short' }), config, NOW)),
		).toMatchObject({ cause: 'token-invalid', evidence: { tokenLooksIssued: false } });
		expect(rejected(processLeadterraDelivery(delivery('{}'), { secrets: [] }, NOW)).cause).toBe(
			'token-not-registered',
		);
		expect(
			rejected(processLeadterraDelivery(delivery('{}'), { secrets: [LT_SECRET] }, NOW)).cause,
		).toBe('signature-missing');
	});
});

describe('SmartLead', () => {
	const body = JSON.stringify({ event_type: 'EMAIL_SENT', secret_key: 'sk-uuid-1' });
	it('token and secret_key causes', () => {
		expect(rejected(processSmartleadDelivery(delivery(body), { token: TOKEN }, NOW)).cause).toBe(
			'token-missing',
		);
		expect(
			rejected(
				processSmartleadDelivery(
					delivery(body, {}, { token: 'QbCdEfGhIjKlMnOpQrStUvWxYz012345' }),
					{ token: TOKEN },
					NOW,
				),
			),
		).toMatchObject({ cause: 'token-invalid', evidence: { tokenLooksIssued: true } });
		expect(
			rejected(processSmartleadDelivery(delivery(body), { token: undefined }, NOW)).cause,
		).toBe('token-not-registered');
		expect(
			rejected(
				processSmartleadDelivery(
					delivery(body, {}, { token: [TOKEN, TOKEN] }),
					{ token: TOKEN },
					NOW,
				),
			).cause,
		).toBe('token-repeated');
		const withToken = delivery(body, {}, { token: TOKEN });
		expect(
			rejected(processSmartleadDelivery(withToken, { token: TOKEN, secretKey: 'sk-uuid-2' }, NOW)),
		).toMatchObject({ cause: 'secret-key-invalid', evidence: { credentialWhitespace: false } });
		expect(
			rejected(
				processSmartleadDelivery(
					delivery('{"event_type":"EMAIL_SENT"}', {}, { token: TOKEN }),
					{ token: TOKEN, secretKey: 'sk-uuid-2' },
					NOW,
				),
			).cause,
		).toBe('secret-key-missing');
		expect(
			rejected(processSmartleadDelivery(delivery('', {}, { token: TOKEN }), { token: TOKEN }, NOW))
				.cause,
		).toBe('body-empty');
	});
});

describe('ActiveCampaign', () => {
	it('missing, stale, wrong and repeated tokens', () => {
		const form = 'type=subscribe';
		const run = (query: Record<string, unknown>) =>
			rejected(processActiveCampaignDelivery(delivery(form, {}, query), { token: TOKEN }, NOW));
		expect(run({})).toMatchObject({ status: 410, cause: 'token-missing' });
		expect(run({ token: 'QbCdEfGhIjKlMnOpQrStUvWxYz012345' })).toMatchObject({
			status: 410,
			cause: 'token-stale',
		});
		expect(run({ token: 'nope' })).toMatchObject({ status: 401, cause: 'token-invalid' });
		expect(run({ token: [TOKEN, TOKEN] })).toMatchObject({ status: 401, cause: 'token-repeated' });
	});
});
