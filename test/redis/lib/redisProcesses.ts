import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real Redis processes for the `redis` test project: standalone servers, replicas, Sentinels and a
 * Cluster, each on a free port of 127.0.0.1 with a directory of its own. Every process and
 * directory is removed by `stopAll()` (call it in afterAll), and on process exit as a last resort.
 */

const INSTALL_HINT = 'install it with: apt-get install redis-server';

/** Fails (never skips) with the install command when the binaries are missing. */
export function requireRedisBinaries(): void {
	for (const binary of ['redis-server', 'redis-cli']) {
		const probe = spawnSync(binary, ['--version'], { encoding: 'utf8' });
		if (probe.error || probe.status !== 0) {
			throw new Error(
				`${binary} is not on this machine (${probe.error?.message ?? probe.stderr}); ${INSTALL_HINT}`,
			);
		}
	}
}

export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** Sends one inline command and resolves with the raw reply, or rejects if nothing listens. */
export function rawCommand(port: number, command: string, timeoutMs = 1000): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let reply = '';
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error(`no reply from 127.0.0.1:${port} within ${timeoutMs} ms`));
		}, timeoutMs);
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString('utf8');
			if (reply.endsWith('\r\n')) {
				clearTimeout(timer);
				socket.destroy();
				resolve(reply);
			}
		});
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
	what: string,
	check: () => Promise<boolean>,
	timeoutMs = 15_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check().catch(() => false)) return;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(100);
	}
}

export interface RedisProcess {
	port: number;
	dir: string;
	/** Stops the process (SIGKILL when `hard`), keeping its port and directory for `start()`. */
	stop(hard?: boolean): Promise<void>;
	/** Starts it again on the same port with the same arguments. */
	start(): Promise<void>;
}

const running = new Set<ChildProcess>();
const directories = new Set<string>();

function killEverything(): void {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
	for (const dir of directories) rmSync(dir, { recursive: true, force: true });
	directories.clear();
}
process.once('exit', killEverything);

async function launch(args: string[], port: number, label: string): Promise<ChildProcess> {
	const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	running.add(child);
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	child.once('exit', () => running.delete(child));
	try {
		// A server with a password answers NOAUTH, which also says it is up.
		await waitFor(
			`${label} on port ${port}`,
			async () => /^(\+PONG|-NOAUTH)/.test(await rawCommand(port, 'PING', 300)),
			10_000,
		);
	} catch (error) {
		child.kill('SIGKILL');
		throw new Error(`${(error as Error).message}\n${label} said:\n${output.slice(-2000)}`);
	}
	return child;
}

async function managed(
	argsFor: (port: number, dir: string) => string[],
	label: string,
): Promise<RedisProcess> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'lead-events-redis-'));
	directories.add(dir);
	const args = argsFor(port, dir);
	let child: ChildProcess | undefined = await launch(args, port, label);
	return {
		port,
		dir,
		async stop(hard = false) {
			const current = child;
			child = undefined;
			if (!current || current.exitCode !== null) return;
			const exited = new Promise((resolve) => current.once('exit', resolve));
			current.kill(hard ? 'SIGKILL' : 'SIGTERM');
			await exited;
		},
		async start() {
			if (child) return;
			child = await launch(args, port, label);
		},
	};
}

const BASE = (port: number, dir: string) => [
	'--port',
	String(port),
	'--bind',
	'127.0.0.1',
	'--save',
	'',
	'--appendonly',
	'no',
	'--dir',
	dir,
];

/** A standalone server; `extra` adds arguments such as `--requirepass`. */
export function startRedis(extra: string[] = []): Promise<RedisProcess> {
	return managed((port, dir) => [...BASE(port, dir), ...extra], 'redis-server');
}

/** A replica of the server on `masterPort`. */
export function startReplica(masterPort: number): Promise<RedisProcess> {
	return managed(
		(port, dir) => [...BASE(port, dir), '--replicaof', '127.0.0.1', String(masterPort)],
		'redis-server replica',
	);
}

