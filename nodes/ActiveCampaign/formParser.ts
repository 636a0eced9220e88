/**
 * A PHP-style parser for `application/x-www-form-urlencoded` bodies, written for ActiveCampaign's
 * webhooks (`contact[fields][12]=…`, `list[][id]=…`). It differs from `qs` and Node's
 * `querystring` on purpose:
 *
 * - bracket keys nest (`contact[email]` → `{ contact: { email } }`), unlike `querystring`;
 * - numeric segments stay object keys (`fields: { "12": … }`), unlike `qs`, which compacts them
 *   into an array and loses the custom-field ids;
 * - `[]` appends a new element, as in PHP (`list[][id]=1&list[][id]=2` → two objects);
 * - a repeated key becomes a list of its values instead of the last one winning;
 * - a scalar and a nested value under the same key (`list=0` and `list[id]=5`) both survive: the
 *   nested value keeps the key, the scalar moves to `<key>_value`;
 * - it never throws: bad percent escapes are kept literally, odd brackets make the key flat,
 *   `__proto__`/`constructor`/`prototype` segments are dropped, and the problems are reported.
 *
 * Pure: no n8n, no I/O.
 */

type FormValue = string | string[] | FormObject | FormValue[];
export interface FormObject {
	[key: string]: FormValue;
}

interface FormLimits {
	/** Pairs beyond this are ignored (n8n's own parser silently keeps only 1000). */
	maxPairs: number;
	/** Bracket segments beyond this are folded into the last segment, literally. */
	maxDepth: number;
}

const DEFAULT_FORM_LIMITS: FormLimits = { maxPairs: 10_000, maxDepth: 10 };

interface FormParseResult {
	value: FormObject;
	/** Decoded pairs in body order, as the flat keys n8n's built-in trigger shows. */
	pairs: Array<[string, string]>;
	issues: string[];
}

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const SHADOW_SUFFIX = '_value';
const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const utf8 = new TextDecoder('utf-8', { fatal: false });

function hexValue(byte: number): number {
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
	if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
	return -1;
}

/** Decodes `+` and `%XX` at the byte level, then UTF-8 (invalid sequences become U+FFFD). */
function decodeComponent(bytes: Uint8Array, onBadEscape: () => void): string {
	const out = new Uint8Array(bytes.length);
	let length = 0;
	for (let index = 0; index < bytes.length; index++) {
		const byte = bytes[index];
		if (byte === PLUS) {
			out[length++] = 0x20;
		} else if (byte === PERCENT) {
			const high = index + 2 < bytes.length ? hexValue(bytes[index + 1]) : -1;
			const low = index + 2 < bytes.length ? hexValue(bytes[index + 2]) : -1;
			if (high >= 0 && low >= 0) {
				out[length++] = high * 16 + low;
				index += 2;
			} else {
				onBadEscape();
				out[length++] = byte;
			}
		} else {
			out[length++] = byte;
		}
	}
	return utf8.decode(out.subarray(0, length));
}

