import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { leadterraRequest, stripSecrets, webhookEntries, withoutSecrets } from '../transport';

/** One operation on the Webhook resource for input item `index`; returns the output items' JSON. */
export async function runWebhookOperation(
	this: IExecuteFunctions,
	operation: string,
	index: number,
): Promise<IDataObject[]> {
	const path = () => `/webhooks/${encodeURIComponent(requiredText.call(this, 'webhookId', index))}`;
	switch (operation) {
		case 'create': {
			const url = requiredText.call(this, 'url', index);
			const events = this.getNodeParameter('events', index, []) as string[];
			if (events.length === 0) {
				throw new NodeOperationError(this.getNode(), 'Choose at least one event', {
					itemIndex: index,
				});
			}
			const response = await leadterraRequest.call(this, {
				method: 'POST',
				path: '/webhooks',
				body: { url, events },
			});
			return [withoutSecrets(response.body) as IDataObject];
		}
		case 'get': {
			const response = await leadterraRequest.call(this, { method: 'GET', path: path() });
			return [withoutSecrets(response.body) as IDataObject];
		}
		case 'getAll': {
			const response = await leadterraRequest.call(this, { method: 'GET', path: '/webhooks' });
			const all = webhookEntries(response.body).map((entry) => stripSecrets(entry) as IDataObject);
			const returnAll = this.getNodeParameter('returnAll', index, false) as boolean;
			return returnAll ? all : all.slice(0, this.getNodeParameter('limit', index, 50) as number);
		}
		case 'update': {
			const fields = this.getNodeParameter('updateFields', index, {}) as {
				url?: string;
				events?: string[];
			};
			const changes: IDataObject = {};
			if (fields.url) changes.url = fields.url.trim();
			if (fields.events && fields.events.length > 0) changes.events = fields.events;
			if (Object.keys(changes).length === 0) {
				throw new NodeOperationError(this.getNode(), 'Add a URL or events to update', {
					itemIndex: index,
				});
			}
			const response = await leadterraRequest.call(this, {
				method: 'PATCH',
				path: path(),
				body: changes,
			});
			return [withoutSecrets(response.body) as IDataObject];
		}
		case 'delete': {
			const id = requiredText.call(this, 'webhookId', index);
			await leadterraRequest.call(this, { method: 'DELETE', path: path() });
			return [{ id, deleted: true }];
		}
		default:
			throw new NodeOperationError(
				this.getNode(),
				`The operation "${operation}" is not supported`,
				{ itemIndex: index },
			);
	}
}

function requiredText(this: IExecuteFunctions, name: string, index: number): string {
	const value = String(this.getNodeParameter(name, index, '') ?? '').trim();
	if (value === '')
		throw new NodeOperationError(this.getNode(), `The parameter "${name}" is empty`, {
			itemIndex: index,
		});
	return value;
}
