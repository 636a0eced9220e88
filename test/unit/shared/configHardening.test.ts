import { signAktifyBody } from '../../../nodes/Aktify/auth';
import {
	credentialProblems,
	deliveryConfig as aktifyConfig,
	toleranceMs,
} from '../../../nodes/Aktify/config';
import { processDelivery as processAktifyDelivery } from '../../../nodes/Aktify/delivery';
import { signLeadterraBody, verifyLeadterraSignature } from '../../../nodes/Leadterra/auth';
import { deliveryConfig as leadterraConfig } from '../../../nodes/Leadterra/config';
import { processDelivery as processLeadterraDelivery } from '../../../nodes/Leadterra/delivery';
import { deliveryConfig as smartleadConfig } from '../../../nodes/Smartlead/config';
import {
	checkCustomAuth,
	isConfigured,
	type CustomAuthConfig,
} from '../../../nodes/shared/auth/customAuth';

/** Configuration a mistake can make look set while it is not, and reasons a sender gets back. */

const BLANKS = [' ', '   ', '\n', '\t\r\n '];
const BODY = '{"metadata":{"eventType":"lead.link_clicked"},"data":{}}';
const NOW = Date.UTC(2026, 0, 29, 12);

describe('a whitespace-only secret counts as not configured', () => {
	it.each(BLANKS.map((blank) => [JSON.stringify(blank), blank] as const))(
		'Aktify Client Secret %s: signed deliveries fail closed, and the credential check says so',
		(_label, blank) => {
			const config = aktifyConfig({ clientSecret: blank, previousClientSecret: blank }, {});
			expect(config.secrets).toEqual([]);
			const outcome = processAktifyDelivery(
				{
					headers: { 'aktify-signature': signAktifyBody(blank, BODY, 'v2', NOW) },
					rawBody: Buffer.from(BODY),
					contentType: 'application/json',
				},
				config,
				NOW,
			);
			expect(outcome).toMatchObject({ ok: false, status: 401, cause: 'secret-not-configured' });
			expect(credentialProblems({ clientSecret: blank })).toContain(
				'Enter the client secret from the Aktify Portal, or configure custom payload authentication',
			);
		},
	);

	it.each(BLANKS.map((blank) => [JSON.stringify(blank), blank] as const))(
		'Leadterra signing secret %s: not used to verify',
		(_label, blank) => {
			expect(
				verifyLeadterraSignature(signLeadterraBody(blank, BODY), Buffer.from(BODY), [blank]),
			).toMatchObject({ ok: false, status: 401, cause: 'secret-not-configured' });
			const config = leadterraConfig({ webhookSecret: blank }, blank);
			expect(config.secrets).toEqual([]);
			// With neither a usable secret nor a token nothing is accepted.
			expect(
				processLeadterraDelivery(
					{
						headers: { 'x-leadterra-signature': signLeadterraBody(blank, BODY) },
						rawBody: Buffer.from(BODY),
					},
					config,
					NOW,
				),
			).toMatchObject({ ok: false, status: 401, cause: 'token-not-registered' });
		},
	);

	it('SmartLead Secret Key of whitespace: not set (the URL token still authenticates)', () => {
		for (const blank of BLANKS) {
			expect(smartleadConfig({ token: 'tok' }, { secretKey: blank })).toEqual({
				token: 'tok',
				secretKey: undefined,
			});
		}
		expect(smartleadConfig({ token: 'tok' }, { secretKey: ' key ' }).secretKey).toBe(' key ');
	});

	it.each<[string, CustomAuthConfig]>([
		['basic', { type: 'basic', user: '  ', password: '\n' }],
		['bearer', { type: 'bearer', token: '   ' }],
		['header', { type: 'header', name: 'x-key', value: '  ' }],
		['header without a name', { type: 'header', name: ' ', value: 'value' }],
	])(
		'custom payload authentication %s of whitespace: not configured, nothing accepted',
		(_l, auth) => {
			expect(isConfigured(auth)).toBe(false);
			const headers = {
				authorization: 'Bearer    ',
				'x-key': '  ',
			};
			expect(checkCustomAuth(auth, headers)).toMatchObject({ ok: false, status: 401 });
		},
	);
});

describe('reasons sent back for custom payload authentication', () => {
	const HEADER = 'x-very-private-header-name';
	const auth: CustomAuthConfig = { type: 'header', name: HEADER, value: 'expected-value-123' };

	it('never name the configured header, while the evidence for the editor does', () => {
		const missing = checkCustomAuth(auth, {});
		const invalid = checkCustomAuth(auth, { [HEADER]: '<img src=x onerror=alert(1)>' });
		expect(missing).toMatchObject({
			ok: false,
			status: 401,
			reason: 'Missing custom authentication header',
			evidence: { header: HEADER },
		});
		expect(invalid).toMatchObject({
			ok: false,
			status: 401,
			reason: 'Invalid custom authentication header',
			evidence: { header: HEADER },
		});
		for (const result of [missing, invalid]) {
			if (result.ok) throw new Error('unreachable');
			expect(result.reason).not.toContain(HEADER);
			expect(result.reason).not.toContain('<img');
		}
	});
});

describe('Aktify Signature Tolerance (Seconds)', () => {
	it.each<[unknown, number]>([
		[undefined, 300_000],
		[null, 300_000],
		['', 300_000],
		['  ', 300_000],
		[NaN, 300_000],
		[-1, 300_000],
		[-0.5, 300_000],
		[Infinity, 300_000],
		[-Infinity, 300_000],
		['abc', 300_000],
		[{}, 300_000],
		[0, 0],
		[60, 60_000],
		['60', 60_000],
		[0.5, 500],
	])('%p → %d ms (only 0 turns the check off)', (seconds, expected) => {
		expect(toleranceMs(seconds)).toBe(expected);
		expect(
			aktifyConfig({ clientSecret: 'x'.repeat(20) }, { toleranceSeconds: seconds }).toleranceMs,
		).toBe(expected);
	});
});
