import type { IWebhookFunctions } from 'n8n-workflow';

import type { DeliveryOutcome, TriggerItem } from '../../../nodes/shared/pipeline/incoming';
import type { TriggerRuntimeOptions } from '../../../nodes/shared/pipeline/runTrigger';
import { testProvider } from '../../unit/lib/testProvider';

export interface Setup {
	parameters?: Record<string, unknown>;
	credential?: Record<string, unknown> | Error;
	/** n8n's id of the selected Redis credential. */
	credentialId?: string;
	workflowId?: string;
	nodeId?: string;
}

/** n8n's webhook context, reduced to what runTrigger and the duplicate check touch. */
export function context(setup: Setup) {
	const response: { statusCode?: number; body?: unknown } = {};
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
	const parameters: Record<string, unknown> = {
		events: ['*'],
		routeBy: 'none',
		...setup.parameters,
	};
	const getCredentials = jest.fn(async (name: string) => {
		expect(name).toBe('leadEventsRedisApi');
		if (setup.credential instanceof Error) throw setup.credential;
		if (!setup.credential) throw new Error('Node does not have any credentials set');
		return setup.credential;
	});
	const warn = jest.fn();
	const ctx = {
		getRequestObject: () => ({
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			rawBody: Buffer.from('{}'),
			readRawBody: async () => undefined,
		}),
		getResponseObject: () => res,
		getQueryData: () => ({}),
		getNodeParameter: (name: string, fallback: unknown) => parameters[name] ?? fallback,
		getWorkflow: () => ({ id: setup.workflowId ?? 'wf-check' }),
		getNode: () => ({
			id: setup.nodeId ?? 'node-check',
			name: 'Trigger',
			credentials: setup.credentialId
				? { leadEventsRedisApi: { id: setup.credentialId, name: 'Redis' } }
				: undefined,
		}),
		getCredentials,
		logger: { debug: jest.fn(), error: jest.fn(), warn, info: jest.fn() },
	} as unknown as IWebhookFunctions;
	return { ctx, response, getCredentials, warn };
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
