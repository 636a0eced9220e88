import { spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { REPO_ROOT } from './installPackage';
import { defaultLog, type Log } from './provision';

/**
 * A headless Chromium for the browser tests and the docs screenshots. The browser is Debian's
 * `chromium` package: Playwright's own browser downloads come from a host these machines cannot
 * reach, while apt works everywhere the project runs.
 */

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

function run(command: string, args: string[], log: Log): Promise<void> {
	return new Promise((resolve, reject) => {
		log(`${command} ${args.join(' ')}`);
		const child = spawn(command, args, {
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		const tail: string[] = [];
		const onData = (chunk: Buffer) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				log(`  ${line}`);
				tail.push(line);
				if (tail.length > 30) tail.shift();
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0
				? resolve()
				: reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${tail.join('\n')}`)),
		);
	});
}

/** Installs Debian's Chromium when it is missing (a fresh machine); prints apt's progress. */
export async function ensureChromium(log: Log = defaultLog): Promise<string> {
	if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
	if (process.getuid?.() !== 0)
		throw new Error(
			`${CHROMIUM_PATH} is missing and installing it needs root: run \`apt-get update && apt-get install -y chromium\``,
		);
	log('Chromium is missing: installing Debian’s chromium package (one time, about a minute)…');
	await run('apt-get', ['update'], log);
	await run('apt-get', ['install', '-y', 'chromium'], log);
	if (!existsSync(CHROMIUM_PATH))
		throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} does not exist`);
	return CHROMIUM_PATH;
}

/**
 * Flags: no GPU, no background traffic (updates, sync, safe-browsing lists), no first-run UI. The
 * resolver rule makes every host name fail to resolve, so the page reaches nothing but the
 * loopback addresses it is given as IP literals (n8n and the fakes), even if n8n's frontend
 * tries to load something from the internet.
 */
export function chromiumArgs(): string[] {
	const args = [
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
	];
	// Chromium's sandbox cannot start as root (every machine of this project runs tests as root).
	if (process.getuid?.() === 0) args.unshift('--no-sandbox');
	return args;
}

export interface BrowserSession {
	context: BrowserContext;
	page: Page;
	/** Console messages and page errors seen so far, one line each. */
	consoleLines: string[];
	close(): Promise<void>;
}

export interface LaunchOptions {
	viewport?: { width: number; height: number };
	/** How long an action or navigation may wait; generous because the test machines are shared. */
	timeoutMs?: number;
	log?: Log;
}

/** Launches Chromium with a fresh profile and opens one page. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserSession> {
	const executablePath = await ensureChromium(options.log);
	const profile = mkdtempSync(join(tmpdir(), 'lead-events-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath,
		headless: true,
		args: chromiumArgs(),
		viewport: options.viewport ?? { width: 1280, height: 800 },
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(options.timeoutMs ?? 120_000);
	page.setDefaultNavigationTimeout(options.timeoutMs ?? 120_000);
	const consoleLines: string[] = [];
	const stamp = () => new Date().toISOString().slice(11, 23);
	context.on('console', (message) =>
		consoleLines.push(`${stamp()} [${message.type()}] ${message.text()}`),
	);
	context.on('weberror', (error) =>
		consoleLines.push(`${stamp()} [pageerror] ${error.error().message}`),
	);
	page.on('requestfailed', (request) =>
		consoleLines.push(
			`${stamp()} [requestfailed] ${request.method()} ${request.url()}: ${request.failure()?.errorText}`,
		),
	);
	return {
		context,
		page,
		consoleLines,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

function slug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
}

/**
 * Named steps of a browser flow. When a step throws, the page's screenshot and the browser console
 * so far go to `test-artifacts/<flow>/`, and the error says which step failed and where to look.
 */
export class BrowserSteps {
	private count = 0;

	constructor(
		private readonly session: BrowserSession,
		private readonly flow: string,
	) {}

	get artifactsFolder(): string {
		return join(ARTIFACTS_DIR, slug(this.flow));
	}

	async step<T>(name: string, action: () => Promise<T>): Promise<T> {
		this.count += 1;
		const label = `${String(this.count).padStart(2, '0')}-${slug(name)}`;
		const started = Date.now();
		// Progress goes straight to stderr: jest holds console output back until a file finishes.
		process.stderr.write(`[browser] ${this.flow} › ${name}\n`);
		try {
			const result = await action();
			process.stderr.write(
				`[browser] ${this.flow} › ${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
			);
			return result;
		} catch (error) {
			const saved = await this.saveArtifacts(label);
			const message = error instanceof Error ? error.message : String(error);
			const failure = new Error(
				`Browser step "${name}" (${this.flow}, step ${this.count}) failed: ${message}\n${saved}`,
			);
			if (error instanceof Error && error.stack)
				failure.stack = `${failure.message}\n${error.stack}`;
			throw failure;
		}
	}

	private async saveArtifacts(label: string): Promise<string> {
		const folder = this.artifactsFolder;
		mkdirSync(folder, { recursive: true });
		const screenshot = join(folder, `${label}.png`);
		const consoleLog = join(folder, `${label}.console.log`);
		const notes: string[] = [];
		try {
			await this.session.page.screenshot({ path: screenshot, fullPage: false, timeout: 10_000 });
			notes.push(`screenshot: ${screenshot}`);
		} catch (error) {
			notes.push(`no screenshot (${(error as Error).message.split('\n')[0]})`);
		}
		writeFileSync(
			consoleLog,
			`page: ${this.session.page.url()}\n${this.session.consoleLines.join('\n')}\n`,
		);
		notes.push(`browser console: ${consoleLog}`);
		return notes.join('\n');
	}
}
