import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runOperations, type OperationTable } from '../../shared/actions/runOperations';
import * as campaign from './campaign/resource';
import * as webhook from './webhook/resource';

/** The SmartLead node's operations by resource. */
export const operations: OperationTable = new Map([
	['campaign', campaign.operations],
	['webhook', webhook.operations],
]);

/** The SmartLead node's `execute()`: each item runs the operation its Resource and Operation name. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runOperations(this, operations);
}
