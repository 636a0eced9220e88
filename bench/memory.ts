import { readFileSync } from 'fs';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';

import { signAktifyBody } from '../nodes/Aktify/auth';
import {
	dedupeScope,
	DEFAULT_MAX_ENTRIES,
	DEFAULT_MAX_PER_WORKFLOW,
	RecentKeys,
} from '../nodes/shared/duplicates/recentKeys';
import type { N8nClient } from '../harness/client';
import { BENCH_SECRET } from './cases';
import { sendDistinct, type DistinctLoadResult } from './lib/load';
import { aktifyV2Body, KB } from './lib/payloads';
import { createAktifyCredential, deployAktify } from './n8n';

/**
 * Memory: the n8n process's resident set while it receives distinct events with duplicate
 * suppression on, and the suppression store alone, in this process, pushed well past its bound.
 */

export interface ProcessMemory {
	label: string;
	deliveries: number;
	rssMb: number;
	/** Peak resident set so far (VmHWM). */
	peakRssMb: number;
}

export interface N8nMemoryReport {
	samples: ProcessMemory[];
	batches: DistinctLoadResult[];
	/** The answer to a replay of the last event sent, which the store must still hold. */
	replayAnswer: string;
	/**
	 * The answer to a replay of the first event: a duplicate while fewer distinct events than the
	 * store's bound were sent, accepted again once more were (it was evicted to keep the bound).
	 */
	firstEventReplayAnswer: string;
	/** The suppression store's bound for one workflow's keys: the run sends to one workflow. */
	storeBound: number;
	/**
	 * Resident-set growth per 10,000 deliveries over each half of the run after the first batch:
	 * levelling off shows as the second well below the first.
	 */
	growthPer10kMb: { firstHalf: number; secondHalf: number };
}

export interface StoreSample {
	keys: number;
	size: number;
	heapUsedMb: number;
}

export interface StoreReport {
	bound: number;
	inserted: number;
	maxSizeSeen: number;
	samples: StoreSample[];
	/** Heap growth per retained key, measured while the store fills up to its bound. */
	bytesPerKey: number;
	/** Heap the store holds at its bound: bound × bytesPerKey. */
	boundMb: number;
	/** Mean cost of `seen()` once the store is full, when every insert also evicts. */
	nsPerSeenAtBound: number;
}

const MB = 1024 * 1024;

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
	if (!match) throw new Error(`No ${field} in /proc/${pid}/status`);
	return Number(match[1]) / 1024;
}

