import {
	presentedToken,
	sameEndpoint,
	withoutQuery,
	withToken,
} from '../../../nodes/shared/auth/urlToken';

const BASE = 'https://n8n.example.com/webhook/0b6d/webhook';

describe('withToken', () => {
	it('starts a query when the URL has none, encoding the token', () => {
		expect(withToken(BASE, 'a b/c')).toBe(`${BASE}?token=a%20b%2Fc`);
	});

	it('appends to a query the URL already has, never adding a second "?"', () => {
		expect(withToken(`${BASE}?a=1`, 'tok')).toBe(`${BASE}?a=1&token=tok`);
		expect(withToken(`${BASE}?`, 'tok')).toBe(`${BASE}?token=tok`);
		expect(withToken(`${BASE}?a=1&`, 'tok')).toBe(`${BASE}?a=1&token=tok`);
	});

	it('keeps a fragment after the query', () => {
		expect(withToken(`${BASE}#part`, 'tok')).toBe(`${BASE}?token=tok#part`);
	});
});

describe('withoutQuery and sameEndpoint', () => {
	it('strips query and fragment, and nothing else', () => {
		expect(withoutQuery(`${BASE}?token=abc`)).toBe(BASE);
		expect(withoutQuery(`${BASE}#x`)).toBe(BASE);
		expect(withoutQuery(`${BASE}/`)).toBe(`${BASE}/`);
		expect(withoutQuery(undefined)).toBe('');
	});

	it('treats URLs that differ only in token or trailing slash as the same endpoint', () => {
		expect(sameEndpoint(`${BASE}?token=old`, `${BASE}?token=new`)).toBe(true);
		expect(sameEndpoint(`${BASE}/`, BASE)).toBe(true);
		expect(sameEndpoint(`${BASE}x`, BASE)).toBe(false);
	});

	it('never matches an empty or missing URL', () => {
		expect(sameEndpoint('', '')).toBe(false);
		expect(sameEndpoint(undefined, undefined)).toBe(false);
		expect(sameEndpoint('?token=a', '?token=b')).toBe(false);
	});
});

describe('presentedToken', () => {
	it('reads one value, and a list of one as that value', () => {
		expect(presentedToken({ token: 'abc' })).toBe('abc');
		expect(presentedToken({ token: ['abc'] })).toBe('abc');
	});

	it('returns a repeated parameter as a list and an absent one as undefined', () => {
		expect(presentedToken({ token: ['a', 'b'] })).toEqual(['a', 'b']);
		expect(presentedToken({})).toBeUndefined();
		expect(presentedToken(undefined)).toBeUndefined();
		expect(presentedToken({ token: 7 })).toBeUndefined();
	});
});
