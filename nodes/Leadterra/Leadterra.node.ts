import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { LEADTERRA_CREDENTIAL } from './types';

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
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
