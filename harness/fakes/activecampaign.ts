import { activeCampaignEvents, type FormSample } from '../../nodes/ActiveCampaign/events';
import { encodeFormBody } from '../../nodes/ActiveCampaign/formParser';
import { FakeServer, type FakeRequest, type FakeResponse } from './fakeServer';

/**
 * A fake ActiveCampaign v3 webhook API on loopback (spec §5): webhook CRUD under `/api/3/webhooks`
 * with `Api-Token` authentication, the event list, `users/me` for the credential test, failure
 * injection through `FakeServer.inject`, and a sender that posts form-encoded deliveries to the
 * registered URLs. Like ActiveCampaign it never retries, and a webhook whose delivery answers 410
 * is marked inactive for good (it stays listed; the API does not document the flag, so it is not
 * exposed in responses either).
 */

export interface FakeWebhook {
	id: string;
	cdate: string;
	listid: string;
	name: string;
	url: string;
	events: string[];
	sources: string[];
}

export interface SentDelivery {
	webhookId: string;
	url: string;
	event: string;
	body: string;
	status: number;
	text: string;
}

export const FAKE_API_KEY = 'fake-ac-api-key-0123456789abcdef';

export class FakeActiveCampaign {
	readonly server = new FakeServer();
	readonly webhooks = new Map<string, FakeWebhook>();
	readonly inactive = new Set<string>();
	readonly sent: SentDelivery[] = [];
	private nextId = 1;

	constructor(readonly apiKey = FAKE_API_KEY) {
		const guarded = (handler: (request: FakeRequest) => FakeResponse) => (request: FakeRequest) =>
			request.headers['api-token'] === this.apiKey
				? handler(request)
				: { status: 403, body: { message: 'You are not authorized to access this resource' } };
		this.server
			.route(
				'GET',
				'/api/3/users/me',
				guarded(() => ({ status: 200, body: { user: { id: '1', username: 'admin' } } })),
			)
			.route(
				'GET',
				'/api/3/webhook/events',
				guarded(() => ({
					status: 200,
					body: {
						webhookEvents: activeCampaignEvents.map((event) => event.name),
						meta: { total: activeCampaignEvents.length },
					},
				})),
			)
			.route(
				'GET',
				'/api/3/webhooks',
				guarded((request) => this.list(request)),
			)
			.route(
				'POST',
				'/api/3/webhooks',
				guarded((request) => this.create(request)),
			)
			.route(
				'GET',
				'/api/3/webhooks/:id',
				guarded((request) =>
					this.found(request.params.id, (hook) => ({ status: 200, body: { webhook: hook } })),
				),
			)
			.route(
				'PUT',
				'/api/3/webhooks/:id',
				guarded((request) => this.update(request)),
			)
			.route(
				'DELETE',
				'/api/3/webhooks/:id',
				guarded((request) =>
					this.found(request.params.id, (hook) => {
						this.webhooks.delete(hook.id);
						return { status: 200, body: {} };
					}),
				),
			);
	}

	get url(): string {
		return this.server.url;
	}

	start(): Promise<string> {
		return this.server.start();
	}

	stop(): Promise<void> {
		return this.server.stop();
	}

	/** Registered webhooks whose URL (query string ignored) starts with `prefix`. */
	hooksFor(prefix: string): FakeWebhook[] {
		return [...this.webhooks.values()].filter((hook) => hook.url.split('?')[0].startsWith(prefix));
	}

	isActive(id: string): boolean {
		return this.webhooks.has(id) && !this.inactive.has(id);
	}

