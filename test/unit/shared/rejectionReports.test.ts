import {
	buildReport,
	RejectionReports,
	reportIntervalMs,
	reportSafeEvidence,
	tallyTotal,
	type RejectionTally,
} from '../../../nodes/shared/diagnostics/rejectionReports';
import { describeRejection } from '../../../nodes/shared/diagnostics/hints';
import { type RejectionCause } from '../../../nodes/shared/diagnostics/causes';
import { seededRandom } from '../lib/seededRandom';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-29T12:00:00.000Z');

describe('RejectionReports (the counting rule)', () => {
	it('reports the first rejection after a quiet period at once, with a count of one', () => {
		const reports = new RejectionReports();
		const tally = reports.count('wf\u0000n', 'signature-mismatch', T0, 15 * MINUTE);
		expect(tally).toEqual({ counts: { 'signature-mismatch': 1 }, firstAt: T0, lastAt: T0 });
	});

	it('counts rejections within the interval and reports them with the first one at the interval', () => {
		const reports = new RejectionReports();
		const interval = 15 * MINUTE;
		expect(reports.count('k', 'signature-mismatch', T0, interval)).toBeDefined();
		expect(reports.count('k', 'signature-mismatch', T0 + 1000, interval)).toBeUndefined();
		expect(reports.count('k', 'token-missing', T0 + 2000, interval)).toBeUndefined();
		// One millisecond before the interval has passed: still only counted.
		expect(reports.count('k', 'signature-mismatch', T0 + interval - 1, interval)).toBeUndefined();
		// Exactly the interval after the last report: this rejection reports all four.
		const tally = reports.count('k', 'token-missing', T0 + interval, interval);
		expect(tally).toEqual({
			counts: { 'signature-mismatch': 2, 'token-missing': 2 },
			firstAt: T0 + 1000,
			lastAt: T0 + interval,
		});
		// The next interval runs from that report.
		expect(reports.count('k', 'token-missing', T0 + interval + 1, interval)).toBeUndefined();
		expect(reports.count('k', 'token-missing', T0 + 2 * interval, interval)).toEqual({
			counts: { 'token-missing': 2 },
			firstAt: T0 + interval + 1,
			lastAt: T0 + 2 * interval,
		});
	});

	it('keeps rejections after the last report until the next rejection, however late', () => {
		const reports = new RejectionReports();
		reports.count('k', 'body-empty', T0, MINUTE);
		reports.count('k', 'body-empty', T0 + 10, MINUTE);
		// Quiet for a day: nothing reports on its own (no timers); the next rejection reports both.
		expect(reports.count('k', 'body-not-json', T0 + 24 * 60 * MINUTE, MINUTE)).toEqual({
			counts: { 'body-empty': 1, 'body-not-json': 1 },
			firstAt: T0 + 10,
			lastAt: T0 + 24 * 60 * MINUTE,
		});
	});

	it('counts each trigger on its own', () => {
		const reports = new RejectionReports();
		expect(reports.count('a', 'body-empty', T0, MINUTE)).toBeDefined();
		expect(reports.count('b', 'body-empty', T0 + 1, MINUTE)).toBeDefined();
		expect(reports.count('a', 'body-empty', T0 + 2, MINUTE)).toBeUndefined();
	});

	it('reports at most once per interval however many rejections arrive (seeded flood)', () => {
		const seed = Number(process.env.TEST_SEED ?? Date.now() % 100000);
		console.log(`rejectionReports flood seed: ${seed}`);
		const random = seededRandom(seed);
		const reports = new RejectionReports();
		const interval = 15 * MINUTE;
		const causes: RejectionCause[] = ['signature-mismatch', 'signature-missing', 'token-invalid'];
		let reported = 0;
		let counted = 0;
		// 1,000 forgeries at random times within one interval, in order of arrival, the first at T0:
		// one report, for the first.
		const offsets = Array.from({ length: 999 }, () => Math.floor(random() * interval));
		for (const offset of [0, ...offsets.sort((a, b) => a - b)]) {
			const tally = reports.count('k', causes[Math.floor(random() * 3)], T0 + offset, interval);
			if (tally) {
				reported++;
				counted += tallyTotal(tally);
			}
		}
		expect(reported).toBe(1);
		expect(counted).toBe(1);
		// The first rejection after the interval reports the other 999.
		const next = reports.count('k', 'token-invalid', T0 + interval, interval);
		expect(next && tallyTotal(next)).toBe(1000);
	});

	it('starts the interval again when the clock is set back, instead of staying quiet', () => {
		const reports = new RejectionReports();
		reports.count('k', 'body-empty', T0, MINUTE);
		expect(reports.count('k', 'body-empty', T0 - 60 * MINUTE, MINUTE)).toBeUndefined();
		expect(reports.count('k', 'body-empty', T0 - 59 * MINUTE, MINUTE)).toBeDefined();
	});

	it('forgets the stalest trigger beyond its limit', () => {
		const reports = new RejectionReports(2);
		reports.count('a', 'body-empty', T0, MINUTE);
		reports.count('b', 'body-empty', T0, MINUTE);
		reports.count('c', 'body-empty', T0, MINUTE);
		// "a" was forgotten, so its next rejection reports at once again; "c" is still counted.
		expect(reports.count('a', 'body-empty', T0 + 1, MINUTE)).toBeDefined();
		expect(reports.count('c', 'body-empty', T0 + 1, MINUTE)).toBeUndefined();
	});
});

