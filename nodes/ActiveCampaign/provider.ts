import type { ProviderSpec } from '../shared/provider';
import { registeringTriggerPanel } from '../shared/descriptions/triggerPanel';
import {
	ACTIVECAMPAIGN_CATEGORIES,
	ACTIVECAMPAIGN_EVENT_NAMES,
	activeCampaignEvents,
} from './events';
import { activeCampaignSimulator } from './simulation';
import { ACTIVECAMPAIGN_CREDENTIAL } from './types';
import { EVERY_TRIGGER_CAUSES } from '../shared/diagnostics/causes';

export const activeCampaign: ProviderSpec = {
	id: 'activecampaign',
	displayName: 'ActiveCampaign',
	nodeTypes: { trigger: 'activeCampaignEventsTrigger' },
	credentialType: ACTIVECAMPAIGN_CREDENTIAL,
	catalogue: activeCampaignEvents,
	categories: ACTIVECAMPAIGN_CATEGORIES,
	eventNames: ACTIVECAMPAIGN_EVENT_NAMES,
	triggerPanel: registeringTriggerPanel({
		service: 'ActiveCampaign',
		simulatorArguments: `activecampaign ${activeCampaignSimulator.panelArguments}`,
		whereIsTheRegisteredUrl: 'ActiveCampaign lists it under Settings → Developer → Webhooks',
	}),
	// ActiveCampaign never retries a delivery: a 503 would lose the event.
	whenDuplicateStoreUnavailable: 'deliver',
	simulator: activeCampaignSimulator,
	diagnosis: {
		causes: [
			...EVERY_TRIGGER_CAUSES,
			'token-missing',
			'token-repeated',
			'token-invalid',
			'token-stale',
		],
		hints: {
			'token-missing': () =>
				'The URL has no token: was the webhook URL copied without its query string? A webhook this trigger registered always carries `?token=…`; this one was answered 410 so ActiveCampaign switches it off.',
		},
	},
};
