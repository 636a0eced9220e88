import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Aktify has no API to call with this secret: it only signs webhooks. That is why this credential
 * has no `authenticate` block and no request test; the Aktify Trigger tests it locally instead
 * (`testedBy: 'aktifyApiTest'`).
 */
export class AktifyApi implements ICredentialType {
	name = 'aktifyApi';

	displayName = 'Aktify Webhook API';

	icon = { light: 'file:../icons/aktify.svg', dark: 'file:../icons/aktify.dark.svg' } as const;

	documentationUrl = 'https://docs.aktify.io/webhooks/verification';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret of the webhook in the Aktify Portal (Settings → Webhooks). Signed deliveries are verified with it; without it every signed delivery is rejected.',
		},
		{
			displayName: 'Previous Client Secret',
			name: 'previousClientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While rotating the secret, put the old one here so deliveries signed with either secret are accepted. Clear it once Aktify uses the new secret.',
		},
		{
			displayName: 'Custom Payload Authentication',
			name: 'customAuth',
			type: 'options',
			default: 'none',
			description:
				'Aktify does not sign custom payloads. Choose how those unsigned requests must authenticate; "None" rejects them.',
			options: [
				{ name: 'Basic Auth', value: 'basic' },
				{ name: 'Bearer Token', value: 'bearer' },
				{ name: 'Header', value: 'header' },
				{ name: 'None (Reject Unsigned Requests)', value: 'none' },
			],
		},
		{
			displayName: 'Username',
			name: 'basicUser',
			type: 'string',
			default: '',
			displayOptions: { show: { customAuth: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'basicPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { customAuth: ['basic'] } },
		},
		{
			displayName: 'Bearer Token',
			name: 'bearerToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { customAuth: ['bearer'] } },
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: '',
			placeholder: 'x-aktify-key',
			displayOptions: { show: { customAuth: ['header'] } },
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { customAuth: ['header'] } },
		},
	];
}
