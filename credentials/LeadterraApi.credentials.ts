import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class LeadterraApi implements ICredentialType {
	name = 'leadterraApi';

	displayName = 'Leadterra API';

	icon = {
		light: 'file:../icons/leadterra.svg',
		dark: 'file:../icons/leadterra.dark.svg',
	} as const;

	documentationUrl = 'https://docs.leadterra.co/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sk_live_...',
			description: 'Create one in Leadterra under Settings → API Keys. It is shown only once.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.leadterra.co/v1',
			description:
				'The Leadterra API address, including the version path. Change it only for a proxy or a test double.',
		},
		{
			displayName: 'Signing Secret',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The webhook signing secret from the Leadterra app. Needed only if Leadterra does not return a secret when the trigger registers itself; deliveries are then verified with it.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/sender-pools',
			method: 'GET',
		},
	};
}
