import {
	apiRequest,
	type ApiContext,
	type ApiRequest,
	type ApiResponse,
	type ApiTarget,
} from '../shared/transport';

export const SMARTLEAD_CREDENTIAL = 'smartleadApi';
export const DEFAULT_BASE_URL = 'https://server.smartlead.ai/api/v1';

/**
 * SmartLead takes the API key as the `api_key` query parameter (the credential's `authenticate`
 * adds it), so it travels in every request URL. The shared transport never puts URLs or query
 * strings into its errors and masks the key wherever SmartLead's own error text might echo it.
 */
export const SMARTLEAD_TARGET: ApiTarget = {
	credentialType: SMARTLEAD_CREDENTIAL,
	platform: 'SmartLead',
	secretFields: ['apiKey'],
	baseUrlField: 'baseUrl',
	defaultBaseUrl: DEFAULT_BASE_URL,
};

export async function smartleadRequest<T = unknown>(
	this: ApiContext,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	return await apiRequest.call<ApiContext, [ApiTarget, ApiRequest], Promise<ApiResponse<T>>>(
		this,
		SMARTLEAD_TARGET,
		request,
	);
}
