import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The same fields as n8n's built-in `activeCampaignApi`, declared in this package because a
 * community node may only use credentials its own package declares (lint rules
 * `no-credential-reuse` / `valid-credential-references`; see README "ActiveCampaign").
 */
export class ActiveCampaignEventsApi implements ICredentialType {
	name = 'activeCampaignEventsApi';

	displayName = 'ActiveCampaign Events API';

	icon = {
		light: 'file:../icons/activecampaign.svg',
		dark: 'file:../icons/activecampaign.dark.svg',
	} as const;

	documentationUrl = 'https://developers.activecampaign.com/reference/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://youraccount.api-us1.com',
			description: 'Your account URL from ActiveCampaign (Settings → Developer), without /api/3',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from ActiveCampaign (Settings → Developer)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'Api-Token': '={{$credentials.apiKey}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.apiUrl.replace(/\\/+$/, "")}}',
			url: '/api/3/users/me',
			method: 'GET',
		},
	};
}
