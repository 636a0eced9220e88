import * as nodeCrypto from 'crypto';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** HMAC-SHA256 of the concatenated parts, without copying them into one buffer first. */
export function hmacSha256Hex(key: string | Buffer, ...parts: Array<string | Buffer>): string {
	const hmac = createHmac('sha256', key);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
}

/**
 * Node's one-shot `crypto.hash` (Node 20.12+, 21.7+) skips the Hash object `createHash` builds,
 * about half the cost of hashing a short input; older Node versions use `createHash`.
 */
const oneShotHash = (
	nodeCrypto as {
		hash?: (algorithm: string, data: string | Buffer, outputEncoding?: 'hex') => string;
	}
).hash;

export function sha256Hex(data: string | Buffer): string {
	return oneShotHash
		? oneShotHash('sha256', data, 'hex')
		: createHash('sha256').update(data).digest('hex');
}

/**
 * Constant-time string comparison. Apart from encoding `actual` (the guess, known to whoever sent
 * it), the time taken depends only on the length of `expected` (the secret side), never on how much
 * of `actual` matches, so neither the secret nor its length can be learnt by timing guesses.
 */
export function safeEqual(expected: string, actual: string): boolean {
	const want = Buffer.from(expected, 'utf8');
	const given = Buffer.from(actual, 'utf8');
	if (given.length !== want.length) {
		// The same comparison work as a guess of the right length, then a refusal.
		timingSafeEqual(want, want);
		return false;
	}
	return timingSafeEqual(want, given);
}

/** A URL-safe random token, used where a platform cannot sign its deliveries. */
export function randomToken(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}
