// Lint setup for an n8n community package: n8n's community-node rules on the package, its nodes
// and credentials; the n8n-nodes-base rulesets on nodes and credentials; typescript-eslint on all
// TypeScript. Rules we turn off are listed at the bottom with the reason (also in docs/development.md).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommended;
const nodesBase = { 'n8n-nodes-base': n8nNodesBase };

export default tseslint.config(
	{
		// Edition folders hold links to the sources linted here; editions/memory-only is real code.
		ignores: [
			'dist/**',
			'node_modules/**',
			'coverage/**',
			'bench/results/**',
			'**/*.js',
			'editions/*/nodes/**',
			'editions/*/credentials/**',
			'!editions/memory-only/**',
		],
	},
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: community.plugins,
		rules: community.rules,
	},
	{
		files: ['package.json'],
		plugins: nodesBase,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: nodesBase,
		rules: n8nNodesBase.configs.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: nodesBase,
		rules: n8nNodesBase.configs.nodes.rules,
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-console': 'error',
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			// That rule wants a docs.n8n.io slug; community credentials link to the provider's own docs
			// page, a full URL (n8n's own node-cli turns this rule off for the same reason).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		// The Redis credential is tested by every trigger (testedBy: leadEventsRedisApiTest), but the
		// entry is added by nodes/shared/duplicates/storeOffer.ts when a trigger is constructed, not
		// written in the description literal this rule reads: the one-service editions, which have no
		// Redis store, share the trigger files and must not name the credential.
		files: ['credentials/LeadEventsRedisApi.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-test-required': 'off' },
	},
	{
		files: ['package.json'],
		rules: {
			// zod and ioredis are deliberate runtime dependencies: see docs/development.md "Why zod ships
			// with the package" and docs/duplicates.md (ioredis, for the Redis duplicate store).
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// Tests, the harness, scripts and benchmarks run on a developer's machine, not inside n8n's sandbox.
		files: ['test/**/*.ts', 'harness/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		// The two rulesets disagree on inputs/outputs: n8n's community rule (node-connection-type-literal)
		// requires NodeConnectionTypes.Main, the older n8n-nodes-base rules want the literal 'main'.
		// Both mean the same connection, so the newer rule wins; n8n's own node-cli config turns these
		// two off for every node too.
		files: ['nodes/**/*.ts'],
		rules: {
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		// The Redis duplicate store is built on ioredis, a runtime dependency like zod; this is the
		// one module that loads it (and node:tls for its TLS options). The import rule exists for
		// n8n Cloud, which this package does not target (it is installed by name on self-hosted n8n).
		// Its timer bounds the wait for a first connection; n8n-workflow's sleep helpers cannot be
		// cancelled when the connection comes first.
		files: ['nodes/shared/redis/redisStore.ts'],
		rules: {
			'@n8n/community-nodes/no-restricted-imports': 'off',
			'@n8n/community-nodes/no-restricted-globals': 'off',
		},
	},
);
