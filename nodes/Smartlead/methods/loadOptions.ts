import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import {
	CAMPAIGNS_PATH,
	campaignOptions,
	CATEGORIES_PATH,
	categoryOptions,
	CLIENTS_PATH,
	clientOptions,
	smartleadRequest,
} from '../transport';

/** The dropdowns of the SmartLead nodes; transport.ts turns SmartLead's answers into options. */

export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CAMPAIGNS_PATH });
	return campaignOptions(response.body);
}

export async function getClients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CLIENTS_PATH });
	return clientOptions(response.body);
}

export async function getLeadCategories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CATEGORIES_PATH });
	return categoryOptions(response.body);
}
