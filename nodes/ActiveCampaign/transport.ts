import { NodeOperationError } from 'n8n-workflow';

import { apiRequest, type ApiContext, type ApiResponse, type ApiTarget } from '../shared/transport';
import type { RemoteWebhook, WebhookSpec } from './registration';

/** ActiveCampaign v3 webhook endpoints (spec §5.1) over the package's shared transport. */

export const ACTIVECAMPAIGN_CREDENTIAL = 'activeCampaignEventsApi';

export const ACTIVECAMPAIGN_TARGET: ApiTarget = {
	credentialType: ACTIVECAMPAIGN_CREDENTIAL,
	platform: 'ActiveCampaign',
	secretFields: ['apiKey'],
	baseUrlField: 'apiUrl',
	defaultBaseUrl: 'https://account.api-us1.com',
};

const PAGE_SIZE = 100;
/** A guard against a server that ignores `offset`; 50 pages is far more webhooks than an account has. */
const MAX_PAGES = 50;

interface WebhookListResponse {
	webhooks?: RemoteWebhook[];
	meta?: { total?: string | number };
}

export async function listWebhooks(this: ApiContext): Promise<RemoteWebhook[]> {
	const all: RemoteWebhook[] = [];
	for (let page = 0; page < MAX_PAGES; page++) {
		const response = (await apiRequest.call(this, ACTIVECAMPAIGN_TARGET, {
			method: 'GET',
			path: '/api/3/webhooks',
			qs: { limit: PAGE_SIZE, offset: page * PAGE_SIZE },
		})) as ApiResponse<WebhookListResponse | undefined>;
		const hooks = Array.isArray(response.body?.webhooks) ? response.body.webhooks : [];
		all.push(...hooks);
		const total = Number(response.body?.meta?.total);
		if (hooks.length < PAGE_SIZE || (Number.isFinite(total) && all.length >= total)) break;
	}
	return all;
}

export async function createWebhook(this: ApiContext, spec: WebhookSpec): Promise<RemoteWebhook> {
	const response = (await apiRequest.call(this, ACTIVECAMPAIGN_TARGET, {
		method: 'POST',
		path: '/api/3/webhooks',
		body: { webhook: spec },
	})) as ApiResponse<{ webhook?: RemoteWebhook } | undefined>;
	const webhook = response.body?.webhook;
	if (!webhook || webhook.id === undefined || webhook.id === null) {
		throw new NodeOperationError(
			this.getNode(),
			'ActiveCampaign answered the webhook creation without a webhook id',
			{
				description:
					"Check that the credential's Account URL points at your ActiveCampaign account (without /api/3).",
			},
		);
	}
	return { ...webhook, id: String(webhook.id) };
}

/** Deletes one webhook; a 404 means it is already gone, which is what the caller wants. */
export async function deleteWebhook(this: ApiContext, id: string): Promise<'deleted' | 'gone'> {
	const response = await apiRequest.call(this, ACTIVECAMPAIGN_TARGET, {
		method: 'DELETE',
		path: `/api/3/webhooks/${encodeURIComponent(id)}`,
		allowStatuses: [404],
	});
	return response.statusCode === 404 ? 'gone' : 'deleted';
}
