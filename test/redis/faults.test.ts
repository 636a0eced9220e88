import * as net from 'node:net';

import {
	DEFAULT_COMMAND_TIMEOUT_MS,
	DEFAULT_CONNECT_TIMEOUT_MS,
} from '../../nodes/shared/duplicates/store';
import { closeRedisStores, redisStoreFor } from '../../nodes/shared/redis/redisStore';
import { runTrigger } from '../../nodes/shared/pipeline/runTrigger';
import { fakeRedis, type FakeRedis } from './lib/fakeRedis';
import { settingsFrom, sleep, T0 } from './lib/store';
import { context, runtime, suppressed } from './lib/webhookContext';

jest.setTimeout(60_000);

/**
 * Redis faults a real server will not produce on demand, from fake servers that speak enough RESP
 * for the client's handshake. Every delivery uses Leadterra's rule for an unreachable store
 * ("Answer 503 so the sender retries"), the one where a wrong "unreachable" loses events.
 */

const fakes: FakeRedis[] = [];
async function fake(...args: Parameters<typeof fakeRedis>): Promise<FakeRedis> {
	const server = await fakeRedis(...args);
	fakes.push(server);
	return server;
}

afterEach(async () => {
	await closeRedisStores();
	for (const server of fakes.splice(0)) await server.close();
});

const credentialFor = (port: number) => ({ host: '127.0.0.1', port, prefix: 'fault:' });

async function deliver(port: number, dedupeKey: string, workflowId: string) {
	const { ctx, response, warn } = context({
		parameters: suppressed(),
		credential: credentialFor(port),
		credentialId: `fake-${port}`,
		workflowId,
	});
	const started = Date.now();
	const result = await runTrigger(ctx, runtime(dedupeKey, 'reject'));
	return { result, response, warn, ms: Date.now() - started };
}

describe('A Redis that completes the handshake and then never answers', () => {
	it('answers every delivery within the command timeout + 1 s at 3 deliveries/s, without piling up commands', async () => {
		const server = await fake(() => undefined);
		const bound = DEFAULT_COMMAND_TIMEOUT_MS + 1000;
		const runs: Array<ReturnType<typeof deliver>> = [];
		const started = Date.now();
		// A steady 3 deliveries per second for 10 seconds, each one its own event.
		for (let i = 0; Date.now() - started < 10_000; i++) {
			runs.push(deliver(server.port, `hang-${i}`, 'wf-hang'));
			await sleep(333);
		}
		const results = await Promise.all(runs);
		const slowest = Math.max(...results.map((run) => run.ms));
		const delivered = results.filter((run) => run.result.workflowData !== undefined).length;
		const retryLater = results.filter((run) => run.response.statusCode === 503).length;
		console.log(
			`hanging Redis: ${results.length} deliveries, slowest answer ${slowest} ms (bound ${bound} ms), ` +
				`${delivered} started (the store may have recorded them), ${retryLater} answered 503 (sent while reconnecting), ` +
				`at most ${server.maxUnanswered()} commands unanswered at once, ${server.connections()} connections`,
		);
		expect(results.length).toBeGreaterThanOrEqual(28);
		for (const run of results) expect(run.ms).toBeLessThanOrEqual(bound);
		// Each one was either started (sent, outcome unknown) or answered 503 (never sent): no other answer.
		expect(delivered + retryLater).toBe(results.length);
		expect(delivered).toBeGreaterThan(0);
		// A stalled connection is dropped at the first timeout, so the unanswered commands stay within
		// what arrives during one command timeout (about 5 at 3/s), not one per delivery so far.
		expect(server.maxUnanswered()).toBeLessThanOrEqual(8);
	});
});

describe('A Redis that accepts connections and never completes the handshake', () => {
	it('makes only the first delivery wait for a connection; the next ones fail at once as "never sent"', async () => {
		const sockets = new Set<net.Socket>();
		const server = net.createServer((socket) => {
			sockets.add(socket);
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		try {
			const first = await deliver(port, 'blackhole-0', 'wf-blackhole');
			expect(first.response.statusCode).toBe(503);
			const later: number[] = [];
			for (let i = 1; i <= 5; i++) {
				const run = await deliver(port, `blackhole-${i}`, 'wf-blackhole');
				expect(run.response.statusCode).toBe(503);
				later.push(run.ms);
			}
			// Far below the connect timeout: no delivery after the first waits for a connection attempt.
			for (const ms of later) expect(ms).toBeLessThan(DEFAULT_CONNECT_TIMEOUT_MS / 3);
		} finally {
			await closeRedisStores();
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('A READONLY reply (the address became a replica after a failover)', () => {
	it('reconnects, and a later command succeeds once the address answers as a master', async () => {
		// Connections opened before the "promotion" stay on the replica and answer READONLY forever,
		// as a real demoted master does; connections opened after it reach a master.
		let promotedFrom = Infinity;
		const server = await fake((command, connection) => {
			if (connection.number < promotedFrom) {
				connection.reply("-READONLY You can't write against a read only replica.\r\n");
			} else {
				connection.reply(command[0].toUpperCase() === 'SET' ? '+OK\r\n' : '$-1\r\n');
			}
		});
		const store = redisStoreFor(settingsFrom(credentialFor(server.port)), 'readonly');
		const refused = await store.seen('first', 60_000, T0);
		expect(refused).toMatchObject({ recorded: 'no' });
		expect((refused as { unavailable: string }).unavailable).toContain('READONLY');

		promotedFrom = server.connections() + 1;
		let answer: unknown;
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline) {
			answer = await store.seen('later', 60_000, T0);
			if (answer === false) break;
			await sleep(100);
		}
		expect(answer).toBe(false);
		expect(server.connections()).toBeGreaterThanOrEqual(promotedFrom);
	});

	it('answers a Leadterra delivery 503 (nothing was recorded), so its retry is not a duplicate', async () => {
		const server = await fake((_command, connection) =>
			connection.reply("-READONLY You can't write against a read only replica.\r\n"),
		);
		const { result, response } = await deliver(server.port, 'ro-1', 'wf-readonly');
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(503);
	});
});

describe('A connection closed in the middle of the reply', () => {
	it('counts the outcome as unknown and starts the workflow even with "Answer 503"', async () => {
		// The reply is cut after "+O": Redis applied the SET, the answer never arrived whole.
		const server = await fake((_command, connection) => connection.cut('+O'));
		const store = redisStoreFor(settingsFrom(credentialFor(server.port)), 'cut-store');
		expect(await store.seen('cut', 60_000, T0)).toMatchObject({ recorded: 'unknown' });

		const { result, response, warn } = await deliver(server.port, 'cut-1', 'wf-cut');
		expect(response.statusCode).toBeUndefined();
		expect(result.workflowData).toBeDefined();
		expect(result.webhookResponse).toEqual({ status: 'accepted', event: 'a.one' });
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toMatch(
			/^Suppress Duplicates in workflow wf-cut, node "Trigger": the shared duplicate store did not confirm the key \(Redis at 127\.0\.0\.1:\d+ \(database 0\): the connection was lost before the reply .*\); it may have recorded it, so the workflow was started/,
		);
	});

	it('starts the workflow when the reply comes after the command timeout (Redis applied it late)', async () => {
		const server = await fake((_command, connection) => {
			setTimeout(() => connection.reply('+OK\r\n'), DEFAULT_COMMAND_TIMEOUT_MS + 300);
		});
		const { result, response } = await deliver(server.port, 'late-1', 'wf-late');
		expect(response.statusCode).toBeUndefined();
		expect(result.workflowData).toBeDefined();
	});
});
