import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { smartleadProperties } from './actions/description';
import { runCampaignOperation, runWebhookOperation } from './actions/execute';
import { getCampaigns, getClients, getLeadCategories } from './methods/loadOptions';
import { SMARTLEAD_CREDENTIAL } from './transport';

/** API errors already carry SmartLead's reason and status; anything else is tied to its item. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

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
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			try {
				const resource = this.getNodeParameter('resource', index) as string;
				const operation = this.getNodeParameter('operation', index) as string;
				let results: IDataObject[];
				if (resource === 'webhook') results = await runWebhookOperation.call(this, operation, index);
				else if (resource === 'campaign') results = await runCampaignOperation.call(this, operation, index);
				else throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`, { itemIndex: index });
				for (const json of results) output.push({ json, pairedItem: { item: index } });
			} catch (error) {
				const failure = asNodeError(this, error, index);
				if (this.continueOnFail()) {
					output.push({ json: { error: failure.message }, pairedItem: { item: index } });
					continue;
				}
				throw failure;
			}
		}
		return [output];
	}
}
