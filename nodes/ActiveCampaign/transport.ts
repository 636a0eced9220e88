import { NodeOperationError } from 'n8n-workflow';

import { isPlainObject } from '../shared/pipeline/body';
import {
	platformRequest,
	type ApiContext,
	type ApiResponse,
} from '../shared/registration/apiRequest';
import { ACTIVECAMPAIGN_CREDENTIAL, type RemoteWebhook, type WebhookSpec } from './types';

/**
 * ActiveCampaign's v3 webhook endpoints (`GET|POST /api/3/webhooks`, `DELETE
 * /api/3/webhooks/{id}`) over the package's shared transport, and how their answers are read.
 */

const activeCampaignRequest = platformRequest({
	credentialType: ACTIVECAMPAIGN_CREDENTIAL,
	platform: 'ActiveCampaign',
	secretFields: ['apiKey'],
	baseUrlField: 'apiUrl',
	defaultBaseUrl: 'https://account.api-us1.com',
});

const PAGE_SIZE = 100;
/** A guard against a server that ignores `offset`; 50 pages is far more webhooks than an account has. */
const MAX_PAGES = 50;

interface WebhookListResponse {
	webhooks?: unknown[];
	meta?: { total?: string | number };
}

function strings(value: unknown): string[] {
	return Array.isArray(value)
		? value.filter((entry): entry is string => typeof entry === 'string')
		: [];
}

/** A listed or created webhook with the fields every registration has; undefined without an id. */
export function toRemoteWebhook(value: unknown): RemoteWebhook | undefined {
	if (!isPlainObject(value) || value.id === undefined || value.id === null) return undefined;
	return {
		...value,
		id: String(value.id),
		url: typeof value.url === 'string' ? value.url : '',
		events: strings(value.events),
		sources: Array.isArray(value.sources) ? strings(value.sources) : undefined,
	};
}

export async function listWebhooks(this: ApiContext): Promise<RemoteWebhook[]> {
	const all: RemoteWebhook[] = [];
	let listed = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		const response = (await activeCampaignRequest.call(this, {
			method: 'GET',
			path: '/api/3/webhooks',
			qs: { limit: PAGE_SIZE, offset: page * PAGE_SIZE },
		})) as ApiResponse<WebhookListResponse | undefined>;
		const hooks = Array.isArray(response.body?.webhooks) ? response.body.webhooks : [];
		for (const hook of hooks) {
			const webhook = toRemoteWebhook(hook);
			if (webhook) all.push(webhook);
		}
		listed += hooks.length;
		const total = Number(response.body?.meta?.total);
		if (hooks.length < PAGE_SIZE || (Number.isFinite(total) && listed >= total)) break;
	}
	return all;
}

export async function createWebhook(this: ApiContext, spec: WebhookSpec): Promise<RemoteWebhook> {
	const response = (await activeCampaignRequest.call(this, {
		method: 'POST',
		path: '/api/3/webhooks',
		body: { webhook: spec },
	})) as ApiResponse<{ webhook?: unknown } | undefined>;
	const webhook = toRemoteWebhook(response.body?.webhook);
	if (!webhook) {
		throw new NodeOperationError(
			this.getNode(),
			'ActiveCampaign answered the webhook creation without a webhook id',
			{
				description:
					"Check that the credential's Account URL points at your ActiveCampaign account (without /api/3).",
			},
		);
	}
	return webhook;
}

/** Deletes one webhook; a 404 means it is already gone, which is what the caller wants. */
export async function deleteWebhook(this: ApiContext, id: string): Promise<'deleted' | 'gone'> {
	const response = await activeCampaignRequest.call(this, {
		method: 'DELETE',
		path: `/api/3/webhooks/${encodeURIComponent(id)}`,
		allowStatuses: [404],
	});
	return response.statusCode === 404 ? 'gone' : 'deleted';
}
