import * as net from 'node:net';

/**
 * A fake Redis on a free port (node `net`), for faults a real server will not produce on demand.
 * It answers the handshake ioredis sends (AUTH, SELECT, CLIENT, INFO, PING, QUIT) like Redis, and
 * hands every other command to `onCommand`, which answers, stays silent, or breaks the connection.
 */

export type CommandHandler = (command: string[], connection: FakeConnection) => void;

export interface FakeConnection {
	/** 1 for the first connection the fake accepted, 2 for the next… */
	readonly number: number;
	reply(raw: string): void;
	/** Writes `raw` and closes the connection at once (a reply cut off midway). */
	cut(raw: string): void;
}

export interface FakeRedis {
	port: number;
	/** Connections accepted so far. */
	connections(): number;
	/** Commands (after the handshake) written on still-open connections and not answered. */
	unanswered(): number;
	/** The most commands ever left unanswered on open connections at one moment. */
	maxUnanswered(): number;
	close(): Promise<void>;
}

const HANDSHAKE = new Set([
	'AUTH',
	'SELECT',
	'CLIENT',
	'PING',
	'HELLO',
	'INFO',
	'QUIT',
	'READONLY',
]);

/** Splits a buffer of RESP commands (arrays of bulk strings) into commands; leaves a partial tail. */
function parseCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
	const commands: string[][] = [];
	let offset = 0;
	outer: while (offset < buffer.length) {
		if (buffer[offset] !== 0x2a /* '*' */) throw new Error('fake Redis: not a RESP array');
		let lineEnd = buffer.indexOf('\r\n', offset);
		if (lineEnd === -1) break;
		const count = Number(buffer.toString('latin1', offset + 1, lineEnd));
		let position = lineEnd + 2;
		const args: string[] = [];
		for (let i = 0; i < count; i++) {
			lineEnd = buffer.indexOf('\r\n', position);
			if (lineEnd === -1) break outer;
			const length = Number(buffer.toString('latin1', position + 1, lineEnd));
			if (buffer.length < lineEnd + 2 + length + 2) break outer;
			args.push(buffer.toString('utf8', lineEnd + 2, lineEnd + 2 + length));
			position = lineEnd + 2 + length + 2;
		}
		commands.push(args);
		offset = position;
	}
	return { commands, rest: buffer.subarray(offset) };
}

function handshakeReply(name: string): string {
	if (name === 'PING') return '+PONG\r\n';
	if (name === 'INFO') {
		const info = '# Server\r\nredis_version:7.0.15\r\n# Persistence\r\nloading:0\r\n';
		return `$${Buffer.byteLength(info)}\r\n${info}\r\n`;
	}
	return '+OK\r\n';
}

export async function fakeRedis(onCommand: CommandHandler): Promise<FakeRedis> {
	const sockets = new Set<net.Socket>();
	const pending = new Map<net.Socket, number>();
	let accepted = 0;
	let maxUnanswered = 0;
	const unanswered = () => [...pending.values()].reduce((sum, count) => sum + count, 0);

	const server = net.createServer((socket) => {
		accepted++;
		const connection: FakeConnection = {
			number: accepted,
			reply(raw) {
				pending.set(socket, Math.max(0, (pending.get(socket) ?? 0) - 1));
				if (!socket.destroyed) socket.write(raw);
			},
			cut(raw) {
				pending.delete(socket);
				if (!socket.destroyed) socket.end(raw, () => socket.destroy());
			},
		};
		sockets.add(socket);
		pending.set(socket, 0);
		let buffered: Buffer = Buffer.alloc(0);
		socket.on('error', () => undefined);
		socket.on('close', () => {
			sockets.delete(socket);
			pending.delete(socket);
		});
		socket.on('data', (chunk: Buffer) => {
			const parsed = parseCommands(Buffer.concat([buffered, chunk]));
			buffered = parsed.rest;
			for (const command of parsed.commands) {
				const name = command[0].toUpperCase();
				if (HANDSHAKE.has(name)) {
					socket.write(handshakeReply(name));
					if (name === 'QUIT') socket.end();
					continue;
				}
				pending.set(socket, (pending.get(socket) ?? 0) + 1);
				maxUnanswered = Math.max(maxUnanswered, unanswered());
				onCommand(command, connection);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		port,
		connections: () => accepted,
		unanswered,
		maxUnanswered: () => maxUnanswered,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
