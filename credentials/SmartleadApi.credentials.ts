import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * SmartLead authenticates every API call with an `api_key` query parameter; it has no header auth.
 * The key therefore ends up in request URLs, which is why this package never logs or shows them.
 */
export class SmartleadApi implements ICredentialType {
	name = 'smartleadApi';

	displayName = 'SmartLead API';

	icon = {
		light: 'file:../icons/smartlead.svg',
		dark: 'file:../icons/smartlead.dark.svg',
	} as const;

	documentationUrl = 'https://api.smartlead.ai/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your SmartLead API key (SmartLead app → Settings → API key)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://server.smartlead.ai/api/v1',
			description: 'SmartLead API base URL. Change it only for a proxy or a test server.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { qs: { api_key: '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/campaigns',
			method: 'GET',
		},
	};
}
