/**
 * A random token in the query string of a registered webhook URL. It authenticates deliveries from
 * platforms that sign nothing, and from a signing platform until its signing secret is known. The
 * part before the query is n8n's webhook URL, which holds the node's own id, so it also tells which
 * registrations at the platform belong to this trigger.
 */

export const TOKEN_PARAMETER = 'token';

/** `url` with the token appended to its query (a `?` starts one only when there is none yet). */
export function withToken(url: string, token: string): string {
	const hashAt = url.indexOf('#');
	const base = hashAt < 0 ? url : url.slice(0, hashAt);
	const fragment = hashAt < 0 ? '' : url.slice(hashAt);
	const separator = !base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&';
	return `${base}${separator}${TOKEN_PARAMETER}=${encodeURIComponent(token)}${fragment}`;
}

/** `url` without its query string and fragment. */
export function withoutQuery(url: string | undefined): string {
	if (!url) return '';
	const cut = url.search(/[?#]/);
	return cut < 0 ? url : url.slice(0, cut);
}

/** Whether two URLs name the same endpoint, whatever their tokens (a trailing slash is ignored). */
export function sameEndpoint(a: string | undefined, b: string | undefined): boolean {
	const left = withoutQuery(a).replace(/\/+$/, '');
	return left !== '' && left === withoutQuery(b).replace(/\/+$/, '');
}

/**
 * The token a delivery presents in its parsed query: one value, a list when the parameter was
 * given more than once (never accepted), or undefined when it is absent.
 */
export function presentedToken(
	query: Record<string, unknown> | undefined,
): string | string[] | undefined {
	const value = query?.[TOKEN_PARAMETER];
	if (Array.isArray(value)) {
		return value.length === 1 && typeof value[0] === 'string' ? value[0] : value.map(String);
	}
	return typeof value === 'string' ? value : undefined;
}

/**
 * Whether a presented URL token has the shape of the ones the triggers issue (24 random bytes as
 * base64url: 32 characters). Says only "one of ours, but not the current one" vs "not ours".
 */
export function looksLikeIssuedToken(value: string): boolean {
	return /^[A-Za-z0-9_-]{32}$/.test(value);
}
