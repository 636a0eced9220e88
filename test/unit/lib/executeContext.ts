import {
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
} from 'n8n-workflow';

import {
	recordingHttpHelper,
	type FakeAnswer,
	type FakePlatform,
	type SentRequest,
} from './hookContext';

export interface FakeExecute {
	context: IExecuteFunctions;
	/** Every request sent, in order. */
	sent: SentRequest[];
	/** The credential type of each request, in the same order. */
	credentialTypes: string[];
}

export interface ExecuteOptions {
	continueOnFail?: boolean;
	/** The credential's data; a function is called on every read (and may throw). */
	credentials?: IDataObject | (() => IDataObject);
}

/**
 * An execute context (`this` of an action node's `execute()`) with one input item per entry of
 * `items`, each entry holding that item's node parameters. Parameters are completed from the node's
 * description the way n8n does before a run (defaults filled in, parameters whose displayOptions hide
 * them dropped), and `getNodeParameter` without a fallback throws for a parameter that is not there,
 * as n8n does. The HTTP helper records every request and lets `platform` answer.
 */
export function fakeExecuteContext(
	options: ExecuteOptions & {
		node: INodeType;
		items: Array<Record<string, unknown>>;
		platform: FakePlatform;
	},
): FakeExecute {
	const sent: SentRequest[] = [];
	const credentialTypes: string[] = [];
	const http = recordingHttpHelper(options.platform, sent);
	const description = options.node.description;
	const node = {
		id: 'node-1',
		name: description.defaults.name ?? description.displayName,
		type: `n8n-nodes-lead-events.${description.name}`,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	const parameters = options.items.map(
		(values) =>
			NodeHelpers.getNodeParameters(
				description.properties,
				values as INodeParameters,
				true,
				false,
				node,
				description,
			) ?? {},
	);
	const context = {
		getInputData: () => options.items.map(() => ({ json: {} })),
		getNodeParameter: (...args: [string, number, unknown?]) => {
			const [name, itemIndex] = args;
			const values = parameters[itemIndex];
			if (values === undefined) throw new Error(`There is no input item ${itemIndex}`);
			if (name in values) return values[name];
			if (args.length >= 3) return args[2];
			throw new Error(`Could not get parameter "${name}"`);
		},
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getCredentials: async () =>
			typeof options.credentials === 'function'
				? options.credentials()
				: (options.credentials ?? { apiKey: 'test-api-key' }),
		logger: { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() },
		helpers: {
			httpRequestWithAuthentication: async (
				credentialType: string,
				request: Parameters<typeof http>[1],
			) => {
				credentialTypes.push(credentialType);
				return await http(credentialType, request);
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, sent, credentialTypes };
}

export type Route = FakeAnswer | ((request: SentRequest) => FakeAnswer);

/** A platform that answers `METHOD path` from `routes`, and anything else with a 501 naming it. */
export function routedPlatform(routes: Record<string, Route>): FakePlatform {
	return (request) => {
		const route = routes[`${request.method} ${request.path}`];
		if (route === undefined)
			return { status: 501, body: { message: `unexpected ${request.method} ${request.path}` } };
		return typeof route === 'function' ? route(request) : route;
	};
}

export interface NodeRun extends FakeExecute {
	/** The node's one output. */
	output: INodeExecutionData[];
}

/** Runs the node's real `execute()` on `items` (each item's parameters). */
export async function executeNode(
	node: INodeType,
	items: Array<Record<string, unknown>>,
	platform: FakePlatform,
	options: ExecuteOptions = {},
): Promise<NodeRun> {
	if (!node.execute) throw new Error(`${node.description.name} has no execute()`);
	const fake = fakeExecuteContext({ ...options, node, items, platform });
	const [output] = (await node.execute.call(fake.context)) as INodeExecutionData[][];
	return { ...fake, output };
}

/** Runs `execute()` on items that must make it fail: the error, and the requests sent before it. */
export async function executeFailing(
	node: INodeType,
	items: Array<Record<string, unknown>>,
	platform: FakePlatform,
	options: ExecuteOptions = {},
): Promise<FakeExecute & { error: Error }> {
	if (!node.execute) throw new Error(`${node.description.name} has no execute()`);
	const fake = fakeExecuteContext({ ...options, node, items, platform });
	const error = await node.execute.call(fake.context).then(
		() => undefined,
		(thrown: Error) => thrown,
	);
	if (!error) throw new Error(`${node.description.name} did not fail`);
	return { ...fake, error };
}
