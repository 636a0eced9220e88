import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
} from 'n8n-workflow';

import { LEADTERRA_CREDENTIAL } from './transport';
import { runWebhookOperation } from './webhookActions';
import { webhookFields, webhookOperations } from './webhookDescription';

/** API errors already carry Leadterra's message and status; anything else is tied to its item. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

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
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let index = 0; index < items.length; index++) {
			try {
				const resource = this.getNodeParameter('resource', index) as string;
				if (resource !== 'webhook') {
					throw new NodeOperationError(this.getNode(), `The resource "${resource}" is not supported`, { itemIndex: index });
				}
				const operation = this.getNodeParameter('operation', index) as string;
				const results = await runWebhookOperation.call(this, operation, index);
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
