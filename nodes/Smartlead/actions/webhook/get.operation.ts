import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { isPlainObject } from '../../../shared/pipeline/body';
import type { Scope } from '../../registration';
import {
	getGenericWebhookRequest,
	listCampaignWebhooksRequest,
	smartleadRequest,
	unwrap,
} from '../../transport';
import { outputObject } from '../output';
import { positiveId, webhookId } from '../parameters';

/**
 * Webhook → Get: one webhook by ID. SmartLead has no read endpoint for a campaign webhook, so that
 * one is picked from the campaign's list.
 */

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const id = webhookId(this, index);
	const scope = this.getNodeParameter('scope', index, 'campaign') as Scope;
	if (scope === 'campaign') {
		const campaignId = positiveId(this, 'campaignId', 'campaign', index);
		const response = await smartleadRequest.call(this, {
			...listCampaignWebhooksRequest(campaignId),
			allowStatuses: [],
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
	return [outputObject(unwrap(response.body))];
}
