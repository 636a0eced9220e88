import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';

/**
 * A loopback HTTP server for fake platform APIs: route table, request log, and failure injection.
 * Provider fakes (leadterra, smartlead, activecampaign) build on it.
 */

export interface FakeRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: string;
	body: unknown;
	params: Record<string, string>;
}

export interface FakeResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** A failure to serve instead of the normal answer, for the next `times` matching requests. */
export interface InjectedFailure {
	method?: string;
	/** Matches when the request path starts with this. */
	pathPrefix?: string;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Wait this long before answering (a slow platform). */
	delayMs?: number;
	times?: number;
}

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: Handler;
}

function compile(path: string): { pattern: RegExp; keys: string[] } {
	const keys: string[] = [];
	const source = path.replace(/:([A-Za-z_]+)/g, (_match, key: string) => {
		keys.push(key);
		return '([^/]+)';
	});
	return { pattern: new RegExp(`^${source}/?$`), keys };
}

export class FakeServer {
	readonly log: FakeRequest[] = [];
	private readonly routes: Route[] = [];
	private failures: InjectedFailure[] = [];
	private server?: Server;
	url = '';

	route(method: string, path: string, handler: Handler): this {
		this.routes.push({ method, ...compile(path), handler });
		return this;
	}

	inject(failure: InjectedFailure): void {
		this.failures.push({ times: 1, ...failure });
	}

	clearFailures(): void {
		this.failures = [];
	}

	requests(method?: string, pathPrefix?: string): FakeRequest[] {
		return this.log.filter(
			(entry) =>
				(!method || entry.method === method) && (!pathPrefix || entry.path.startsWith(pathPrefix)),
		);
	}

	async start(): Promise<string> {
		this.server = createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections?.();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private takeFailure(method: string, path: string): InjectedFailure | undefined {
		const index = this.failures.findIndex(
			(failure) =>
				(!failure.method || failure.method === method) &&
				(!failure.pathPrefix || path.startsWith(failure.pathPrefix)),
		);
		if (index < 0) return undefined;
		const failure = this.failures[index];
		failure.times = (failure.times ?? 1) - 1;
		if (failure.times <= 0) this.failures.splice(index, 1);
		return failure;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://fake');
		let body: unknown = rawBody;
		try {
			body = rawBody ? JSON.parse(rawBody) : undefined;
		} catch {
			// keep the text
		}
		const request: FakeRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			body,
			params: {},
		};
		this.log.push(request);
		let answer: FakeResponse;
		const failure = this.takeFailure(request.method, request.path);
		if (failure) {
			if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
			answer = {
				status: failure.status,
				body: failure.body ?? { message: `injected failure ${failure.status}` },
				headers: failure.headers,
			};
		} else {
			const route = this.routes.find(
				(candidate) => candidate.method === request.method && candidate.pattern.test(request.path),
			);
			if (!route) {
				answer = {
					status: 404,
					body: { message: `No route for ${request.method} ${request.path}` },
				};
			} else {
				const match = route.pattern.exec(request.path)!;
				route.keys.forEach(
					(key, index) => (request.params[key] = decodeURIComponent(match[index + 1])),
				);
				try {
					answer = await route.handler(request);
				} catch (error) {
					answer = { status: 500, body: { message: (error as Error).message } };
				}
			}
		}
		const text =
			answer.body === undefined
				? ''
				: typeof answer.body === 'string'
					? answer.body
					: JSON.stringify(answer.body);
		res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
		res.end(text);
	}
}

/** Posts a delivery to a webhook URL, the way a platform would. */
export async function postDelivery(
	url: string,
	body: string,
	headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
	const response = await fetch(url, { method: 'POST', headers, body });
	return { status: response.status, text: await response.text() };
}
