import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { Scope } from '../../registration';
import {
	createdId,
	createGenericWebhook,
	listCampaignWebhooks,
	saveCampaignWebhookRequest,
	smartleadRequest,
	unwrap,
} from '../../transport';
import { outputObject } from '../output';
import { desiredWebhook } from '../parameters';

/** Webhook → Create: registers a webhook at user, client or campaign level. */

export const description: INodeProperties[] = [
	{
		displayName: 'Client Name or ID',
		name: 'clientId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getClients' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		displayOptions: { show: { resource: ['webhook'], operation: ['create'], scope: ['client'] } },
	},
];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const scope = this.getNodeParameter('scope', index, 'campaign') as Scope;
	const desired = await desiredWebhook(this, index, scope);
	if (scope !== 'campaign') {
		const created = await createGenericWebhook(this, desired);
		return [
			{
				...outputObject(unwrap(created.body)),
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
	const campaignId = desired.campaignId as number;
	const saved = await smartleadRequest.call(this, saveCampaignWebhookRequest(desired, null));
	const id = createdId(saved.body);
	// SmartLead may answer only `{ok: true}`; the webhook is then found by its URL.
	const list = await listCampaignWebhooks(this, campaignId);
	if (!list)
		throw new NodeOperationError(
			this.getNode(),
			`SmartLead has no campaign with ID ${campaignId}`,
			{
				itemIndex: index,
			},
		);
	const found = list.filter((entry) => entry.url === desired.url);
	const entry =
		found.find((candidate) => id === undefined || String(candidate.id) === String(id)) ??
		found[found.length - 1];
	return [
		{
			...outputObject(unwrap(saved.body)),
			id: entry?.id ?? id ?? null,
			scope,
			campaign_id: campaignId,
			name: desired.name,
			webhook_url: desired.url,
			event_types: desired.events,
			categories: desired.categories,
		},
	];
}
