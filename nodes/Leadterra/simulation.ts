import type { EventDefinition } from '../shared/catalogue/definitions';
import type { SimulatorSpec } from '../shared/provider';
import { missingToken, urlWithToken, type SimulatedRequest } from '../shared/simulation';
import { SIGNATURE_HEADER, signLeadterraBody } from './auth';

/**
 * A Leadterra delivery of the event's sample: JSON, signed with `X-Leadterra-Signature` (HMAC-SHA256
 * of the body, hex) when a secret is given. Without one it is unsigned and relies on the URL token,
 * which the trigger accepts only while it knows no signing secret.
 */
export function leadterraRequest(
	definition: EventDefinition,
	url: string,
	options: { secret?: string; token?: string } = {},
): SimulatedRequest {
	const body = JSON.stringify(definition.sample);
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (options.secret) headers[SIGNATURE_HEADER] = signLeadterraBody(options.secret, body);
	return {
		event: definition.name,
		variant: options.secret ? 'signed' : 'token',
		url: urlWithToken(url, options.token),
		body,
		headers,
	};
}

export const leadterraSimulator: SimulatorSpec = {
	usage: [
		"  --secret <secret>   signs each delivery (X-Leadterra-Signature): the credential's Signing Secret",
		'                      or the one Leadterra returned; without it, the URL token alone authenticates',
		"  --token <token>     sets the URL's token",
	].join('\n'),
	panelArguments: "--url '<registered URL>' [--secret <signing secret>]",
	missing: (url, options) =>
		options.secret
			? undefined
			: missingToken(
					url,
					options,
					"the URL the trigger registered carries it (?token=…): see the Leadterra node's Get Many, or give --secret",
				),
	selects: () => true,
	request: leadterraRequest,
};
