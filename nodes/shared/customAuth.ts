import { safeEqual } from './crypto';

/**
 * Authentication of unsigned deliveries by a shared credential in a header: HTTP Basic, a Bearer
 * token, or a named header with a fixed value.
 */
export type CustomAuthConfig =
	| { type: 'none' }
	| { type: 'basic'; user: string; password: string }
	| { type: 'bearer'; token: string }
	| { type: 'header'; name: string; value: string };

export type AuthOutcome = { ok: true } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function isConfigured(config: CustomAuthConfig): boolean {
	switch (config.type) {
		case 'basic':
			return config.user !== '' || config.password !== '';
		case 'bearer':
			return config.token !== '';
		case 'header':
			return config.name !== '' && config.value !== '';
		default:
			return false;
	}
}

export function checkCustomAuth(config: CustomAuthConfig, headers: Headers): AuthOutcome {
	if (!isConfigured(config)) return { ok: false, reason: 'Unsigned requests are not accepted' };
	if (config.type === 'header') {
		const actual = header(headers, config.name);
		if (actual === undefined) return { ok: false, reason: `Missing ${config.name} header` };
		return safeEqual(config.value, actual)
			? { ok: true }
			: { ok: false, reason: `Invalid ${config.name} header` };
	}
	const authorization = header(headers, 'authorization') ?? '';
	const [scheme, ...rest] = authorization.trim().split(/\s+/);
	const credentials = rest.join(' ');
	if (config.type === 'bearer') {
		if (scheme?.toLowerCase() !== 'bearer' || credentials === '') {
			return { ok: false, reason: 'Missing Bearer authorization' };
		}
		return safeEqual(config.token, credentials)
			? { ok: true }
			: { ok: false, reason: 'Invalid Bearer token' };
	}
	if (config.type === 'basic') {
		if (scheme?.toLowerCase() !== 'basic' || credentials === '') {
			return { ok: false, reason: 'Missing Basic authorization' };
		}
		const expected = Buffer.from(`${config.user}:${config.password}`, 'utf8').toString('base64');
		return safeEqual(expected, credentials)
			? { ok: true }
			: { ok: false, reason: 'Invalid Basic credentials' };
	}
	return { ok: false, reason: 'Unsigned requests are not accepted' };
}
