import {
	processDelivery as processAktifyDelivery,
	type AktifyDeliveryConfig,
} from '../nodes/Aktify/delivery';
import { signAktifyBody } from '../nodes/Aktify/auth';
import { processDelivery as processLeadterraDelivery } from '../nodes/Leadterra/delivery';
import { leadterraEvents } from '../nodes/Leadterra/events';
import { signLeadterraBody } from '../nodes/Leadterra/auth';
import type { EventDefinition } from '../nodes/shared/catalogue/definitions';
import type { DeliveryOutcome, TriggerItem } from '../nodes/shared/pipeline/incoming';
import { processDelivery as processSmartleadDelivery } from '../nodes/Smartlead/delivery';
import { smartleadEvents } from '../nodes/Smartlead/events';
import { aktifyV2Body, fieldCountFor, fitToSize, leadFields } from './lib/payloads';

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
			headers: {
				'content-type': 'application/json',
				'aktify-signature': signAktifyBody(BENCH_SECRET, body, 'v2', now),
			},
			rawBody: Buffer.from(body),
			contentType: 'application/json',
		};
		return () => processAktifyDelivery(delivery, aktifyConfig, now);
	},
};

/** A catalogue sample, deep-copied so that the bench never changes the catalogue. */
function sampleOf(catalogue: readonly EventDefinition[], name: string): Record<string, unknown> {
	const definition = catalogue.find((event) => event.name === name);
	if (!definition) throw new Error(`No "${name}" in the catalogue`);
	return structuredClone(definition.sample) as Record<string, unknown>;
}

/** A Leadterra `reply.received` whose reply text and lead fields make up the size. */
const leadterra: PipelineCase = {
	name: 'Leadterra',
	body: (bytes) =>
		fitToSize(bytes, (filler) => {
			const sample = sampleOf(leadterraEvents, 'reply.received');
			const data = sample.data as Record<string, unknown>;
			data.lead = { email: 'jane@prospect.com', customFields: leadFields(fieldCountFor(bytes)) };
			(data.reply as Record<string, unknown>).body = filler;
			return sample;
		}),
	prepare(body) {
		const delivery = {
			headers: {
				'content-type': 'application/json',
				'x-leadterra-signature': signLeadterraBody(BENCH_SECRET, body),
			},
			rawBody: Buffer.from(body),
			contentType: 'application/json',
		};
		const config = { secrets: [BENCH_SECRET] };
		return () => processLeadterraDelivery(delivery, config, Date.now());
	},
};

const SMARTLEAD_TOKEN = 'bench-url-token-0123456789abcdef';

/**
 * A SmartLead `EMAIL_SENT` (its sample alone is ~0.9 KB) whose message HTML and lead fields make up
 * the size, as in real deliveries. SmartLead does not sign deliveries: the pipeline checks a URL
 * token and the payload's `secret_key` instead of an HMAC, so its ratio to the floor is not like
 * for like (it is cheaper than the floor's HMAC, not dearer).
 */
const smartlead: PipelineCase = {
	name: 'SmartLead',
	body: (bytes) =>
		fitToSize(bytes, (filler) => {
			const sample = sampleOf(smartleadEvents, 'EMAIL_SENT');
			sample.lead_custom_fields = leadFields(fieldCountFor(bytes - 800));
			(sample.sent_message as Record<string, unknown>).html = `<div>${filler}</div>`;
			return sample;
		}),
	prepare(body) {
		const delivery = {
			headers: { 'content-type': 'application/json' },
			rawBody: Buffer.from(body),
			contentType: 'application/json',
			query: { token: SMARTLEAD_TOKEN },
		};
		const secretKey = (JSON.parse(body) as { secret_key: string }).secret_key;
		const config = { token: SMARTLEAD_TOKEN, secretKey };
		return () => processSmartleadDelivery(delivery, config, Date.now());
	},
};

export const PIPELINE_CASES: readonly PipelineCase[] = [aktifyV2, leadterra, smartlead];
