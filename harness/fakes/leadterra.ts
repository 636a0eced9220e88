import { randomBytes } from 'crypto';

import { leadterraEvents } from '../../nodes/Leadterra/events';
import { SIGNATURE_HEADER, signLeadterraBody } from '../../nodes/Leadterra/auth';
import {
	FakeServer,
	postDelivery,
	type FakeRequest,
	type FakeResponse,
	type InjectedFailure,
} from './fakeServer';

/**
 * A fake Leadterra API on loopback: the webhook endpoints (create returns a signing secret), the
 * sender-pools endpoint the credential test calls, Bearer checks, failure injection, and a
 * platform side that sends signed deliveries (and retries of them) to every registered URL.
 */

export interface FakeWebhook {
	id: string;
	url: string;
	events: string[];
	status: 'active';
	createdAt: string;
	secret: string;
}

export interface DeliveryResult {
	webhookId: string;
	url: string;
	status: number;
	text: string;
	body: string;
}

const EVENT_NAMES = leadterraEvents.map((event) => event.name);

export class FakeLeadterra {
	readonly server = new FakeServer();
	readonly webhooks = new Map<string, FakeWebhook>();
	/** Every id ever created, to tell "deleted" from "never existed". */
	readonly created: string[] = [];
	/** The last body sent per event, for retries. */
	private readonly lastBodies = new Map<string, string>();
	/** When set, the next create registers the webhook but answers with this status (a lost response). */
	private failAfterCreate: number[] = [];
	private sequence = 0;

	/**
	 * `returnSecret: false` answers registrations without a signing secret, as the documented
	 * response does; deliveries are then still signed, with a secret the node cannot know.
	 */
	constructor(
		readonly apiKey = `sk_test_${randomBytes(12).toString('hex')}`,
		private readonly options: { returnSecret?: boolean } = {},
	) {
		const api = (handler: (request: FakeRequest) => FakeResponse) => (request: FakeRequest) =>
			this.authorized(request)
				? handler(request)
				: {
						status: 401,
						body: { error: { code: 'authentication_failed', message: 'Invalid API key' } },
					};
		this.server
			.route(
				'GET',
				'/v1/sender-pools',
				api(() => ({
					status: 200,
					body: { senderPools: [{ id: 'sp_1', name: 'Main pool', dailyCapacity: 400 }] },
				})),
			)
			.route(
				'POST',
				'/v1/webhooks',
				api((request) => this.create(request)),
			)
			.route(
				'GET',
				'/v1/webhooks',
				api(() => ({ status: 200, body: { data: [...this.webhooks.values()].map(publicView) } })),
			)
			.route(
				'GET',
				'/v1/webhooks/:id',
				api((request) =>
					this.withWebhook(request, (webhook) => ({ status: 200, body: publicView(webhook) })),
				),
			)
			.route(
				'PATCH',
				'/v1/webhooks/:id',
				api((request) => this.withWebhook(request, (webhook) => this.update(webhook, request))),
			)
			.route(
				'DELETE',
				'/v1/webhooks/:id',
				api((request) =>
					this.withWebhook(request, (webhook) => {
						this.webhooks.delete(webhook.id);
						return { status: 204 };
					}),
				),
			);
	}

	/** The API base URL, as entered in the credential. */
	get baseUrl(): string {
		return `${this.server.url}/v1`;
	}

	async start(): Promise<string> {
		await this.server.start();
		return this.baseUrl;
	}

	async stop(): Promise<void> {
		await this.server.stop();
	}

	inject(failure: InjectedFailure): void {
		this.server.inject(failure);
	}

	/** The next create succeeds at the platform but answers `status`, as if the response were lost. */
	loseNextCreateResponse(status = 502): void {
		this.failAfterCreate.push(status);
	}

	/** Adds a registration directly, as if made earlier or by hand in the Leadterra app. */
	seed(url: string, events: string[]): FakeWebhook {
		const webhook: FakeWebhook = {
			id: `wh_${randomBytes(8).toString('hex').toUpperCase()}`,
			url,
			events: [...events],
			status: 'active',
			createdAt: new Date().toISOString(),
			secret: `whsec_${randomBytes(16).toString('hex')}`,
		};
		this.webhooks.set(webhook.id, webhook);
		return webhook;
	}

	requests(method?: string, pathPrefix?: string): FakeRequest[] {
		return this.server.requests(method, pathPrefix);
	}

	list(): FakeWebhook[] {
		return [...this.webhooks.values()];
	}

