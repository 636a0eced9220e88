import { createHash } from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';

/**
 * A minimal Redis client (RESP2 over one TCP or TLS connection) for the shared duplicate store.
 *
 * Why not a Redis library: n8n installs community packages with their runtime dependencies, and
 * every extra one is code an operator has to trust on every n8n process. The duplicate store needs
 * five commands (AUTH, SELECT, SET … NX PX, PING, DEL), so a small client is less to trust than a
 * library. What it does:
 * - one connection per configuration, opened on first use and shared by every caller in the
 *   process; commands are pipelined (written without waiting) and answered in order;
 * - a connect timeout and a command timeout, so a dead or stalled Redis costs a delivery at most
 *   that long, never a hang;
 * - after any error the connection is dropped and the next command opens a new one;
 * - the password is sent in AUTH only; it never appears in an error message.
 *
 * Timeouts use the socket's idle timer rather than global timers: it fires when nothing was
 * received for that long while replies are outstanding, which is exactly "Redis stopped answering".
 */

export interface RedisConnectionOptions {
	host: string;
	port: number;
	/** Database index for SELECT; 0 sends no SELECT. */
	database?: number;
	/** ACL user (Redis 6+); empty means the `default` user. */
	user?: string;
	/** Empty sends no AUTH. */
	password?: string;
	tls?: boolean;
	/** Longest wait for the connection and its AUTH/SELECT handshake. */
	connectTimeoutMs?: number;
	/** Longest silence from Redis while replies are outstanding. */
	commandTimeoutMs?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 1500;
export const DEFAULT_COMMAND_TIMEOUT_MS = 1500;

/** An error reply from Redis (`-ERR …`), kept as a value by the parser. */
export class RespError {
	constructor(readonly message: string) {}
}

export type RespValue = string | number | null | Buffer | RespError | RespValue[];

/** Why a command failed: Redis answered with an error, or the connection failed or timed out. */
export class RedisClientError extends Error {
	constructor(
		message: string,
		readonly kind: 'reply' | 'connection' | 'timeout' | 'auth' | 'protocol',
	) {
		super(message);
		this.name = 'RedisClientError';
	}
}

// ---------------------------------------------------------------------------------------------
// RESP encoding and parsing (pure)
// ---------------------------------------------------------------------------------------------

/** One command as a RESP array of bulk strings. */
export function encodeCommand(args: ReadonlyArray<string | number | Buffer>): Buffer {
	const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
	for (const arg of args) {
		const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
		parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
	}
	return Buffer.concat(parts);
}

const INCOMPLETE = Symbol('incomplete');
type Parsed = { value: RespValue; end: number } | typeof INCOMPLETE;

/**
 * Incremental RESP2 reply parser: feed it chunks as they arrive, in any split, and it returns the
 * replies completed so far. Bulk strings come back as Buffers, simple strings as strings, errors
 * as RespError values (so one error reply does not break the pipeline that follows it).
 */
export class RespParser {
	private buffer: Buffer = Buffer.alloc(0);

	push(chunk: Buffer): RespValue[] {
		this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
		const values: RespValue[] = [];
		let offset = 0;
		for (;;) {
			const parsed = parseValue(this.buffer, offset);
			if (parsed === INCOMPLETE) break;
			values.push(parsed.value);
			offset = parsed.end;
		}
		this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
		return values;
	}

