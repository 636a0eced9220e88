import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { apiErrorMessage, redact } from './errorText';
import { retryDelayMs } from './retry';

export type ApiContext = IHookFunctions | IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, e.g. `/webhooks`. */
	path: string;
	body?: unknown;
	qs?: IDataObject;
	/** Statuses the caller handles itself (e.g. 404 on delete means "already gone"). */
	allowStatuses?: number[];
}

export interface ApiResponse<T> {
	statusCode: number;
	body: T;
}

export interface ApiTarget {
	/** n8n credential type name. */
	credentialType: string;
	/** Human name of the platform, used in error messages. */
	platform: string;
	/** Credential fields whose values must never appear in an error message. */
	secretFields: string[];
	/** Credential field holding the base URL, and its default. */
	baseUrlField: string;
	defaultBaseUrl: string;
}

function describeStatus(platform: string, status: number): string {
	if (status === 401 || status === 403)
		return `${platform} rejected the API key (${status}): check the credential`;
	if (status === 404) return `${platform} could not find the requested resource (404)`;
	if (status === 429) return `${platform} is rate limiting requests (429): try again in a minute`;
	if (status >= 500) return `${platform} had a server error (${status}): try again later`;
	return `${platform} refused the request (${status})`;
}

/**
 * One call to a platform API through n8n's credential-aware HTTP helper. Retries 429 a few
 * times (honouring Retry-After), and turns failures into `NodeApiError`s whose messages name the
 * platform's own reason but never a secret or a query string.
 */
export async function apiRequest<T = unknown>(
	this: ApiContext,
	target: ApiTarget,
	request: ApiRequest,
): Promise<ApiResponse<T>> {
	const credentials = await this.getCredentials(target.credentialType);
	const secrets = target.secretFields
		.map((field) => String(credentials[field] ?? ''))
		.filter((value) => value !== '');
	const baseURL = String(credentials[target.baseUrlField] || target.defaultBaseUrl).replace(
		/\/+$/,
		'',
	);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		qs: request.qs,
		body: request.body as IDataObject | undefined,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: 30_000,
	};
	for (let attempt = 1; ; attempt++) {
		let response: {
			statusCode: number;
			headers: Record<string, string | undefined>;
			body: unknown;
		};
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(
				this,
				target.credentialType,
				options,
			);
		} catch (error) {
			const reason = redact((error as Error).message ?? 'unknown error', secrets);
			throw new NodeApiError(this.getNode(), { message: reason } as JsonObject, {
				message: `Could not reach ${target.platform} at ${new URL(baseURL).host}: ${reason}`,
				description: 'Check the Base URL in the credential and that n8n can reach it.',
			});
		}
		const status = response.statusCode;
		if ((status >= 200 && status < 300) || request.allowStatuses?.includes(status)) {
			return { statusCode: status, body: response.body as T };
		}
		const delay = retryDelayMs(status, response.headers?.['retry-after'], attempt);
		if (delay !== undefined) {
			await sleep(delay);
			continue;
		}
		const detail = apiErrorMessage(response.body);
		const message = describeStatus(target.platform, status);
		throw new NodeApiError(
			this.getNode(),
			{ message: redact(detail ?? message, secrets) } as JsonObject,
			{
				message: redact(detail ? `${message}: ${detail}` : message, secrets),
				description: `${request.method} ${request.path}`,
				httpCode: String(status),
			},
		);
	}
}

/** The request function of one platform: `apiRequest` with its target filled in. */
export function platformRequest(target: ApiTarget) {
	return async function <T = unknown>(
		this: ApiContext,
		request: ApiRequest,
	): Promise<ApiResponse<T>> {
		return (await apiRequest.call(this, target, request)) as ApiResponse<T>;
	};
}
