import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Scope } from '../../registration';
import {
	deleteCampaignWebhookRequest,
	deleteGenericWebhookRequest,
	smartleadRequest,
} from '../../transport';
import { positiveId, webhookId } from '../parameters';

/** Webhook → Delete: removes a webhook at its scope. */

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const id = webhookId(this, index);
	const scope = this.getNodeParameter('scope', index, 'campaign') as Scope;
	const request =
		scope === 'campaign'
			? deleteCampaignWebhookRequest(positiveId(this, 'campaignId', 'campaign', index), id)
			: deleteGenericWebhookRequest(id);
	// An action that deletes something already gone should say so, not pretend it worked.
	await smartleadRequest.call(this, { ...request, allowStatuses: [] });
	return [{ deleted: true, id, scope }];
}
