import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** HMAC-SHA256 of the concatenated parts, without copying them into one buffer first. */
export function hmacSha256Hex(key: string | Buffer, ...parts: Array<string | Buffer>): string {
	const hmac = createHmac('sha256', key);
	for (const part of parts) hmac.update(part);
	return hmac.digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/**
 * Constant-time string comparison. Both sides are hashed first so that inputs of different
 * lengths still take the same path and the length of the secret is not revealed by timing.
 */
export function safeEqual(expected: string, actual: string): boolean {
	const a = createHash('sha256').update(expected, 'utf8').digest();
	const b = createHash('sha256').update(actual, 'utf8').digest();
	return timingSafeEqual(a, b) && expected.length === actual.length;
}

/** A URL-safe random token, used where a platform cannot sign its deliveries. */
export function randomToken(bytes = 24): string {
	return randomBytes(bytes).toString('base64url');
}
