import { safeEqual } from './crypto';
import { rejection, type Result } from './result';

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

export function checkCustomAuth(config: CustomAuthConfig, headers: Headers): Result {
	if (!isConfigured(config)) return rejection(401, 'Unsigned requests are not accepted');
	if (config.type === 'header') {
		const actual = header(headers, config.name);
		if (actual === undefined) return rejection(401, `Missing ${config.name} header`);
		return safeEqual(config.value, actual)
			? { ok: true }
			: rejection(401, `Invalid ${config.name} header`);
	}
	const authorization = header(headers, 'authorization') ?? '';
	const [scheme, ...rest] = authorization.trim().split(/\s+/);
	const credentials = rest.join(' ');
	if (config.type === 'bearer') {
		if (scheme?.toLowerCase() !== 'bearer' || credentials === '') {
			return rejection(401, 'Missing Bearer authorization');
		}
		return safeEqual(config.token, credentials)
			? { ok: true }
			: rejection(401, 'Invalid Bearer token');
	}
	if (config.type === 'basic') {
		if (scheme?.toLowerCase() !== 'basic' || credentials === '') {
			return rejection(401, 'Missing Basic authorization');
		}
		const expected = Buffer.from(`${config.user}:${config.password}`, 'utf8').toString('base64');
		return safeEqual(expected, credentials)
			? { ok: true }
			: rejection(401, 'Invalid Basic credentials');
	}
	return rejection(401, 'Unsigned requests are not accepted');
}
