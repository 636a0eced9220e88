import { execFileSync } from 'child_process';
import {
	cpSync,
	existsSync,
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
 * Installs the packed all-in-one package into an n8n user folder (see `installTarball`).
 */
export async function installIntoUserFolder(
	tarball: string,
	userFolder: string,
	log: Log,
): Promise<void> {
	const installed = await installTarball(tarball, userFolder, log);
	if (installed.name !== PACKAGE_NAME)
		throw new Error(`${tarball} holds ${installed.name}, not ${PACKAGE_NAME}`);
}

export interface InstalledPackage {
	name: string;
	version: string;
	/** Where n8n loads it from: `.n8n/nodes/node_modules/<name>`. */
	folder: string;
}

/**
 * Installs any packed community package (the all-in-one or an edition) into an n8n user folder the
 * way n8n's community-package installer does (n8n 2.41 `community-packages.service`,
 * `downloadPackage`): unpack into `.n8n/nodes/node_modules/<name>`, drop dev, peer and optional
 * dependencies from its package.json, run a shallow `npm install` inside it without scripts, and
 * add it to the dependencies in `.n8n/nodes/package.json`, keeping the packages installed before.
 * A package without dependencies (an edition) gets no `node_modules` of its own, so what it
 * imports besides its own files (`n8n-workflow`, `zod`) comes from n8n's `NODE_PATH`.
 */
export async function installTarball(
	tarball: string,
	userFolder: string,
	log: Log,
): Promise<InstalledPackage> {
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	// npm packs every package under `package/`; its name decides the folder, as the registry's does for n8n.
	const { name } = JSON.parse(
		execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
	) as { name: string };
	const packageFolder = join(nodesFolder, 'node_modules', name);
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
	log(`installing ${name} into n8n as a community package…`);
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
	const recordPath = join(nodesFolder, 'package.json');
	const record = existsSync(recordPath)
		? (JSON.parse(readFileSync(recordPath, 'utf8')) as { dependencies?: Record<string, string> })
		: {};
	writeFileSync(
		recordPath,
		JSON.stringify(
			{
				name: 'installed-nodes',
				private: true,
				...record,
				dependencies: { ...record.dependencies, [name]: manifest.version },
			},
			null,
			2,
		),
	);
	return { name, version: String(manifest.version), folder: packageFolder };
}
