import { createHmac } from 'crypto';

import { diagnoseSignature } from '../../../nodes/shared/diagnostics/signatureDiagnosis';

const hmac = (secret: string, body: string | Buffer) =>
	createHmac('sha256', secret).update(body).digest('hex');

const CURRENT = 'current-secret-0123456789';
const PREVIOUS = 'previous-secret-9876543210';
const body = { b: 1, a: 'é', list: [1, 2] };

function input(signature: string, raw: Buffer, secrets = [CURRENT, PREVIOUS]) {
	return {
		secrets: [
			{ slot: 'client-secret' as const, secret: secrets[0] },
			{ slot: 'previous-client-secret' as const, secret: secrets[1] },
		],
		raw,
		parsed: JSON.parse(raw.toString()) as unknown,
		matches: (secret: string, signed: string | Buffer) => hmac(secret, signed) === signature,
	};
}

describe('diagnoseSignature', () => {
	const raw = Buffer.from(JSON.stringify(body, null, 2));

	it('names the secret a valid signature was made with', () => {
		expect(diagnoseSignature(input(hmac(PREVIOUS, raw), raw))).toEqual({
			signatureValidWith: 'previous-client-secret',
		});
	});

	it('finds a signature over the body with its keys re-ordered (a proxy re-serialised it)', () => {
		const sorted = '{"a":"é","b":1,"list":[1,2]}';
		expect(diagnoseSignature(input(hmac(CURRENT, sorted), raw))).toEqual({
			signatureValidWith: 'client-secret',
			signatureBody: 'sorted-keys',
		});
	});

	it('finds a signature over the body with \\u escapes', () => {
		const escaped = '{"b":1,"a":"\\u00e9","list":[1,2]}';
		expect(diagnoseSignature(input(hmac(PREVIOUS, escaped), raw))).toMatchObject({
			signatureBody: 'ascii-escaped',
		});
	});

	it('finds whitespace pasted around the secret', () => {
		const diagnosis = diagnoseSignature(input(hmac(CURRENT, raw), raw, [`${CURRENT}\n`, '']));
		expect(diagnosis).toEqual({ secretWhitespace: true });
	});

	it('finds the other scheme', () => {
		const t = '1769688000000';
		const v2 = (secret: string, signed: string | Buffer) =>
			createHmac('sha256', secret).update(`${t}.`).update(signed).digest('hex');
		const signature = v2(CURRENT, raw);
		const diagnosis = diagnoseSignature({
			...input(signature, raw),
			otherScheme: { name: 'v2', matches: (secret, signed) => v2(secret, signed) === signature },
		});
		expect(diagnosis).toEqual({ signatureValidWith: 'client-secret', schemeComputedAs: 'v2' });
	});

	it('says it checked when nothing matches, and never returns secret material', () => {
		const diagnosis = diagnoseSignature(input(hmac('some-other-secret-xyz', raw), raw));
		expect(diagnosis).toEqual({ signatureChecked: true });
		expect(JSON.stringify(diagnosis)).not.toContain(CURRENT.slice(0, 6));
	});

	it('gives plain evidence instead of throwing when a check throws or the body is 10,000 deep', () => {
		const failing = {
			...input('00', raw),
			matches: () => {
				throw new RangeError('Maximum call stack size exceeded');
			},
		};
		expect(diagnoseSignature(failing)).toEqual({});
		const deep = '['.repeat(10_000) + ']'.repeat(10_000);
		expect(diagnoseSignature(input(hmac('forged', deep), Buffer.from(deep)))).toEqual({
			signatureChecked: true,
		});
	});

	it('skips a whitespace-only secret', () => {
		const blank = '   ';
		expect(diagnoseSignature(input(hmac(blank, raw), raw, [blank, '']))).toEqual({
			signatureChecked: true,
		});
	});
});
