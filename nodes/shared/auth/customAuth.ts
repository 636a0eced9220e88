import { safeEqual } from './crypto';
import { rejection, type Result } from '../result';

/**
 * Authentication of unsigned deliveries by a shared credential in a header: HTTP Basic, a Bearer
 * token, or a named header with a fixed value.
 */
export type CustomAuthConfig =
	| { type: 'none' }
	| { type: 'basic'; user: string; password: string }
	| { type: 'bearer'; token: string }
	| { type: 'header'; name: string; value: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** Empty or only whitespace: not a value anyone should authenticate with. */
function blank(value: string): boolean {
	return value.trim() === '';
}

/** Whether the configuration can authenticate anything; whitespace-only values count as missing. */
export function isConfigured(config: CustomAuthConfig): boolean {
	switch (config.type) {
		case 'basic':
			return !blank(config.user) || !blank(config.password);
		case 'bearer':
			return !blank(config.token);
		case 'header':
			return !blank(config.name) && !blank(config.value);
		default:
			return false;
	}
}

/** Whether `presented` equals the configured value once whitespace around that value is removed. */
function matchesTrimmed(configured: string, presented: string): boolean {
	const trimmed = configured.trim();
	return trimmed !== configured && safeEqual(trimmed, presented);
}

/**
 * Reasons are sent back to whoever sent the request, so they are fixed phrases: never the name of
 * the configured header (a detail of the configuration a sender has no business learning) and
 * never anything the request carried. The evidence for the editor and the log names the header.
 */
export function checkCustomAuth(config: CustomAuthConfig, headers: Headers): Result {
	if (!isConfigured(config)) {
		return rejection(401, 'Unsigned requests are not accepted', 'signature-missing');
	}
	if (config.type === 'header') {
		const actual = header(headers, config.name);
		const evidence = { authType: config.type, header: config.name };
		if (actual === undefined) {
			return rejection(
				401,
				'Missing custom authentication header',
				'custom-auth-missing',
				evidence,
			);
		}
		return safeEqual(config.value, actual)
			? { ok: true }
			: rejection(401, 'Invalid custom authentication header', 'custom-auth-invalid', {
					...evidence,
					credentialWhitespace: matchesTrimmed(config.value, actual),
				});
	}
	const authorization = header(headers, 'authorization') ?? '';
	const [scheme, ...rest] = authorization.trim().split(/\s+/);
	const credentials = rest.join(' ');
	// Only the scheme word of what was sent is kept as evidence, never the credentials after it.
	const sent = /^[A-Za-z]+$/.test(scheme ?? '') ? { authorizationScheme: scheme } : {};
	if (config.type === 'bearer') {
		if (scheme?.toLowerCase() !== 'bearer' || credentials === '') {
			return rejection(401, 'Missing Bearer authorization', 'custom-auth-missing', {
				authType: 'bearer',
				...sent,
			});
		}
		return safeEqual(config.token, credentials)
			? { ok: true }
			: rejection(401, 'Invalid Bearer token', 'custom-auth-invalid', {
					authType: 'bearer',
					credentialWhitespace: matchesTrimmed(config.token, credentials),
				});
	}
	if (config.type === 'basic') {
		if (scheme?.toLowerCase() !== 'basic' || credentials === '') {
			return rejection(401, 'Missing Basic authorization', 'custom-auth-missing', {
				authType: 'basic',
				...sent,
			});
		}
		const expected = Buffer.from(`${config.user}:${config.password}`, 'utf8').toString('base64');
		const trimmed = Buffer.from(`${config.user.trim()}:${config.password.trim()}`, 'utf8');
		return safeEqual(expected, credentials)
			? { ok: true }
			: rejection(401, 'Invalid Basic credentials', 'custom-auth-invalid', {
					authType: 'basic',
					credentialWhitespace:
						trimmed.toString('base64') !== expected &&
						safeEqual(trimmed.toString('base64'), credentials),
				});
	}
	return rejection(401, 'Unsigned requests are not accepted', 'signature-missing');
}
