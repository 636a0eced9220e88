/**
 * The one-service editions (editions/<folder>/): what each holds, how its folder is laid out, and
 * how it is built and packed. See docs/editions.md.
 *
 * An edition is data: its package.json (name, and `n8n.nodes` / `n8n.credentials`, the list of what
 * it ships). Everything else is derived from the repository's sources:
 * - the files it needs: its node and credential sources, every module they import (relative
 *   imports, followed), the codex `.node.json` next to each node and the icons the sources name;
 * - replacements: a file under editions/memory-only/ takes the place of the repository file with
 *   the same path (the memory-only duplicate store instead of the one with Redis);
 * - its folder: symbolic links to those files (a whole folder is linked when the edition needs all
 *   of it and none of it is replaced), so that n8n's scanner, which lints the folder whose
 *   package.json carries the edition's name, reads the real sources and no source exists twice.
 */
import { spawnSync } from 'child_process';
import {
	copyFileSync,
	existsSync,
	lstatSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmdirSync,
	statSync,
	symlinkSync,
	unlinkSync,
	writeFileSync,
} from 'fs';
import { dirname, join, posix, relative, resolve } from 'path';
import * as ts from 'typescript';

export const REPO = resolve(__dirname, '..', '..');
export const EDITIONS_DIR = 'editions';
/** Files that take the place of repository files (same path below this folder) in every edition. */
export const REPLACEMENTS_DIR = 'editions/memory-only';
/** The real files of an edition folder; everything else in it is a link. */
const OWN_FILES = ['package.json', 'README.md'];
/** Folders an edition never links whole: they hold other services' files too. */
const TOP_FOLDERS = ['nodes', 'credentials', 'icons'];

export interface Edition {
	/** Folder name under editions/. */
	id: string;
	/** The edition folder, relative to the repository (posix). */
	folder: string;
	name: string;
	version: string;
	/** Node and credential sources, repository-relative (posix). */
	nodes: string[];
	credentials: string[];
	packageJson: Record<string, unknown>;
}

interface N8nSection {
	nodes?: string[];
	credentials?: string[];
}

function sourceOf(distPath: string): string {
	return distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

export function listEditions(): Edition[] {
	const root = join(REPO, EDITIONS_DIR);
	return readdirSync(root, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, 'package.json')))
		.map((entry) => {
			const folder = posix.join(EDITIONS_DIR, entry.name);
			const packageJson = JSON.parse(
				readFileSync(join(REPO, folder, 'package.json'), 'utf8'),
			) as Record<string, unknown>;
			const n8n = (packageJson.n8n ?? {}) as N8nSection;
			return {
				id: entry.name,
				folder,
				name: packageJson.name as string,
				version: packageJson.version as string,
				nodes: (n8n.nodes ?? []).map(sourceOf),
				credentials: (n8n.credentials ?? []).map(sourceOf),
				packageJson,
			};
		})
		.sort((a, b) => a.id.localeCompare(b.id));
}

/** The file an edition builds for a repository path: its replacement, or the file itself. */
export function realSource(path: string): string {
	const replacement = posix.join(REPLACEMENTS_DIR, path);
	return existsSync(join(REPO, replacement)) ? replacement : path;
}

function resolveImport(fromFile: string, specifier: string): string | undefined {
	const base = posix.join(posix.dirname(fromFile), specifier);
	for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
		const real = realSource(candidate);
		if (existsSync(join(REPO, real)) && statSync(join(REPO, real)).isFile()) return candidate;
	}
	return undefined;
}

/**
 * Every file the edition needs, by its path in the edition (the same as in the repository),
 * mapped to the repository file it is built from (a replacement or the file itself).
 */
export function editionFiles(edition: Edition): Map<string, string> {
	const files = new Map<string, string>();
	const queue = [...edition.nodes, ...edition.credentials];
	for (const node of edition.nodes) {
		const codex = node.replace(/\.ts$/, '.json');
		if (existsSync(join(REPO, codex))) queue.push(codex);
	}
	while (queue.length > 0) {
		const path = queue.shift()!;
		if (files.has(path)) continue;
		const real = realSource(path);
		if (!existsSync(join(REPO, real))) throw new Error(`${edition.folder}: ${path} does not exist`);
		files.set(path, real);
		if (!path.endsWith('.ts')) continue;
		const text = readFileSync(join(REPO, real), 'utf8');
		for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
			if (!fileName.startsWith('.')) continue;
			const resolved = resolveImport(path, fileName);
			if (!resolved) throw new Error(`${real}: cannot resolve ${fileName}`);
			queue.push(resolved);
		}
		// Icons are named as `file:` paths relative to the node or credential file.
		for (const match of text.matchAll(/['"]file:([^'"]+\.(?:svg|png))['"]/g)) {
			queue.push(posix.join(posix.dirname(path), match[1]));
		}
	}
	return files;
}

function filesUnder(folder: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(join(REPO, folder), { withFileTypes: true })) {
		const path = posix.join(folder, entry.name);
		if (entry.isDirectory()) out.push(...filesUnder(path));
		else out.push(path);
	}
	return out;
}

