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
