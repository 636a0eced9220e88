import type { INode } from 'n8n-workflow';

import { SmartleadApi } from '../../../credentials/SmartleadApi.credentials';
import type { ApiContext } from '../../../nodes/shared/registration/apiRequest';
import { smartleadRequest } from '../../../nodes/Smartlead/transport';

const KEY = 'slk-unit-Zr8Qe2Wm5Tn1';

const node: INode = {
	id: 'n1',
	name: 'SmartLead',
	type: 'n8n-nodes-lead-events.smartlead',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function context(http: jest.Mock): ApiContext {
	return {
		getCredentials: async () => ({ apiKey: KEY, baseUrl: 'https://server.smartlead.ai/api/v1/' }),
		getNode: () => node,
		helpers: { httpRequestWithAuthentication: http },
	} as unknown as ApiContext;
}

async function failure(http: jest.Mock): Promise<Error & { description?: string }> {
	try {
		await smartleadRequest.call(context(http), { method: 'GET', path: '/campaigns' });
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the request to fail');
}

function expectNoKey(error: Error & { description?: string }): void {
	expect(error.message).not.toContain(KEY);
	expect(String(error.description)).not.toContain(KEY);
	expect(JSON.stringify(error)).not.toContain(KEY);
	expect(String(error.stack)).not.toContain(KEY);
}

describe('the api_key never leaves in an error', () => {
	it('the credential sends the key as the api_key query parameter and tests with GET /campaigns', () => {
		const credential = new SmartleadApi();
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: { qs: { api_key: '={{$credentials.apiKey}}' } },
		});
		expect(credential.test.request).toMatchObject({ url: '/campaigns', method: 'GET' });
		expect(
			credential.properties.find((property) => property.name === 'apiKey')?.typeOptions,
		).toEqual({ password: true });
	});

	it('masks the key when SmartLead echoes the request URL in an error body', async () => {
		const http = jest.fn().mockResolvedValue({
			statusCode: 500,
			headers: {},
			body: { error: `Internal error for GET /api/v1/campaigns?api_key=${KEY}&offset=0` },
		});
		const error = await failure(http);
		expect(error.message).toContain('SmartLead had a server error (500)');
		expect(error.message).toContain('api_key=***');
		expectNoKey(error);
	});

	it("masks the bare key anywhere in SmartLead's message", async () => {
		const http = jest.fn().mockResolvedValue({
			statusCode: 401,
			headers: {},
			body: { message: `Invalid API Key ${KEY}` },
		});
		const error = await failure(http);
		expect(error.message).toContain('SmartLead rejected the API key (401): check the credential');
		expectNoKey(error);
	});

	it('masks the key in a network error that quotes the full URL', async () => {
		const http = jest
			.fn()
			.mockRejectedValue(
				new Error(
					`request to https://server.smartlead.ai/api/v1/campaigns?api_key=${KEY} failed, reason: socket hang up`,
				),
			);
		const error = await failure(http);
		expect(error.message).toContain('Could not reach SmartLead at server.smartlead.ai');
		expectNoKey(error);
	});

	it('retries a 429 that gives Retry-After, then returns the answer', async () => {
		const http = jest
			.fn()
			.mockResolvedValueOnce({
				statusCode: 429,
				headers: { 'retry-after': '0' },
				body: { error: { code: 'RATE_LIMIT_EXCEEDED' } },
			})
			.mockResolvedValueOnce({ statusCode: 200, headers: {}, body: [{ id: 1 }] });
		const response = await smartleadRequest.call(context(http), {
			method: 'GET',
			path: '/campaigns',
		});
		expect(response).toEqual({ statusCode: 200, body: [{ id: 1 }] });
		expect(http).toHaveBeenCalledTimes(2);
		expect(http.mock.calls[0][0]).toBe('smartleadApi');
		expect(http.mock.calls[0][1]).toMatchObject({
			baseURL: 'https://server.smartlead.ai/api/v1',
			url: '/campaigns',
			method: 'GET',
		});
	});

	it('lets the caller handle a 404 itself (delete of something already gone)', async () => {
		const http = jest
			.fn()
			.mockResolvedValue({ statusCode: 404, headers: {}, body: { error: 'Resource not found' } });
		const response = await smartleadRequest.call(context(http), {
			method: 'DELETE',
			path: '/webhook/delete/1',
			allowStatuses: [404],
		});
		expect(response.statusCode).toBe(404);
	});
});