/** Link in the edition folder (relative to it) → repository path it points at. */
export function plannedLinks(edition: Edition): Map<string, string> {
	const files = editionFiles(edition);
	const links = new Map<string, string>();
	const linkWhole = (folder: string): boolean =>
		!TOP_FOLDERS.includes(folder) &&
		existsSync(join(REPO, folder)) &&
		filesUnder(folder).every((file) => files.get(file) === file);
	const place = (path: string): void => {
		// The outermost folder of `path` that can be linked whole, else the file itself.
		const parts = path.split('/');
		for (let depth = 1; depth < parts.length; depth++) {
			const folder = parts.slice(0, depth).join('/');
			if (linkWhole(folder)) {
				links.set(folder, folder);
				return;
			}
		}
		links.set(path, files.get(path)!);
	};
	for (const path of [...files.keys()].sort()) {
		const parts = path.split('/');
		const covered = parts.some((_, depth) => links.has(parts.slice(0, depth + 1).join('/')));
		if (!covered) place(path);
	}
	return links;
}

/** What is in the edition folder now: its links (with targets) and its real files. */
function currentLayout(edition: Edition): { links: Map<string, string>; files: string[] } {
	const links = new Map<string, string>();
	const files: string[] = [];
	const walk = (folder: string): void => {
		for (const name of readdirSync(join(REPO, edition.folder, folder))) {
			const path = folder === '' ? name : posix.join(folder, name);
			const full = join(REPO, edition.folder, path);
			const stat = lstatSync(full);
			if (stat.isSymbolicLink()) {
				links.set(
					path,
					posix.join(posix.dirname(posix.join(edition.folder, path)), readlinkSync(full)),
				);
			} else if (stat.isDirectory()) walk(path);
			else files.push(path);
		}
	};
	walk('');
	return { links, files };
}

/** Differences between the edition folder and its plan, one line each; empty when in order. */
export function layoutProblems(edition: Edition): string[] {
	const planned = plannedLinks(edition);
	const { links, files } = currentLayout(edition);
	const problems: string[] = [];
	for (const [link, target] of planned) {
		const actual = links.get(link);
		if (actual === undefined) problems.push(`${edition.folder}/${link}: missing link to ${target}`);
		else if (actual !== target)
			problems.push(`${edition.folder}/${link}: links to ${actual}, should link to ${target}`);
	}
	for (const link of links.keys())
		if (!planned.has(link)) problems.push(`${edition.folder}/${link}: link not needed`);
	for (const file of files)
		if (!OWN_FILES.includes(file))
			problems.push(`${edition.folder}/${file}: a real file (sources belong in the repository)`);
	for (const file of OWN_FILES)
		if (!files.includes(file)) problems.push(`${edition.folder}/${file}: missing`);
	return problems;
}

/** Rewrites the edition folder's links from its plan; its own files stay. */
export function relink(edition: Edition): void {
	const root = join(REPO, edition.folder);
	const clear = (folder: string): void => {
		for (const name of readdirSync(folder)) {
			const full = join(folder, name);
			const stat = lstatSync(full);
			if (stat.isSymbolicLink()) unlinkSync(full);
			else if (stat.isDirectory()) {
				clear(full);
				if (readdirSync(full).length === 0) rmdirSync(full);
			}
		}
	};
	clear(root);
	for (const [link, target] of plannedLinks(edition)) {
		const full = join(root, link);
		mkdirSync(dirname(full), { recursive: true });
		symlinkSync(relative(dirname(full), join(REPO, target)), full);
	}
}

export interface BuiltEdition {
	edition: Edition;
	/** The folder npm packed: package.json, README.md, LICENSE, dist/. */
	packageDir: string;
	tarball: string;
}

function run(command: string, args: string[], cwd: string): string {
	const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
	if (result.status !== 0)
		throw new Error(
			`${command} ${args.join(' ')} failed in ${cwd}:\n${result.stdout}\n${result.stderr}`,
		);
	return result.stdout;
}

function copyTree(from: string, to: string): void {
	mkdirSync(to, { recursive: true });
	for (const name of readdirSync(from)) {
		const source = join(from, name);
		if (statSync(source).isDirectory()) copyTree(source, join(to, name));
		else copyFileSync(source, join(to, name));
	}
}

/**
 * Compiles exactly the edition folder's node and credential sources (through its links, which
 * TypeScript keeps as they are with preserveSymlinks, so `../shared/x` means the edition's x) into
 * `<work>/<id>/dist`, adds the icons, the package.json, README and LICENSE, and packs it into `out`.
 */
export function buildEdition(edition: Edition, work: string, out: string): BuiltEdition {
	const folder = join(REPO, edition.folder);
	const packageDir = join(work, edition.id);
	mkdirSync(packageDir, { recursive: true });
	const tsconfig = {
		extends: join(REPO, 'tsconfig.json'),
		compilerOptions: {
			rootDir: folder,
			outDir: join(packageDir, 'dist'),
			preserveSymlinks: true,
			noEmitOnError: true,
			typeRoots: [join(REPO, 'node_modules', '@types')],
		},
		include: [
			join(folder, 'nodes/**/*.ts'),
			join(folder, 'nodes/**/*.json'),
			join(folder, 'credentials/**/*.ts'),
		],
		exclude: [],
	};
	const tsconfigPath = join(work, `tsconfig.${edition.id}.json`);
	writeFileSync(tsconfigPath, JSON.stringify(tsconfig, null, '\t'));
	run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfigPath], REPO);
	if (existsSync(join(folder, 'icons')))
		copyTree(join(folder, 'icons'), join(packageDir, 'dist', 'icons'));
	for (const file of OWN_FILES) copyFileSync(join(folder, file), join(packageDir, file));
	copyFileSync(join(REPO, 'LICENSE'), join(packageDir, 'LICENSE'));
	mkdirSync(out, { recursive: true });
	const packed = JSON.parse(
		run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], packageDir),
	) as Array<{ filename: string }>;
	return { edition, packageDir, tarball: join(out, packed[0].filename) };
}