	/** Bytes received that do not yet form a whole reply. */
	get pending(): number {
		return this.buffer.length;
	}
}

function parseInteger(text: string): number {
	if (!/^-?\d+$/.test(text))
		throw new RedisClientError('Redis sent a malformed number', 'protocol');
	return Number(text);
}

function parseValue(buffer: Buffer, offset: number): Parsed {
	if (offset >= buffer.length) return INCOMPLETE;
	const end = buffer.indexOf('\r\n', offset + 1);
	if (end === -1) return INCOMPLETE;
	const type = String.fromCharCode(buffer[offset]);
	const line = buffer.toString('utf8', offset + 1, end);
	const next = end + 2;
	switch (type) {
		case '+':
			return { value: line, end: next };
		case '-':
			return { value: new RespError(line), end: next };
		case ':':
			return { value: parseInteger(line), end: next };
		case '$': {
			const length = parseInteger(line);
			if (length < 0) return { value: null, end: next };
			if (buffer.length < next + length + 2) return INCOMPLETE;
			return { value: buffer.subarray(next, next + length), end: next + length + 2 };
		}
		case '*': {
			const count = parseInteger(line);
			if (count < 0) return { value: null, end: next };
			const items: RespValue[] = [];
			let position = next;
			for (let i = 0; i < count; i++) {
				const item = parseValue(buffer, position);
				if (item === INCOMPLETE) return INCOMPLETE;
				items.push(item.value);
				position = item.end;
			}
			return { value: items, end: position };
		}
		default:
			throw new RedisClientError(`Redis sent an unknown reply type "${type}"`, 'protocol');
	}
}

// ---------------------------------------------------------------------------------------------
// Connection
// ---------------------------------------------------------------------------------------------

interface Pending {
	resolve: (value: RespValue) => void;
	reject: (error: Error) => void;
}

/** Where the client connects, for error messages: never the user or password. */
function describe(options: RedisConnectionOptions): string {
	return `Redis at ${options.host}:${options.port} (database ${options.database ?? 0}${options.tls ? ', TLS' : ''})`;
}

export class RedisClient {
	private socket: net.Socket | undefined;
	private parser = new RespParser();
	private readonly pending: Pending[] = [];
	/** Settles when the connection is open and AUTH/SELECT succeeded; shared by concurrent callers. */
	private ready: Promise<net.Socket> | undefined;

	constructor(private readonly options: RedisConnectionOptions) {}

	/** Sends one command and resolves with its reply; an error reply rejects with kind 'reply'. */
	async command(args: ReadonlyArray<string | number | Buffer>): Promise<RespValue> {
		const socket = await this.connect();
		return await this.send(socket, args);
	}

	/** Closes the connection; the next command opens a new one. */
	close(): void {
		this.fail(new RedisClientError(`${describe(this.options)}: connection closed`, 'connection'));
	}

	get connected(): boolean {
		return this.socket !== undefined && this.ready !== undefined;
	}

	private connect(): Promise<net.Socket> {
		if (!this.ready) {
			this.ready = this.open();
			// A failed handshake must not be cached: the next command tries again.
			this.ready.catch(() => undefined);
		}
		return this.ready;
	}

	private open(): Promise<net.Socket> {
		const { options } = this;
		const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
		return new Promise<net.Socket>((resolve, reject) => {
			const socket: net.Socket = options.tls
				? tls.connect({
						host: options.host,
						port: options.port,
						// SNI carries host names only; an IP address there is refused by RFC 6066.
						servername: net.isIP(options.host) ? undefined : options.host,
					})
				: net.connect({ host: options.host, port: options.port });
			this.socket = socket;
			this.parser = new RespParser();
			socket.setNoDelay(true);
			socket.setTimeout(connectTimeout);
			let opened = false;
			const where = describe(options);

			socket.on('timeout', () => {
				if (!opened) {
					this.fail(
						new RedisClientError(`${where}: no connection within ${connectTimeout} ms`, 'timeout'),
						socket,
					);
				} else if (this.pending.length > 0) {
					this.fail(
						new RedisClientError(
							`${where}: no reply within ${options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS} ms`,
							'timeout',
						),
						socket,
					);
				}
			});
			socket.on('error', (error: NodeJS.ErrnoException) => {
				// Node's message names the address only (e.g. "connect ECONNREFUSED 127.0.0.1:6390").
				this.fail(
					new RedisClientError(`${where}: ${error.code ?? error.message}`, 'connection'),
					socket,
				);
			});
			socket.on('close', () => {
				this.fail(new RedisClientError(`${where}: connection closed`, 'connection'), socket);
			});
			socket.on('data', (chunk: Buffer) => this.receive(chunk, socket));

			const onConnect = () => {
				opened = true;
				this.handshake(socket).then(
					() => {
						this.idleUnlessWaiting(socket);
						resolve(socket);
					},
					(error: Error) => {
						this.fail(error, socket);
						reject(error);
					},
				);
			};
			socket.once(options.tls ? 'secureConnect' : 'connect', onConnect);
			socket.once('close', () =>
				reject(
					new RedisClientError(`${where}: connection closed before it was ready`, 'connection'),
				),
			);
			socket.once('error', (error: NodeJS.ErrnoException) =>
				reject(new RedisClientError(`${where}: ${error.code ?? error.message}`, 'connection')),
			);
			socket.once('timeout', () => {
				if (!opened)
					reject(
						new RedisClientError(`${where}: no connection within ${connectTimeout} ms`, 'timeout'),
					);
			});
		});
	}

