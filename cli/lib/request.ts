/** One HTTP delivery the simulator sends, built the way the provider would send it. */
export interface SimulatedRequest {
	/** The catalogue event name, for the printed report. */
	event: string;
	/** A short variant label (`v1`, `v2`, `custom`, `form`, …) printed next to the event. */
	variant: string;
	/** Where to send it: the trigger's URL, with the token query parameter when one is needed. */
	url: string;
	body: string;
	headers: Record<string, string>;
}

export const TOKEN_PARAMETER = 'token';

/**
 * The URL with `token` set to the given value. A token already in the URL is replaced rather than
 * repeated: the triggers reject a URL that carries the parameter twice.
 */
export function urlWithToken(url: string, token: string | undefined): string {
	if (token === undefined || token === '') return url;
	const parsed = new URL(url);
	parsed.searchParams.set(TOKEN_PARAMETER, token);
	return parsed.toString();
}

/** The token the URL carries, if any (for the warning printed when a token trigger gets none). */
export function tokenOf(url: string): string | undefined {
	return new URL(url).searchParams.get(TOKEN_PARAMETER) ?? undefined;
}
