import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { leadterraRequest, withoutSecrets } from '../../transport';
import { webhookPath } from '../parameters';

/** Webhook → Get: one webhook registration by ID. */

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const response = await leadterraRequest.call(this, {
		method: 'GET',
		path: webhookPath(this, index),
	});
	return [withoutSecrets(response.body) as IDataObject];
}
