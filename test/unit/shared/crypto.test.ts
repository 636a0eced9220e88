import { safeEqual, sha256Hex } from '../../../nodes/shared/auth/crypto';

describe('safeEqual', () => {
	it.each([
		['secret-token-0123', 'secret-token-0123', true],
		['secret-token-0123', 'secret-token-0124', false],
		['secret-token-0123', 'secret-token-012', false],
		['secret-token-0123', 'secret-token-01234', false],
		['secret-token-0123', '', false],
		['', '', true],
		['clé-secrète', 'clé-secrète', true],
		// Same number of characters, different UTF-8 lengths.
		['clé', 'cle', false],
	])('%j against %j is %j', (expected, actual, equal) => {
		expect(safeEqual(expected, actual)).toBe(equal);
	});
});

describe('sha256Hex', () => {
	it('gives the same digest for text and for its UTF-8 bytes', () => {
		const text = '{"event":"reply.received","body":"Grüße"}';
		expect(sha256Hex(text)).toBe(sha256Hex(Buffer.from(text, 'utf8')));
		expect(sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
		);
	});
});
