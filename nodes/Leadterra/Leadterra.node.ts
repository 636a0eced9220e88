import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { executePerItem } from '../shared/execute';
import { LEADTERRA_CREDENTIAL } from './transport';
import { webhookFields, webhookOperations } from './actions/description';
import { runWebhookOperation } from './actions/execute';

export class Leadterra implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Leadterra',
		name: 'leadterra',
		icon: { light: 'file:../../icons/leadterra.svg', dark: 'file:../../icons/leadterra.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage Leadterra webhook registrations',
		defaults: { name: 'Leadterra' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: LEADTERRA_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				default: 'webhook',
				options: [{ name: 'Webhook', value: 'webhook' }],
			},
			webhookOperations,
			...webhookFields,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executePerItem(this, async (index) => {
			const resource = this.getNodeParameter('resource', index) as string;
			if (resource !== 'webhook') {
				throw new NodeOperationError(
					this.getNode(),
					`The resource "${resource}" is not supported`,
					{ itemIndex: index },
				);
			}
			const operation = this.getNodeParameter('operation', index) as string;
			return await runWebhookOperation.call(this, operation, index);
		});
	}
}