	private async handshake(socket: net.Socket): Promise<void> {
		const { user, password, database } = this.options;
		const where = describe(this.options);
		// Pipelined: AUTH and SELECT go out together; their replies come back in order.
		const steps: Array<Promise<RespValue>> = [];
		if (password) {
			steps.push(this.send(socket, user ? ['AUTH', user, password] : ['AUTH', password]));
		}
		if (database) steps.push(this.send(socket, ['SELECT', database]));
		const results = await Promise.allSettled(steps);
		for (const [index, result] of results.entries()) {
			if (result.status === 'fulfilled') continue;
			const reason = result.reason as RedisClientError;
			const isAuth = password !== undefined && password !== '' && index === 0;
			if (reason.kind !== 'reply') throw reason;
			throw new RedisClientError(
				isAuth
					? `${where} refused the credential's user or password (${reason.message.split(' ')[0]})`
					: `${where} refused SELECT ${database}: ${reason.message}`,
				isAuth ? 'auth' : 'reply',
			);
		}
		// With no password configured, an ACL-protected server answers NOAUTH to the first real
		// command; that arrives as a reply error there and names the problem itself.
	}

	private send(
		socket: net.Socket,
		args: ReadonlyArray<string | number | Buffer>,
	): Promise<RespValue> {
		return new Promise<RespValue>((resolve, reject) => {
			if (socket.destroyed || this.socket !== socket) {
				reject(new RedisClientError(`${describe(this.options)}: connection closed`, 'connection'));
				return;
			}
			this.pending.push({
				resolve: (value) => {
					if (value instanceof RespError) {
						reject(new RedisClientError(value.message, 'reply'));
					} else {
						resolve(value);
					}
				},
				reject,
			});
			if (this.pending.length === 1) {
				socket.ref();
				if (this.ready !== undefined) {
					socket.setTimeout(this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
				}
			}
			socket.write(encodeCommand(args));
		});
	}

	private receive(chunk: Buffer, socket: net.Socket): void {
		if (this.socket !== socket) return;
		let values: RespValue[];
		try {
			values = this.parser.push(chunk);
		} catch (error) {
			this.fail(error as Error, socket);
			return;
		}
		for (const value of values) {
			const waiter = this.pending.shift();
			if (!waiter) {
				this.fail(
					new RedisClientError(`${describe(this.options)}: unexpected reply`, 'protocol'),
					socket,
				);
				return;
			}
			waiter.resolve(value);
		}
		this.idleUnlessWaiting(socket);
	}

	/**
	 * With nothing outstanding, an idle connection is fine (only a silent wait is a timeout) and
	 * must not keep the process alive at shutdown; while replies are awaited it must.
	 */
	private idleUnlessWaiting(socket: net.Socket): void {
		if (this.pending.length === 0) {
			socket.setTimeout(0);
			socket.unref();
		} else {
			socket.ref();
			socket.setTimeout(this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS);
		}
	}

	/** Rejects everything outstanding and forgets the connection, so the next command reconnects. */
	private fail(error: Error, socket?: net.Socket): void {
		if (socket !== undefined && this.socket !== socket) return;
		const current = this.socket;
		this.socket = undefined;
		this.ready = undefined;
		const waiting = this.pending.splice(0);
		for (const waiter of waiting) waiter.reject(error);
		if (current && !current.destroyed) current.destroy();
	}
}

// ---------------------------------------------------------------------------------------------
// One client per configuration per process
// ---------------------------------------------------------------------------------------------

const clients = new Map<string, RedisClient>();

/** A stable key for a configuration; hashed so the password is not kept as a map key. */
export function configurationKey(options: RedisConnectionOptions): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				options.host,
				options.port,
				options.database ?? 0,
				options.user ?? '',
				options.password ?? '',
				options.tls === true,
				options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
				options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
			]),
		)
		.digest('hex');
}

/** The process-wide client for this configuration, created on first use. */
export function sharedRedisClient(options: RedisConnectionOptions): RedisClient {
	const key = configurationKey(options);
	let client = clients.get(key);
	if (!client) {
		client = new RedisClient({ ...options });
		clients.set(key, client);
	}
	return client;
}

/** Closes every shared client (tests; a running n8n keeps them for the life of the process). */
export function closeSharedRedisClients(): void {
	for (const client of clients.values()) client.close();
	clients.clear();
}
