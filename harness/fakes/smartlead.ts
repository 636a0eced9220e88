import { distinctEventNames, findEvent } from '../../nodes/shared/catalogue/definitions';
import { smartleadEvents } from '../../nodes/Smartlead/events';
import {
	FakeServer,
	postDelivery,
	type FakeRequest,
	type FakeResponse,
	type Handler,
} from './fakeServer';

/**
 * A fake SmartLead API on loopback, following shared/spec/smartlead.md: `api_key` query auth, the
 * campaign webhook endpoints SmartLead's CLI uses (DELETE with a JSON body, POST that creates or
 * updates and answers only `{ok: true}`), the newer generic `/webhook/*` endpoints for user and
 * client scope, the dropdown lookups, and `deliver()` that posts flat SmartLead payloads to every
 * registered URL subscribed to an event. It is strict where the spec reports SmartLead to be strict
 * (non-empty `categories` of known names, known event types), so a sloppy client fails here.
 */

export const API_PREFIX = '/api/v1';

export type FakeScope = 'user' | 'client' | 'campaign';

export interface FakeWebhook {
	id: number;
	scope: FakeScope;
	campaignId: number | null;
	clientId: number | null;
	name: string;
	webhookUrl: string;
	events: string[];
	/** Category names (campaign endpoint). */
	categories: string[];
	/** Category ids (generic endpoints). */
	categoryIds: number[];
	createdAt: string;
	updatedAt: string;
}

export interface FakeSmartleadOptions {
	apiKey: string;
	/** Which `association_type` forms POST /webhook/create accepts. */
	associationFormat?: 'name' | 'number' | 'both';
	/** Whether POST /campaigns/{id}/webhooks echoes the saved id (SmartLead's old docs show only `{ok: true}`). */
	returnIdOnCampaignSave?: boolean;
}

export const FAKE_CAMPAIGNS = [
	{
		id: 9181,
		user_id: 7,
		name: 'Q1 Outreach',
		status: 'ACTIVE',
		client_id: 42,
		created_at: '2025-03-01T10:00:00.000Z',
	},
	{
		id: 377,
		user_id: 7,
		name: 'Manual step test',
		status: 'PAUSED',
		client_id: null,
		created_at: '2025-02-01T10:00:00.000Z',
	},
	{
		id: 120,
		user_id: 7,
		name: 'Archive 2024',
		status: 'ARCHIVED',
		client_id: 43,
		created_at: '2024-11-01T10:00:00.000Z',
	},
];

export const FAKE_CLIENTS = [
	{
		id: 42,
		name: 'Acme Agency',
		email: 'ops@acme.example',
		uuid: 'c-42',
		created_at: '2025-01-01T00:00:00.000Z',
		user_id: 7,
	},
	{
		id: 43,
		name: 'Beta Partners',
		email: 'hello@beta.example',
		uuid: 'c-43',
		created_at: '2025-01-02T00:00:00.000Z',
		user_id: 7,
	},
];

export const FAKE_CATEGORIES = [
	{ id: 1, name: 'Interested', created_at: '2024-01-01T00:00:00.000Z', sentiment_type: 'positive' },
	{
		id: 2,
		name: 'Not Interested',
		created_at: '2024-01-01T00:00:00.000Z',
		sentiment_type: 'negative',
	},
	{
		id: 3,
		name: 'Meeting Booked',
		created_at: '2024-01-01T00:00:00.000Z',
		sentiment_type: 'positive',
	},
	{ id: 101, name: 'Hot Lead', created_at: '2024-06-01T00:00:00.000Z', sentiment_type: 'positive' },
];

export const FAKE_SECRET_KEY = '5f1c1b8e-0d3e-4c55-9b2f-6a7d8e9f0a1b';

const VALID_EVENTS = new Set(distinctEventNames(smartleadEvents));
const ASSOCIATION_NUMBERS: Record<number, FakeScope> = { 1: 'user', 2: 'client', 3: 'campaign' };

