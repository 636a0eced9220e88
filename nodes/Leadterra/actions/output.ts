import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Turning Leadterra's answers into output items. */

/** A list's entries, all of them or as many as the Limit parameter says. */
export function limitResults(
	context: IExecuteFunctions,
	index: number,
	entries: IDataObject[],
): IDataObject[] {
	if (context.getNodeParameter('returnAll', index, false) as boolean) return entries;
	return entries.slice(0, context.getNodeParameter('limit', index, 50) as number);
}
