import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** Each delivery's context, with the Options collection already read for it. */
const readFor = new WeakMap<IWebhookFunctions, IDataObject>();

/**
 * The trigger's Options collection for the delivery `context` belongs to. n8n resolves a parameter
 * again on every `getNodeParameter` call, and several parts of a delivery need the options (body
 * limit, duplicates, credential cache, the provider's own), so it is read once per delivery.
 */
export function triggerOptions<T extends object>(context: IWebhookFunctions): T {
	let options = readFor.get(context);
	if (options === undefined) {
		options = context.getNodeParameter('options', {}) as IDataObject;
		readFor.set(context, options);
	}
	return options as T;
}
