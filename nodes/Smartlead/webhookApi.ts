import { NodeOperationError } from 'n8n-workflow';

import type { ApiContext } from '../shared/transport';
import { categoryIdsByName, CATEGORIES_PATH, categoryOptions } from './methods/loadOptions';
import {
	createdId,
	createGenericWebhookRequest,
	listCampaignWebhooksRequest,
	mayBeAssociationFormatProblem,
	parseWebhookList,
	sortedNames,
	type DesiredWebhook,
	type RemoteWebhook,
	type Scope,
} from './registration';
import { smartleadRequest } from './transport';

/** SmartLead calls shared by the trigger's lifecycle and the SmartLead node. */

async function loadCategories(context: ApiContext): Promise<unknown> {
	const response = await smartleadRequest.call(context, { method: 'GET', path: CATEGORIES_PATH });
	return response.body;
}

/**
 * The category filter in the form each endpoint wants: names for the campaign endpoint (all of them
 * when none is chosen, because it rejects an empty list), ids for the user- and client-level ones.
 */
export async function resolveCategories(
	context: ApiContext,
	scope: Scope,
	selected: readonly string[],
): Promise<Pick<DesiredWebhook, 'categories' | 'categoryIds'>> {
	const names = sortedNames(selected);
	if (scope === 'campaign') {
		if (names.length > 0) return { categories: names, categoryIds: [] };
		const all = categoryOptions(await loadCategories(context)).map((option) =>
			String(option.value),
		);
		return { categories: sortedNames(all), categoryIds: [] };
	}
	if (names.length === 0) return { categories: [], categoryIds: [] };
	const ids = categoryIdsByName(await loadCategories(context));
	const missing = names.filter((name) => !ids.has(name));
	if (missing.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`SmartLead has no lead category named ${missing.map((name) => `"${name}"`).join(', ')}`,
			{
				description: 'Pick the lead categories again from the list.',
			},
		);
	}
	return {
		categories: [],
		categoryIds: [...new Set(names.map((name) => ids.get(name) as number))].sort((a, b) => a - b),
	};
}

/** The campaign's webhooks, or undefined when SmartLead does not know the campaign (404). */
export async function listCampaignWebhooks(
	context: ApiContext,
	campaignId: number,
): Promise<RemoteWebhook[] | undefined> {
	const response = await smartleadRequest.call(context, listCampaignWebhooksRequest(campaignId));
	return response.statusCode === 404 ? undefined : parseWebhookList(response.body);
}

/**
 * `POST /webhook/create`. SmartLead's docs give `association_type` both as a name and as a number,
 * so a 400/422 for the name form is retried once with the number form.
 */
export async function createGenericWebhook(
	context: ApiContext,
	desired: DesiredWebhook,
): Promise<{ id: number | string | undefined; body: unknown }> {
	let created = await smartleadRequest.call(context, {
		...createGenericWebhookRequest(desired, 'name'),
		allowStatuses: [400, 422],
	});
	if (mayBeAssociationFormatProblem(created.statusCode)) {
		context.logger.info(
			`SmartLead refused association_type "${desired.scope}" (${created.statusCode}); retrying with its numeric form`,
		);
		created = await smartleadRequest.call(context, createGenericWebhookRequest(desired, 'number'));
	}
	return { id: createdId(created.body), body: created.body };
}
