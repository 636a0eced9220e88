import { dedupeScope, DEFAULT_MAX_ENTRIES, RecentKeys } from '../../../nodes/shared/dedupe';
import { seededRandom } from '../lib/seededRandom';

const WINDOW = 1000;
const T0 = Date.UTC(2026, 0, 1);

describe('RecentKeys: the duplicate window', () => {
	it('reports a key as seen only within its window, and not the first time', () => {
		const keys = new RecentKeys();
		expect(keys.seen('a', WINDOW, T0)).toBe(false);
		expect(keys.seen('a', WINDOW, T0 + 1)).toBe(true);
		expect(keys.seen('a', WINDOW, T0 + WINDOW - 1)).toBe(true);
		// The window is half-open: at exactly first + window the key has expired.
		expect(keys.seen('a', WINDOW, T0 + WINDOW)).toBe(false);
	});

	it('does not extend the window on a repeat, so a key that keeps arriving passes once per window', () => {
		const keys = new RecentKeys();
		const answers = [0, 400, 800, 1000, 1400, 1999, 2000].map((offset) =>
			keys.seen('a', WINDOW, T0 + offset),
		);
		expect(answers).toEqual([false, true, true, false, true, true, false]);
	});

	it('keeps keys apart, and each key has its own window', () => {
		const keys = new RecentKeys();
		expect(keys.seen('a', 100, T0)).toBe(false);
		expect(keys.seen('b', 5000, T0)).toBe(false);
		expect(keys.seen('a', 100, T0 + 200)).toBe(false);
		expect(keys.seen('b', 5000, T0 + 200)).toBe(true);
	});
});

describe('RecentKeys: the size bound', () => {
	it('never holds more keys than its bound and forgets the oldest first', () => {
		const keys = new RecentKeys(3);
		for (const [index, key] of ['a', 'b', 'c', 'd', 'e'].entries()) {
			expect(keys.seen(key, WINDOW, T0 + index)).toBe(false);
			expect(keys.size).toBeLessThanOrEqual(3);
		}
		expect(keys.size).toBe(3);
		// a and b were pushed out by d and e, so they count as new again; c, d and e are remembered.
		expect(keys.seen('e', WINDOW, T0 + 10)).toBe(true);
		expect(keys.seen('d', WINDOW, T0 + 10)).toBe(true);
		expect(keys.seen('a', WINDOW, T0 + 10)).toBe(false);
		expect(keys.size).toBe(3);
		// Remembering a again pushed out c, the oldest at that point.
		expect(keys.seen('c', WINDOW, T0 + 10)).toBe(false);
	});

	it('defaults to 50,000 keys', () => {
		expect(DEFAULT_MAX_ENTRIES).toBe(50_000);
		const keys = new RecentKeys();
		for (let index = 0; index < DEFAULT_MAX_ENTRIES + 10; index++)
			keys.seen(`k${index}`, WINDOW, T0);
		expect(keys.size).toBe(DEFAULT_MAX_ENTRIES);
		expect(keys.seen(`k${DEFAULT_MAX_ENTRIES + 9}`, WINDOW, T0)).toBe(true);
		expect(keys.seen('k0', WINDOW, T0)).toBe(false);
	});
});

describe('RecentKeys: eviction of expired keys', () => {
	it('drops expired keys from the front as new keys arrive, even below the bound', () => {
		const keys = new RecentKeys(100);
		keys.seen('a', 100, T0);
		keys.seen('b', 100, T0 + 50);
		keys.seen('c', 10_000, T0 + 60);
		expect(keys.size).toBe(3);
		// At T0 + 120 a has expired (b has not): a new key evicts a only.
		keys.seen('d', 100, T0 + 120);
		expect(keys.size).toBe(3);
		// At T0 + 5000 b and d have expired, but d sits behind c, which has not: only b goes.
		keys.seen('e', 100, T0 + 5000);
		expect(keys.size).toBe(3);
	});

	it('replaces an expired key in place of keeping two entries for it', () => {
		const keys = new RecentKeys(100);
		keys.seen('a', 100, T0);
		keys.seen('a', 100, T0 + 500);
		expect(keys.size).toBe(1);
	});
});

