import type { EventDefinition } from '../../nodes/shared/catalogue';
import { SIGNATURE_HEADER, signAktifyBody, type SignatureScheme } from '../../nodes/Aktify/auth';

/**
 * Builds requests the way Aktify sends them, from the catalogue's samples. Used by the simulator,
 * `npm start` and the tests, so all three exercise the same bytes.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type CustomAuth =
	| { type: 'basic'; user: string; password: string }
	| { type: 'bearer'; token: string }
	| { type: 'header'; name: string; value: string };

export interface AktifyRequest {
	event: string;
	version: string;
	body: string;
	headers: Record<string, string>;
}

export function schemeOf(definition: EventDefinition): SignatureScheme {
	return definition.version === 'v1' ? 'v1' : 'v2';
}

/** A signed delivery of the event's sample, as Aktify would send it now. */
export function signedRequest(
	definition: EventDefinition,
	secret: string,
	timestampMs = Date.now(),
	sample = definition.sample,
): AktifyRequest {
	const body = JSON.stringify(sample);
	return {
		event: definition.name,
		version: definition.version ?? 'v2',
		body,
		headers: {
			'content-type': 'application/json',
			[SIGNATURE_HEADER]: signAktifyBody(secret, body, schemeOf(definition), timestampMs),
		},
	};
}

export function authorizationHeaders(auth: CustomAuth): Record<string, string> {
	switch (auth.type) {
		case 'basic':
			return {
				authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`,
			};
		case 'bearer':
			return { authorization: `Bearer ${auth.token}` };
		case 'header':
			return { [auth.name.toLowerCase()]: auth.value };
	}
}

/**
 * An unsigned custom payload as a user's Aktify template might produce it: the event name plus
 * the event's data fields at the top level (Aktify templates reference fields by bare name).
 */
export function customPayloadRequest(definition: EventDefinition, auth: CustomAuth): AktifyRequest {
	const sample = definition.sample as Record<string, unknown>;
	const metadata = isPlainObject(sample.metadata) ? sample.metadata : {};
	const data = isPlainObject(sample.data) ? sample.data : {};
	const body = JSON.stringify({
		eventType: definition.name,
		campaignId: metadata.campaignId,
		eventTime: metadata.eventTime,
		...data,
	});
	return {
		event: definition.name,
		version: 'custom',
		body,
		headers: { 'content-type': 'application/json', ...authorizationHeaders(auth) },
	};
}
