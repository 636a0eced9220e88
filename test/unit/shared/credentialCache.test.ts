import { createHmac } from 'crypto';
import { inspect } from 'util';

import {
	credentialLifetimeMs,
	CredentialCache,
	DEFAULT_CREDENTIAL_LIFETIME_SECONDS,
	MAX_CREDENTIAL_LIFETIME_SECONDS,
	readThrough,
	recheckSpacingMs,
	retryWithFreshCredentials,
	type CredentialCacheKey,
} from '../../../nodes/shared/credentials/credentialCache';

const T0 = Date.UTC(2026, 0, 1);
const LIFETIME = 30_000;
const OLD_SECRET = 'old-secret-0123456789abcdef';
const NEW_SECRET = 'new-secret-fedcba9876543210';
const BODY = '{"event":"lead.created"}';

interface Credential {
	secret: string;
}
type Verdict = { kind: 'accept' } | { kind: 'reject'; reason: string };

const sign = (secret: string, body: string) =>
	createHmac('sha256', secret).update(body).digest('hex');

const KEY: CredentialCacheKey = {
	workflowId: 'wf1',
	nodeId: 'node1',
	credentialType: 'aktifyApi',
	credentialId: 'cred1',
};

/** n8n's side as the cache sees it: a credential that can be edited, and a count of reads. */
function fakeN8n(initial: string) {
	const state = { secret: initial, loads: 0 };
	return {
		state,
		load: async (): Promise<Credential> => {
			state.loads++;
			return { secret: state.secret };
		},
	};
}

function clock(start = T0) {
	const time = { now: start };
	return { time, now: () => time.now };
}

const authFailed = (verdict: Verdict) => verdict.kind === 'reject';

/**
 * One delivery the way the trigger runtime handles it: an attempt reads the credential through
 * the cache and verifies the signature with it; a failed attempt that used a cached copy is run
 * once more with a fresh one.
 */
function deliver(
	cache: CredentialCache<Credential>,
	n8n: { load: () => Promise<Credential> },
	signature: string,
	lifetimeMs = LIFETIME,
) {
	return retryWithFreshCredentials<Credential, Verdict>(
		cache,
		async (use) => {
			const credential = await readThrough(cache, KEY, lifetimeMs, n8n.load, use);
			return sign(credential.secret, BODY) === signature
				? { kind: 'accept' }
				: { kind: 'reject', reason: 'Signature does not match' };
		},
		authFailed,
	);
}

/** `count` deliveries that arrive together, each signed with `signature`. */
function deliverTogether(
	count: number,
	cache: CredentialCache<Credential>,
	n8n: { load: () => Promise<Credential> },
	signature: string,
	lifetimeMs = LIFETIME,
) {
	return Array.from({ length: count }, () => deliver(cache, n8n, signature, lifetimeMs));
}

