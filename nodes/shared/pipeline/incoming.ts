import type { Rejection } from '../result';

/** What a provider's pure delivery handler sees of an HTTP request, and what it decides. */

export type HeaderMap = Record<string, string | string[] | undefined>;

/** A header sent once as itself; one sent several times stays an array, for the caller to reject. */
export function singleHeader(value: string | string[] | undefined): string | string[] | undefined {
	return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

export interface IncomingDelivery {
	headers: HeaderMap;
	rawBody: Buffer;
	contentType?: string;
	query?: Record<string, unknown>;
}

/** The fields every emitted item has, whatever the provider. */
export interface TriggerItem {
	[key: string]: unknown;
	event: string;
	category: string;
	dedupeKey: string;
}

/** A refused delivery: answered with `status` and `reason`, no execution starts. */
export type DeliveryOutcome<T extends TriggerItem> = { ok: true; item: T } | Rejection;