function bad(status: number, error: string): FakeResponse {
	return { status, body: { error } };
}

function validUrl(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function trueKeys(value: unknown): string[] {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
	return Object.entries(value as Record<string, unknown>)
		.filter(([, flag]) => flag === true)
		.map(([key]) => key);
}

export class FakeSmartlead extends FakeServer {
	readonly webhooks = new Map<number, FakeWebhook>();
	private nextId = 500;
	secretKey = FAKE_SECRET_KEY;

	constructor(readonly options: FakeSmartleadOptions) {
		super();
		this.register('GET', '/campaigns', (request) => {
			const clientId = request.query.get('client_id');
			return {
				status: 200,
				body: FAKE_CAMPAIGNS.filter(
					(campaign) => !clientId || String(campaign.client_id) === clientId,
				),
			};
		});
		this.register('GET', '/client', () => ({ status: 200, body: FAKE_CLIENTS }));
		this.register('GET', '/leads/fetch-categories', () => ({ status: 200, body: FAKE_CATEGORIES }));
		this.register('GET', '/campaigns/:campaignId/webhooks', (request) =>
			this.listCampaign(request),
		);
		this.register('POST', '/campaigns/:campaignId/webhooks', (request) =>
			this.saveCampaign(request),
		);
		this.register('DELETE', '/campaigns/:campaignId/webhooks', (request) =>
			this.deleteCampaign(request),
		);
		this.register('POST', '/webhook/create', (request) => this.createGeneric(request));
		this.register('PUT', '/webhook/update/:id', (request) => this.updateGeneric(request));
		this.register('DELETE', '/webhook/delete/:id', (request) => this.deleteGeneric(request));
		this.register('GET', '/webhook/:id', (request) => this.getGeneric(request));
	}

	/** Base URL to put in the credential. */
	get baseUrl(): string {
		return `${this.url}${API_PREFIX}`;
	}

	private register(method: string, path: string, handler: Handler): void {
		this.route(method, `${API_PREFIX}${path}`, (request) => {
			if (request.query.get('api_key') !== this.options.apiKey)
				return { status: 401, body: { message: 'Invalid API Key' } };
			return handler(request);
		});
	}

	all(scope?: FakeScope): FakeWebhook[] {
		return [...this.webhooks.values()].filter((webhook) => !scope || webhook.scope === scope);
	}

	/** Requests as sent, with the api_key masked (for assertions and failure messages). */
	calls(): string[] {
		return this.log.map((request) => `${request.method} ${request.path}`);
	}

	reset(): void {
		this.webhooks.clear();
		this.log.length = 0;
		this.clearFailures();
	}

	private campaign(request: FakeRequest) {
		return FAKE_CAMPAIGNS.find((campaign) => String(campaign.id) === request.params.campaignId);
	}

	private listCampaign(request: FakeRequest): FakeResponse {
		const campaign = this.campaign(request);
		if (!campaign) return bad(404, 'Campaign not found - Invalid campaign_id.');
		return {
			status: 200,
			body: this.all('campaign')
				.filter((webhook) => webhook.campaignId === campaign.id)
				.map((webhook) => ({
					id: webhook.id,
					name: webhook.name,
					webhook_url: webhook.webhookUrl,
					email_campaign_id: webhook.campaignId,
					event_types: webhook.events,
					categories: webhook.categories,
					created_at: webhook.createdAt,
					updated_at: webhook.updatedAt,
				})),
		};
	}

	private validateEvents(events: unknown): FakeResponse | undefined {
		if (!Array.isArray(events) || events.length === 0)
			return bad(400, 'Invalid event_types - (empty)');
		const wrong = events.find((event) => typeof event !== 'string' || !VALID_EVENTS.has(event));
		return wrong === undefined ? undefined : bad(400, `Invalid event_types - ${String(wrong)}`);
	}

	private saveCampaign(request: FakeRequest): FakeResponse {
		const campaign = this.campaign(request);
		if (!campaign) return bad(404, 'Campaign not found - Invalid campaign_id.');
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (!validUrl(body.webhook_url))
			return bad(400, `Invalid webhook_url - ${String(body.webhook_url)}`);
		const eventProblem = this.validateEvents(body.event_types);
		if (eventProblem) return eventProblem;
		const categories = body.categories;
		if (!Array.isArray(categories) || categories.length === 0)
			return bad(400, 'Invalid category - (empty)');
		const unknown = categories.find(
			(name) => !FAKE_CATEGORIES.some((category) => category.name === name),
		);
		if (unknown !== undefined) return bad(400, `Invalid category - ${String(unknown)}`);
		const now = new Date().toISOString();
		const fields = {
			name: String(body.name ?? ''),
			webhookUrl: body.webhook_url,
			events: [...(body.event_types as string[])],
			categories: [...(categories as string[])],
			updatedAt: now,
		};
		if (body.id === null || body.id === undefined) {
			const id = this.nextId++;
			this.webhooks.set(id, {
				id,
				scope: 'campaign',
				campaignId: campaign.id,
				clientId: null,
				categoryIds: [],
				createdAt: now,
				...fields,
			});
			return {
				status: 200,
				body: this.options.returnIdOnCampaignSave ? { ok: true, id } : { ok: true },
			};
		}
		const existing = this.webhooks.get(Number(body.id));
		if (!existing || existing.campaignId !== campaign.id) return bad(404, 'Webhook not found');
		Object.assign(existing, fields);
		return { status: 200, body: { ok: true } };
	}

	private deleteCampaign(request: FakeRequest): FakeResponse {
		const campaign = this.campaign(request);
		if (!campaign) return bad(404, 'Campaign not found - Invalid campaign_id.');
		const id = Number(((request.body ?? {}) as Record<string, unknown>).id);
		const existing = this.webhooks.get(id);
		if (!existing || existing.campaignId !== campaign.id) return bad(404, 'Resource not found');
		this.webhooks.delete(id);
		return { status: 200, body: { ok: true } };
	}

	private association(value: unknown): FakeScope | undefined {
		const format = this.options.associationFormat ?? 'name';
		if (
			(format === 'name' || format === 'both') &&
			(value === 'user' || value === 'client' || value === 'campaign')
		)
			return value;
		if ((format === 'number' || format === 'both') && typeof value === 'number')
			return ASSOCIATION_NUMBERS[value];
		return undefined;
	}

	private createGeneric(request: FakeRequest): FakeResponse {
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (body.webhook_url === undefined || body.webhook_url === '')
			return bad(422, 'webhook_url is required');
		if (!validUrl(body.webhook_url))
			return bad(400, `Invalid webhook_url - ${String(body.webhook_url)}`);
		const scope = this.association(body.association_type);
		if (!scope) return bad(400, 'Invalid parameters provided');
		let clientId: number | null = null;
		let campaignId: number | null = null;
		if (scope === 'client') {
			clientId = Number(body.client_id);
			if (!FAKE_CLIENTS.some((client) => client.id === clientId))
				return bad(400, 'Invalid client_id');
		}
		if (scope === 'campaign') {
			campaignId = Number(body.email_campaign_id);
			if (!FAKE_CAMPAIGNS.some((campaign) => campaign.id === campaignId))
				return bad(400, 'Invalid email_campaign_id');
		}
		const events = trueKeys(body.event_type_map);
		const eventProblem = this.validateEvents(events);
		if (eventProblem) return eventProblem;
		const categoryIds = trueKeys(body.category_id_map).map(Number);
		if (categoryIds.some((id) => !FAKE_CATEGORIES.some((category) => category.id === id)))
			return bad(400, 'Invalid category_id_map');
		const id = this.nextId++;
		const now = new Date().toISOString();
		this.webhooks.set(id, {
			id,
			scope,
			campaignId,
			clientId,
			name: String(body.name ?? ''),
			webhookUrl: body.webhook_url,
			events,
			categories: [],
			categoryIds,
			createdAt: now,
			updatedAt: now,
		});
		return { status: 200, body: { ok: true, id, webhook_url: body.webhook_url } };
	}

	private generic(request: FakeRequest): FakeWebhook | undefined {
		const webhook = this.webhooks.get(Number(request.params.id));
		return webhook && webhook.scope !== 'campaign' ? webhook : undefined;
	}

	private getGeneric(request: FakeRequest): FakeResponse {
		const webhook = this.generic(request);
		if (!webhook) return bad(404, 'Resource not found');
		return {
			status: 200,
			body: {
				ok: true,
				data: {
					id: webhook.id,
					email_campaign_id: webhook.campaignId,
					name: webhook.name,
					webhook_url: webhook.webhookUrl,
					event_type_map: Object.fromEntries(webhook.events.map((event) => [event, true])),
					category_id_map: Object.fromEntries(webhook.categoryIds.map((id) => [String(id), true])),
					created_at: webhook.createdAt,
					updated_at: webhook.updatedAt,
				},
			},
		};
	}

	private updateGeneric(request: FakeRequest): FakeResponse {
		const webhook = this.generic(request);
		if (!webhook) return bad(404, 'Resource not found');
		const body = (request.body ?? {}) as Record<string, unknown>;
		if (!validUrl(body.webhook_url))
			return bad(400, `Invalid webhook_url - ${String(body.webhook_url)}`);
		const eventProblem = this.validateEvents(body.event_types);
		if (eventProblem) return eventProblem;
		const categoryIds = Array.isArray(body.categories) ? body.categories.map(Number) : [];
		Object.assign(webhook, {
			name: String(body.name ?? webhook.name),
			webhookUrl: body.webhook_url,
			events: [...(body.event_types as string[])],
			categoryIds,
			updatedAt: new Date().toISOString(),
		});
		return {
			status: 200,
			body: { ok: true, id: webhook.id, message: 'Webhook saved successfully' },
		};
	}

	private deleteGeneric(request: FakeRequest): FakeResponse {
		const webhook = this.generic(request);
		if (!webhook) return bad(404, 'Resource not found');
		this.webhooks.delete(webhook.id);
		return { status: 200, body: { success: true, data: {} } };
	}

	/** The flat payload SmartLead would send for `event` through `webhook`. */
	payloadFor(event: string, webhook: FakeWebhook): Record<string, unknown> {
		const definition = findEvent(smartleadEvents, event);
		if (!definition) throw new Error(`No sample for ${event}`);
		const payload: Record<string, unknown> = {
			...(definition.sample as Record<string, unknown>),
			webhook_id: webhook.id,
			webhook_name: webhook.name,
			webhook_url: webhook.webhookUrl,
			secret_key: this.secretKey,
		};
		if (event !== 'UNTRACKED_REPLIES') {
			const campaign =
				FAKE_CAMPAIGNS.find((entry) => entry.id === webhook.campaignId) ?? FAKE_CAMPAIGNS[0];
			payload.campaign_id = campaign.id;
			payload.campaign_name = campaign.name;
			payload.client_id = webhook.clientId ?? campaign.client_id;
		}
		return payload;
	}

	/** Sends `event` to every registered webhook subscribed to it, as SmartLead would. */
	async deliver(
		event: string,
		mutate?: (payload: Record<string, unknown>) => Record<string, unknown>,
	): Promise<Array<{ webhookId: number; status: number; text: string }>> {
		const results: Array<{ webhookId: number; status: number; text: string }> = [];
		for (const webhook of this.all().filter((entry) => entry.events.includes(event))) {
			const payload = this.payloadFor(event, webhook);
			const body = JSON.stringify(mutate ? mutate(payload) : payload);
			const response = await postDelivery(webhook.webhookUrl, body, {
				'content-type': 'application/json',
				'user-agent': 'SmartLead-Webhook',
			});
			results.push({ webhookId: webhook.id, ...response });
		}
		return results;
	}
}