describe('readThrough + retryWithFreshCredentials: rotation and revocation', () => {
	it('reads the credential once while the copy is fresh', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		for (let index = 0; index < 5; index++)
			expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(1);
	});

	it('accepts the first delivery signed with a rotated secret, refreshing the copy at once', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		n8n.state.secret = NEW_SECRET;
		// Still well within the lifetime: the cached copy holds the old secret.
		expect(await deliver(cache, n8n, sign(NEW_SECRET, BODY))).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(2);
		// The refreshed copy serves the next ones without another read.
		expect(await deliver(cache, n8n, sign(NEW_SECRET, BODY))).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(2);
	});

	it('rejects the old secret once the copy was refreshed by a delivery with the new one', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		n8n.state.secret = NEW_SECRET;
		await deliver(cache, n8n, sign(NEW_SECRET, BODY));
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({
			kind: 'reject',
			reason: 'Signature does not match',
		});
	});

	it('keeps verifying a removed secret for at most the lifetime, then rejects it', async () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		n8n.state.secret = NEW_SECRET;
		time.now = T0 + LIFETIME - 1;
		// The documented window: the copy read at T0 still holds the removed secret.
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		time.now = T0 + LIFETIME;
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({
			kind: 'reject',
			reason: 'Signature does not match',
		});
		expect(n8n.state.loads).toBe(2);
	});

	it('with a lifetime of 0 reads the credential for every delivery and keeps nothing', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY), 0)).toEqual({ kind: 'accept' });
		n8n.state.secret = NEW_SECRET;
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY), 0)).toEqual({
			kind: 'reject',
			reason: 'Signature does not match',
		});
		expect(n8n.state.loads).toBe(2);
		expect(cache.size).toBe(0);
	});

	it('does not repeat a run that failed with fresh data (a forgery costs one read, not two)', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		let runs = 0;
		const verdict = await retryWithFreshCredentials<Credential, Verdict>(
			cache,
			async (use) => {
				runs++;
				await readThrough(cache, KEY, LIFETIME, n8n.load, use);
				return { kind: 'reject', reason: 'Signature does not match' };
			},
			authFailed,
		);
		expect(verdict.kind).toBe('reject');
		expect(runs).toBe(1);
		expect(n8n.state.loads).toBe(1);
		// The fresh copy is kept: the next delivery does not read again unless it fails too.
		expect(cache.size).toBe(1);
	});

	it('a forgery against a cached copy costs exactly one refresh and two runs', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		expect(await deliver(cache, n8n, sign('forged-secret-000000000000', BODY))).toEqual({
			kind: 'reject',
			reason: 'Signature does not match',
		});
		expect(n8n.state.loads).toBe(2);
	});

	it('passes a failed read from n8n on unchanged and caches nothing', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const failure = new Error('Credential with ID "cred1" does not exist');
		await expect(
			retryWithFreshCredentials<Credential, Verdict>(
				cache,
				async (use) => {
					await readThrough(cache, KEY, LIFETIME, () => Promise.reject(failure), use);
					return { kind: 'accept' };
				},
				authFailed,
			),
		).rejects.toBe(failure);
		expect(cache.size).toBe(0);
	});

	it('drops every copy a failed attempt used, and no other', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const other = { ...KEY, nodeId: 'other-node' };
		cache.set(KEY, { secret: OLD_SECRET }, LIFETIME);
		cache.set({ ...KEY, credentialType: 'redisApi' }, { secret: 'redis' }, LIFETIME);
		cache.set(other, { secret: 'other' }, LIFETIME);
		const loads: string[] = [];
		let attempts = 0;
		await retryWithFreshCredentials<Credential, Verdict>(
			cache,
			async (use) => {
				attempts++;
				for (const type of ['aktifyApi', 'redisApi'])
					await readThrough(
						cache,
						{ ...KEY, credentialType: type },
						LIFETIME,
						async () => {
							loads.push(type);
							return { secret: `fresh ${type}` };
						},
						use,
					);
				return { kind: 'reject', reason: 'Signature does not match' };
			},
			authFailed,
		);
		expect(attempts).toBe(2);
		expect(loads).toEqual(['aktifyApi', 'redisApi']);
		expect(cache.get(other)).toEqual({ secret: 'other' });
	});
});

