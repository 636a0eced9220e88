import { safeEqual } from '../shared/auth/crypto';
import { rejection, type Result } from '../shared/result';
import { presentedToken } from '../shared/auth/urlToken';

/**
 * ActiveCampaign signs nothing, so the only way to authenticate a delivery is its URL: the
 * registered URL carries a random `token` query parameter, kept in the node's static data.
 *
 * The token rule (answers matter: ActiveCampaign deactivates a webhook for good when it answers 410):
 * - current token → accepted;
 * - no token, or an empty one → 410 (missing): a URL this node never registered, e.g. a webhook
 *   someone pointed at the bare n8n URL;
 * - a token of the shape this node issues (32 URL-safe characters) that is not the current one →
 *   410 (stale): a registration left over from an earlier publication, a copied workflow or a
 *   failed clean-up. The 410 makes ActiveCampaign switch that registration off;
 * - anything else (another shape, or the parameter given twice) → 401 (wrong): not a URL this
 *   node could have produced, so probably not ActiveCampaign; nothing to deactivate.
 * No execution starts in any rejected case.
 */

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

export function isWellFormedToken(token: string): boolean {
	return TOKEN_SHAPE.test(token);
}

export function authenticate(
	query: Record<string, unknown> | undefined,
	currentToken: string | undefined,
): Result {
	const given = presentedToken(query);
	if (given === undefined || given === '') {
		return rejection(
			410,
			'No token in the URL: this is not a registration of this trigger',
			'token-missing',
		);
	}
	if (typeof given !== 'string') {
		return rejection(401, 'Malformed token parameter', 'token-repeated');
	}
	if (currentToken && safeEqual(currentToken, given)) return { ok: true };
	if (isWellFormedToken(given)) {
		return rejection(
			410,
			'Stale token: this registration was replaced, so it is switched off',
			'token-stale',
			{ tokenLooksIssued: true },
		);
	}
	return rejection(401, 'Wrong token', 'token-invalid', { tokenLooksIssued: false });
}
