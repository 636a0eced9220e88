import { readFileSync } from 'fs';
import { join } from 'path';

import {
	dedupeScope,
	DEFAULT_MAX_ENTRIES,
	DEFAULT_MAX_PER_WORKFLOW,
	RecentKeys,
} from '../../../nodes/shared/duplicates/recentKeys';
import { seededRandom } from '../lib/seededRandom';

const WINDOW = 1000;
const T0 = Date.UTC(2026, 0, 1);
/** A key as the trigger scopes it: workflow, node, dedupe key. */
const scoped = (workflow: string, key: string) => dedupeScope(workflow, 'node', key);

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
		expect(keys.seen(scoped('w', 'a'), 100, T0)).toBe(false);
		expect(keys.seen(scoped('w', 'b'), 5000, T0)).toBe(false);
		expect(keys.seen(scoped('w', 'a'), 100, T0 + 200)).toBe(false);
		expect(keys.seen(scoped('w', 'b'), 5000, T0 + 200)).toBe(true);
	});

	it('replaces an expired key in place of keeping two entries for it', () => {
		const keys = new RecentKeys(100);
		keys.seen(scoped('w', 'a'), 100, T0);
		keys.seen(scoped('w', 'a'), 100, T0 + 500);
		expect(keys.size).toBe(1);
	});
});

describe('RecentKeys: fixed key size', () => {
	it('holds a 900 KB key as a 44-character hash, and still recognises its repeat', () => {
		const keys = new RecentKeys();
		const huge = scoped('w', `reply:${'x'.repeat(900 * 1024)}`);
		expect(keys.seen(huge, WINDOW, T0)).toBe(false);
		expect(keys.seen(huge, WINDOW, T0 + 1)).toBe(true);
		// A key differing in its last character is another key.
		expect(keys.seen(`${huge.slice(0, -1)}y`, WINDOW, T0 + 1)).toBe(false);
		const held = [...keys.held()];
		expect(held).toHaveLength(2);
		for (const entry of held) {
			expect(entry.workflow).toBe('w');
			expect(entry.key).toHaveLength(44);
			expect(huge).not.toContain(entry.key);
		}
	});

	it('does not keep a huge first segment as the workflow label either', () => {
		const keys = new RecentKeys();
		keys.seen(`${'w'.repeat(100_000)}\u0000n\u0000k`, WINDOW, T0);
		const [entry] = [...keys.held()];
		expect(entry.workflow.length).toBeLessThanOrEqual(64);
	});
});

describe('RecentKeys: the bounds', () => {
	it('never holds more keys than its bound and forgets the oldest first', () => {
		const keys = new RecentKeys(3);
		for (const [index, key] of ['a', 'b', 'c', 'd', 'e'].entries()) {
			expect(keys.seen(scoped('w', key), WINDOW, T0 + index)).toBe(false);
			expect(keys.size).toBeLessThanOrEqual(3);
		}
		expect(keys.size).toBe(3);
		// a and b were pushed out by d and e, so they count as new again; c, d and e are remembered.
		expect(keys.seen(scoped('w', 'e'), WINDOW, T0 + 10)).toBe(true);
		expect(keys.seen(scoped('w', 'd'), WINDOW, T0 + 10)).toBe(true);
		expect(keys.seen(scoped('w', 'a'), WINDOW, T0 + 10)).toBe(false);
		expect(keys.size).toBe(3);
		// Remembering a again pushed out c, the oldest at that point.
		expect(keys.seen(scoped('w', 'c'), WINDOW, T0 + 10)).toBe(false);
	});

	it('holds by default the bounds docs/duplicates.md states, per workflow and in all', () => {
		const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'duplicates.md'), 'utf8');
		const written = (value: number) => value.toLocaleString('en-US');
		expect(doc).toContain(
			`${written(DEFAULT_MAX_ENTRIES)} keys per process, ${written(DEFAULT_MAX_PER_WORKFLOW)} per workflow`,
		);
		const keys = new RecentKeys();
		for (let index = 0; index < DEFAULT_MAX_PER_WORKFLOW + 10; index++) {
			keys.seen(scoped('flood', `k${index}`), WINDOW, T0);
		}
		expect(keys.sizeOf('flood')).toBe(DEFAULT_MAX_PER_WORKFLOW);
		for (const workflow of ['w1', 'w2', 'w3']) {
			for (let index = 0; index < 12_000; index++)
				keys.seen(scoped(workflow, `k${index}`), WINDOW, T0);
		}
		expect(keys.size).toBe(DEFAULT_MAX_ENTRIES);
	});

	it("lets one workflow's flood evict only its own keys, never another workflow's live keys", () => {
		const keys = new RecentKeys(1000, 100);
		for (let index = 0; index < 50; index++) keys.seen(scoped('quiet', `q${index}`), WINDOW, T0);
		for (let index = 0; index < 10_000; index++)
			keys.seen(scoped('flood', `f${index}`), WINDOW, T0 + 1);
		expect(keys.sizeOf('flood')).toBe(100);
		expect(keys.sizeOf('quiet')).toBe(50);
		for (let index = 0; index < 50; index++) {
			expect(keys.seen(scoped('quiet', `q${index}`), WINDOW, T0 + 2)).toBe(true);
		}
		// The flood's newest keys are held, its oldest were given up.
		expect(keys.seen(scoped('flood', 'f9999'), WINDOW, T0 + 2)).toBe(true);
		expect(keys.seen(scoped('flood', 'f0'), WINDOW, T0 + 2)).toBe(false);
	});

	it('at the global bound, evicts from the workflow holding the most keys first', () => {
		const keys = new RecentKeys(300, 200);
		for (let index = 0; index < 40; index++) keys.seen(scoped('small', `s${index}`), WINDOW, T0);
		for (let index = 0; index < 150; index++)
			keys.seen(scoped('big-a', `a${index}`), WINDOW, T0 + 1);
		for (let index = 0; index < 150; index++)
			keys.seen(scoped('big-b', `b${index}`), WINDOW, T0 + 2);
		expect(keys.size).toBe(300);
		expect(keys.sizeOf('small')).toBe(40);
		expect(keys.sizeOf('big-a') + keys.sizeOf('big-b')).toBe(260);
	});
});

