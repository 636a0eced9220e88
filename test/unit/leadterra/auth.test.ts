import { createHmac } from 'crypto';

import {
	parseSignature,
	signLeadterraBody,
	verifyLeadterraSignature,
} from '../../../nodes/Leadterra/auth';

const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const BODY =
	'{"event":"message.sent","timestamp":"2025-06-10T16:00:00Z","data":{"sequenceStep":1,"messageId":"msg_1"}}';
// Independent of the code under test: node's own HMAC over the exact bytes.
const DIGEST = createHmac('sha256', SECRET).update(BODY, 'utf8').digest('hex');
const raw = Buffer.from(BODY, 'utf8');

describe('signLeadterraBody', () => {
	it('is the lowercase hex HMAC-SHA256 of the raw body', () => {
		expect(signLeadterraBody(SECRET, BODY)).toBe(DIGEST);
		expect(DIGEST).toMatch(/^[0-9a-f]{64}$/);
	});
});

describe('verifyLeadterraSignature', () => {
	it('accepts the digest, with or without a sha256= prefix, in any case and with spaces', () => {
		for (const header of [
			DIGEST,
			`sha256=${DIGEST}`,
			`SHA256=${DIGEST.toUpperCase()}`,
			`  ${DIGEST} `,
		]) {
			expect(verifyLeadterraSignature(header, raw, [SECRET])).toEqual({ ok: true, secretIndex: 0 });
		}
	});

	it('rejects a tampered body, a re-serialised body and a wrong secret', () => {
		const tampered = Buffer.from(BODY.replace('msg_1', 'msg_2'));
		const pretty = Buffer.from(JSON.stringify(JSON.parse(BODY), null, 2));
		expect(verifyLeadterraSignature(DIGEST, tampered, [SECRET])).toMatchObject({
			ok: false,
			status: 401,
			reason: 'Signature does not match',
		});
		expect(verifyLeadterraSignature(DIGEST, pretty, [SECRET]).ok).toBe(false);
		expect(verifyLeadterraSignature(DIGEST, raw, ['whsec_another_secret_0000000000']).ok).toBe(
			false,
		);
	});

	it('says which of several secrets matched', () => {
		expect(verifyLeadterraSignature(DIGEST, raw, ['whsec_other_0000000000000000', SECRET])).toEqual(
			{ ok: true, secretIndex: 1 },
		);
	});

	it('fails closed without a secret, without a header, and for malformed headers', () => {
		expect(verifyLeadterraSignature(DIGEST, raw, [])).toMatchObject({
			ok: false,
			status: 401,
			reason: 'No signing secret is configured',
		});
		expect(verifyLeadterraSignature(DIGEST, raw, [''])).toMatchObject({
			ok: false,
			status: 401,
			reason: 'No signing secret is configured',
		});
		expect(verifyLeadterraSignature(undefined, raw, [SECRET])).toMatchObject({
			ok: false,
			status: 401,
			reason: 'Missing X-Leadterra-Signature header',
		});
		expect(verifyLeadterraSignature('   ', raw, [SECRET]).ok).toBe(false);
		for (const header of [
			DIGEST.slice(0, 63),
			`${DIGEST}0`,
			'sha1=' + DIGEST,
			Buffer.from(DIGEST, 'hex').toString('base64'),
			`v1=${DIGEST}`,
		]) {
			expect(verifyLeadterraSignature(header, raw, [SECRET])).toMatchObject({
				ok: false,
				status: 401,
				reason: 'Malformed X-Leadterra-Signature header',
			});
		}
	});
});

describe('parseSignature', () => {
	it('normalises to lowercase hex or gives undefined', () => {
		expect(parseSignature(`sha256=${DIGEST.toUpperCase()}`)).toBe(DIGEST);
		expect(parseSignature('zz')).toBeUndefined();
	});
});
