import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { leadterraRequest } from '../../transport';
import { requiredText, webhookPath } from '../parameters';

/** Webhook → Delete: removes a webhook registration. */

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, index: number): Promise<IDataObject[]> {
	const id = requiredText(this, 'webhookId', index);
	// An action that deletes something already gone should say so, not pretend it worked.
	await leadterraRequest.call(this, { method: 'DELETE', path: webhookPath(this, index) });
	return [{ id, deleted: true }];
}
