import type { EventDefinition } from '../../nodes/shared/catalogue';
import { SIGNATURE_HEADER, signLeadterraBody } from '../../nodes/Leadterra/auth';
import { urlWithToken, type SimulatedRequest } from './request';

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
