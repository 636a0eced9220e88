import {
	cpSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { runCommand, type Log } from './provision';

export const REPO_ROOT = resolve(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-lead-events';

const PACKAGE_SOURCES = [
	'package.json',
	'tsconfig.json',
	'gulpfile.js',
	'README.md',
	'LICENSE',
	'nodes',
	'cli',
	'credentials',
	'icons',
];

/**
 * Builds and packs the package as it would be published: `npm pack` runs the `prepack` build and
 * ships only `files`. The build happens in a private copy of the sources, so that parallel test
 * runs, `npm start` and a developer's own `npm run build` never delete each other's `dist/`
 * half-way through.
 */
export async function packPackage(log: Log): Promise<string> {
	const stage = mkdtempSync(join(tmpdir(), 'lead-events-stage-'));
	for (const entry of PACKAGE_SOURCES)
		cpSync(join(REPO_ROOT, entry), join(stage, entry), { recursive: true });
	symlinkSync(join(REPO_ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
	log('building and packing the package…');
	// Explicit, so an inherited `npm_config_ignore_scripts` cannot skip the prepack build.
	const output = await runCommand(
		'npm',
		['pack', '--json', '--ignore-scripts=false', '--pack-destination', stage],
		{ cwd: stage, label: 'pack' },
	);
	// The build's own output (gulp's "[hh:mm:ss]" lines among it) may come first; npm's JSON
	// starts at a line holding only "[".
	const [{ filename }] = JSON.parse(output.slice(output.search(/^\[$/m))) as Array<{
		filename: string;
	}>;
	return join(stage, filename);
}

/**
 * Installs a packed tarball into an n8n user folder the way n8n's community-package installer
 * does (n8n 2.41 `community-packages.service`): unpack into `.n8n/nodes/node_modules/<name>`, drop
 * dev, peer and optional dependencies from its package.json, run a shallow `npm install` inside it
 * without scripts, and record it in `.n8n/nodes/package.json`.
 */
export async function installIntoUserFolder(
	tarball: string,
	userFolder: string,
	log: Log,
): Promise<void> {
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	const packageFolder = join(nodesFolder, 'node_modules', PACKAGE_NAME);
	rmSync(packageFolder, { recursive: true, force: true });
	mkdirSync(packageFolder, { recursive: true });
	await runCommand('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1'], {
		cwd: nodesFolder,
	});
	const manifestPath = join(packageFolder, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	) as Record<string, unknown>;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	log('installing the package into n8n as a community package…');
	await runCommand(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
		],
		{ cwd: packageFolder },
	);
	writeFileSync(
		join(nodesFolder, 'package.json'),
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				dependencies: { [PACKAGE_NAME]: manifest.version },
			},
			null,
			2,
		),
	);
}