describe('RecentKeys: expired keys are freed first', () => {
	it('frees expired keys recorded after a live one with a longer window', () => {
		const keys = new RecentKeys();
		keys.seen(scoped('w', 'long'), 3_600_000, T0);
		for (let index = 0; index < 1000; index++) keys.seen(scoped('w', `short${index}`), 100, T0);
		expect(keys.size).toBe(1001);
		// Later, all the short keys have expired; the live one must not keep them held.
		keys.seen(scoped('w', 'next'), 100, T0 + 5000);
		expect(keys.size).toBe(2);
		expect(keys.seen(scoped('w', 'long'), 3_600_000, T0 + 5000)).toBe(true);
	});

	it("frees a quiet workflow's expired keys as other workflows record theirs", () => {
		const keys = new RecentKeys();
		for (let index = 0; index < 10; index++) keys.seen(scoped('quiet', `q${index}`), 100, T0);
		for (let index = 0; index < 5; index++) keys.seen(scoped('busy', `b${index}`), 100, T0 + 1000);
		expect(keys.sizeOf('quiet')).toBe(0);
	});

	it('at the global bound, gives up expired keys of any workflow before a live key', () => {
		const keys = new RecentKeys(100, 100);
		for (let index = 0; index < 60; index++) keys.seen(scoped('expired', `e${index}`), 100, T0);
		for (let index = 0; index < 40; index++) keys.seen(scoped('live', `l${index}`), 3_600_000, T0);
		for (let index = 0; index < 50; index++)
			keys.seen(scoped('new', `n${index}`), 3_600_000, T0 + 1000);
		expect(keys.sizeOf('live')).toBe(40);
		expect(keys.sizeOf('new')).toBe(50);
		expect(keys.sizeOf('expired')).toBe(0);
	});
});

/** The store's answers with no bound at all. */
class UnboundedKeys {
	private readonly expiries = new Map<string, number>();

	seen(key: string, windowMs: number, now: number): boolean {
		const expiry = this.expiries.get(key);
		if (expiry !== undefined && expiry > now) return true;
		this.expiries.set(key, now + windowMs);
		return false;
	}
}

/** When each key was last offered, and until when that offer's window ran. */
class Offers {
	private readonly until = new Map<string, number>();

	/** Whether any earlier offer of `key` still had its window open at `now`. */
	open(key: string, now: number): boolean {
		return (this.until.get(key) ?? -Infinity) > now;
	}

	offer(key: string, windowMs: number, now: number): void {
		this.until.set(key, Math.max(this.until.get(key) ?? -Infinity, now + windowMs));
	}
}

describe('RecentKeys over random operations', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'keeps its bounds, never reports a false duplicate, and answers exactly while under its bounds (seed %i)',
		(seed) => {
			const next = seededRandom(seed);
			const maxEntries = 4 + Math.floor(next() * 20);
			const maxPerWorkflow = 2 + Math.floor(next() * maxEntries);
			const bounded = new RecentKeys(maxEntries, maxPerWorkflow);
			const roomy = new RecentKeys(10_000, 10_000);
			const reference = new UnboundedKeys();
			const offers = new Offers();
			let now = T0;
			// Each broken rule is written down with its step; one assertion at the end keeps this fast.
			const broken: string[] = [];
			for (let step = 0; step < 5000; step++) {
				now += Math.floor(next() * 30);
				const key = scoped(`w${Math.floor(next() * 4)}`, `k${Math.floor(next() * 25)}`);
				const windowMs = [50, 200, 1000][Math.floor(next() * 3)];
				const expected = reference.seen(key, windowMs, now);
				const answer = bounded.seen(key, windowMs, now);
				// A bounded store may forget a key (answer false for a repeat), never invent one: a
				// "duplicate" needs an earlier offer of the key whose window is still open.
				if (answer && !offers.open(key, now)) broken.push(`${step}: false duplicate`);
				offers.offer(key, windowMs, now);
				if (roomy.seen(key, windowMs, now) !== expected)
					broken.push(`${step}: unbounded answer differs`);
				if (bounded.size > maxEntries) broken.push(`${step}: ${bounded.size} keys held`);
				for (const workflow of ['w0', 'w1', 'w2', 'w3']) {
					if (bounded.sizeOf(workflow) > maxPerWorkflow)
						broken.push(`${step}: ${workflow} too big`);
				}
			}
			expect(broken).toEqual([]);
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
