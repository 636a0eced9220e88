/**
 * Reads a value until it satisfies `done` or the time is up, and returns the last value read, so
 * the caller's assertion on it shows what was there instead of a bare timeout. For state that n8n
 * or a fake platform reaches some time after a request was answered (registrations made or removed
 * after publishing, executions written after the answer).
 */
export async function eventually<T>(
	read: () => T | Promise<T>,
	done: (value: T) => boolean,
	timeoutMs = 20_000,
	pollMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value) && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, pollMs));
		value = await read();
	}
	return value;
}
