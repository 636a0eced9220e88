import { createServer, request as httpRequest, type Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * The load balancer a queue-mode operator puts in front of n8n, reduced to its routing rule:
 * production webhooks (`/webhook/…`) go round-robin to the webhook processors, everything else
 * (`/webhook-test/…`, the editor, REST) goes to main. Test webhooks must reach main because only
 * main holds the listening test registration in memory.
 *
 * Every routed request is recorded, and the record is served at `GET /__balancer/log`, so a test
 * running in another module context can see which process answered which delivery.
 */

export interface RoutedRequest {
	method: string;
	path: string;
	backend: string;
	/** The backend's status, or 502 when the backend could not be reached. */
	status: number;
}

export interface Backend {
	name: string;
	url: string;
}

export const BALANCER_LOG_PATH = '/__balancer/log';

export class LoadBalancer {
	private server: Server | undefined;
	private next = 0;
	readonly routed: RoutedRequest[] = [];
	url = '';

	constructor(
		private readonly main: Backend,
		private readonly webhookProcessors: Backend[],
	) {}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const path = req.url ?? '/';
			if (path === BALANCER_LOG_PATH) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(this.routed));
				return;
			}
			const backend = this.pick(path);
			const target = new URL(path, backend.url);
			const upstream = httpRequest(
				target,
				{ method: req.method, headers: { ...req.headers, host: target.host } },
				(answer) => {
					this.routed.push({
						method: req.method ?? '',
						path,
						backend: backend.name,
						status: answer.statusCode ?? 0,
					});
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => {
				this.routed.push({ method: req.method ?? '', path, backend: backend.name, status: 502 });
				if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
				res.end(`backend ${backend.name} unreachable`);
			});
			req.pipe(upstream);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	private pick(path: string): Backend {
		if (!path.startsWith('/webhook/')) return this.main;
		const backend = this.webhookProcessors[this.next % this.webhookProcessors.length];
		this.next += 1;
		return backend;
	}
}

/** Reads a running balancer's record of routed requests. */
export async function balancerLog(balancerUrl: string): Promise<RoutedRequest[]> {
	const response = await fetch(`${balancerUrl}${BALANCER_LOG_PATH}`);
	return (await response.json()) as RoutedRequest[];
}
