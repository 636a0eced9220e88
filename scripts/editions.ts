/**
 * `npm run editions -- --out <dir>`: builds and packs every one-service edition (editions/*) into
 * <dir> as .tgz files. `npm run editions -- --link` rewrites the editions' folders of links from
 * their package.json (after sources moved or an edition's list changed); `--check` only reports.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative, resolve } from 'path';

import { buildEdition, layoutProblems, listEditions, relink, REPO } from './lib/editions';

function usage(): never {
	console.error('Usage: npm run editions -- --out <dir> | --link | --check');
	process.exit(2);
}

function main(): void {
	const args = process.argv.slice(2);
	const editions = listEditions();
	if (args[0] === '--link') {
		for (const edition of editions) {
			relink(edition);
			console.log(`${edition.folder}: links rewritten`);
		}
		return;
	}
	const problems = editions.flatMap(layoutProblems);
	if (args[0] === '--check' || problems.length > 0) {
		for (const problem of problems) console.error(problem);
		if (problems.length > 0) {
			console.error(
				'The editions folders do not match their package.json: npm run editions -- --link',
			);
			process.exit(1);
		}
		console.log(`${editions.length} editions, folders in order`);
		if (args[0] === '--check') return;
	}
	if (args[0] !== '--out' || !args[1]) usage();
	const out = resolve(args[1]);
	const work = mkdtempSync(join(tmpdir(), 'lead-events-editions-'));
	try {
		editions.forEach((edition, index) => {
			const started = Date.now();
			process.stdout.write(
				`[${index + 1}/${editions.length}] ${edition.name}@${edition.version}: building… `,
			);
			const built = buildEdition(edition, work, out);
			console.log(`${relative(REPO, built.tarball) || built.tarball} (${Date.now() - started} ms)`);
		});
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main();
