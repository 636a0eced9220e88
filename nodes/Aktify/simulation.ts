import type { EventDefinition } from '../shared/catalogue/definitions';
import { isPlainObject } from '../shared/pipeline/body';
import type { SimulationOptions, SimulatorSpec } from '../shared/provider';
import { authorizationHeaders, type CustomAuthRequest } from '../shared/simulation';
import { SIGNATURE_HEADER, signAktifyBody, type SignatureScheme } from './auth';

/** Requests the way Aktify sends them, built from the catalogue's samples. */

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

/**
 * An unsigned custom payload as a user's Aktify template might produce it: the event name plus
 * the event's data fields at the top level (Aktify templates reference fields by bare name).
 */
export function customPayloadRequest(
	definition: EventDefinition,
	auth: CustomAuthRequest,
): AktifyRequest {
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

export const aktifySimulator: SimulatorSpec = {
	usage: [
		"  --secret <secret>   the credential's Client Secret: sends signed deliveries (aktify-signature)",
		'  --version <v1|v2>   only events of this version (dnc.created exists in both)',
		'  --custom <type>     unsigned custom payloads instead: basic, bearer or header',
		'  --user, --password  Basic auth (with --custom basic)',
		'  --token <token>     Bearer token (with --custom bearer)',
		'  --header-name, --header-value   header authentication (with --custom header)',
	].join('\n'),
	panelArguments: '--url <Test URL> --secret <client secret>',
	missing: (_url, options) =>
		!options.customAuth && !options.secret
			? 'Give --secret (the Client Secret) for signed deliveries, or --custom for unsigned custom payloads'
			: undefined,
	selects: (definition, options: SimulationOptions) =>
		(!options.version || definition.version === options.version) &&
		// Custom payloads are a v2 feature of Aktify.
		(!options.customAuth || definition.version === 'v2'),
	request: (definition, url, options) => {
		const request = options.customAuth
			? customPayloadRequest(definition, options.customAuth)
			: signedRequest(definition, options.secret ?? '', options.now);
		return {
			event: request.event,
			variant: request.version,
			url,
			body: request.body,
			headers: request.headers,
		};
	},
};
