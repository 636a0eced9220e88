import type { EventDefinition } from '../shared/catalogue/definitions';
import type { SimulatorSpec } from '../shared/provider';
import { missingToken, urlWithToken, type SimulatedRequest } from '../shared/simulation';
import { encodeFormBody } from './formParser';

/**
 * An ActiveCampaign delivery: the event's bracket-keyed sample, form-encoded as ActiveCampaign posts
 * it. ActiveCampaign signs nothing, so the registered URL's token authenticates it.
 */
export function activeCampaignRequest(
	definition: EventDefinition,
	url: string,
	options: { token?: string } = {},
): SimulatedRequest {
	return {
		event: definition.name,
		variant: 'form',
		url: urlWithToken(url, options.token),
		body: encodeFormBody(definition.sample as Record<string, string | string[]>),
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
	};
}

export const activeCampaignSimulator: SimulatorSpec = {
	usage:
		"  --token <token>     sets the URL's token; deliveries are form-encoded as ActiveCampaign sends them",
	panelArguments: "--url '<registered URL>'",
	missing: (url, options) =>
		missingToken(
			url,
			options,
			'the URL the trigger registered carries it (?token=…): see ActiveCampaign → Settings → Developer → Webhooks',
		),
	selects: () => true,
	request: activeCampaignRequest,
};
