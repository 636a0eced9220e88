import { apiErrorMessage, redact } from '../../../nodes/shared/registration/errorText';
import {
	MAX_ATTEMPTS,
	MAX_RETRY_DELAY_MS,
	retryDelayMs,
} from '../../../nodes/shared/registration/retry';

describe('retryDelayMs', () => {
	const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

	it('retries only 429', () => {
		for (const status of [400, 401, 404, 500, 502, 503])
			expect(retryDelayMs(status, '1', 1, NOW)).toBeUndefined();
		expect(retryDelayMs(429, '1', 1, NOW)).toBe(1000);
	});

	it('stops after the last attempt', () => {
		expect(retryDelayMs(429, undefined, MAX_ATTEMPTS - 1, NOW)).toBe(500 * 2 ** (MAX_ATTEMPTS - 2));
		expect(retryDelayMs(429, undefined, MAX_ATTEMPTS, NOW)).toBeUndefined();
	});

	it('backs off exponentially without Retry-After, or when it is blank or unreadable', () => {
		expect(retryDelayMs(429, undefined, 1, NOW)).toBe(500);
		expect(retryDelayMs(429, '', 2, NOW)).toBe(1000);
		expect(retryDelayMs(429, 'soon', 2, NOW)).toBe(1000);
	});

	it('honours Retry-After in seconds and as an HTTP date, capped and never negative', () => {
		expect(retryDelayMs(429, '2', 1, NOW)).toBe(2000);
		expect(retryDelayMs(429, new Date(NOW + 3000).toUTCString(), 1, NOW)).toBe(3000);
		expect(retryDelayMs(429, '3600', 1, NOW)).toBe(MAX_RETRY_DELAY_MS);
		expect(retryDelayMs(429, new Date(NOW - 5000).toUTCString(), 1, NOW)).toBe(0);
		expect(retryDelayMs(429, '0', 1, NOW)).toBe(0);
	});
});

describe('redact', () => {
	it('masks secrets wherever they appear', () => {
		expect(redact('key sk_live_abcdef failed; again sk_live_abcdef', ['sk_live_abcdef'])).toBe(
			'key *** failed; again ***',
		);
	});

	it('masks credential-like query parameters, keeping the rest of the URL', () => {
		expect(redact('GET https://x.example/v1?api_key=abc123&page=2 failed', [])).toBe(
			'GET https://x.example/v1?api_key=***&page=2 failed',
		);
		expect(redact('https://n8n/webhook/x?token=tok_1 and &access_token=zz', [])).toBe(
			'https://n8n/webhook/x?token=*** and &access_token=***',
		);
	});

	it('leaves very short values alone, so it does not shred ordinary text', () => {
		expect(redact('abc abc', ['abc', ''])).toBe('abc abc');
	});
});

describe('apiErrorMessage', () => {
	it.each([
		[{ message: 'Invalid URL' }, 'Invalid URL'],
		[{ error: 'bad_request' }, 'bad_request'],
		[{ error: { code: 'authentication_failed', message: 'Invalid API key' } }, 'Invalid API key'],
		[{ detail: 'Not found' }, 'Not found'],
		[
			{ errors: [{ message: 'url is required' }, { field: 'events' }] },
			'url is required; {"field":"events"}',
		],
		['  plain text error  ', '  plain text error  '],
	])('reads %j', (body, expected) => {
		expect(apiErrorMessage(body)).toBe(expected);
	});

	it('gives undefined when there is nothing to show, and truncates long text', () => {
		expect(apiErrorMessage(undefined)).toBeUndefined();
		expect(apiErrorMessage('   ')).toBeUndefined();
		expect(apiErrorMessage({ code: 1 })).toBeUndefined();
		expect(apiErrorMessage({ errors: [] })).toBeUndefined();
		expect(apiErrorMessage('x'.repeat(500))).toHaveLength(300);
	});
});
