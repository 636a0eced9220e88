import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { executePerItem } from '../shared/execute';
import { smartleadProperties } from './actions/description';
import { runCampaignOperation, runWebhookOperation } from './actions/execute';
import { getCampaigns, getClients, getLeadCategories } from './methods/loadOptions';
import { SMARTLEAD_CREDENTIAL } from './transport';

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
		properties: smartleadProperties,
	};

	methods = {
		loadOptions: { getCampaigns, getClients, getLeadCategories },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem(this, async (index) => {
			const resource = this.getNodeParameter('resource', index) as string;
			const operation = this.getNodeParameter('operation', index) as string;
			if (resource === 'webhook') return await runWebhookOperation.call(this, operation, index);
			if (resource === 'campaign') return await runCampaignOperation.call(this, operation, index);
			throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`, {
				itemIndex: index,
			});
		});
	}
}