describe('A flood of forged deliveries, one after another', () => {
	const FORGED = sign('forged-secret-000000000000', BODY);

	it('1,000 sequential forgeries against a cached copy cost two reads, not 1,000', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		for (let index = 0; index < 1000; index++) {
			expect(await deliver(cache, n8n, FORGED)).toEqual({
				kind: 'reject',
				reason: 'Signature does not match',
			});
		}
		// The first read, then one re-check; the re-checked copy answers every later forgery.
		expect(n8n.state.loads).toBe(2);
		// And the copy is still there for genuine deliveries: no read for them either.
		expect(await deliver(cache, n8n, sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(2);
	});

	it('forgeries every 100 ms cost at most one re-check per tenth of the lifetime', async () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		// Three lifetimes of forgeries, ten a second.
		for (let step = 0; step < (3 * LIFETIME) / 100; step++) {
			time.now = T0 + step * 100;
			await deliver(cache, n8n, FORGED);
		}
		// Per lifetime: at most ten re-checks plus the read after the copy expired.
		expect(n8n.state.loads).toBeGreaterThan(3);
		expect(n8n.state.loads).toBeLessThanOrEqual(1 + 3 * 11);
		expect(recheckSpacingMs(LIFETIME)).toBe(LIFETIME / 10);
	});

	it('a secret rotated while forgeries arrive is accepted within a tenth of the lifetime', async () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		await deliver(cache, n8n, FORGED); // re-checked at T0
		n8n.state.secret = NEW_SECRET;
		time.now = T0 + recheckSpacingMs(LIFETIME) - 1;
		// Within the spacing the re-checked copy stands: the platform's retry is what gets through.
		expect((await deliver(cache, n8n, sign(NEW_SECRET, BODY))).kind).toBe('reject');
		time.now = T0 + recheckSpacingMs(LIFETIME);
		expect(await deliver(cache, n8n, sign(NEW_SECRET, BODY))).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(3);
	});

	it('without a recent re-check, the first delivery with a rotated secret is still accepted at once', async () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = fakeN8n(OLD_SECRET);
		await deliver(cache, n8n, sign(OLD_SECRET, BODY));
		await deliver(cache, n8n, FORGED);
		time.now = T0 + recheckSpacingMs(LIFETIME);
		n8n.state.secret = NEW_SECRET;
		expect(await deliver(cache, n8n, sign(NEW_SECRET, BODY))).toEqual({ kind: 'accept' });
	});
});

/**
 * n8n's side with reads that stay open until the test lets them finish, so that deliveries can
 * arrive while a read is in progress. A read returns the secret as it was when the read started,
 * the way n8n reads the credential row.
 */
function slowN8n(initial: string) {
	const state = { secret: initial, loads: 0 };
	const open: Array<() => void> = [];
	return {
		state,
		load: (): Promise<Credential> => {
			state.loads++;
			const secret = state.secret;
			return new Promise((resolve) => open.push(() => resolve({ secret })));
		},
		/** Lets every open read finish, and keeps doing so until no read is left open. */
		async settle(): Promise<void> {
			for (let round = 0; round < 100; round++) {
				await new Promise((resolve) => setImmediate(resolve));
				if (open.length === 0) return;
				for (const finish of open.splice(0)) finish();
			}
			throw new Error('reads kept starting');
		},
	};
}

