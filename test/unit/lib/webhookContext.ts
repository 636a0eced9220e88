import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

/** What the fake response object was asked to send. */
export interface FakeResponse {
	statusCode?: number;
	body?: unknown;
}

export interface FakeWebhookOptions {
	/** `manual` while the editor listens for a test event, `webhook` in production (the default). */
	mode?: 'manual' | 'webhook';
	method?: string;
	/** Request headers as Node gives them: lower-case names, a repeated header as an array. */
	headers?: Record<string, string | string[]>;
	/** The raw body; `undefined` leaves `rawBody` unset, as before n8n reads it. */
	body?: string | Buffer;
	/** Whether a `content-type: application/json` header is added when none is given (default true). */
	defaultContentType?: boolean;
	query?: Record<string, unknown>;
	/** Node parameters; `events: ['*']`, `routeBy: 'none'` and empty `options` unless given. */
	parameters?: Record<string, unknown>;
	staticData?: IDataObject;
	/** Credentials by type name; a function is called on every read, an Error is thrown. */
	credentials?: Record<string, IDataObject | Error | (() => IDataObject)>;
	/** n8n's ids of the selected credentials by type name (default `cred-<type>`). */
	credentialIds?: Record<string, string>;
	workflowId?: string;
	workflowName?: string;
	nodeId?: string;
	nodeName?: string;
	/** The node's type as n8n names it, e.g. `n8n-nodes-lead-events.aktifyTrigger`. */
	nodeType?: string;
	/**
	 * The trigger's outgoing connections by output index, as n8n's context carries them in
	 * `workflow.connectionsBySourceNode`; `'unknown'` leaves `workflow` out, as a context without it.
	 */
	connections?: Array<Array<{ node: string }>> | 'unknown';
	/** Names of the nodes after the trigger (`getChildNodes`). */
	children?: string[];
}

export interface FakeWebhook {
	context: IWebhookFunctions;
	/** The request object the context hands out; `readRawBody` is a mock a test may change. */
	request: {
		method: string;
		headers: Record<string, string | string[]>;
		rawBody: Buffer | undefined;
		readRawBody: jest.Mock;
	};
	response: FakeResponse;
	logger: {
		debug: jest.Mock;
		info: jest.Mock;
		warn: jest.Mock;
		error: jest.Mock;
	};
	getCredentials: jest.Mock;
	staticData: IDataObject;
	/** Every line written to the log at warn or error level. */
	loggedLines(): string[];
}

/**
 * n8n's webhook context (`this` of a trigger's `webhook()`) as far as this package uses it: the
 * request and response objects, query, mode, parameters, credentials, static data and logger.
 * Each call builds a fresh context, as n8n does for every request.
 */
export function fakeWebhookContext(options: FakeWebhookOptions = {}): FakeWebhook {
	const response: FakeResponse = {};
	const res = {
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			response.body = body;
			return res;
		},
	};
	const headers: Record<string, string | string[]> = {
		...(options.defaultContentType === false ? {} : { 'content-type': 'application/json' }),
		...options.headers,
	};
	const raw =
		options.body === undefined
			? undefined
			: Buffer.isBuffer(options.body)
				? options.body
				: Buffer.from(options.body);
	const req = {
		method: options.method ?? 'POST',
		headers,
		rawBody: raw,
		readRawBody: jest.fn(async () => undefined),
	};
	const parameters: Record<string, unknown> = {
		events: ['*'],
		routeBy: 'none',
		options: {},
		...options.parameters,
	};
	const staticData = options.staticData ?? {};
	const getCredentials = jest.fn(async (name: string) => {
		const entry = options.credentials?.[name];
		if (entry === undefined) throw new Error('Node does not have any credentials set');
		if (entry instanceof Error) throw entry;
		return typeof entry === 'function' ? entry() : entry;
	});
	const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
	const nodeType = options.nodeType ?? 'n8n-nodes-lead-events.trigger';
	const credentialRefs = Object.fromEntries(
		Object.keys(options.credentials ?? {}).map((name) => [
			name,
			{ id: options.credentialIds?.[name] ?? `cred-${name}`, name },
		]),
	);
	const context = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getQueryData: () => options.query ?? {},
		getMode: () => options.mode ?? 'webhook',
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		getWorkflow: () => ({
			id: options.workflowId ?? 'wf-1',
			name: options.workflowName ?? 'Leads',
			active: true,
		}),
		getNode: () => ({
			id: options.nodeId ?? 'node-1',
			name: options.nodeName ?? 'Trigger',
			type: nodeType,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: credentialRefs,
		}),
		getWorkflowStaticData: () => staticData,
		getCredentials,
		getChildNodes: () => (options.children ?? []).map((name) => ({ name })),
		logger,
		...(options.connections === 'unknown'
			? {}
			: {
					workflow: {
						connectionsBySourceNode: {
							[options.nodeName ?? 'Trigger']: {
								main: (options.connections ?? []).map((targets) =>
									targets.map((target) => ({ ...target, type: 'main', index: 0 })),
								),
							},
						},
					},
				}),
	} as unknown as IWebhookFunctions;
	return {
		context,
		request: req,
		response,
		logger,
		getCredentials,
		staticData,
		loggedLines: () =>
			[...logger.warn.mock.calls, ...logger.error.mock.calls].map((call) => String(call[0])),
	};
}
