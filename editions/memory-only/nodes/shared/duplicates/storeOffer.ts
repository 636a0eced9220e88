import type { INodeProperties, INodeType } from 'n8n-workflow';

/**
 * The editions' duplicate-store offer: Suppress Duplicates keeps its keys in the n8n process's
 * memory only. This file takes the place of nodes/shared/duplicates/storeOffer.ts (which adds the
 * Redis store) in every edition; a trigger calls it when it is constructed.
 *
 * The trigger descriptions list one option that is about the shared store only; it is taken out
 * here, and Suppress Duplicates' help no longer points at a store choice the edition lacks.
 */
const SHARED_STORE_ONLY = 'duplicateStoreUnavailable';

export function offerDuplicateStores(node: INodeType): void {
	const options = node.description.properties.find((property) => property.name === 'options');
	if (!options?.options) return;
	options.options = options.options
		.filter((option) => !('name' in option) || option.name !== SHARED_STORE_ONLY)
		.map((option) =>
			'name' in option && option.name === 'suppressDuplicates'
				? {
						...(option as INodeProperties),
						description:
							'Whether to drop repeats of an already received event (same dedupe key) within the window. The keys are kept in this n8n process and are emptied when it restarts.',
					}
				: option,
		);
}