describe('Deliveries that arrive together', () => {
	it('share one read from n8n when the copy is missing or expired', async () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = slowN8n(OLD_SECRET);
		const verdicts = deliverTogether(50, cache, n8n, sign(OLD_SECRET, BODY));
		await n8n.settle();
		expect(await Promise.all(verdicts)).toEqual(Array(50).fill({ kind: 'accept' }));
		expect(n8n.state.loads).toBe(1);
		time.now = T0 + LIFETIME;
		const later = deliverTogether(50, cache, n8n, sign(OLD_SECRET, BODY));
		await n8n.settle();
		expect(await Promise.all(later)).toEqual(Array(50).fill({ kind: 'accept' }));
		expect(n8n.state.loads).toBe(2);
	});

	it('a flood of forgeries against a cached copy costs one refresh, not one per forgery', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = slowN8n(OLD_SECRET);
		const first = deliver(cache, n8n, sign(OLD_SECRET, BODY));
		await n8n.settle();
		await first;
		const forged = deliverTogether(100, cache, n8n, sign('forged-secret-000000000000', BODY));
		await n8n.settle();
		for (const verdict of await Promise.all(forged)) expect(verdict.kind).toBe('reject');
		expect(n8n.state.loads).toBe(2);
	});

	it('a delivery that arrives during a read of the old secret is checked against a newer read', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = slowN8n(OLD_SECRET);
		// A read starts (the copy is missing), then the secret is rotated, then a delivery signed
		// with the new secret arrives while that read, which will answer the old secret, is open.
		const early = deliver(cache, n8n, sign(OLD_SECRET, BODY));
		await new Promise((resolve) => setImmediate(resolve));
		n8n.state.secret = NEW_SECRET;
		const rotated = deliver(cache, n8n, sign(NEW_SECRET, BODY));
		await n8n.settle();
		expect(await early).toEqual({ kind: 'accept' });
		expect(await rotated).toEqual({ kind: 'accept' });
		expect(n8n.state.loads).toBe(2);
	});

	it('with the cache off every delivery is checked against a read that started after it arrived', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		const n8n = slowN8n(OLD_SECRET);
		// The first delivery starts a read; nine more arrive while it is open. Then the secret is
		// removed and ten more deliveries signed with it arrive.
		const before = deliverTogether(10, cache, n8n, sign(OLD_SECRET, BODY), 0);
		await new Promise((resolve) => setImmediate(resolve));
		n8n.state.secret = NEW_SECRET;
		const after = deliverTogether(10, cache, n8n, sign(OLD_SECRET, BODY), 0);
		await n8n.settle();
		const verdicts = (await Promise.all([...before, ...after])).map((verdict) => verdict.kind);
		// Only the first was checked against the read it started; the nine that arrived during that
		// read could not use it (it started before they arrived) and shared the next one with the
		// last ten, which already saw the secret removed.
		expect(verdicts).toEqual(['accept', ...Array(19).fill('reject')]);
		expect(n8n.state.loads).toBe(2);
		expect(cache.size).toBe(0);
	});

	it('drops the copy when a re-check finds the credential gone from n8n', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		let exists = true;
		const failure = new Error('Credential with ID "cred1" does not exist');
		const load = async (): Promise<Credential> => {
			if (!exists) throw failure;
			return { secret: OLD_SECRET };
		};
		const attempt = (signature: string) =>
			retryWithFreshCredentials<Credential, Verdict>(
				cache,
				async (use) => {
					const credential = await readThrough(cache, KEY, LIFETIME, load, use);
					return sign(credential.secret, BODY) === signature
						? { kind: 'accept' }
						: { kind: 'reject', reason: 'Signature does not match' };
				},
				authFailed,
			);
		expect(await attempt(sign(OLD_SECRET, BODY))).toEqual({ kind: 'accept' });
		exists = false;
		// A forged delivery makes the trigger ask n8n again, which no longer has the credential.
		await expect(attempt(sign('forged-secret-000000000000', BODY))).rejects.toBe(failure);
		expect(cache.size).toBe(0);
		// So the old secret is not accepted from the copy for the rest of its lifetime.
		await expect(attempt(sign(OLD_SECRET, BODY))).rejects.toBe(failure);
	});

	it('passes a failed read on to every delivery that shared it, and reads again afterwards', async () => {
		const { now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		let loads = 0;
		const failure = new Error('Credential with ID "cred1" does not exist');
		const attempts = Array.from({ length: 5 }, () =>
			readThrough(cache, KEY, LIFETIME, async () => {
				loads++;
				await new Promise((resolve) => setImmediate(resolve));
				throw failure;
			}),
		);
		for (const attempt of attempts) await expect(attempt).rejects.toBe(failure);
		expect(loads).toBe(1);
		expect(await readThrough(cache, KEY, LIFETIME, async () => ({ secret: NEW_SECRET }))).toEqual({
			secret: NEW_SECRET,
		});
	});
});

