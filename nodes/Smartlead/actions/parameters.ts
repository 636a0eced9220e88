import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { DesiredWebhook, Scope } from '../registration';
import { resolveCategories } from '../transport';

/** Reading and checking the parameters several SmartLead operations share. */

/** A SmartLead campaign or client ID: a positive whole number, however the parameter gave it. */
export function positiveId(
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

/** The Webhook ID parameter: a number when it is all digits (SmartLead's own ids are), else text. */
export function webhookId(context: IExecuteFunctions, index: number): number | string {
	const raw = String(context.getNodeParameter('webhookId', index, '')).trim();
	if (raw === '')
		throw new NodeOperationError(context.getNode(), 'Webhook ID is empty', { itemIndex: index });
	return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * The webhook that Create and Update write, from the item's parameters. The category filter is
 * resolved against SmartLead's categories, in the form the scope's endpoint wants.
 */
export async function desiredWebhook(
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
	// Only Create has a Client parameter: SmartLead's update endpoint does not take the client.
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