	/** A delivery body for `event`, from the catalogue sample, made unique per call. */
	bodyFor(event: string): string {
		const definition = leadterraEvents.find((entry) => entry.name === event);
		const sample = (definition?.sample ?? {
			event,
			timestamp: new Date().toISOString(),
			data: {},
		}) as Record<string, unknown>;
		this.sequence += 1;
		const data = { ...(sample.data as Record<string, unknown>) };
		// Unique ids per delivery, so separate deliveries are separate events (retries reuse the body).
		if (typeof data.messageId === 'string') data.messageId = `${data.messageId}_${this.sequence}`;
		if (data.reply && typeof data.reply === 'object')
			data.reply = { ...(data.reply as object), id: `rpl_fake_${this.sequence}` };
		return JSON.stringify({
			...sample,
			event,
			timestamp: new Date(Date.UTC(2025, 5, 10, 16, 0, this.sequence)).toISOString(),
			data,
		});
	}

	/**
	 * Sends `event` to every registered URL subscribed to it, signed with each webhook's secret.
	 * With `retry`, the previous body of that event is sent again unchanged, like a platform retry.
	 */
	async deliver(
		event: string,
		options: { retry?: boolean; body?: string } = {},
	): Promise<DeliveryResult[]> {
		const body = options.retry ? this.lastBodies.get(event) : (options.body ?? this.bodyFor(event));
		if (body === undefined) throw new Error(`No earlier delivery of ${event} to retry`);
		this.lastBodies.set(event, body);
		const results: DeliveryResult[] = [];
		for (const webhook of this.webhooks.values()) {
			if (!webhook.events.includes(event)) continue;
			const response = await postDelivery(webhook.url, body, {
				'content-type': 'application/json',
				[SIGNATURE_HEADER]: signLeadterraBody(webhook.secret, body),
			});
			results.push({
				webhookId: webhook.id,
				url: webhook.url,
				status: response.status,
				text: response.text,
				body,
			});
		}
		return results;
	}

	private authorized(request: FakeRequest): boolean {
		return request.headers.authorization === `Bearer ${this.apiKey}`;
	}

	// Unlike the real platform, plain http URLs are accepted: the n8n under test listens on loopback http.
	private create(request: FakeRequest): FakeResponse {
		const problem = invalidRegistration(request.body, true);
		if (problem)
			return { status: 422, body: { error: { code: 'invalid_request', message: problem } } };
		const { url, events } = request.body as { url: string; events: string[] };
		const webhook = this.seed(url, events);
		this.created.push(webhook.id);
		const lost = this.failAfterCreate.shift();
		if (lost !== undefined) return { status: lost, body: { message: 'upstream timeout' } };
		const secret = this.options.returnSecret === false ? {} : { secret: webhook.secret };
		return { status: 201, body: { webhook: { ...publicView(webhook), ...secret } } };
	}

	private update(webhook: FakeWebhook, request: FakeRequest): FakeResponse {
		const problem = invalidRegistration(request.body, false);
		if (problem)
			return { status: 422, body: { error: { code: 'invalid_request', message: problem } } };
		const changes = request.body as { url?: string; events?: string[] };
		if (changes.url !== undefined) webhook.url = changes.url;
		if (changes.events !== undefined) webhook.events = [...changes.events];
		return { status: 200, body: { webhook: publicView(webhook) } };
	}

	private withWebhook(
		request: FakeRequest,
		handler: (webhook: FakeWebhook) => FakeResponse,
	): FakeResponse {
		const webhook = this.webhooks.get(request.params.id);
		if (!webhook)
			return {
				status: 404,
				body: { error: { code: 'webhook_not_found', message: `No webhook ${request.params.id}` } },
			};
		return handler(webhook);
	}
}

function publicView(webhook: FakeWebhook): Omit<FakeWebhook, 'secret'> {
	const { secret, ...rest } = webhook;
	void secret;
	return rest;
}

/** The platform's validation of a registration body; `complete` requires both fields. */
function invalidRegistration(body: unknown, complete: boolean): string | undefined {
	if (typeof body !== 'object' || body === null) return 'Body must be a JSON object';
	const { url, events } = body as { url?: unknown; events?: unknown };
	if (complete || url !== undefined) {
		if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return 'url must be an http(s) URL';
	}
	if (complete || events !== undefined) {
		if (!Array.isArray(events) || events.length === 0) return 'events must list at least one event';
		const unknown = events.filter((event) => !EVENT_NAMES.includes(event as string));
		if (unknown.length > 0) return `Unknown events: ${unknown.join(', ')}`;
	}
	return undefined;
}
