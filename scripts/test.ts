/**
 * `npm test`: every suite in turn (build, unit, Redis store, single-process e2e, browser, queue mode, n8n 1.x
 * compatibility), each timed, then one table of times and one plain closing line with the counts of
 * all suites together. A failing suite does not stop the others, so one run shows every failure;
 * the exit code is non-zero if any suite failed.
 *
 * `npm test -- unit e2e` runs only the named suites.
 */
import { spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

interface Suite {
	name: string;
	script: string;
	/** Suites that start a real n8n or a browser, for the reader of the table. */
	what: string;
}

const SUITES: Suite[] = [
	{ name: 'build', script: 'build', what: 'tsc and icons' },
	{ name: 'unit', script: 'test:unit', what: 'pure modules and node adapters' },
	{
		name: 'redis',
		script: 'test:redis',
		what: 'Redis store: redis-server, Sentinel, Cluster, fake servers',
	},
	{
		name: 'editions',
		script: 'test:editions',
		what: "the four editions: built, packed, n8n's scanner (both legs), npm publish --dry-run, loaded next to the all-in-one in a real n8n",
	},
	{ name: 'e2e', script: 'test:e2e', what: 'real n8n 2.41.1, SQLite, one process' },
	{ name: 'browser', script: 'test:browser', what: 'the editor in Chromium' },
	{
		name: 'queue',
		script: 'test:queue',
		what: 'n8n queue mode: PostgreSQL, Redis, 2 webhook processors, worker',
	},
	{ name: 'compat', script: 'test:compat', what: 'n8n 1.123.x' },
];

interface Counts {
	passed: number;
	failed: number;
	skipped: number;
}

interface Result {
	suite: Suite;
	ok: boolean;
	seconds: number;
	counts?: Counts;
}

function run(suite: Suite, summaryFile: string): Promise<Result> {
	const started = Date.now();
	process.stdout.write(`\n=== ${suite.name}: npm run ${suite.script} (${suite.what})\n`);
	return new Promise((resolve) => {
		rmSync(summaryFile, { force: true });
		const child = spawn('npm', ['run', suite.script], {
			stdio: 'inherit',
			env: { ...process.env, LEAD_EVENTS_TEST_SUMMARY: summaryFile },
		});
		child.on('close', (code) => {
			const seconds = Math.round((Date.now() - started) / 1000);
			let counts: Counts | undefined;
			try {
				counts = JSON.parse(readFileSync(summaryFile, 'utf8')) as Counts;
			} catch {
				counts = undefined; // not a jest suite (build), or jest died before reporting
			}
			process.stdout.write(`=== ${suite.name}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds} s\n`);
			resolve({ suite, ok: code === 0, seconds, counts });
		});
	});
}

async function main(): Promise<void> {
	const wanted = process.argv.slice(2);
	const unknown = wanted.filter((name) => !SUITES.some((suite) => suite.name === name));
	if (unknown.length > 0) {
		console.error(
			`Unknown suite(s): ${unknown.join(', ')}. Suites: ${SUITES.map((s) => s.name).join(', ')}`,
		);
		process.exit(2);
	}
	const suites = wanted.length > 0 ? SUITES.filter((suite) => wanted.includes(suite.name)) : SUITES;
	const folder = mkdtempSync(join(tmpdir(), 'lead-events-test-'));
	const results: Result[] = [];
	for (const suite of suites) {
		results.push(await run(suite, join(folder, `${suite.name}.json`)));
		// Everything after the build tests the built package; without it the rest cannot mean anything.
		if (suite.name === 'build' && !results[results.length - 1].ok) break;
	}
	rmSync(folder, { recursive: true, force: true });

	const total: Counts = { passed: 0, failed: 0, skipped: 0 };
	console.log('\nsuite      result   seconds  tests (passed/failed/skipped)');
	for (const { suite, ok, seconds, counts } of results) {
		if (counts) {
			total.passed += counts.passed;
			total.failed += counts.failed;
			total.skipped += counts.skipped;
		}
		const tests = counts ? `${counts.passed}/${counts.failed}/${counts.skipped}` : '-';
		console.log(
			`${suite.name.padEnd(10)} ${(ok ? 'ok' : 'FAILED').padEnd(8)} ${String(seconds).padStart(7)}  ${tests}`,
		);
	}
	const allSeconds = results.reduce((sum, result) => sum + result.seconds, 0);
	console.log(`all suites: ${allSeconds} s`);
	const failedSuites = results.filter((result) => !result.ok).length;
	// A suite that failed without reporting counts (it crashed) still counts as a failure.
	const failed = total.failed + results.filter((r) => !r.ok && !r.counts?.failed).length;
	console.log(`\ntotal: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
	process.exit(failedSuites > 0 || results.length < suites.length ? 1 : 0);
}

void main();
