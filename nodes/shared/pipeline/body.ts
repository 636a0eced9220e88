import { rejection, type Result } from '../result';

/** Helpers for turning raw request bytes into text and JSON without ever throwing. */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(raw: Buffer): string | undefined {
	try {
		return strictUtf8.decode(raw);
	} catch {
		return undefined;
	}
}

/** Whether the bytes open with UTF-8's byte order mark, which `decodeUtf8` leaves out of the text. */
export function startsWithByteOrderMark(raw: Buffer): boolean {
	return raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
}

export function parseJson(text: string): Result<{ value: unknown }> {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return rejection(400, 'Body is not valid JSON', 'body-not-json');
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path (`metadata.eventType`) from a parsed body. */
export function readPath(value: unknown, path: string): unknown {
	let current: unknown = value;
	for (const part of path.split('.')) {
		if (!isPlainObject(current)) return undefined;
		current = current[part];
	}
	return current;
}

export function mediaType(contentType: string | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonMediaType(type: string): boolean {
	return type === 'application/json' || type.endsWith('+json');
}

/** A string field's value; an empty string counts as absent. */
export function nonEmptyText(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/** A body that must be one JSON object; when it is not, the 400 `reason` says what is wrong with it. */
export function readJsonObject(
	raw: Buffer,
): Result<{ text: string; value: Record<string, unknown> }> {
	if (raw.length === 0) return rejection(400, 'Empty body', 'body-empty');
	const text = decodeUtf8(raw);
	if (text === undefined) return rejection(400, 'Body is not valid UTF-8', 'body-not-utf8');
	const parsed = parseJson(text);
	if (!parsed.ok) return parsed;
	if (!isPlainObject(parsed.value)) {
		return rejection(400, 'Body is not a JSON object', 'body-not-object');
	}
	return { ok: true, text, value: parsed.value };
}
