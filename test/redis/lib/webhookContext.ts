import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import type { TriggerRuntimeOptions } from '../../../nodes/shared/pipeline/runTrigger';
import { testProvider } from '../../unit/lib/testProvider';
import { fakeWebhookContext } from '../../unit/lib/webhookContext';

export interface Setup {
	parameters?: Record<string, unknown>;
	credential?: Record<string, unknown> | Error;
	/** n8n's id of the selected Redis credential. */
	credentialId?: string;
	workflowId?: string;
	nodeId?: string;
}

/** n8n's webhook context (the shared fake) with the node's Redis credential. */
export function context(setup: Setup) {
	const fake = fakeWebhookContext({
		body: '{}',
		parameters: setup.parameters,
		workflowId: setup.workflowId ?? 'wf-check',
		nodeId: setup.nodeId ?? 'node-check',
		...(setup.credential === undefined
			? {}
			: {
					credentials: {
						leadEventsRedisApi: setup.credential as Record<string, never> | Error,
					},
				}),
		...(setup.credentialId ? { credentialIds: { leadEventsRedisApi: setup.credentialId } } : {}),
	});
	return {
		ctx: fake.context,
		response: fake.response,
		getCredentials: fake.getCredentials,
		warn: fake.logger.warn,
	};
}

/** A trigger whose every delivery is one authenticated event with `dedupeKey`. */
export const runtime = (
	dedupeKey: string,
	whenDuplicateStoreUnavailable?: 'deliver' | 'reject',
): TriggerRuntimeOptions<TriggerItem> => ({
	provider: testProvider({
		categories: ['A'],
		eventNames: ['a.one'],
		whenDuplicateStoreUnavailable: whenDuplicateStoreUnavailable ?? 'deliver',
	}),
	process: (): DeliveryOutcome<TriggerItem> => ({
		ok: true,
		item: { event: 'a.one', category: 'A', dedupeKey },
	}),
});

/** Node parameters with Suppress Duplicates on the Redis store. */
export const suppressed = (extra: Record<string, unknown> = {}) => ({
	duplicateStore: 'redis',
	options: { suppressDuplicates: true, duplicateWindowSeconds: 60, ...extra },
});
