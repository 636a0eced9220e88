import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeDescription } from 'n8n-workflow';
import { join, relative } from 'path';

import { PACKAGE_NAME, REPO_ROOT } from '../../harness/installPackage';
import { sharedN8n } from './lib/shared';

function sourceNodeFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((entry) => {
		const path = join(folder, entry);
		if (statSync(path).isDirectory()) return sourceNodeFiles(path);
		return entry.endsWith('.node.ts') ? [path] : [];
	});
}

/**
 * Loads the package exactly as installed in the running n8n's user folder, with n8n-core's own
 * package loader, and checks what the editor depends on: every node registered and loadable,
 * icons and codex files present, credentials resolvable.
 */
describe('the package as installed into n8n', () => {
	const installed = join(sharedN8n().userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	let loader: PackageDirectoryLoader;

	beforeAll(async () => {
		loader = new PackageDirectoryLoader(installed);
		await loader.loadAll();
	});

	it('ships only dist, README, LICENSE and package.json', () => {
		const top = readdirSync(installed)
			.filter((entry) => entry !== 'node_modules')
			.sort();
		expect(top).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
		const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
			keywords: string[];
		};
		expect(manifest.keywords).toContain('n8n-community-node-package');
	});

	it('registers every node the repository defines, and each loads', () => {
		const expected = sourceNodeFiles(join(REPO_ROOT, 'nodes')).map((file) =>
			relative(REPO_ROOT, file).replace(/\.ts$/, '.js'),
		);
		const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
			n8n: { nodes: string[]; credentials: string[] };
		};
		expect(manifest.n8n.nodes.map((path) => path.replace(/^dist\//, '')).sort()).toEqual(
			expected.sort(),
		);
		expect(loader.types.nodes).toHaveLength(expected.length);
		expect(Object.keys(loader.credentialTypes)).toHaveLength(manifest.n8n.credentials.length);
	});

	it('gives every node and credential existing themed icons, and every node a codex', () => {
		const iconFile = (url: string) => join(installed, url.replace(`icons/${PACKAGE_NAME}/`, ''));
		for (const type of [...loader.types.nodes, ...loader.types.credentials]) {
			const icon = (type as { iconUrl?: { light: string; dark: string } }).iconUrl;
			expect({ type: type.name, hasIcon: Boolean(icon) }).toEqual({
				type: type.name,
				hasIcon: true,
			});
			expect(existsSync(iconFile(icon!.light))).toBe(true);
			expect(existsSync(iconFile(icon!.dark))).toBe(true);
		}
		for (const node of loader.types.nodes as INodeTypeDescription[]) {
			// Labelled with the node's name so a failure says which codex file is missing or empty.
			expect({ node: node.name, hasCategories: (node.codex?.categories?.length ?? 0) > 0 }).toEqual(
				{ node: node.name, hasCategories: true },
			);
		}
	});

	it('uses only credentials of this package, triggers are not tools, action nodes are', () => {
		const credentialNames = new Set(loader.types.credentials.map((credential) => credential.name));
		for (const node of loader.types.nodes as INodeTypeDescription[]) {
			for (const credential of node.credentials ?? [])
				expect(credentialNames.has(credential.name)).toBe(true);
			const isTrigger = node.group.includes('trigger');
			expect({ node: node.name, tool: Boolean(node.usableAsTool) }).toEqual({
				node: node.name,
				tool: !isTrigger,
			});
		}
	});
});
