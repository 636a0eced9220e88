import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

import { REPO_ROOT } from '../../harness/installPackage';
import { runCommand, type Log } from '../../harness/provision';

/**
 * The bench's no-op community trigger (`bench/noop-trigger`): built with the repository's
 * TypeScript, packed with `npm pack` and unpacked into an n8n user folder next to this package,
 * the way n8n installs a community package. It has no dependencies, so unpacking is the whole
 * install. n8n loads every `n8n-nodes-*` folder under `.n8n/nodes/node_modules` at start.
 */

export const NOOP_PACKAGE = 'n8n-nodes-bench-noop';
export const NOOP_NODE_TYPE = `${NOOP_PACKAGE}.benchNoopTrigger`;

const SOURCE = resolve(__dirname, '..', 'noop-trigger');

export async function packNoopTrigger(log: Log): Promise<string> {
	const stage = mkdtempSync(join(tmpdir(), 'lead-events-noop-'));
	cpSync(join(SOURCE, 'package.json'), join(stage, 'package.json'));
	log('building and packing the no-op trigger…');
	await runCommand(
		join(REPO_ROOT, 'node_modules', '.bin', 'tsc'),
		[
			join(SOURCE, 'NoopTrigger.node.ts'),
			'--outDir',
			join(stage, 'dist'),
			'--rootDir',
			SOURCE,
			'--target',
			'es2022',
			'--module',
			'commonjs',
			'--strict',
			'--skipLibCheck',
			'--types',
			'node',
			'--typeRoots',
			join(REPO_ROOT, 'node_modules', '@types'),
		],
		{ cwd: REPO_ROOT, label: 'tsc (no-op trigger)' },
	);
	const output = await runCommand('npm', ['pack', '--json', '--pack-destination', stage], {
		cwd: stage,
	});
	const [{ filename }] = JSON.parse(output.slice(output.indexOf('['))) as Array<{
		filename: string;
	}>;
	return join(stage, filename);
}

/** Unpacks the no-op trigger into a user folder that already holds this package, and records it. */
export async function installNoopTrigger(tarball: string, userFolder: string): Promise<void> {
	const nodesFolder = join(userFolder, '.n8n', 'nodes');
	const packageFolder = join(nodesFolder, 'node_modules', NOOP_PACKAGE);
	rmSync(packageFolder, { recursive: true, force: true });
	mkdirSync(packageFolder, { recursive: true });
	await runCommand('tar', ['-xzf', tarball, '-C', packageFolder, '--strip-components=1'], {
		cwd: nodesFolder,
	});
	const manifestPath = join(nodesFolder, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const version = (
		JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8')) as { version: string }
	).version;
	manifest.dependencies = { ...manifest.dependencies, [NOOP_PACKAGE]: version };
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}
