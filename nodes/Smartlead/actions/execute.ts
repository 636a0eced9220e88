import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { isPlainObject } from '../../shared/body';
import type { DesiredWebhook, Scope } from '../registration';
import {
	createdId,
	createGenericWebhook,
	deleteCampaignWebhookRequest,
	deleteGenericWebhookRequest,
	getGenericWebhookRequest,
	listCampaignWebhooks,
	resolveCategories,
	saveCampaignWebhookRequest,
	smartleadRequest,
	unwrap,
	updateGenericWebhookRequest,
} from '../transport';

/** One item's worth of work for each operation of the SmartLead node. */

function positiveId(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	index: number,
): number {
	const raw = context.getNodeParameter(parameter, index, '') as string | number;
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) {
		throw new NodeOperationError(
			context.getNode(),
			`"${String(raw)}" is not a SmartLead ${label} ID`,
			{ itemIndex: index },
		);
	}
	return id;
}

function webhookId(context: IExecuteFunctions, index: number): number | string {
	const raw = String(context.getNodeParameter('webhookId', index, '')).trim();
	if (raw === '')
		throw new NodeOperationError(context.getNode(), 'Webhook ID is empty', { itemIndex: index });
	return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function limited(context: IExecuteFunctions, index: number, entries: unknown[]): IDataObject[] {
	const objects = entries.filter(isPlainObject) as IDataObject[];
	if (context.getNodeParameter('returnAll', index, false) as boolean) return objects;
	return objects.slice(0, context.getNodeParameter('limit', index, 50) as number);
}

async function desiredFromParameters(
	context: IExecuteFunctions,
	index: number,
	scope: Scope,
): Promise<DesiredWebhook> {
	const url = String(context.getNodeParameter('webhookUrl', index, '')).trim();
	if (!/^https?:\/\//i.test(url)) {
		throw new NodeOperationError(
			context.getNode(),
			'Webhook URL must start with http:// or https://',
			{ itemIndex: index },
		);
	}
	const events = context.getNodeParameter('events', index, []) as string[];
	if (events.length === 0)
		throw new NodeOperationError(context.getNode(), 'Choose at least one event', {
			itemIndex: index,
		});
	const desired: DesiredWebhook = {
		scope,
		name: String(context.getNodeParameter('name', index, '')),
		url,
		events: [...new Set(events)].sort(),
		categories: [],
		categoryIds: [],
	};
	if (scope === 'campaign')
		desired.campaignId = positiveId(context, 'campaignId', 'campaign', index);
	if (scope === 'client' && context.getNodeParameter('operation', index) === 'create') {
		desired.clientId = positiveId(context, 'clientId', 'client', index);
	}
	Object.assign(
		desired,
		await resolveCategories(
			context,
			scope,
			context.getNodeParameter('leadCategories', index, []) as string[],
		),
	);
	return desired;
}

async function campaignWebhooks(context: IExecuteFunctions, campaignId: number, index: number) {
	const list = await listCampaignWebhooks(context, campaignId);
	if (!list)
		throw new NodeOperationError(
			context.getNode(),
			`SmartLead has no campaign with ID ${campaignId}`,
			{ itemIndex: index },
		);
	return list;
}

function asObject(value: unknown): IDataObject {
	return isPlainObject(value)
		? (value as IDataObject)
		: { value: value as IDataObject[keyof IDataObject] };
}

export async function runCampaignOperation(
	this: IExecuteFunctions,
	operation: string,
	index: number,
): Promise<IDataObject[]> {
	if (operation !== 'getAll')
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
			itemIndex: index,
		});
	const filters = this.getNodeParameter('filters', index, {}) as { clientId?: string };
	const qs = filters.clientId ? { client_id: filters.clientId } : undefined;
	const response = await smartleadRequest.call(this, { method: 'GET', path: '/campaigns', qs });
	const value = unwrap(response.body);
	return limited(this, index, Array.isArray(value) ? value : []);
}

export async function runWebhookOperation(
	this: IExecuteFunctions,
	operation: string,
	index: number,
): Promise<IDataObject[]> {
	if (operation === 'getAll') {
		const campaignId = positiveId(this, 'campaignId', 'campaign', index);
		const response = await smartleadRequest.call(this, {
			method: 'GET',
			path: `/campaigns/${campaignId}/webhooks`,
		});
		const value = unwrap(response.body);
		return limited(this, index, Array.isArray(value) ? value : [value]);
	}
	const scope = this.getNodeParameter('scope', index, 'campaign') as Scope;
	switch (operation) {
		case 'create': {
			const desired = await desiredFromParameters(this, index, scope);
			if (scope === 'campaign') {
				const saved = await smartleadRequest.call(this, saveCampaignWebhookRequest(desired, null));
				const id = createdId(saved.body);
				// SmartLead may answer only `{ok: true}`; the webhook is then found by its URL.
				const list = await campaignWebhooks(this, desired.campaignId as number, index);
				const found = list.filter((entry) => entry.url === desired.url);
				const entry =
					found.find((candidate) => id === undefined || String(candidate.id) === String(id)) ??
					found[found.length - 1];
				return [
					{
						...asObject(unwrap(saved.body)),
						id: entry?.id ?? id ?? null,
						scope,
						campaign_id: desired.campaignId as number,
						name: desired.name,
						webhook_url: desired.url,
						event_types: desired.events,
						categories: desired.categories,
					},
				];
			}
			const created = await createGenericWebhook(this, desired);
			return [
				{
					...asObject(unwrap(created.body)),
					id: created.id ?? null,
					scope,
					client_id: desired.clientId ?? null,
					name: desired.name,
					webhook_url: desired.url,
					event_types: desired.events,
					category_ids: desired.categoryIds,
				},
			];
		}
		case 'get': {
			const id = webhookId(this, index);
			if (scope === 'campaign') {
				const campaignId = positiveId(this, 'campaignId', 'campaign', index);
				const response = await smartleadRequest.call(this, {
					method: 'GET',
					path: `/campaigns/${campaignId}/webhooks`,
				});
				const value = unwrap(response.body);
				const match = (Array.isArray(value) ? value : [value]).find(
					(entry) => isPlainObject(entry) && String(entry.id) === String(id),
				);
				if (!match)
					throw new NodeOperationError(
						this.getNode(),
						`Campaign ${campaignId} has no webhook with ID ${id}`,
						{ itemIndex: index },
					);
				return [match as IDataObject];
			}
			const response = await smartleadRequest.call(this, {
				...getGenericWebhookRequest(id),
				allowStatuses: [],
			});
			return [asObject(unwrap(response.body))];
		}
		case 'update': {
			const id = webhookId(this, index);
			const desired = await desiredFromParameters(this, index, scope);
			const request =
				scope === 'campaign'
					? saveCampaignWebhookRequest(desired, id)
					: updateGenericWebhookRequest(desired, id);
			const response = await smartleadRequest.call(this, request);
			return [
				{
					...asObject(unwrap(response.body)),
					id,
					scope,
					name: desired.name,
					webhook_url: desired.url,
					event_types: desired.events,
				},
			];
		}
		case 'delete': {
			const id = webhookId(this, index);
			const request =
				scope === 'campaign'
					? deleteCampaignWebhookRequest(positiveId(this, 'campaignId', 'campaign', index), id)
					: deleteGenericWebhookRequest(id);
			// An action that deletes something already gone should say so, not pretend it worked.
			await smartleadRequest.call(this, { ...request, allowStatuses: [] });
			return [{ deleted: true, id, scope }];
		}
		default:
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported`,
				{ itemIndex: index },
			);
	}
}
