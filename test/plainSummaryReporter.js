// Prints one plain closing line per jest run ("jest: N passed, N failed, N skipped"), the format
// CI reads to tell a run that tested something from one that ran nothing.
class PlainSummaryReporter {
	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(
			`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
		);
	}
}

module.exports = PlainSummaryReporter;
