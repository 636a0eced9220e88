import type { INodeProperties } from 'n8n-workflow';

import type { ItemRun } from '../../../shared/actions/runOperations';
import * as getAll from './getAll.operation';

/** The Campaign resource: its Operation parameter, its other parameters and what each operation runs. */

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'getAll',
	displayOptions: { show: { resource: ['campaign'] } },
	options: [
		{
			name: 'Get Many',
			value: 'getAll',
			action: 'Get many campaigns',
			description: 'List the campaigns of the account',
		},
	],
};

export const properties: INodeProperties[] = [...getAll.description];

export const operations = new Map<string, ItemRun>([['getAll', getAll.execute]]);