describe('reportIntervalMs', () => {
	it('is the minutes given, at least one, 15 when unusable', () => {
		expect(reportIntervalMs(15)).toBe(15 * MINUTE);
		expect(reportIntervalMs(1)).toBe(MINUTE);
		expect(reportIntervalMs(0)).toBe(MINUTE);
		expect(reportIntervalMs(-5)).toBe(MINUTE);
		expect(reportIntervalMs(0.5)).toBe(MINUTE);
		expect(reportIntervalMs(2.5)).toBe(2.5 * MINUTE);
		expect(reportIntervalMs(undefined)).toBe(15 * MINUTE);
		expect(reportIntervalMs('3')).toBe(15 * MINUTE);
		expect(reportIntervalMs(Number.NaN)).toBe(15 * MINUTE);
	});
});

describe('buildReport', () => {
	const names = {
		workflowId: 'wf-9',
		workflowName: 'Leads',
		nodeId: 'node-9',
		nodeName: 'Aktify Trigger',
		provider: 'Aktify',
	};
	const describe_ = (cause: string) =>
		describeRejection(cause as RejectionCause, { provider: 'Aktify', mode: 'production' });

	it('lists counts per cause (most frequent first), times, names and the top cause to check', () => {
		const tally: RejectionTally = {
			counts: { 'token-missing': 1, 'signature-mismatch': 7, 'body-empty': 1 },
			firstAt: T0,
			lastAt: T0 + 5 * MINUTE,
		};
		const report = buildReport(
			tally,
			names,
			{ intervalMinutes: 15, shared: true, mode: 'production' },
			T0 + 5 * MINUTE,
			describe_,
		);
		expect(report).toMatchObject({
			rejectedCount: 9,
			causes: [
				{ cause: 'signature-mismatch', title: 'Signature does not match', count: 7 },
				{ cause: 'body-empty', title: 'Empty body', count: 1 },
				{ cause: 'token-missing', title: 'No token in the URL', count: 1 },
			],
			firstRejectedAt: '2026-01-29T12:00:00.000Z',
			lastRejectedAt: '2026-01-29T12:05:00.000Z',
			mostFrequent: {
				cause: 'signature-mismatch',
				count: 7,
				hint: describe_('signature-mismatch').hint,
				check: describe_('signature-mismatch').check,
			},
			trigger: { name: 'Aktify Trigger', id: 'node-9' },
			workflow: { name: 'Leads', id: 'wf-9' },
			provider: 'Aktify',
			reportIntervalMinutes: 15,
			countedAcross: 'all processes',
			mode: 'production',
			reportedAt: '2026-01-29T12:05:00.000Z',
		});
		expect(report.message).toContain(
			'9 deliveries to "Aktify Trigger" in workflow "Leads" were rejected between 2026-01-29T12:00:00.000Z and 2026-01-29T12:05:00.000Z: 7 × Signature does not match; 1 × Empty body; 1 × No token in the URL.',
		);
	});

	it('says "this process" without the shared store', () => {
		const report = buildReport(
			{ counts: { 'body-empty': 1 }, firstAt: T0, lastAt: T0 },
			names,
			{ intervalMinutes: 1, shared: false, mode: 'production' },
			T0,
			describe_,
		);
		expect(report.countedAcross).toBe('this process');
		expect(report.message).toContain(
			'1 delivery to "Aktify Trigger" in workflow "Leads" was rejected at',
		);
	});
});

describe('reportSafeEvidence', () => {
	it('keeps configuration facts and yes/no findings, drops everything taken from the request', () => {
		const evidence = {
			provider: 'Aktify',
			method: 'PUT',
			contentType: 'text/x-sender',
			headerNames: ['x-sender-header'],
			bodyBytes: 12,
			header: 'x-custom-auth',
			detail: 'no valid timestamp',
			scheme: 'v2',
			timestampMs: 1234,
			receivedAtMs: 5678,
			authorizationScheme: 'SenderScheme',
			event: 'sender.event',
			selectedEvents: ['a'],
			looksSigned: true,
			limitBytes: 1024,
			toleranceMs: 300000,
			signatureValidWith: 'client-secret',
			signatureBody: 'sorted-keys',
			secretWhitespace: true,
			tokenLooksIssued: false,
			mode: 'production',
		};
		expect(reportSafeEvidence(evidence)).toEqual({
			provider: 'Aktify',
			limitBytes: 1024,
			toleranceMs: 300000,
			signatureValidWith: 'client-secret',
			signatureBody: 'sorted-keys',
			secretWhitespace: true,
			tokenLooksIssued: false,
			mode: 'production',
		});
	});
});
