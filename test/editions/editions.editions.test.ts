/**
 * The one-service editions, checked the way n8n checks them at release: each is built and packed
 * (`npm run editions` does the same), then both legs of n8n's community package scanner run on it
 * offline: the tarball leg on the packed files, the source leg on the folder that a clean checkout of
 * the commit holds under the edition's package name. Then `npm publish --dry-run` of every package
 * the release workflow publishes.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	buildEdition,
	layoutProblems,
	listEditions,
	REPO,
	type BuiltEdition,
} from '../../scripts/lib/editions';

jest.setTimeout(15 * 60_000);

interface ScanResult {
	passed: boolean;
	root: string | null;
	files: string[];
	details: string;
}

const SCAN = join(REPO, 'scripts', 'lib', 'scanPackage.mjs');

function scan(leg: 'tarball' | 'source', folder: string, packageName = ''): ScanResult {
	const output = execFileSync(process.execPath, [SCAN, leg, folder, packageName], {
		cwd: REPO,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	return JSON.parse(output.trim().split('\n').pop()!) as ScanResult;
}

function unpack(tarball: string, into: string): string {
	mkdirSync(into, { recursive: true });
	// As the scanner unpacks a package it downloaded.
	execFileSync('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
	return into;
}

/**
 * A clean checkout of the commit under test, as the scanner gets it from GitHub (a `git archive`
 * of the commit). Uncommitted changes to tracked files are included (`git stash create` makes a
 * commit of them) so a developer tests what they are about to commit; untracked files are not.
 */
function checkout(into: string): string {
	const stash = execFileSync('git', ['stash', 'create'], { cwd: REPO, encoding: 'utf8' }).trim();
	const archive = spawnSync('git', ['archive', '--format=tar', stash || 'HEAD'], {
		cwd: REPO,
		maxBuffer: 512 * 1024 * 1024,
	});
	if (archive.status !== 0) throw new Error(`git archive failed: ${archive.stderr.toString()}`);
	mkdirSync(into, { recursive: true });
	execFileSync('tar', ['-x', '-C', into], { input: archive.stdout });
	return into;
}

const editions = listEditions();
const work = mkdtempSync(join(tmpdir(), 'lead-events-editions-test-'));
const built = new Map<string, BuiltEdition>();
let source = '';

beforeAll(() => {
	for (const edition of editions)
		built.set(edition.id, buildEdition(edition, join(work, 'build'), join(work, 'out')));
	source = checkout(join(work, 'checkout'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('has the four editions', () => {
	expect(editions.map((edition) => edition.name)).toEqual([
		'n8n-nodes-activecampaign-events',
		'n8n-nodes-aktify-events',
		'n8n-nodes-leadterra-events',
		'n8n-nodes-smartlead-events',
	]);
});

it('the scanner runner finds what the scanner rejects (a package with a dependency and console)', () => {
	const bad = join(work, 'bad');
	mkdirSync(join(bad, 'dist'), { recursive: true });
	writeFileSync(
		join(bad, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-bad',
			version: '1.0.0',
			dependencies: { zod: '^3.25.0' },
			peerDependencies: { 'n8n-workflow': '*' },
		}),
	);
	writeFileSync(join(bad, 'dist', 'index.js'), "console.log(require('node:net'));\n");
	const result = scan('tarball', bad);
	expect(result.passed).toBe(false);
	expect(result.details).toContain('no-runtime-dependencies');
	expect(result.details).toContain('no-console');
	expect(result.details).toContain("'node:net'");
});

describe.each(editions.map((edition) => [edition.name, edition] as const))(
	'%s',
	(_name, edition) => {
		it('its folder is the links its package.json asks for (npm run editions -- --link)', () => {
			expect(layoutProblems(edition)).toEqual([]);
		});

		it('has the same version as the all-in-one package', () => {
			const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
				version: string;
			};
			expect(edition.version).toBe(root.version);
		});

		it("passes the scanner's tarball leg, with no runtime dependencies", () => {
			const folder = unpack(built.get(edition.id)!.tarball, join(work, 'tarball', edition.id));
			const packed = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Record<
				string,
				unknown
			>;
			expect(packed.name).toBe(edition.name);
			expect(packed.dependencies ?? {}).toEqual({});
			expect(packed.bundleDependencies ?? packed.bundledDependencies ?? []).toEqual([]);
			expect(packed.scripts ?? {}).toEqual({});
			const result = scan('tarball', folder);
			expect(result.files).toEqual(
				expect.arrayContaining([
					'package.json',
					...[...edition.nodes, ...edition.credentials].map(
						(path) => `dist/${path.replace(/\.ts$/, '.js')}`,
					),
				]),
			);
			expect(result.details).toBe('');
			expect(result.passed).toBe(true);
		});

		it("passes the scanner's source leg on a clean checkout, reading its real node and credential sources", () => {
			const result = scan('source', source, edition.name);
			expect(result.root).toBe(join(source, edition.folder));
			expect(result.files).toEqual(
				expect.arrayContaining(['package.json', ...edition.nodes, ...edition.credentials]),
			);
			// What it read are the repository's sources, not copies: the same bytes.
			for (const path of [...edition.nodes, ...edition.credentials]) {
				expect(readFileSync(join(result.root!, path), 'utf8')).toBe(
					readFileSync(join(REPO, path), 'utf8'),
				);
			}
			expect(result.details).toBe('');
			expect(result.passed).toBe(true);
		});

		it('its nodes offer no Redis: no duplicate store choice, only its own credential', () => {
			const { packageDir } = built.get(edition.id)!;
			const load = (path: string) =>
				Object.values(
					require(join(packageDir, 'dist', path.replace(/\.ts$/, '.js'))) as Record<
						string,
						new () => unknown
					>,
				)[0];
			const ownCredentials = edition.credentials.map(
				(path) => (new (load(path))() as { name: string }).name,
			);
			for (const path of edition.nodes) {
				const { description } = new (load(path))() as {
					description: {
						credentials?: Array<{ name: string }>;
						properties: Array<{ name: string }>;
					};
				};
				for (const credential of description.credentials ?? [])
					expect(ownCredentials).toContain(credential.name);
				expect(description.properties.map((property) => property.name)).not.toContain(
					'duplicateStore',
				);
				expect(JSON.stringify(description)).not.toMatch(/redis/i);
			}
		});

		it('npm publish --dry-run accepts its tarball', () => {
			const tarball = built.get(edition.id)!.tarball;
			const result = spawnSync('npm', ['publish', '--dry-run', '--access', 'public', tarball], {
				cwd: work,
				encoding: 'utf8',
			});
			expect(`${result.stdout}${result.stderr}`).toContain(`${edition.name}@${edition.version}`);
			expect(result.status).toBe(0);
		});
	},
);

it('npm publish --dry-run accepts the all-in-one package (built by the build suite)', () => {
	const result = spawnSync(
		'npm',
		['publish', '--dry-run', '--ignore-scripts', '--access', 'public'],
		{
			cwd: REPO,
			encoding: 'utf8',
		},
	);
	expect(`${result.stdout}${result.stderr}`).toContain('n8n-nodes-lead-events@');
	expect(result.status).toBe(0);
});
