import type { INodeType } from 'n8n-workflow';

import { duplicateStoreProperty } from '../descriptions/properties';
import { leadEventsRedisApiTest, REDIS_CREDENTIAL } from './sharedStore';

/**
 * Which duplicate stores a trigger offers for Suppress Duplicates. This package offers the
 * process's memory and Redis. The one-service editions (editions/) build this file's namesake
 * under editions/memory-only/ instead, which offers the memory only, so their descriptions name no
 * Redis credential and their code holds no Redis client.
 *
 * The Redis parts are added to a trigger when it is constructed rather than written in its
 * description: n8n's scanner reads the description literal in the node file, and an edition must
 * not name a credential it does not ship. (Written as a spread inside the literal, the credential
 * entry would crash n8n-nodes-base's credential rules, which expect object literals there.)
 */
export function offerDuplicateStores(node: INodeType): void {
	const { description } = node;
	const options = description.properties.findIndex((property) => property.name === 'options');
	description.properties.splice(
		options === -1 ? description.properties.length : options,
		0,
		duplicateStoreProperty,
	);
	description.credentials = [
		...(description.credentials ?? []),
		{
			name: REDIS_CREDENTIAL,
			required: true,
			displayOptions: { show: { duplicateStore: ['redis'] } },
			testedBy: 'leadEventsRedisApiTest',
		},
	];
	// With the Redis store, rejection reports are counted across processes (see rejectedOutput.ts).
	description.properties = description.properties.map((property) =>
		property.name === 'reportIntervalMinutes'
			? {
					...property,
					description: `${(property.description ?? '').replace(' Each n8n process counts its own rejections.', '')} With Duplicate Store set to Redis, rejections are counted across all n8n processes: one report per interval for all of them; otherwise each process counts and reports its own.`,
				}
			: property,
	);
	node.methods = {
		...node.methods,
		credentialTest: { ...node.methods?.credentialTest, leadEventsRedisApiTest },
	};
}
