import type { IDataObject, IHookFunctions } from 'n8n-workflow';

/** One request a lifecycle sent through n8n's HTTP helper, as the platform received it. */
export interface SentRequest {
	method: string;
	path: string;
	body?: unknown;
	qs?: IDataObject;
}

export interface FakeAnswer {
	status: number;
	body?: unknown;
}

/** Answers a request like the platform would; throwing models a response lost on the way back. */
export type FakePlatform = (request: SentRequest) => FakeAnswer;

export interface FakeHook {
	context: IHookFunctions;
	/** The node's static data, as n8n would save it after the hook method. */
	staticData: IDataObject;
	/** Every request sent, in order. */
	sent: SentRequest[];
	/** The requests sent with this method (and path, when given). */
	calls(method: string, path?: string): SentRequest[];
}

/**
 * n8n's credential-aware HTTP helper as the transport calls it: records each request in `sent`
 * (path below the base URL) and answers with what `platform` says.
 */
export function recordingHttpHelper(platform: FakePlatform, sent: SentRequest[]) {
	return async (
		_credentialType: string,
		request: { method: string; url: string; body?: unknown; qs?: IDataObject },
	) => {
		const record: SentRequest = { method: request.method, path: request.url };
		if (request.body !== undefined) record.body = request.body;
		if (request.qs !== undefined) record.qs = request.qs;
		sent.push(record);
		const answer = platform(record);
		return { statusCode: answer.status, headers: {}, body: answer.body };
	};
}

/**
 * A hook context (`this` of checkExists / create / delete) with node parameters, static data, a
 * webhook URL and credentials, whose HTTP helper records every request and lets `platform` answer.
 */
export function fakeHookContext(options: {
	platform: FakePlatform;
	parameters?: Record<string, unknown>;
	staticData?: IDataObject;
	webhookUrl?: string;
	credentials?: IDataObject;
}): FakeHook {
	const staticData = options.staticData ?? {};
	const sent: SentRequest[] = [];
	const parameters = options.parameters ?? {};
	const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
	const context = {
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		getNodeWebhookUrl: () => options.webhookUrl,
		getNode: () => ({
			id: 'node-1',
			name: 'Trigger',
			type: 'n8n-nodes-lead-events.trigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getWorkflow: () => ({ id: 'wf-1', name: 'Lifecycle test', active: false }),
		getCredentials: async () => options.credentials ?? {},
		logger,
		helpers: { httpRequestWithAuthentication: recordingHttpHelper(options.platform, sent) },
	} as unknown as IHookFunctions;
	return {
		context,
		staticData,
		sent,
		calls: (method, path) =>
			sent.filter((request) => request.method === method && (!path || request.path === path)),
	};
}
