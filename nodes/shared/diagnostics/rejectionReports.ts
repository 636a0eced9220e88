/**
 * Report Rejections: when a trigger's rejections become one item on its Rejected output. Pure: no
 * n8n, no clock, no timers; the caller passes the time and the trigger's key.
 *
 * The rule, per trigger: every rejection is counted. The first rejection after a quiet period (no
 * report within the interval) is reported at once, with everything counted since the previous
 * report; the rejections that follow are only counted, until the first rejection once the interval
 * has passed since the last report, which reports them all. A report rides on a rejected request,
 * so rejections after the last report wait for the next rejection to be reported.
 *
 * A report holds counts, cause codes, times and names the trigger already has. Nothing the sender
 * controls (body, header values, URL token) is kept here: only the cause codes are counted.
 */

export const DEFAULT_REPORT_INTERVAL_MINUTES = 15;
export const MIN_REPORT_INTERVAL_MINUTES = 1;
/** Triggers tracked at most per process; the stalest is forgotten beyond it. */
export const MAX_TRACKED_TRIGGERS = 1000;

/** The interval in milliseconds for the node parameter's value (minutes, at least 1). */
export function reportIntervalMs(minutes: unknown): number {
	const value = typeof minutes === 'number' && Number.isFinite(minutes) ? minutes : NaN;
	const chosen = Number.isNaN(value) ? DEFAULT_REPORT_INTERVAL_MINUTES : value;
	return Math.max(MIN_REPORT_INTERVAL_MINUTES, chosen) * 60_000;
}

/** Rejections counted since the previous report. */
export interface RejectionTally {
	/** Rejections per cause code. */
	counts: Record<string, number>;
	/** Unix milliseconds of the first and the last counted rejection. */
	firstAt: number;
	lastAt: number;
}

export function tallyTotal(tally: RejectionTally): number {
	return Object.values(tally.counts).reduce((sum, count) => sum + count, 0);
}

interface TriggerState {
	tally: RejectionTally | undefined;
	/** When the last report was made; undefined before the first. */
	reportedAt: number | undefined;
}

/**
 * One process's counting for every trigger it answers. `count` returns the tally to report when
 * this rejection makes a report, else undefined.
 */
export class RejectionReports {
	private readonly triggers = new Map<string, TriggerState>();

	constructor(private readonly maxTriggers = MAX_TRACKED_TRIGGERS) {}

	count(key: string, cause: string, now: number, intervalMs: number): RejectionTally | undefined {
		let state = this.triggers.get(key);
		if (state === undefined) {
			if (this.triggers.size >= this.maxTriggers) {
				const stalest = this.triggers.keys().next();
				if (!stalest.done) this.triggers.delete(stalest.value);
			}
			state = { tally: undefined, reportedAt: undefined };
		}
		// Most recently used last, so the first key is the stalest.
		this.triggers.delete(key);
		this.triggers.set(key, state);

		const tally = state.tally ?? { counts: {}, firstAt: now, lastAt: now };
		tally.counts[cause] = (tally.counts[cause] ?? 0) + 1;
		tally.firstAt = Math.min(tally.firstAt, now);
		tally.lastAt = Math.max(tally.lastAt, now);
		state.tally = tally;

		// A clock set back (before the last report) starts the interval again from now rather than
		// keeping reports quiet until the clock catches up.
		if (state.reportedAt !== undefined && now < state.reportedAt) state.reportedAt = now;
		if (state.reportedAt !== undefined && now - state.reportedAt < intervalMs) return undefined;
		state.reportedAt = now;
		state.tally = undefined;
		return tally;
	}

	/** Forgets every trigger (tests). */
	clear(): void {
		this.triggers.clear();
	}
}

/** What a report says about one cause; the caller supplies the texts (see rejection.ts). */
export interface CauseText {
	title: string;
	hint: string;
	check: string[];
}

export interface ReportNames {
	workflowId: string;
	workflowName?: string;
	nodeId: string;
	nodeName: string;
	/** The platform, as its users write it. */
	provider?: string;
}

