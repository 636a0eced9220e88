import { safeEqual } from '../shared/auth/crypto';
import { looksLikeIssuedToken } from '../shared/auth/urlToken';
import { rejection, type Result } from '../shared/result';
import { presentedToken } from '../shared/auth/urlToken';

/**
 * SmartLead signs nothing. Deliveries are authenticated by the random token the trigger put in the
 * registered URL's query string, and optionally by the payload's `secret_key` matching a value the
 * user configured (SmartLead copies the key set on the webhook into every payload).
 */

export function authenticate(
	query: Record<string, unknown> | undefined,
	token: string | undefined,
): Result {
	if (!token)
		return rejection(
			401,
			'This trigger has no registered token: publish the workflow again',
			'token-not-registered',
		);
	const presented = presentedToken(query);
	if (presented === undefined) {
		return rejection(401, 'Missing token in the webhook URL', 'token-missing');
	}
	if (Array.isArray(presented)) {
		return rejection(401, 'More than one token in the webhook URL', 'token-repeated');
	}
	if (!safeEqual(token, presented)) {
		return rejection(401, 'Invalid token in the webhook URL', 'token-invalid', {
			tokenLooksIssued: looksLikeIssuedToken(presented),
		});
	}
	return { ok: true };
}

export function checkSecretKey(body: Record<string, unknown>, secretKey: string): Result {
	const given = body.secret_key;
	if (typeof given !== 'string' || given === '') {
		return rejection(401, 'Payload has no secret_key', 'secret-key-missing');
	}
	if (!safeEqual(secretKey, given)) {
		const trimmed = secretKey.trim();
		return rejection(401, 'Payload secret_key does not match', 'secret-key-invalid', {
			credentialWhitespace: trimmed !== secretKey && safeEqual(trimmed, given),
		});
	}
	return { ok: true };
}
