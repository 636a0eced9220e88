import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join, posix } from 'path';

import { REPO_ROOT } from '../../harness/installPackage';
import { runCommand } from '../../harness/provision';

// A clone, a full build and a pack: tens of seconds on a busy machine.
jest.setTimeout(600_000);

interface Manifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}

/**
 * The environment of a fresh shell: under `npm test` npm exports this project's settings as
 * `npm_config_*` variables, which a user packing a fresh clone would not have.
 */
function freshShellEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
	);
}

/** `file:` icon references in a compiled node or credential, resolved inside the package. */
function iconPaths(compiledFile: string, source: string): string[] {
	return [...source.matchAll(/['"]file:([^'"]+)['"]/g)].map((match) =>
		posix.normalize(posix.join(posix.dirname(compiledFile), match[1])),
	);
}

/**
 * What `npm pack` (and so `npm publish`) makes of the repository as committed: a clone of HEAD,
 * packed with nothing built beforehand. `prepack` must build, or n8n would install a package
 * without code.
 */
describe('npm pack of a fresh clone of the repository', () => {
	let stage: string;
	let unpacked: string;
	let manifest: Manifest;
	let packed: string[];

	beforeAll(async () => {
		stage = mkdtempSync(join(tmpdir(), 'lead-events-pack-'));
		const clone = join(stage, 'clone');
		await runCommand('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, clone], {
			cwd: stage,
		});
		expect(existsSync(join(clone, 'dist'))).toBe(false);
		// The dependencies as `npm ci` would install them from the same lockfile.
		symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
		const output = await runCommand('npm', ['pack', '--json', '--pack-destination', stage], {
			cwd: clone,
			env: freshShellEnv(),
		});
		// The prepack build prints first; npm's JSON starts at a line holding only "[".
		const [result] = JSON.parse(output.slice(output.search(/^\[$/m))) as Array<{
			filename: string;
			files: Array<{ path: string }>;
		}>;
		packed = result.files.map((file) => file.path).sort();
		unpacked = join(stage, 'unpacked');
		mkdirSync(unpacked);
		await runCommand(
			'tar',
			['-xzf', join(stage, result.filename), '-C', unpacked, '--strip-components=1'],
			{ cwd: stage },
		);
		manifest = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as Manifest;
	});

	afterAll(() => {
		if (stage) rmSync(stage, { recursive: true, force: true });
	});

	it('holds every node and credential the n8n block lists', () => {
		const listed = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(listed.length).toBeGreaterThanOrEqual(10);
		expect(listed.filter((file) => !packed.includes(file))).toEqual([]);
	});

	it('holds the icons each node and credential points at', () => {
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			const icons = iconPaths(file, readFileSync(join(unpacked, file), 'utf8'));
			// Labelled by file, so a failure says whose icon is missing.
			expect({ file, themedIcons: icons.length >= 2 }).toEqual({ file, themedIcons: true });
			expect({ file, missing: icons.filter((icon) => !packed.includes(icon)) }).toEqual({
				file,
				missing: [],
			});
		}
	});

	it("holds each node's codex file, naming the node and its categories", () => {
		for (const file of manifest.n8n.nodes) {
			const codexFile = file.replace(/\.js$/, '.json');
			expect({ file, codex: packed.includes(codexFile) }).toEqual({ file, codex: true });
			const codex = JSON.parse(readFileSync(join(unpacked, codexFile), 'utf8')) as {
				node: string;
				categories: string[];
			};
			expect(codex.node.startsWith(`${manifest.name}.`)).toBe(true);
			expect(codex.categories.length).toBeGreaterThan(0);
		}
	});

	it('ships the modules the nodes require, next to them', () => {
		for (const file of manifest.n8n.nodes) {
			const source = readFileSync(join(unpacked, file), 'utf8');
			for (const [, relative] of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
				const module = relative.endsWith('.json') ? relative : `${relative}.js`;
				const target = posix.normalize(posix.join(posix.dirname(file), module));
				expect({ file, target, packed: packed.includes(target) }).toEqual({
					file,
					target,
					packed: true,
				});
			}
		}
	});

	it('holds nothing from test/, bench/ or scripts/', () => {
		const offending = packed.filter((path) => /^(dist\/)?(test|bench|scripts)\//.test(path));
		expect(offending).toEqual([]);
		expect(packed.every((path) => !path.startsWith('node_modules/'))).toBe(true);
	});

	it('is the version package.json names', () => {
		const shipped = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Manifest;
		expect({ name: shipped.name, version: shipped.version }).toEqual({
			name: manifest.name,
			version: manifest.version,
		});
	});
});