describe('RecentKeys: forget', () => {
	it('forgets a key so that its next delivery is accepted', () => {
		const keys = new RecentKeys();
		keys.seen('a', WINDOW, T0);
		keys.seen('b', WINDOW, T0);
		keys.forget('a');
		expect(keys.size).toBe(1);
		expect(keys.seen('a', WINDOW, T0 + 1)).toBe(false);
		expect(keys.seen('b', WINDOW, T0 + 1)).toBe(true);
	});

	it('ignores a key it does not hold', () => {
		const keys = new RecentKeys();
		keys.forget('never');
		expect(keys.size).toBe(0);
	});
});

/**
 * The store as first written (a Map scanned from its oldest entry on every insert), kept here as
 * the specification that any faster implementation has to match answer for answer.
 */
class ReferenceKeys {
	private readonly expiries = new Map<string, number>();

	constructor(private readonly maxEntries: number) {}

	seen(key: string, windowMs: number, now: number): boolean {
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > now) return true;
		this.expiries.delete(key);
		this.expiries.set(key, now + windowMs);
		for (const [oldKey, oldExpiry] of this.expiries) {
			if (this.expiries.size <= this.maxEntries && oldExpiry > now) break;
			this.expiries.delete(oldKey);
		}
		return false;
	}

	forget(key: string): void {
		this.expiries.delete(key);
	}

	get size(): number {
		return this.expiries.size;
	}
}

describe('RecentKeys against the reference behaviour', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'gives the same answers and sizes over a random mix of operations (seed %i)',
		(seed) => {
			const next = seededRandom(seed);
			const bound = 1 + Math.floor(next() * 12);
			const actual = new RecentKeys(bound);
			const expected = new ReferenceKeys(bound);
			// One line per step: the answer (or "forget") and the size after it, for a readable diff.
			const actualTrace: string[] = [];
			const expectedTrace: string[] = [];
			let now = T0;
			for (let step = 0; step < 5000; step++) {
				now += Math.floor(next() * 30);
				const key = `k${Math.floor(next() * 25)}`;
				if (next() < 0.15) {
					actual.forget(key);
					expected.forget(key);
					actualTrace.push(`${step} forget ${key} size ${actual.size}`);
					expectedTrace.push(`${step} forget ${key} size ${expected.size}`);
				} else {
					const windowMs = [50, 200, 1000][Math.floor(next() * 3)];
					actualTrace.push(
						`${step} seen ${key} ${actual.seen(key, windowMs, now)} size ${actual.size}`,
					);
					expectedTrace.push(
						`${step} seen ${key} ${expected.seen(key, windowMs, now)} size ${expected.size}`,
					);
				}
			}
			expect(actualTrace).toEqual(expectedTrace);
		},
	);
});

describe('dedupeScope', () => {
	it('scopes a key by workflow and node, so two triggers never suppress each other', () => {
		const keys = new RecentKeys();
		expect(keys.seen(dedupeScope('wf1', 'node1', 'k'), WINDOW, T0)).toBe(false);
		expect(keys.seen(dedupeScope('wf2', 'node1', 'k'), WINDOW, T0)).toBe(false);
		expect(keys.seen(dedupeScope('wf1', 'node2', 'k'), WINDOW, T0)).toBe(false);
		expect(keys.seen(dedupeScope('wf1', 'node1', 'k'), WINDOW, T0)).toBe(true);
	});

	it('puts triggers of unsaved workflows in one shared scope', () => {
		expect(dedupeScope(undefined, 'n', 'k')).toBe(dedupeScope('unsaved', 'n', 'k'));
	});
});
