import {
	credentialProblems,
	DEFAULT_TOLERANCE_SECONDS,
	deliveryConfig,
	readDeliveryConfig,
	toleranceMs,
} from '../../../nodes/Aktify/config';
import { fakeWebhookContext } from '../lib/webhookContext';

const SECRET = 'aktify_client_secret_0123';
const PREVIOUS = 'aktify_previous_secret_456';
let node = 0;

describe('Aktify config', () => {
	it('accepts the client secret and the previous one, in that order, without blank ones', () => {
		expect(
			deliveryConfig({ clientSecret: SECRET, previousClientSecret: PREVIOUS }, {}).secrets,
		).toEqual([SECRET, PREVIOUS]);
		expect(
			deliveryConfig({ clientSecret: '  ', previousClientSecret: PREVIOUS }, {}).secrets,
		).toEqual([PREVIOUS]);
	});

	it('reads custom payload authentication from the credential (header name trimmed)', () => {
		expect(deliveryConfig({ customAuth: 'bearer', bearerToken: 't0k' }, {}).customAuth).toEqual({
			type: 'bearer',
			token: 't0k',
		});
		expect(
			deliveryConfig({ customAuth: 'header', headerName: ' X-Key ', headerSecret: 'v' }, {})
				.customAuth,
		).toEqual({ type: 'header', name: 'X-Key', value: 'v' });
		expect(deliveryConfig({}, {}).customAuth).toEqual({ type: 'none' });
	});

	it('turns Signature Tolerance into milliseconds; 0 switches the check off, nonsense keeps the default', () => {
		expect(toleranceMs(60)).toBe(60_000);
		expect(toleranceMs('120')).toBe(120_000);
		expect(toleranceMs(0)).toBe(0);
		for (const bad of [Number.NaN, -5, Number.POSITIVE_INFINITY, 'x', ''])
			expect(toleranceMs(bad)).toBe(DEFAULT_TOLERANCE_SECONDS * 1000);
	});

	it('splits Custom Payload Event Fields, dropping empty entries', () => {
		expect(deliveryConfig({}, { eventFields: ' type, ,meta.event ' }).eventFields).toEqual([
			'type',
			'meta.event',
		]);
		expect(deliveryConfig({}, {}).eventFields).toEqual(['eventType', 'event']);
	});

	it('names each problem of an unusable credential', () => {
		expect(credentialProblems({ clientSecret: SECRET })).toEqual([]);
		expect(credentialProblems({})).toEqual([expect.stringMatching(/client secret/i)]);
		expect(credentialProblems({ clientSecret: 'short' })).toEqual([
			expect.stringMatching(/shorter than the 16 characters/),
		]);
		expect(credentialProblems({ customAuth: 'header', headerName: 'X-Key' })).toEqual([
			expect.stringMatching(/header name and a value/),
		]);
	});

	it("reads the node's credential and options inside webhook()", async () => {
		const fake = fakeWebhookContext({
			nodeId: `aktify-config-${++node}`,
			credentials: { aktifyApi: { clientSecret: SECRET } },
			parameters: { options: { toleranceSeconds: 30, credentialCacheSeconds: 0 } },
		});
		const config = await readDeliveryConfig(fake.context);
		expect(config.secrets).toEqual([SECRET]);
		expect(config.toleranceMs).toBe(30_000);
		expect(fake.getCredentials).toHaveBeenCalledWith('aktifyApi');
	});
});
