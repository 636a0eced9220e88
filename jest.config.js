/**
 * Projects: fast unit tests; the Redis store against real redis-server processes and fake servers;
 * end-to-end tests against a real n8n started once for the run; the editor in Chromium; queue mode.
 */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }];

module.exports = {
	reporters: ['default', '<rootDir>/test/plainSummaryReporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/unit'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			// The Redis duplicate store against redis-server processes (standalone, replica, Sentinel,
			// Cluster) that the tests start on free ports, and fake servers for faults; run with
			// --runInBand (the processes and timing bounds share a small machine).
			displayName: 'redis',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/redis'],
			testMatch: ['**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			// The one-service editions: built, packed and run through n8n's community package scanner
			// (both legs) and npm publish --dry-run.
			displayName: 'editions',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/editions'],
			testMatch: ['**/*.editions.test.ts'],
			// Built editions load n8n-workflow and zod from n8n's node_modules (NODE_PATH); ours here.
			modulePaths: ['<rootDir>/node_modules'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/e2e'],
			testMatch: ['**/*.e2e.test.ts'],
			// n8n puts its own node_modules on NODE_PATH so community packages find their peer
			// n8n-workflow; tests that load the installed package do the same with ours.
			modulePaths: ['<rootDir>/node_modules'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setupTimeout.ts'],
		},
		{
			// Chromium driving n8n's editor, against the same real n8n as the e2e tests; run with
			// --runInBand (one browser at a time on a shared machine).
			displayName: 'browser',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/browser'],
			testMatch: ['**/*.browser.test.ts'],
			modulePaths: ['<rootDir>/node_modules'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/browser/globalSetup.ts',
			globalTeardown: '<rootDir>/test/browser/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setupTimeout.ts'],
		},
		{
			// n8n in queue mode (main, two webhook processors, a worker) on PostgreSQL and Redis,
			// started once for all queue test files; run with --runInBand (they share the cluster).
			displayName: 'queue',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/queue'],
			testMatch: ['**/*.queue.test.ts'],
			modulePaths: ['<rootDir>/node_modules'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/queue/globalSetup.ts',
			globalTeardown: '<rootDir>/test/queue/globalTeardown.ts',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/setupTimeout.ts'],
		},
	],
};