function toBytes(raw: Buffer | Uint8Array | string): Uint8Array {
	return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

/** Splits a body into decoded `[key, value]` pairs; empty pairs (`a=1&&b=2`) are skipped. */
export function parseFormPairs(
	raw: Buffer | Uint8Array | string,
	limits: FormLimits = DEFAULT_FORM_LIMITS,
): { pairs: Array<[string, string]>; issues: string[] } {
	const bytes = toBytes(raw);
	const pairs: Array<[string, string]> = [];
	const issues: string[] = [];
	let badEscapes = 0;
	let skipped = 0;
	const onBadEscape = () => badEscapes++;
	let start = 0;
	for (let index = 0; index <= bytes.length; index++) {
		if (index < bytes.length && bytes[index] !== AMPERSAND) continue;
		const part = bytes.subarray(start, index);
		start = index + 1;
		if (part.length === 0) continue;
		if (pairs.length >= limits.maxPairs) {
			skipped++;
			continue;
		}
		const equals = part.indexOf(EQUALS);
		const keyBytes = equals < 0 ? part : part.subarray(0, equals);
		const valueBytes = equals < 0 ? new Uint8Array(0) : part.subarray(equals + 1);
		pairs.push([decodeComponent(keyBytes, onBadEscape), decodeComponent(valueBytes, onBadEscape)]);
	}
	if (badEscapes > 0) issues.push(`${badEscapes} malformed percent escape(s) kept literally`);
	if (skipped > 0)
		issues.push(`${skipped} pair(s) beyond the limit of ${limits.maxPairs} were ignored`);
	return { pairs, issues };
}

/**
 * Splits `a[b][]` into `['a', 'b', '']`. A key whose brackets do not form a clean chain after the
 * first segment (`a[b`, `a]b`, `[a]`) stays one flat segment, so no value is lost to a guess.
 */
export function keySegments(key: string, maxDepth = DEFAULT_FORM_LIMITS.maxDepth): string[] {
	const open = key.indexOf('[');
	if (open <= 0) return [key];
	const segments = [key.slice(0, open)];
	const chain = /\[([^[\]]*)\]/y;
	chain.lastIndex = open;
	let position = open;
	while (position < key.length) {
		const match = chain.exec(key);
		if (!match) return [key];
		segments.push(match[1]);
		position = chain.lastIndex;
	}
	if (segments.length > maxDepth) {
		const kept = segments.slice(0, maxDepth - 1);
		const rest = segments.slice(maxDepth - 1);
		kept.push(
			rest[0] +
				rest
					.slice(1)
					.map((segment) => `[${segment}]`)
					.join(''),
		);
		return kept;
	}
	return segments;
}

/* Building works on an internal tree so that "a list of repeated values" and "a list made by
   `[]`" stay distinguishable until the end. */
interface Leaf {
	kind: 'leaf';
	values: string[];
}
interface Branch {
	kind: 'map' | 'list';
	entries: Map<string, Node>;
	nextIndex: number;
	/** Scalars that arrived under this branch's own key. */
	shadowed: string[];
}
type Node = Leaf | Branch;

function newBranch(kind: 'map' | 'list'): Branch {
	return { kind, entries: new Map(), nextIndex: 0, shadowed: [] };
}

function childKey(branch: Branch, segment: string): string {
	if (segment !== '') {
		// An explicit key inside a `[]` list turns it into a map, so that ids are never renumbered.
		if (branch.kind === 'list') branch.kind = 'map';
		const numeric = /^(0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : -1;
		if (numeric >= branch.nextIndex) branch.nextIndex = numeric + 1;
		return segment;
	}
	let key = String(branch.nextIndex);
	while (branch.entries.has(key)) key = String(++branch.nextIndex);
	branch.nextIndex++;
	return key;
}

function insert(root: Branch, segments: string[], value: string): void {
	let branch = root;
	for (let depth = 0; depth < segments.length; depth++) {
		const key = childKey(branch, segments[depth]);
		const existing = branch.entries.get(key);
		const last = depth === segments.length - 1;
		if (last) {
			if (existing === undefined) branch.entries.set(key, { kind: 'leaf', values: [value] });
			else if (existing.kind === 'leaf') existing.values.push(value);
			else existing.shadowed.push(value);
			return;
		}
		const wanted = segments[depth + 1] === '' ? 'list' : 'map';
		if (existing === undefined) {
			const created = newBranch(wanted);
			branch.entries.set(key, created);
			branch = created;
		} else if (existing.kind === 'leaf') {
			const created = newBranch(wanted);
			created.shadowed.push(...existing.values);
			branch.entries.set(key, created);
			branch = created;
		} else {
			branch = existing;
		}
	}
}

function freeKey(target: FormObject, key: string): string {
	let candidate = `${key}${SHADOW_SUFFIX}`;
	while (Object.prototype.hasOwnProperty.call(target, candidate)) candidate += '_';
	return candidate;
}

function materialise(node: Node): FormValue {
	if (node.kind === 'leaf') return node.values.length === 1 ? node.values[0] : [...node.values];
	if (node.kind === 'list') {
		const list: FormValue[] = [];
		for (const child of node.entries.values()) list.push(materialise(child));
		return list;
	}
	const object: FormObject = {};
	for (const [key, child] of node.entries) {
		object[key] = materialise(child);
		if (child.kind !== 'leaf' && child.shadowed.length > 0) {
			object[freeKey(object, key)] =
				child.shadowed.length === 1 ? child.shadowed[0] : [...child.shadowed];
		}
	}
	return object;
}

/** Nests already decoded pairs. */
export function nestPairs(
	pairs: Array<[string, string]>,
	limits: FormLimits = DEFAULT_FORM_LIMITS,
): { value: FormObject; issues: string[] } {
	const root = newBranch('map');
	let forbidden = 0;
	for (const [key, value] of pairs) {
		const segments = keySegments(key, limits.maxDepth);
		if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
			forbidden++;
			continue;
		}
		insert(root, segments, value);
	}
	const issues =
		forbidden > 0
			? [`${forbidden} pair(s) with a __proto__/constructor/prototype key were dropped`]
			: [];
	return { value: materialise(root) as FormObject, issues };
}

/** Parses a whole form body into nested objects. Never throws. */
export function parseFormBody(
	raw: Buffer | Uint8Array | string,
	limits: FormLimits = DEFAULT_FORM_LIMITS,
): FormParseResult {
	try {
		const split = parseFormPairs(raw, limits);
		const nested = nestPairs(split.pairs, limits);
		return { value: nested.value, pairs: split.pairs, issues: [...split.issues, ...nested.issues] };
	} catch (error) {
		// Not expected; kept so that a parser bug can never turn an authenticated event into a 500.
		return {
			value: {},
			pairs: [],
			issues: [`Body could not be parsed: ${(error as Error).message}`],
		};
	}
}

/** Flat bracket keys (or ordered pairs) as a form body, spaces as `+`; used by fixtures and the fake. */
export function encodeFormBody(
	fields: Record<string, string | string[]> | Array<[string, string]>,
): string {
	const pairs = Array.isArray(fields)
		? fields
		: Object.entries(fields).flatMap(([key, value]) =>
				(Array.isArray(value) ? value : [value]).map((entry) => [key, entry] as [string, string]),
			);
	const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
	return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}
