import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

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
 * The `execute()` of an action node: runs `run` once per input item and pairs its results with that
 * item. With "continue on fail", a failing item yields one `{ error }` item instead of stopping the node.
 */
export async function executePerItem(
	context: IExecuteFunctions,
	run: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			const results = await run(index);
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
