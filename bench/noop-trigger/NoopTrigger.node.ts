import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	NodeConnectionType,
} from 'n8n-workflow';

/**
 * The bench's anchor: a community trigger that does nothing a community trigger could skip. Same
 * webhook description and answer mode as the package's triggers (POST, answered on receipt with
 * the object `webhook()` returns), a static single output, no credential, no verification; it
 * emits n8n's parsed body as the item. Whatever n8n charges every community trigger per delivery
 * (its webhook-phase expression isolate, the execution) this one pays too, and nothing more, so
 * ours/no-op is the share of a delivery's cost that the package's own work adds.
 *
 * Only type imports: the built file needs nothing at run time, so the package has no dependency.
 */
export class NoopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench No-op Trigger',
		name: 'benchNoopTrigger',
		group: ['trigger'],
		// Version 2 as in the package's triggers: n8n evaluates an expression per delivery only for a
		// start node at version 1, so the bench can anchor both.
		version: [1, 2],
		defaultVersion: 2,
		description: 'Emits the request body unchecked (bench anchor, not for use)',
		defaults: { name: 'No-op Trigger' },
		inputs: [],
		outputs: ['main' as NodeConnectionType],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return {
			workflowData: [[{ json: this.getBodyData() as IDataObject }]],
			webhookResponse: { status: 'accepted' },
		};
	}
}
