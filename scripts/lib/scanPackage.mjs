// Runs one leg of n8n's community package scanner (@n8n/scan-community-package, scanner/scanner.mjs)
// offline, with the scanner's own functions and file patterns, and prints the result as JSON.
//
//   node scripts/lib/scanPackage.mjs tarball <folder of an unpacked .tgz>
//   node scripts/lib/scanPackage.mjs source <checkout of a commit> <package name>
//
// The scanner's analyzePackageByName() does the same after downloading: the tarball leg lints
// `**/*.js` and `package.json` of the unpacked package; the source leg finds the folder of the
// checkout whose package.json carries the package's name (findPackageRoot) and lints
// SOURCE_FILE_PATTERNS there. It is an ES module, so it runs in its own process (Jest cannot
// import it) and prints one JSON line: { passed, root, files, details }.
import glob from 'fast-glob';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// eslint-plugin-n8n-nodes-base treats every file as `Test.node.ts` when NODE_ENV is `test` (its own
// test mode, read when it is loaded): under Jest that would change what its filename rules see.
// The scanner never runs so at release.
delete process.env.NODE_ENV;

const require = createRequire(import.meta.url);
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
const { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } = await import(
	pathToFileURL(scannerPath).href
);

const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

const [leg, folder, packageName] = process.argv.slice(2);
let root = folder;
let patterns = TARBALL_PATTERNS;
if (leg === 'source') {
	root = findPackageRoot(folder, packageName);
	patterns = SOURCE_FILE_PATTERNS;
} else if (leg !== 'tarball') {
	process.stderr.write('usage: scanPackage.mjs tarball <dir> | source <dir> <package name>\n');
	process.exit(2);
}

if (!root) {
	process.stdout.write(
		JSON.stringify({
			passed: false,
			root: null,
			files: [],
			details: `no package.json named ${packageName}`,
		}) + '\n',
	);
} else {
	// The same glob call as analyzePackage(), to say which files the leg looked at.
	const files = glob
		.sync(patterns, { cwd: root, ignore: ['node_modules/**', '**/package-lock.json'] })
		.sort();
	const result = await analyzePackage(root, patterns);
	process.stdout.write(
		JSON.stringify({
			passed: result.passed,
			root,
			files,
			message: result.message,
			details: result.details ?? '',
		}) + '\n',
	);
}
