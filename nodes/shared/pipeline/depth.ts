/**
 * Bounds on how deeply nested a value from a request may be where this package walks it
 * recursively or hands it to n8n. `JSON.parse` accepts any nesting, but `JSON.stringify` (and so
 * n8n storing an execution or sending an item to the editor) overflows the stack a few thousand
 * levels down; no real webhook nests more than a dozen. Pure: no n8n, no I/O.
 *
 * Every walk here recurses at most `maxDepth` levels, so it is safe on any input.
 */

/** Deepest nesting an emitted item keeps; what lies below is replaced by `TOO_DEEP`. */
export const MAX_ITEM_DEPTH = 100;

/**
 * Nesting up to which a body is re-serialised (to explain or accept a signature computed over its
 * re-encoded form): far beyond any real event, far below where `JSON.stringify` overflows.
 */
export const MAX_RESERIALISE_DEPTH = 200;

/** What stands in for a part of a value that lies below the depth limit. */
export const TOO_DEEP = '[nested too deep: not shown]';

function isContainer(value: unknown): value is object {
	return typeof value === 'object' && value !== null;
}

/** Whether `value` has containers nested more than `maxDepth` levels (the top one is level 1). */
export function deeperThan(value: unknown, maxDepth: number): boolean {
	if (!isContainer(value)) return false;
	if (maxDepth <= 0) return true;
	// Runs on every accepted item, so it walks without building arrays of the values.
	if (Array.isArray(value)) {
		for (let index = 0; index < value.length; index++) {
			if (deeperThan(value[index], maxDepth - 1)) return true;
		}
		return false;
	}
	const record = value as Record<string, unknown>;
	for (const key in record) {
		if (Object.prototype.hasOwnProperty.call(record, key) && deeperThan(record[key], maxDepth - 1))
			return true;
	}
	return false;
}

/**
 * Sets an own, enumerable property, also for the keys `__proto__` and `constructor`: a plain
 * assignment to `__proto__` would change the object's prototype instead of keeping the field.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
	if (key === '__proto__') {
		Object.defineProperty(target, key, {
			value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	} else {
		target[key] = value;
	}
}

/**
 * A copy of `value` in which every container nested more than `maxDepth` levels down is replaced
 * by `TOO_DEEP`. `map` may change an entry on the way (redaction): it sees each object field with
 * its key and each list element with no key, and returns the value to keep.
 */
export function limitDepth(
	value: unknown,
	maxDepth: number,
	map?: (key: string | undefined, entry: unknown) => unknown,
): unknown {
	if (!isContainer(value)) return value;
	if (maxDepth <= 0) return TOO_DEEP;
	if (Array.isArray(value)) {
		return value.map((entry) => limitDepth(map ? map(undefined, entry) : entry, maxDepth - 1, map));
	}
	const out: Record<string, unknown> = {};
	for (const [key, entry] of Object.entries(value)) {
		const mapped = map ? map(key, entry) : entry;
		setOwn(out, key, limitDepth(mapped, maxDepth - 1, map));
	}
	return out;
}
