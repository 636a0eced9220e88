import { TOKEN_PARAMETER } from './auth/urlToken';

/**
 * Requests built the way a platform sends them, from its catalogue samples: what the simulator
 * sends, and what `npm start`, the docs generator and the tests send, so all exercise the same bytes.
 */

/** One HTTP delivery the simulator sends. */
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

/** The authentication an unsigned custom payload carries. */
export type CustomAuthRequest =
	| { type: 'basic'; user: string; password: string }
	| { type: 'bearer'; token: string }
	| { type: 'header'; name: string; value: string };

export function authorizationHeaders(auth: CustomAuthRequest): Record<string, string> {
	switch (auth.type) {
		case 'basic':
			return {
				authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`,
			};
		case 'bearer':
			return { authorization: `Bearer ${auth.token}` };
		case 'header':
			return { [auth.name.toLowerCase()]: auth.value };
	}
}

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

/** The token the URL carries, if any. */
export function tokenOf(url: string): string | undefined {
	return new URL(url).searchParams.get(TOKEN_PARAMETER) ?? undefined;
}

/** For platforms whose registered URL carries a token: the message when neither it nor --token does. */
export function missingToken(
	url: string,
	options: { token?: string },
	whereIsTheToken: string,
): string | undefined {
	return options.token || tokenOf(url) !== undefined
		? undefined
		: `No token in --url and no --token: ${whereIsTheToken}`;
}