describe('CredentialCache: keys, lifetime and bound', () => {
	it('keeps workflows, nodes, credential types and credentials apart', () => {
		const cache = new CredentialCache<Credential>({ now: () => T0 });
		cache.set(KEY, { secret: OLD_SECRET }, LIFETIME);
		expect(cache.get(KEY)).toEqual({ secret: OLD_SECRET });
		expect(cache.get({ ...KEY, workflowId: 'wf2' })).toBeUndefined();
		expect(cache.get({ ...KEY, nodeId: 'node2' })).toBeUndefined();
		expect(cache.get({ ...KEY, credentialType: 'leadterraApi' })).toBeUndefined();
		// The node was switched to another credential: the copy of the first one is not used.
		expect(cache.get({ ...KEY, credentialId: 'cred2' })).toBeUndefined();
	});

	it('caches nothing for a node without a credential id', () => {
		const cache = new CredentialCache<Credential>({ now: () => T0 });
		const key = { ...KEY, credentialId: undefined };
		cache.set(key, { secret: OLD_SECRET }, LIFETIME);
		expect(cache.get(key)).toBeUndefined();
		expect(cache.size).toBe(0);
	});

	it('never holds more than its bound and drops the least recently used first', () => {
		const cache = new CredentialCache<Credential>({ now: () => T0, maxEntries: 3 });
		const key = (index: number) => ({ ...KEY, nodeId: `node${index}` });
		cache.set(key(1), { secret: 's1' }, LIFETIME);
		cache.set(key(2), { secret: 's2' }, LIFETIME);
		cache.set(key(3), { secret: 's3' }, LIFETIME);
		expect(cache.get(key(1))).toEqual({ secret: 's1' });
		cache.set(key(4), { secret: 's4' }, LIFETIME);
		expect(cache.size).toBe(3);
		expect(cache.get(key(2))).toBeUndefined();
		expect(cache.get(key(1))).toEqual({ secret: 's1' });
		expect(cache.get(key(3))).toEqual({ secret: 's3' });
		expect(cache.get(key(4))).toEqual({ secret: 's4' });
		for (let index = 5; index < 1000; index++) cache.set(key(index), { secret: 'x' }, LIFETIME);
		expect(cache.size).toBe(3);
	});

	it('drops expired copies when another is stored, so secrets do not linger past their lifetime', () => {
		const { time, now } = clock();
		const cache = new CredentialCache<Credential>({ now });
		cache.set({ ...KEY, nodeId: 'a' }, { secret: 'sa' }, 1000);
		cache.set({ ...KEY, nodeId: 'b' }, { secret: 'sb' }, 5000);
		time.now = T0 + 2000;
		cache.set({ ...KEY, nodeId: 'c' }, { secret: 'sc' }, 1000);
		expect(cache.size).toBe(2);
		expect(cache.get({ ...KEY, nodeId: 'b' })).toEqual({ secret: 'sb' });
	});

	it('turns the node option into a lifetime: default, 0 = off, clamped to the maximum', () => {
		expect(credentialLifetimeMs(undefined)).toBe(DEFAULT_CREDENTIAL_LIFETIME_SECONDS * 1000);
		expect(DEFAULT_CREDENTIAL_LIFETIME_SECONDS).toBeLessThanOrEqual(60);
		expect(credentialLifetimeMs(0)).toBe(0);
		expect(credentialLifetimeMs(-5)).toBe(0);
		expect(credentialLifetimeMs(2.5)).toBe(2500);
		expect(credentialLifetimeMs(1e9)).toBe(MAX_CREDENTIAL_LIFETIME_SECONDS * 1000);
		expect(credentialLifetimeMs('10')).toBe(DEFAULT_CREDENTIAL_LIFETIME_SECONDS * 1000);
	});
});

describe('CredentialCache: nothing secret in logs', () => {
	it('shows no secret when inspected, stringified or printed, and never writes to the console', async () => {
		const written: string[] = [];
		const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
			jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
				written.push(args.map(String).join(' '));
			}),
		);
		const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
			written.push(String(chunk));
			return true;
		});
		try {
			const { now } = clock();
			const cache = new CredentialCache<Credential>({ now });
			const n8n = fakeN8n(OLD_SECRET);
			await deliver(cache, n8n, sign(OLD_SECRET, BODY));
			n8n.state.secret = NEW_SECRET;
			await deliver(cache, n8n, sign(NEW_SECRET, BODY));
			await deliver(cache, n8n, sign('forged-secret-000000000000', BODY));
			expect(cache.size).toBe(1);
			const views = [
				inspect(cache, { depth: 10, showHidden: true }),
				JSON.stringify(cache),
				String(cache),
				JSON.stringify({ ...cache }),
			];
			for (const view of views) {
				expect(view).not.toContain(OLD_SECRET);
				expect(view).not.toContain(NEW_SECRET);
			}
			expect(JSON.stringify(cache)).toBe('{"size":1}');
		} finally {
			stdout.mockRestore();
			for (const spy of spies) spy.mockRestore();
		}
		expect(written).toEqual([]);
	});
});
