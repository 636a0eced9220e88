import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/** Reading and checking the parameters several Leadterra operations share. */

/** A text parameter that must not be empty, trimmed. */
export function requiredText(context: IExecuteFunctions, name: string, index: number): string {
	const value = String(context.getNodeParameter(name, index, '') ?? '').trim();
	if (value === '')
		throw new NodeOperationError(context.getNode(), `The parameter "${name}" is empty`, {
			itemIndex: index,
		});
	return value;
}

/** The API path of the webhook the Webhook ID parameter names. */
export function webhookPath(context: IExecuteFunctions, index: number): string {
	return `/webhooks/${encodeURIComponent(requiredText(context, 'webhookId', index))}`;
}