/** A Sentinel watching the master on `masterPort` as `name`, quorum 1, quick to act. */
export function startSentinel(masterPort: number, name: string): Promise<RedisProcess> {
	return managed((port, dir) => {
		const conf = join(dir, 'sentinel.conf');
		writeFileSync(
			conf,
			[
				`port ${port}`,
				'bind 127.0.0.1',
				`dir ${dir}`,
				`sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
				`sentinel down-after-milliseconds ${name} 1000`,
				`sentinel failover-timeout ${name} 5000`,
				`sentinel parallel-syncs ${name} 1`,
				'',
			].join('\n'),
		);
		return [conf, '--sentinel'];
	}, 'redis-server --sentinel');
}

/** A Cluster of `masters` masters (no replicas), created with `redis-cli --cluster create`. */
export async function startCluster(masters = 3): Promise<RedisProcess[]> {
	const nodes: RedisProcess[] = [];
	for (let i = 0; i < masters; i++) {
		nodes.push(
			await managed(
				(port, dir) => [
					...BASE(port, dir),
					'--cluster-enabled',
					'yes',
					'--cluster-config-file',
					join(dir, 'nodes.conf'),
					'--cluster-node-timeout',
					'2000',
				],
				'redis-server cluster node',
			),
		);
	}
	const create = spawnSync(
		'redis-cli',
		[
			'--cluster',
			'create',
			...nodes.map((node) => `127.0.0.1:${node.port}`),
			'--cluster-replicas',
			'0',
			'--cluster-yes',
		],
		{ encoding: 'utf8', timeout: 30_000 },
	);
	if (create.status !== 0)
		throw new Error(`redis-cli --cluster create failed:\n${create.stdout}\n${create.stderr}`);
	for (const node of nodes) {
		await waitFor(`cluster_state:ok on port ${node.port}`, async () =>
			(await rawCommand(node.port, 'CLUSTER INFO')).includes('cluster_state:ok'),
		);
	}
	return nodes;
}

/** Kills every process these helpers started and removes their directories. */
export async function stopAll(): Promise<void> {
	const exits = [...running].map(
		(child) =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve(undefined);
				child.once('exit', resolve);
				child.kill('SIGKILL');
			}),
	);
	await Promise.all(exits);
	killEverything();
}

export interface TlsRedis {
	server: RedisProcess;
	tlsPort: number;
	/** PEM of the test CA that signed the server's certificate (for 127.0.0.1). */
	caPem: string;
}

/**
 * A server that also listens for TLS on `tlsPort`, with a certificate for IP 127.0.0.1 signed by a
 * test CA made here with `openssl` (the plain port is for the readiness check only).
 */
export async function startTlsRedis(): Promise<TlsRedis> {
	const certs = mkdtempSync(join(tmpdir(), 'lead-events-tls-'));
	directories.add(certs);
	const run = (args: string[]) => {
		const result = spawnSync('openssl', args, { cwd: certs, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
	};
	run([
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		'ca.key',
		'-out',
		'ca.crt',
		'-days',
		'2',
		'-subj',
		'/CN=Lead Events Test CA',
	]);
	run([
		'req',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		'server.key',
		'-out',
		'server.csr',
		'-subj',
		'/CN=127.0.0.1',
	]);
	writeFileSync(join(certs, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
	run([
		'x509',
		'-req',
		'-in',
		'server.csr',
		'-CA',
		'ca.crt',
		'-CAkey',
		'ca.key',
		'-CAcreateserial',
		'-out',
		'server.crt',
		'-days',
		'2',
		'-extfile',
		'ext.cnf',
	]);
	const tlsPort = await freePort();
	const server = await managed(
		(port, dir) => [
			...BASE(port, dir),
			'--tls-port',
			String(tlsPort),
			'--tls-cert-file',
			join(certs, 'server.crt'),
			'--tls-key-file',
			join(certs, 'server.key'),
			'--tls-ca-cert-file',
			join(certs, 'ca.crt'),
			'--tls-auth-clients',
			'no',
		],
		'redis-server with TLS',
	);
	return { server, tlsPort, caPem: readFileSync(join(certs, 'ca.crt'), 'utf8') };
}
