// Prints one plain closing line per jest run ("jest: N passed, N failed, N skipped"), the format
// CI reads to tell a run that tested something from one that ran nothing. Under `npm test` the
// counts also go to the file named by LEAD_EVENTS_TEST_SUMMARY, so the suite runner can add them up.
const { writeFileSync } = require('fs');

class PlainSummaryReporter {
	onRunComplete(_contexts, results) {
		const counts = {
			passed: results.numPassedTests,
			failed: results.numFailedTests,
			skipped: results.numPendingTests + results.numTodoTests,
		};
		process.stdout.write(
			`\njest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
		);
		if (process.env.LEAD_EVENTS_TEST_SUMMARY) {
			writeFileSync(process.env.LEAD_EVENTS_TEST_SUMMARY, JSON.stringify(counts));
		}
	}
}

module.exports = PlainSummaryReporter;