export interface ReportSettings {
	intervalMinutes: number;
	/** Whether the counts are shared by every n8n process through Redis. */
	shared: boolean;
	mode: 'production' | 'test';
}

/** The JSON of the Rejected output's item. */
export interface RejectionReport {
	[key: string]: unknown;
	message: string;
	rejectedCount: number;
	causes: Array<{ cause: string; title: string; count: number }>;
	firstRejectedAt: string;
	lastRejectedAt: string;
	mostFrequent: { cause: string; title: string; count: number; hint: string; check: string[] };
	trigger: { name: string; id: string };
	workflow: { name: string | null; id: string };
	provider: string | null;
	reportIntervalMinutes: number;
	countedAcross: 'all processes' | 'this process';
	mode: 'production' | 'test';
	reportedAt: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The item for a tally. `describe` gives the texts of a cause code; the hint of the most frequent
 * cause is the one to act on first. Causes are listed most frequent first (ties by code, so the
 * order does not depend on which process counted first).
 */
export function buildReport(
	tally: RejectionTally,
	names: ReportNames,
	settings: ReportSettings,
	now: number,
	describe: (cause: string) => CauseText,
): RejectionReport {
	const ordered = Object.entries(tally.counts)
		.filter(([, count]) => count > 0)
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const texts = new Map(ordered.map(([cause]) => [cause, describe(cause)]));
	const causes = ordered.map(([cause, count]) => ({
		cause,
		title: texts.get(cause)!.title,
		count,
	}));
	const total = causes.reduce((sum, entry) => sum + entry.count, 0);
	const top = causes[0] ?? { cause: 'processing-failed', title: 'Unknown', count: 0 };
	const topText = texts.get(top.cause) ?? { title: top.title, hint: '', check: [] };
	const workflow = names.workflowName
		? `workflow "${names.workflowName}"`
		: `workflow ${names.workflowId}`;
	const listed = causes.map((entry) => `${entry.count} × ${entry.title}`).join('; ');
	const span =
		tally.firstAt === tally.lastAt
			? `at ${iso(tally.firstAt)}`
			: `between ${iso(tally.firstAt)} and ${iso(tally.lastAt)}`;
	const message =
		settings.mode === 'test'
			? `Test delivery to "${names.nodeName}" in ${workflow} was rejected: ${listed}. ${topText.hint}`
			: `${total} deliver${total === 1 ? 'y' : 'ies'} to "${names.nodeName}" in ${workflow} ${total === 1 ? 'was' : 'were'} rejected ${span}: ${listed}. Most frequent: ${topText.hint}`;
	return {
		message,
		rejectedCount: total,
		causes,
		firstRejectedAt: iso(tally.firstAt),
		lastRejectedAt: iso(tally.lastAt),
		mostFrequent: { ...top, hint: topText.hint, check: topText.check },
		trigger: { name: names.nodeName, id: names.nodeId },
		workflow: { name: names.workflowName ?? null, id: names.workflowId },
		provider: names.provider ?? null,
		reportIntervalMinutes: settings.intervalMinutes,
		countedAcross: settings.shared ? 'all processes' : 'this process',
		mode: settings.mode,
		reportedAt: iso(now),
	};
}

/**
 * The evidence fields a report's hint may use: facts about the trigger's configuration and yes/no
 * findings of comparing the request with it (which a sender cannot steer without the secret).
 * Everything taken from the request itself (method, header names and values, content type, body
 * size, timestamps, event names, the custom header's name) is left out.
 */
export const REPORT_SAFE_EVIDENCE = [
	'provider',
	'mode',
	'limitBytes',
	'toleranceMs',
	'signatureValidWith',
	'signatureBody',
	'secretWhitespace',
	'schemeComputedAs',
	'signatureChecked',
	'authType',
	'credentialWhitespace',
	'tokenLooksIssued',
] as const;

export function reportSafeEvidence<T extends object>(evidence: T): Partial<T> {
	const safe: Record<string, unknown> = {};
	for (const field of REPORT_SAFE_EVIDENCE) {
		const value = (evidence as Record<string, unknown>)[field];
		if (value !== undefined) safe[field] = value;
	}
	return safe as Partial<T>;
}
