import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listCampaignWebhooksRequest, smartleadRequest, unwrap } from '../../transport';
import { limitResults } from '../output';
import { positiveId } from '../parameters';
import { campaignChoice } from './properties';

/** Webhook → Get Many: a campaign's webhooks (SmartLead cannot list user or client webhooks). */

export const description: INodeProperties[] = [
	{ ...campaignChoice, displayOptions: { show: { resource: ['webhook'], operation: ['getAll'] } } },
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const campaignId = positiveId(this, 'campaignId', 'campaign', index);
	// An unknown campaign is an error here, not the empty list the trigger's lifecycle reads it as.
	const response = await smartleadRequest.call(this, {
		...listCampaignWebhooksRequest(campaignId),
		allowStatuses: [],
	});
	const value = unwrap(response.body);
	return limitResults(this, index, Array.isArray(value) ? value : [value]);
}
