import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** What an action node's operation does for one input item: the JSON of the output items. */
export type ItemRun = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

/** An action node's operations: resource value → operation value → what it runs for one item. */
export type OperationTable = ReadonlyMap<string, ReadonlyMap<string, ItemRun>>;

/** The operation the item's Resource and Operation parameters name. */
function operationOf(context: IExecuteFunctions, table: OperationTable, index: number): ItemRun {
	const resource = context.getNodeParameter('resource', index) as string;
	const operations = table.get(resource);
	if (!operations)
		throw new NodeOperationError(context.getNode(), `The resource "${resource}" is not supported`, {
			itemIndex: index,
		});
	// Read only once the resource is known: n8n has no Operation parameter for an unknown resource.
	const operation = context.getNodeParameter('operation', index) as string;
	const run = operations.get(operation);
	if (!run)
		throw new NodeOperationError(
			context.getNode(),
			`The operation "${operation}" is not supported`,
			{ itemIndex: index },
		);
	return run;
}

/** API errors already carry the provider's message and status; anything else is tied to its item. */
function asNodeError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * The `execute()` of an action node: for each input item, runs the operation its parameters name
 * and pairs the results with that item. With "continue on fail", a failing item yields one
 * `{ error }` item instead of stopping the node.
 */
export async function runOperations(
	context: IExecuteFunctions,
	table: OperationTable,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			const results = await operationOf(context, table, index).call(context, index);
			for (const json of results) output.push({ json, pairedItem: { item: index } });
		} catch (error) {
			const failure = asNodeError(context, error, index);
			if (context.continueOnFail()) {
				output.push({ json: { error: failure.message }, pairedItem: { item: index } });
				continue;
			}
			throw failure;
		}
	}
	return [output];
}
