import { limitDepth } from '../pipeline/depth';

/**
 * What the editor item shows of a refused body: fields that look like secrets replaced, URL tokens
 * masked, long text cut, deep nesting cut. Pure.
 */

const SECRET_FIELD = /secret|token|password|passw|api[-_]?key|signature|authorization|credential/i;
export const REDACTED = '[redacted]';
const BODY_PREVIEW_CHARS = 16 * 1024;

function maskTokens(text: string): string {
	return text
		.replace(/([?&]token=)[^&#\s"']*/gi, '$1***')
		.replace(/(token%3D)[^&%\s"']*/gi, '$1***');
}

/** Nesting the editor item shows of a refused body; deeper parts become `TOO_DEEP`. */
export const DISPLAY_DEPTH = 20;

function redactEntry(key: string | undefined, entry: unknown): unknown {
	const secret = key !== undefined && SECRET_FIELD.test(key);
	if (typeof entry === 'string') return secret && entry !== '' ? REDACTED : maskTokens(entry);
	return secret && entry !== null && typeof entry !== 'object' ? REDACTED : entry;
}

/**
 * The parsed body with secret-looking fields replaced and URL tokens masked, cut at
 * `DISPLAY_DEPTH`: what lies below is replaced, never shown unredacted.
 */
function redactValue(value: unknown): unknown {
	if (typeof value === 'string') return maskTokens(value);
	return limitDepth(value, DISPLAY_DEPTH, redactEntry);
}

function redactForm(text: string): string {
	return maskTokens(
		text
			.split('&')
			.map((pair) => {
				const at = pair.indexOf('=');
				if (at < 0) return pair;
				let key = pair.slice(0, at);
				try {
					key = decodeURIComponent(key.replace(/\+/g, ' '));
				} catch {
					// A key that is not valid percent-encoding is checked as it is.
				}
				return SECRET_FIELD.test(key) ? `${pair.slice(0, at)}=${REDACTED}` : pair;
			})
			.join('&'),
	);
}

/**
 * The body as the editor item shows it: parsed JSON when it is JSON, else text; fields that look
 * like secrets (`secret_key`, `token`, `password`…) and URL tokens replaced, long text cut.
 */
export function displayBody(
	raw: Buffer | undefined,
	contentType?: string,
): { body: unknown; bodyTruncated?: true } {
	if (raw === undefined) return { body: null };
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
	} catch {
		return { body: `<${raw.length} bytes, not UTF-8 text>` };
	}
	if (text === '') return { body: '' };
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	if (parsed !== undefined) {
		try {
			return { body: redactValue(parsed) };
		} catch {
			// Only a body too large to copy gets here; it is described instead of shown.
			return { body: `<${raw.length} bytes of JSON, not shown>` };
		}
	}
	const isForm =
		(contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded') ||
		/^[^\s=&]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(text.slice(0, 4096));
	const shown = isForm ? redactForm(text) : maskTokens(text);
	return shown.length > BODY_PREVIEW_CHARS
		? { body: shown.slice(0, BODY_PREVIEW_CHARS), bodyTruncated: true }
		: { body: shown };
}
