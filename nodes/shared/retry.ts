/** Pure rules for retrying platform API calls. */

export const MAX_ATTEMPTS = 3;
export const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Delay before retrying a response with `status`, or undefined when it must not be retried.
 * Only 429 is retried here: n8n already retries a failing activation itself (5 times, with
 * backoff), so retrying 5xx as well would multiply its attempts.
 */
export function retryDelayMs(
	status: number,
	retryAfter: string | undefined,
	attempt: number,
	now = Date.now(),
): number | undefined {
	if (status !== 429 || attempt >= MAX_ATTEMPTS) return undefined;
	const fallback = 500 * 2 ** (attempt - 1);
	if (retryAfter === undefined || retryAfter.trim() === '') return fallback;
	const seconds = Number(retryAfter);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
	if (!Number.isFinite(ms)) return fallback;
	return Math.min(Math.max(ms, 0), MAX_RETRY_DELAY_MS);
}

/** Removes secrets (and query strings, which may carry an api_key) from text shown to users. */
export function redact(text: string, secrets: readonly string[]): string {
	let result = text.replace(/([?&](?:api_key|apikey|token|key|access_token)=)[^&\s"']+/gi, '$1***');
	for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('***');
	return result;
}

/** The platform's own error message from a JSON or text error body, if it has one. */
export function apiErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() === '' ? undefined : body.slice(0, 300);
	if (typeof body !== 'object' || body === null) return undefined;
	const record = body as Record<string, unknown>;
	for (const key of ['message', 'error', 'detail', 'msg', 'error_description']) {
		const value = record[key];
		if (typeof value === 'string' && value !== '') return value;
		if (typeof value === 'object' && value !== null) {
			const nested = apiErrorMessage(value);
			if (nested) return nested;
		}
	}
	if (Array.isArray(record.errors) && record.errors.length > 0) {
		return record.errors.map((entry) => apiErrorMessage(entry) ?? JSON.stringify(entry)).join('; ');
	}
	return undefined;
}
