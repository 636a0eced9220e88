/** Text about a failed API call that is safe and useful to show to a user. */

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
