import { isPlainObject } from '../shared/pipeline/body';
import type { EventDefinition } from '../shared/catalogue/definitions';
import type { SimulatorSpec } from '../shared/provider';
import { missingToken, urlWithToken, type SimulatedRequest } from '../shared/simulation';

/**
 * A SmartLead delivery: the event's flat JSON sample. SmartLead signs nothing, so the registered
 * URL's token authenticates it; `secretKey` replaces the sample's `secret_key`, for a trigger whose
 * Required Secret Key option is set.
 */
export function smartleadRequest(
	definition: EventDefinition,
	url: string,
	options: { token?: string; secretKey?: string } = {},
): SimulatedRequest {
	const sample = isPlainObject(definition.sample) ? definition.sample : {};
	const payload = options.secretKey ? { ...sample, secret_key: options.secretKey } : sample;
	return {
		event: definition.name,
		variant: 'json',
		url: urlWithToken(url, options.token),
		body: JSON.stringify(payload),
		headers: { 'content-type': 'application/json' },
	};
}

export const smartleadSimulator: SimulatorSpec = {
	usage: [
		"  --token <token>     sets the URL's token",
		"  --secret-key <key>  the payloads' secret_key (for a trigger with Required Secret Key set)",
	].join('\n'),
	panelArguments: "--url '<registered URL>'",
	missing: (url, options) =>
		missingToken(
			url,
			options,
			"the URL the trigger registered carries it (?token=…): see the SmartLead node's Webhook → Get Many or Get",
		),
	selects: () => true,
	request: smartleadRequest,
};
