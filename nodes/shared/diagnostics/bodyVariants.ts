import { deeperThan, MAX_RESERIALISE_DEPTH } from '../pipeline/depth';
import type { BodyVariant } from './causes';

/**
 * Forms of a body a sender may have signed instead of the bytes n8n received, to explain a
 * signature mismatch (never to accept a delivery). Pure.
 */

interface SerialiseOptions {
	sortKeys?: boolean;
	asciiEscape?: boolean;
	spaced?: boolean;
}

function serialise(value: unknown, options: SerialiseOptions): string {
	if (value === null || typeof value !== 'object') {
		const text = JSON.stringify(value) ?? 'null';
		return options.asciiEscape && typeof value === 'string'
			? text.replace(
					/[\u007f-\uffff]/g,
					(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
				)
			: text;
	}
	const comma = options.spaced ? ', ' : ',';
	const colon = options.spaced ? ': ' : ':';
	if (Array.isArray(value))
		return `[${value.map((entry) => serialise(entry, options)).join(comma)}]`;
	const keys = Object.keys(value as Record<string, unknown>).filter(
		(key) => (value as Record<string, unknown>)[key] !== undefined,
	);
	if (options.sortKeys) keys.sort();
	return `{${keys
		.map(
			(key) =>
				`${serialise(key, options)}${colon}${serialise((value as Record<string, unknown>)[key], options)}`,
		)
		.join(comma)}}`;
}

/**
 * Forms of a body other than the received bytes that a sender may have signed, when something on
 * the way re-encoded it: a proxy that parses and re-serialises JSON, or one that touches line
 * endings. Each is tried only to explain a mismatch, never to accept a delivery.
 */
export function bodyVariants(raw: Buffer, parsed: unknown): Array<[BodyVariant, string]> {
	const text = raw.toString('utf8');
	const variants: Array<[BodyVariant, string]> = [];
	if (parsed !== undefined) variants.push(...reserialisations(parsed));
	if (/\r?\n$/.test(text)) variants.push(['trailing-newline-removed', text.replace(/\r?\n$/, '')]);
	else variants.push(['trailing-newline-added', `${text}\n`]);
	if (text.includes('\r\n')) variants.push(['lf-line-endings', text.replace(/\r\n/g, '\n')]);
	else if (text.includes('\n')) variants.push(['crlf-line-endings', text.replace(/\n/g, '\r\n')]);
	const seen = new Set([text]);
	return variants.filter(([, body]) => (seen.has(body) ? false : (seen.add(body), true)));
}

/**
 * The re-serialised forms of a parsed body; none for a body nested deeper than
 * `MAX_RESERIALISE_DEPTH` or one that cannot be serialised, so a hostile body only loses this hint.
 */
function reserialisations(parsed: unknown): Array<[BodyVariant, string]> {
	try {
		if (deeperThan(parsed, MAX_RESERIALISE_DEPTH)) return [];
		return [
			['compact-json', JSON.stringify(parsed)],
			['sorted-keys', serialise(parsed, { sortKeys: true })],
			['ascii-escaped', serialise(parsed, { asciiEscape: true })],
			['spaced-separators', serialise(parsed, { spaced: true })],
			['pretty-printed', JSON.stringify(parsed, null, 2)],
		];
	} catch {
		return [];
	}
}
