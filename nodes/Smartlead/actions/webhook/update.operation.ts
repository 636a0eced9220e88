import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Scope } from '../../registration';
import {
	saveCampaignWebhookRequest,
	smartleadRequest,
	unwrap,
	updateGenericWebhookRequest,
} from '../../transport';
import { outputObject } from '../output';
import { desiredWebhook, webhookId } from '../parameters';

/** Webhook → Update: replaces a webhook's name, URL, events and category filter. */

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const id = webhookId(this, index);
	const scope = this.getNodeParameter('scope', index, 'campaign') as Scope;
	const desired = await desiredWebhook(this, index, scope);
	const request =
		scope === 'campaign'
			? saveCampaignWebhookRequest(desired, id)
			: updateGenericWebhookRequest(desired, id);
	const response = await smartleadRequest.call(this, request);
	return [
		{
			...outputObject(unwrap(response.body)),
			id,
			scope,
			name: desired.name,
			webhook_url: desired.url,
			event_types: desired.events,
		},
	];
}
