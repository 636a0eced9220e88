import {
	oneLine,
	RejectionLog,
	type RejectionLogEntry,
} from '../../../nodes/shared/diagnostics/rejectionLog';

/** A hand-driven clock and timer queue, so the minute passes when the test says so. */
function fakeTime(start = 1_000_000) {
	let now = start;
	let timers: Array<{ at: number; run: () => void; unrefed: boolean }> = [];
	return {
		now: () => now,
		setTimer: (run: () => void, ms: number) => {
			const timer = { at: now + ms, run, unrefed: false };
			timers.push(timer);
			return {
				unref: () => {
					timer.unrefed = true;
				},
			};
		},
		advance(ms: number) {
			now += ms;
			const due = timers.filter((timer) => timer.at <= now);
			timers = timers.filter((timer) => timer.at > now);
			for (const timer of due) timer.run();
		},
		pending: () => timers,
	};
}

const entry = (reason: string, nodeName = 'Aktify Trigger'): RejectionLogEntry => ({
	workflowId: 'wf1',
	workflowName: 'Leads',
	nodeName,
	status: 401,
	reason,
	cause: 'signature-mismatch',
	hint: 'The signature does not match.',
});

describe('RejectionLog', () => {
	it('logs the first rejection at once with workflow, node, status, reason and hint', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		expect(log.record(entry('Signature does not match'), (line) => lines.push(line))).toBe(true);
		expect(lines).toEqual([
			'Rejected a webhook delivery in workflow "Leads" (wf1), node "Aktify Trigger": 401 Signature does not match. Hint: The signature does not match. Further rejections of this node within a minute are counted, not logged one by one.',
		]);
	});

	it('counts rejections within the minute and writes one summary when it ends', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: Array<[string, Record<string, unknown>]> = [];
		const warn = (line: string, meta: Record<string, unknown>) => lines.push([line, meta]);
		log.record(entry('Signature does not match'), warn);
		time.advance(10_000);
		expect(log.logsAtOnce('wf1', 'Aktify Trigger')).toBe(false);
		expect(log.record(entry('Signature does not match'), warn)).toBe(false);
		time.advance(10_000);
		log.record(entry('Missing aktify-signature header'), warn);
		log.record(entry('Signature does not match'), warn);
		expect(lines).toHaveLength(1);
		expect(time.pending()).toHaveLength(1);
		expect(time.pending()[0].unrefed).toBe(true);

		time.advance(40_000);
		expect(lines).toHaveLength(2);
		expect(lines[1][0]).toBe(
			'Rejected 3 more webhook deliveries in workflow "Leads" (wf1), node "Aktify Trigger" within 60 s: 2 × Signature does not match; 1 × Missing aktify-signature header.',
		);
		expect(lines[1][1]).toMatchObject({ workflowId: 'wf1', nodeName: 'Aktify Trigger', count: 3 });
	});

	it('keeps a flood to one summary line per minute', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		const warn = (line: string) => lines.push(line);
		for (let second = 0; second < 180; second++) {
			for (let i = 0; i < 10; i++) log.record(entry('Signature does not match'), warn);
			time.advance(1000);
		}
		// The first at once, then one summary at the end of each of the three minutes.
		expect(lines).toHaveLength(4);
		expect(lines[1]).toContain('Rejected 599 more webhook deliveries');
		expect(lines[2]).toContain('Rejected 600 more webhook deliveries');
		expect(lines[3]).toContain('Rejected 600 more webhook deliveries');
	});

	it('logs at once again after a quiet minute, and per node', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		const warn = (line: string) => lines.push(line);
		log.record(entry('Wrong token', 'SmartLead Trigger'), warn);
		log.record(entry('Signature does not match', 'Aktify Trigger'), warn);
		expect(lines).toHaveLength(2);
		time.advance(60_000);
		expect(log.logsAtOnce('wf1', 'SmartLead Trigger')).toBe(true);
		expect(log.record(entry('Wrong token', 'SmartLead Trigger'), warn)).toBe(true);
		expect(lines).toHaveLength(3);
		expect(lines[2]).toContain('node "SmartLead Trigger": 401 Wrong token');
	});

	it('writes no summary when nothing was counted', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		log.record(entry('Wrong token'), (line) => lines.push(line));
		time.advance(120_000);
		expect(lines).toHaveLength(1);
		expect(time.pending()).toHaveLength(0);
	});

	it('counts a rejection before its hint is built, and writes the line without a hint that throws', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		const order: string[] = [];
		const plain: RejectionLogEntry = { ...entry('Signature does not match'), hint: undefined };
		const written = log.record(
			plain,
			(line) => lines.push(line),
			() => {
				order.push(log.logsAtOnce('wf1', 'Aktify Trigger') ? 'not yet counted' : 'counted');
				throw new RangeError('Maximum call stack size exceeded');
			},
		);
		expect(written).toBe(true);
		expect(order).toEqual(['counted']);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('401 Signature does not match.');
		expect(lines[0]).not.toContain('Hint:');
		// The limit holds: the next one is only counted, and its hint is never built.
		const hint = jest.fn(() => 'never');
		expect(log.record(plain, (line) => lines.push(line), hint)).toBe(false);
		expect(hint).not.toHaveBeenCalled();
		expect(lines).toHaveLength(1);
	});

	it('writes an error message on one bounded line, and survives a sink that throws', () => {
		const time = fakeTime();
		const log = new RejectionLog(time);
		const lines: string[] = [];
		log.record(
			{
				...entry('Delivery could not be processed'),
				status: 400,
				error: `RangeError: bad\nRejected a webhook delivery in workflow "forged"${'x'.repeat(1000)}`,
			},
			(line) => lines.push(line),
		);
		expect(lines[0].split('\n')).toHaveLength(1);
		expect(lines[0]).toContain('Error: RangeError: bad Rejected');
		expect(lines[0].length).toBeLessThan(800);
		expect(oneLine('a\u2028b\r\nc\u0000d')).toBe('a b c d');
		const other = new RejectionLog(fakeTime());
		expect(() =>
			other.record(entry('Wrong token'), () => {
				throw new Error('logger down');
			}),
		).not.toThrow();
	});
});
