import type { EventDefinition } from '../../nodes/shared/catalogue';
import { urlWithToken, type SimulatedRequest } from './request';

/**
 * SmartLead and ActiveCampaign sign nothing: the random token in the registered URL is what
 * authenticates a delivery, so these requests only carry the sample and the URL's token.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A SmartLead delivery: the event's flat JSON sample. `secretKey` replaces the sample's
 * `secret_key`, for a trigger whose Required Secret Key option is set.
 */
export function smartleadRequest(
	definition: EventDefinition,
	url: string,
	options: { token?: string; secretKey?: string } = {},
): SimulatedRequest {
	const sample = isRecord(definition.sample) ? definition.sample : {};
	const payload = options.secretKey ? { ...sample, secret_key: options.secretKey } : sample;
	return {
		event: definition.name,
		variant: 'json',
		url: urlWithToken(url, options.token),
		body: JSON.stringify(payload),
		headers: { 'content-type': 'application/json' },
	};
}

/**
 * Form encoding as ActiveCampaign posts it: bracket keys percent-encoded, spaces as `+`, a
 * repeated key once per value, in the sample's order.
 */
export function encodeForm(fields: Record<string, string | string[]>): string {
	const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
	return Object.entries(fields)
		.flatMap(([key, value]) =>
			(Array.isArray(value) ? value : [value]).map((entry) => `${encode(key)}=${encode(entry)}`),
		)
		.join('&');
}

/** An ActiveCampaign delivery: the event's bracket-keyed sample, form-encoded. */
export function activeCampaignRequest(
	definition: EventDefinition,
	url: string,
	options: { token?: string } = {},
): SimulatedRequest {
	return {
		event: definition.name,
		variant: 'form',
		url: urlWithToken(url, options.token),
		body: encodeForm(definition.sample as Record<string, string | string[]>),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	};
}
