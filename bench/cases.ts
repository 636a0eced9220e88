import { processAktifyDelivery, type AktifyDeliveryConfig } from '../nodes/Aktify/delivery';
import { signAktifyBody } from '../nodes/Aktify/signature';
import type { DeliveryOutcome, TriggerItem } from '../nodes/shared/delivery';
import { aktifyV2Body } from './lib/payloads';

/**
 * The provider pipelines the core bench measures, one entry each. Adding a provider means adding
 * an entry here: a realistic body of a given size and a prepared delivery of it. Everything else
 * (floor, standardwebhooks, ratios, table, JSON) is derived from this list.
 */
export interface PipelineCase {
	name: string;
	/** A realistic delivery body of exactly `bytes` bytes. */
	body(bytes: number): string;
	/**
	 * Builds one signed delivery of `body` and returns a function that processes it once, start to
	 * finish, with the provider's pure handler. It must accept: a rejected delivery is cheaper.
	 */
	prepare(body: string): () => DeliveryOutcome<TriggerItem>;
}

export const BENCH_SECRET = 'bench-client-secret-0123456789abcdef';

const aktifyConfig: AktifyDeliveryConfig = {
	secrets: [BENCH_SECRET],
	customAuth: { type: 'none' },
	toleranceMs: 300_000,
	eventFields: ['eventType', 'event'],
};

const aktifyV2: PipelineCase = {
	name: 'Aktify v2',
	body: (bytes) => aktifyV2Body(bytes),
	prepare(body) {
		const now = Date.now();
		const delivery = {
			headers: { 'content-type': 'application/json', 'aktify-signature': signAktifyBody(BENCH_SECRET, body, 'v2', now) },
			rawBody: Buffer.from(body),
			contentType: 'application/json',
		};
		return () => processAktifyDelivery(delivery, aktifyConfig, now);
	},
};

// Leadterra (`processLeadterraDelivery`) and SmartLead (`processSmartleadDelivery`) join this list
// once their delivery modules are on main.
export const PIPELINE_CASES: readonly PipelineCase[] = [aktifyV2];
