import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isPlainObject } from '../../shared/pipeline/body';

/** Turning SmartLead's answers into output items. */

/** An answer as one item's JSON: objects as they are, anything else under `value`. */
export function outputObject(value: unknown): IDataObject {
	return isPlainObject(value)
		? (value as IDataObject)
		: { value: value as IDataObject[keyof IDataObject] };
}

/** The object entries of a list answer, all of them or as many as the Limit parameter says. */
export function limitResults(
	context: IExecuteFunctions,
	index: number,
	entries: unknown[],
): IDataObject[] {
	const objects = entries.filter(isPlainObject) as IDataObject[];
	if (context.getNodeParameter('returnAll', index, false) as boolean) return objects;
	return objects.slice(0, context.getNodeParameter('limit', index, 50) as number);
}
