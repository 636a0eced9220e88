import { spawn, type ChildProcess } from 'child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';

import { N8nClient, type N8nConnection } from './client';
import { installIntoUserFolder, packPackage } from './installPackage';
import { defaultLog, n8nMajor, provision, type Log } from './provision';

export const OWNER_EMAIL = 'owner@example.com';
export const OWNER_PASSWORD = 'Lead-Events-1';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port')),
			);
		});
	});
}

/**
 * What every n8n the harness starts shares: no calls home (there is no internet here), no banners or
 * prompts in the editor, every execution saved so tests can read it back, and the owner account set
 * from the environment (its password hash is added per start).
 */
export const QUIET_N8N_ENV = {
	N8N_SECURE_COOKIE: 'false',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
	N8N_INSTANCE_OWNER_EMAIL: OWNER_EMAIL,
} as const;

export interface StartOptions {
	/** Reuse a user folder (keeps the database); a fresh temporary one otherwise. */
	userFolder?: string;
	port?: number;
	/** Skip building and installing the package (the user folder already has it). */
	skipInstall?: boolean;
	env?: Record<string, string>;
	log?: Log;
	/** The n8n version to run; the harness's (`LEAD_EVENTS_N8N_VERSION`) when not given. */
	n8nVersion?: string;
}

export interface N8nInstance extends N8nConnection {
	userFolder: string;
	logFile: string;
	process: ChildProcess;
	client: N8nClient;
	stop(): Promise<void>;
}

export function bcryptHash(runtimeDir: string, password: string): string {
	// n8n itself depends on bcryptjs, so the cached install provides it.
	const bcrypt = require(join(runtimeDir, 'node_modules', 'bcryptjs')) as {
		hashSync(p: string, rounds: number): string;
	};
	return bcrypt.hashSync(password, 10);
}

export async function waitForReady(
	baseUrl: string,
	child: ChildProcess,
	logFile: string,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(
				`n8n exited with code ${child.exitCode} while starting. Log tail:\n${tail(logFile)}`,
			);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz/readiness`);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`n8n was not ready within ${timeoutMs / 1000} s. Log tail:\n${tail(logFile)}`);
}

export function tail(file: string, lines = 40): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

export async function login(baseUrl: string): Promise<string> {
	for (let attempt = 0; attempt < 20; attempt++) {
		const response = await fetch(`${baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: OWNER_EMAIL, password: OWNER_PASSWORD }),
		});
		const cookie = (response.headers.getSetCookie?.() ?? []).find((value) =>
			value.startsWith('n8n-auth='),
		);
		if (response.ok && cookie) return cookie.split(';')[0];
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error('Could not log in to n8n as the instance owner');
}

/**
 * n8n 1.x has no owner managed by environment variables: the owner is claimed once through the
 * setup form's endpoint. A reused user folder already has one, which n8n answers with 400. n8n 1.x
 * reports ready before its REST routes are mounted, and on a busy machine it may not answer yet or
 * answer 503 while a slow database ping counts the database as down: all of these mean "not yet".
 */
export async function setUpOwner(baseUrl: string, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(`${baseUrl}/rest/owner/setup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					email: OWNER_EMAIL,
					firstName: 'Lead',
					lastName: 'Events',
					password: OWNER_PASSWORD,
				}),
			});
			const text = await response.text();
			if (response.ok || (response.status === 400 && text.includes('already setup'))) return;
			last = `${response.status} ${text.slice(0, 300)}`;
			if (response.status !== 404 && response.status !== 503) break;
		} catch (error) {
			last = `no answer (${(error as Error).message})`;
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`Setting up the n8n owner failed: ${last}`);
}

export async function createApiKey(baseUrl: string, cookie: string): Promise<string> {
	const scopesResponse = await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { cookie } });
	const scopes = ((await scopesResponse.json()) as { data: string[] }).data;
	const response = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ label: `harness-${Date.now()}`, scopes, expiresAt: null }),
	});
	if (!response.ok)
		throw new Error(`Creating an n8n API key failed: ${response.status} ${await response.text()}`);
	return ((await response.json()) as { data: { rawApiKey: string } }).data.rawApiKey;
}

/**
 * Starts a real n8n (SQLite, loopback only, telemetry off) with this package installed as a
 * community package, logs in as the owner and creates an API key for the public API.
 */
export async function startN8n(options: StartOptions = {}): Promise<N8nInstance> {
	const log = options.log ?? defaultLog;
	const runtime = await provision(log, options.n8nVersion);
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'lead-events-n8n-'));
	if (!options.skipInstall) {
		const tarball = await packPackage(log);
		await installIntoUserFolder(tarball, userFolder, log);
	}
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		PATH: `${join(runtime.nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
		HOME: process.env.HOME,
		TZ: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		DB_TYPE: 'sqlite',
		N8N_ENCRYPTION_KEY: 'lead-events-local-instance-key',
		...QUIET_N8N_ENV,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcryptHash(runtime.n8nDir, OWNER_PASSWORD),
		N8N_LOG_LEVEL: 'info',
		...options.env,
	};
	const logFile = join(userFolder, 'n8n.log');
	const output = createWriteStream(logFile, { flags: 'a' });
	log(`starting n8n on ${baseUrl} (user folder ${userFolder})…`);
	const child = spawn(runtime.nodeBin, [runtime.n8nBin, 'start'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout?.pipe(output);
	child.stderr?.pipe(output);
	const stop = async (): Promise<void> => {
		if (child.exitCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		await exited;
		clearTimeout(timer);
	};
	try {
		await waitForReady(baseUrl, child, logFile, 180_000);
		if (n8nMajor(runtime.n8nVersion) < 2) await setUpOwner(baseUrl);
		const cookie = await login(baseUrl);
		const apiKey = await createApiKey(baseUrl, cookie);
		const connection: N8nConnection = {
			baseUrl,
			apiKey,
			cookie,
			n8nVersion: runtime.n8nVersion,
		};
		log(`n8n ${runtime.n8nVersion} is ready at ${baseUrl}`);
		return {
			...connection,
			userFolder,
			logFile,
			process: child,
			client: new N8nClient(connection),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
