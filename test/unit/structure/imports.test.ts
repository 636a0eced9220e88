import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

/**
 * The shape of the source tree, checked from the files themselves: no import circles, nothing
 * outside test/ importing test code. Imports are read as text (every import in this repository is
 * a static `from '…'`, `import '…'` or `require('…')` with a literal path).
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const SOURCE_FOLDERS = ['nodes', 'credentials', 'cli', 'scripts', 'bench', 'harness'];

function filesUnder(folder: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (name === 'node_modules' || name === 'results') continue;
			if (statSync(path).isDirectory()) walk(path);
			else if (/\.ts$/.test(name)) found.push(path);
		}
	};
	walk(join(ROOT, folder));
	return found;
}

const IMPORT = /(?:\bfrom\s+|\bimport\s+|\brequire\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveImport(from: string, specifier: string): string | undefined {
	const base = resolve(dirname(from), specifier);
	for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// not this candidate
		}
	}
	return undefined;
}

export function importGraph(files: string[]): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		const targets = [...text.matchAll(IMPORT)]
			.map((match) => resolveImport(file, match[1]))
			.filter((target): target is string => target !== undefined && target.endsWith('.ts'));
		graph.set(file, targets);
	}
	return graph;
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function circles(graph: Map<string, string[]>): string[][] {
	let index = 0;
	const indices = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (node: string) => {
		indices.set(node, index);
		low.set(node, index);
		index++;
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!indices.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node)!, low.get(next)!));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(low.get(node)!, indices.get(next)!));
			}
		}
		if (low.get(node) === indices.get(node)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(member);
			} while (member !== node);
			if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component);
		}
	};
	for (const node of graph.keys()) if (!indices.has(node)) visit(node);
	return found;
}

const sourceFiles = SOURCE_FOLDERS.flatMap(filesUnder);
const rel = (file: string) => relative(ROOT, file);

describe('the import graph', () => {
	it('finds a circle when there is one (the checker itself)', () => {
		const graph = new Map([
			['a', ['b']],
			['b', ['c']],
			['c', ['a']],
			['d', ['a']],
		]);
		expect(circles(graph)).toEqual([['c', 'b', 'a']]);
		expect(
			circles(
				new Map([
					['a', ['b']],
					['b', []],
				]),
			),
		).toEqual([]);
	});

	it(`has no circles in ${SOURCE_FOLDERS.join(', ')}`, () => {
		expect(sourceFiles.length).toBeGreaterThan(50);
		expect(circles(importGraph(sourceFiles)).map((component) => component.map(rel))).toEqual([]);
	});

	it('has nothing outside test/ importing from test/', () => {
		const testFolder = join(ROOT, 'test') + '/';
		const offending = [...importGraph(sourceFiles)].flatMap(([file, targets]) =>
			targets
				.filter((target) => target.startsWith(testFolder))
				.map((t) => `${rel(file)} → ${rel(t)}`),
		);
		expect(offending).toEqual([]);
	});
});

describe('nodes/shared', () => {
	const shared = join(ROOT, 'nodes', 'shared');
	const entries = readdirSync(shared).map((name) => ({
		name,
		folder: statSync(join(shared, name)).isDirectory(),
	}));

	it('is grouped by concern: at least four sub-folders and at most six files at its top', () => {
		expect(entries.filter((entry) => entry.folder).length).toBeGreaterThanOrEqual(4);
		expect(
			entries.filter((entry) => !entry.folder).map((entry) => entry.name).length,
		).toBeLessThanOrEqual(6);
	});

	it('names no platform: what differs per platform comes from its provider spec', () => {
		// The names come from the registry, so a new platform is checked as soon as it is listed.
		const { PROVIDERS } =
			require('../../../nodes/providers') as typeof import('../../../nodes/providers');
		const names = PROVIDERS.flatMap((provider) => [provider.id, provider.displayName]);
		expect(names.length).toBeGreaterThanOrEqual(8);
		const pattern = new RegExp(names.map((name) => name.replace(/\W/g, '')).join('|'), 'i');
		const naming = filesUnder('nodes/shared').flatMap((file) =>
			readFileSync(file, 'utf8')
				.split('\n')
				.map((line, index) => ({ line, at: `${rel(file)}:${index + 1}` }))
				.filter(({ line }) => pattern.test(line))
				.map(({ at, line }) => `${at}: ${line.trim()}`),
		);
		expect(naming).toEqual([]);
	});
});

describe('the simulator', () => {
	it('runs without n8n: nothing it loads needs n8n-workflow at run time', () => {
		// `npx lead-events-simulate` runs outside n8n, where the peer n8n-workflow is not installed.
		const graph = importGraph(sourceFiles);
		const reached = new Set<string>();
		const visit = (file: string) => {
			if (reached.has(file)) return;
			reached.add(file);
			for (const next of graph.get(file) ?? []) visit(next);
		};
		visit(join(ROOT, 'cli', 'simulate.ts'));
		expect(reached.size).toBeGreaterThan(10);
		const valueImport = /import\s+(?!type\b)(\{([^}]*)\}|[\w*]+[^;]*?)\s+from\s+'n8n-workflow'/g;
		const needing = [...reached].filter((file) =>
			[...readFileSync(file, 'utf8').matchAll(valueImport)].some((match) => {
				const names = match[2];
				if (names === undefined) return true;
				return names
					.split(',')
					.map((name) => name.trim())
					.some((name) => name !== '' && !name.startsWith('type '));
			}),
		);
		expect(needing.map(rel)).toEqual([]);
	});
});