	/**
	 * Fires one event: posts the catalogue sample (with `overrides`) to every active webhook
	 * subscribed to it whose sources include `source` (default `admin`) and, when `to` is given,
	 * whose URL starts with it. Returns one record per delivery.
	 */
	async fire(
		event: string,
		options: { overrides?: FormSample; source?: string; to?: string } = {},
	): Promise<SentDelivery[]> {
		const definition = activeCampaignEvents.find((entry) => entry.name === event);
		const base: FormSample = definition ? definition.sample : { type: event };
		const source = options.source ?? 'admin';
		const targets = [...this.webhooks.values()].filter(
			(hook) =>
				!this.inactive.has(hook.id) &&
				hook.events.includes(event) &&
				hook.sources.includes(source) &&
				(!options.to || hook.url.startsWith(options.to)),
		);
		const results: SentDelivery[] = [];
		for (const hook of targets) {
			results.push(
				await this.post(
					hook.id,
					hook.url,
					event,
					encodeFormBody({ ...base, url: hook.url, ...options.overrides }),
				),
			);
		}
		return results;
	}

	/** Posts a raw body to any URL, as ActiveCampaign would (used for stale and forged deliveries). */
	async post(webhookId: string, url: string, event: string, body: string): Promise<SentDelivery> {
		const response = await fetch(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'user-agent': 'ActiveCampaign/1.0 (fake)',
			},
			body,
		});
		const delivery: SentDelivery = {
			webhookId,
			url,
			event,
			body,
			status: response.status,
			text: await response.text(),
		};
		if (response.status === 410 && this.webhooks.has(webhookId)) this.inactive.add(webhookId);
		this.sent.push(delivery);
		return delivery;
	}

	private list(request: FakeRequest): FakeResponse {
		const url = request.query.get('filters[url]');
		const name = request.query.get('filters[name]');
		const limit = Math.max(1, Math.min(100, Number(request.query.get('limit') ?? 20) || 20));
		const offset = Math.max(0, Number(request.query.get('offset') ?? 0) || 0);
		const all = [...this.webhooks.values()].filter(
			(hook) => (!url || hook.url === url) && (!name || hook.name === name),
		);
		return {
			status: 200,
			body: { webhooks: all.slice(offset, offset + limit), meta: { total: String(all.length) } },
		};
	}

	private validate(
		webhook: Partial<FakeWebhook> | undefined,
		partial: boolean,
	): string | undefined {
		if (!webhook || typeof webhook !== 'object') return 'Missing webhook object';
		for (const field of ['name', 'url'] as const) {
			if (!partial && (typeof webhook[field] !== 'string' || webhook[field] === ''))
				return `The ${field} field is required`;
		}
		for (const field of ['events', 'sources'] as const) {
			const value = webhook[field];
			if ((!partial || value !== undefined) && (!Array.isArray(value) || value.length === 0))
				return `At least one of ${field} is required`;
		}
		return undefined;
	}

	private create(request: FakeRequest): FakeResponse {
		const webhook = (
			request.body as { webhook?: Partial<FakeWebhook> & { listid?: number | string } } | undefined
		)?.webhook;
		const problem = this.validate(webhook, false);
		if (problem) return { status: 422, body: { errors: [{ title: problem }] } };
		const hook: FakeWebhook = {
			id: String(this.nextId++),
			cdate: new Date().toISOString(),
			listid: String(webhook!.listid ?? '0'),
			name: webhook!.name!,
			url: webhook!.url!,
			events: [...webhook!.events!],
			sources: [...webhook!.sources!],
		};
		this.webhooks.set(hook.id, hook);
		return { status: 201, body: { webhook: hook } };
	}

	private update(request: FakeRequest): FakeResponse {
		return this.found(request.params.id, (hook) => {
			const webhook = (request.body as { webhook?: Partial<FakeWebhook> } | undefined)?.webhook;
			const problem = this.validate(webhook, true);
			if (problem) return { status: 422, body: { errors: [{ title: problem }] } };
			Object.assign(hook, webhook, { id: hook.id, listid: String(webhook?.listid ?? hook.listid) });
			return { status: 200, body: { webhook: hook } };
		});
	}

	private found(id: string, then: (hook: FakeWebhook) => FakeResponse): FakeResponse {
		const hook = this.webhooks.get(id);
		return hook
			? then(hook)
			: { status: 404, body: { message: 'No Result found for Webhook with id ' + id } };
	}
}
