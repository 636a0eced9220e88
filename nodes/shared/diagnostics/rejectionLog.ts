/**
 * Warnings about rejected deliveries that operators see without debug logging, but that a flood of
 * forged requests cannot turn into a flood of log lines: per node, the first rejection is logged at
 * once; rejections within the following minute are only counted, and one summary line with the
 * count (and the reasons) is written when that minute ends. A node quiet for a minute starts over.
 * Unexpected errors on the delivery path go through the same limit (with `error` set), so nothing a
 * sender can provoke writes a line per request. Pure: the clock, the timer and the log sink are
 * injected.
 *
 * A rejection is counted before anything about it is worked out: the hint comes from a function
 * called only for a line written at once, and a hint that cannot be built only leaves the line
 * without one. So however hostile a request is, it is counted and the limit holds.
 */

export interface RejectionLogEntry {
	workflowId: string;
	workflowName?: string;
	nodeName: string;
	status: number;
	reason: string;
	cause?: string;
	/** Computed only when the entry is written at once (see `record`). */
	hint?: string;
	/** The message of an unexpected error this rejection answers (cause `processing-failed`). */
	error?: string;
}

export type WarnSink = (message: string, meta: Record<string, unknown>) => void;

export interface TimerHandle {
	unref?: () => unknown;
}

export interface RejectionLogOptions {
	now: () => number;
	setTimer: (callback: () => void, ms: number) => TimerHandle;
	windowMs?: number;
	/** Nodes tracked at most; the stalest is forgotten beyond it (it then logs at once again). */
	maxNodes?: number;
}

interface NodeWindow {
	start: number;
	count: number;
	reasons: Map<string, number>;
	timerPending: boolean;
	warn: WarnSink;
	entry: RejectionLogEntry;
}

export const REJECTION_LOG_WINDOW_MS = 60_000;

function where(entry: RejectionLogEntry): string {
	const workflow = entry.workflowName
		? `workflow "${entry.workflowName}" (${entry.workflowId})`
		: `workflow ${entry.workflowId}`;
	return `${workflow}, node "${entry.nodeName}"`;
}

/** Longest error message a line carries; the rest is cut. */
const MAX_ERROR_CHARS = 300;

/**
 * An error message as one bounded line: control characters (a line break could forge a log line)
 * become spaces and the length is capped, whatever text the error picked up.
 */
export function oneLine(text: string, max = MAX_ERROR_CHARS): string {
	const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function firstLine(entry: RejectionLogEntry): string {
	const error = entry.error ? ` Error: ${oneLine(entry.error)}.` : '';
	const hint = entry.hint ? ` Hint: ${entry.hint}` : '';
	return `Rejected a webhook delivery in ${where(entry)}: ${entry.status} ${entry.reason}.${error}${hint} Further rejections of this node within a minute are counted, not logged one by one.`;
}

export function summaryLine(
	entry: RejectionLogEntry,
	count: number,
	reasons: Map<string, number>,
	windowMs: number,
): string {
	const seconds = Math.round(windowMs / 1000);
	const listed = [...reasons.entries()]
		.sort((a, b) => b[1] - a[1])
		.map(([reason, times]) => `${times} × ${reason}`)
		.join('; ');
	return `Rejected ${count} more webhook deliver${count === 1 ? 'y' : 'ies'} in ${where(entry)} within ${seconds} s: ${listed}.`;
}

/** A log sink that fails must not turn a rejection into an exception. */
function write(warn: WarnSink, message: string, meta: Record<string, unknown>): void {
	try {
		warn(message, meta);
	} catch {
		// Nothing better to do with a line the logger would not take.
	}
}

export class RejectionLog {
	private readonly windows = new Map<string, NodeWindow>();
	private readonly windowMs: number;
	private readonly maxNodes: number;

	constructor(private readonly options: RejectionLogOptions) {
		this.windowMs = options.windowMs ?? REJECTION_LOG_WINDOW_MS;
		this.maxNodes = options.maxNodes ?? 1000;
	}

	/** Whether a rejection of this node now would be written at once (so its hint is worth computing). */
	logsAtOnce(workflowId: string, nodeName: string): boolean {
		const window = this.windows.get(this.key(workflowId, nodeName));
		return window === undefined || this.options.now() - window.start >= this.windowMs;
	}

	/**
	 * Logs or counts one rejection; returns whether a line was written now. `hint`, when given, is
	 * called only for a line written now, after the rejection is counted; if it throws, the line
	 * is written without a hint.
	 */
	record(entry: RejectionLogEntry, warn: WarnSink, hint?: () => string | undefined): boolean {
		const key = this.key(entry.workflowId, entry.nodeName);
		const now = this.options.now();
		const window = this.windows.get(key);
		if (window === undefined || now - window.start >= this.windowMs) {
			this.windows.delete(key);
			this.forgetStalest();
			this.windows.set(key, {
				start: now,
				count: 0,
				reasons: new Map(),
				timerPending: false,
				warn,
				entry,
			});
			let written = entry;
			if (hint) {
				try {
					written = { ...entry, hint: hint() };
				} catch {
					// The line goes out with the plain facts; the count above already holds.
				}
			}
			write(warn, firstLine(written), this.meta(entry));
			return true;
		}
		window.count++;
		window.reasons.set(entry.reason, (window.reasons.get(entry.reason) ?? 0) + 1);
		window.warn = warn;
		window.entry = entry;
		if (!window.timerPending) {
			window.timerPending = true;
			const timer = this.options.setTimer(
				() => this.flush(key),
				Math.max(0, window.start + this.windowMs - now),
			);
			// A pending summary must not keep n8n from shutting down.
			timer.unref?.();
		}
		return false;
	}

	private flush(key: string): void {
		const window = this.windows.get(key);
		if (!window) return;
		window.timerPending = false;
		if (window.count === 0) return;
		write(window.warn, summaryLine(window.entry, window.count, window.reasons, this.windowMs), {
			...this.meta(window.entry),
			count: window.count,
		});
		// The next minute counts on (a flood keeps producing one summary per minute), while a node
		// that stays quiet for that minute logs its next rejection at once.
		window.start = this.options.now();
		window.count = 0;
		window.reasons = new Map();
	}

	private key(workflowId: string, nodeName: string): string {
		return `${workflowId}\u0000${nodeName}`;
	}

	private forgetStalest(): void {
		if (this.windows.size < this.maxNodes) return;
		const oldest = this.windows.keys().next();
		if (!oldest.done) this.windows.delete(oldest.value);
	}

	private meta(entry: RejectionLogEntry): Record<string, unknown> {
		return {
			workflowId: entry.workflowId,
			nodeName: entry.nodeName,
			status: entry.status,
			reason: entry.reason,
			...(entry.cause ? { cause: entry.cause } : {}),
		};
	}
}
