import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';

/** docs/development.md's table of nodes/shared stays true: every module listed, every listed one there. */

const ROOT = resolve(__dirname, '..', '..', '..');
const SHARED = join(ROOT, 'nodes', 'shared');

function modules(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return modules(path);
		return name.endsWith('.ts') ? [relative(SHARED, path)] : [];
	});
}

const doc = readFileSync(join(ROOT, 'docs', 'development.md'), 'utf8');
const start = doc.indexOf('`nodes/shared/` holds each mechanism once');
const table = doc.slice(start, doc.indexOf('\n\n', doc.indexOf('| Module |', start)));
const listed = [...table.matchAll(/`([\w/]+\.ts)`/g)].map((match) => match[1]);

describe("docs/development.md's module table of nodes/shared", () => {
	it('is found', () => {
		expect(start).toBeGreaterThan(0);
		expect(listed.length).toBeGreaterThan(10);
	});

	it('lists every module', () => {
		expect(modules(SHARED).filter((module) => !listed.includes(module))).toEqual([]);
	});

	it('lists no module that is not there', () => {
		const present = new Set(modules(SHARED));
		expect(listed.filter((module) => !present.has(module))).toEqual([]);
	});
});
