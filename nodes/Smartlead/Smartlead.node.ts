import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { getCampaigns, getClients, getLeadCategories } from './methods/loadOptions';
import { SMARTLEAD_CREDENTIAL } from './types';

export class Smartlead implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SmartLead',
		name: 'smartlead',
		icon: { light: 'file:../../icons/smartlead.svg', dark: 'file:../../icons/smartlead.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage SmartLead webhooks (user, client and campaign level) and list campaigns',
		defaults: { name: 'SmartLead' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: SMARTLEAD_CREDENTIAL, required: true }],
		properties,
	};

	methods = {
		loadOptions: { getCampaigns, getClients, getLeadCategories },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