function sample(pid: number, label: string, deliveries: number): ProcessMemory {
	return {
		label,
		deliveries,
		rssMb: statusField(pid, 'VmRSS'),
		peakRssMb: statusField(pid, 'VmHWM'),
	};
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function distinctRequest(sequence: number): { headers: Record<string, string>; body: string } {
	const body = aktifyV2Body(1 * KB, sequence);
	return {
		headers: {
			'content-type': 'application/json',
			'aktify-signature': signAktifyBody(BENCH_SECRET, body, 'v2', Date.now()),
		},
		body,
	};
}

export interface N8nMemoryOptions {
	/** Deliveries per batch; RSS is read after each batch. */
	batches: number[];
	connections: number;
	/** Pause before each reading, so that a reading is not taken in the middle of a burst. */
	settleMs: number;
	log: (line: string) => void;
}

export async function runN8nMemory(
	client: N8nClient,
	pid: number,
	options: N8nMemoryOptions,
): Promise<N8nMemoryReport> {
	options.log('memory: publishing an Aktify Trigger with duplicate suppression on…');
	const credentialId = await createAktifyCredential(client);
	// typeVersion 2, what a node added now gets. A window of a day, so that over a long run only the
	// store's size bound, not the window, makes it forget.
	const url = await deployAktify(
		client,
		credentialId,
		{ suppressDuplicates: true, duplicateWindowSeconds: 86_400 },
		2,
	);
	await sleep(options.settleMs);
	const samples = [sample(pid, 'before', 0)];
	options.log(`memory: n8n RSS before: ${samples[0].rssMb.toFixed(0)} MB`);
	const batches: DistinctLoadResult[] = [];
	let sent = 0;
	for (const amount of options.batches) {
		options.log(
			`memory: sending ${amount} distinct events (${sent} sent so far, c=${options.connections})…`,
		);
		const batch = await sendDistinct(url, amount, options.connections, sent, distinctRequest);
		batches.push(batch);
		sent += amount;
		await sleep(options.settleMs);
		const reading = sample(pid, `after ${sent}`, sent);
		samples.push(reading);
		options.log(
			`memory: ${JSON.stringify(batch.byAnswer)} in ${batch.durationS.toFixed(0)} s; RSS ${reading.rssMb.toFixed(0)} MB (peak ${reading.peakRssMb.toFixed(0)} MB)`,
		);
	}
	const replay = async (sequence: number): Promise<string> => {
		const request = distinctRequest(sequence);
		const response = await fetch(url, {
			method: 'POST',
			headers: request.headers,
			body: request.body,
		});
		return `${response.status} ${await response.text()}`;
	};
	// The last event again: it must be remembered, which shows suppression was really on. Then the
	// first: remembered too unless more distinct events than the store's bound came after it.
	const replayAnswer = await replay(sent - 1);
	const firstEventReplayAnswer = await replay(0);
	options.log(
		`memory: replay of event ${sent - 1} answered ${replayAnswer}; of event 0 ${firstEventReplayAnswer}`,
	);
	if (!replayAnswer.includes('"duplicate"'))
		throw new Error(`The replay of the last event was not suppressed: ${replayAnswer}`);
	// One workflow: its own bound, not the store's overall one, decides when event 0 is forgotten.
	const expectFirst = sent > DEFAULT_MAX_PER_WORKFLOW ? '"accepted"' : '"duplicate"';
	if (!firstEventReplayAnswer.includes(expectFirst))
		throw new Error(
			`The replay of event 0 after ${sent} distinct events should be ${expectFirst}: ${firstEventReplayAnswer}`,
		);
	return {
		samples,
		batches,
		replayAnswer,
		firstEventReplayAnswer,
		storeBound: DEFAULT_MAX_PER_WORKFLOW,
		growthPer10kMb: halvesGrowth(samples),
	};
}

/**
 * Growth of the resident set per 10,000 deliveries in the two halves of the run, counted from the
 * reading after the first batch: the first batch also pays for n8n's warm-up (modules loaded, caches
 * filled on the first executions), which says nothing about whether memory levels off.
 */
function halvesGrowth(samples: ProcessMemory[]): { firstHalf: number; secondHalf: number } {
	const first = samples[Math.min(1, samples.length - 1)];
	const last = samples[samples.length - 1];
	const halfway = (first.deliveries + last.deliveries) / 2;
	const middle = samples.reduce((best, reading) =>
		Math.abs(reading.deliveries - halfway) < Math.abs(best.deliveries - halfway) ? reading : best,
	);
	const per10k = (from: ProcessMemory, to: ProcessMemory) =>
		to.deliveries === from.deliveries
			? 0
			: ((to.rssMb - from.rssMb) * 10_000) / (to.deliveries - from.deliveries);
	return { firstHalf: per10k(first, middle), secondHalf: per10k(middle, last) };
}

/** `global.gc`, enabled at run time so that the bench needs no node flags. */
function collector(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed / MB;
}

/**
 * Feeds the store `inserted` distinct keys shaped like the trigger's (workflow, node, dedupe key),
 * all within one window, so only the size bound can keep it small; checks the size after every key.
 */
export function runStoreBench(
	inserted: number,
	log: (line: string) => void,
	bound = DEFAULT_MAX_ENTRIES,
): StoreReport {
	const gc = collector();
	// One workflow here, so its own bound is set to the global one: the bench measures the global bound.
	const store = new RecentKeys(bound, bound);
	const windowMs = 3_600_000;
	const start = Date.now();
	const baseline = heapAfterGc(gc);
	const samples: StoreSample[] = [{ keys: 0, size: 0, heapUsedMb: 0 }];
	let maxSizeSeen = 0;
	let seenNsAtBound = 0;
	const step = inserted / 8;
	for (let index = 0; index < inserted; index++) {
		const key = dedupeScope(
			'wf0123456789abcd',
			'6f1c2a9e-0b5d-4c8e-9f3a-2d7b8e4c1a05',
			`aktify:v2:lead.message_received:${index.toString(16).padStart(32, '0')}`,
		);
		const started = process.hrtime.bigint();
		if (store.seen(key, windowMs, start + index))
			throw new Error(`Distinct key ${index} was reported as seen`);
		if (index >= bound) seenNsAtBound += Number(process.hrtime.bigint() - started);
		if (store.size > maxSizeSeen) maxSizeSeen = store.size;
		if ((index + 1) % step === 0) {
			const reading = { keys: index + 1, size: store.size, heapUsedMb: heapAfterGc(gc) - baseline };
			samples.push(reading);
			log(
				`store: ${reading.keys} keys inserted, size ${reading.size}, heap +${reading.heapUsedMb.toFixed(1)} MB`,
			);
		}
	}
	const atBound = samples.find((reading) => reading.keys >= bound) ?? samples[samples.length - 1];
	const bytesPerKey = (atBound.heapUsedMb * MB) / Math.min(atBound.keys, bound);
	return {
		bound,
		inserted,
		maxSizeSeen,
		samples,
		bytesPerKey,
		boundMb: (bound * bytesPerKey) / MB,
		nsPerSeenAtBound: seenNsAtBound / Math.max(1, inserted - bound),
	};
}
