import { distinctEventNames } from '../shared/catalogue/definitions';
import type { ProviderSpec } from '../shared/provider';
import { registeringTriggerPanel } from '../shared/descriptions/triggerPanel';
import { SMARTLEAD_CATEGORIES, smartleadEvents } from './events';
import { smartleadSimulator } from './simulation';
import { SMARTLEAD_CREDENTIAL } from './types';
import { EVERY_TRIGGER_CAUSES, JSON_BODY_CAUSES } from '../shared/diagnostics/causes';

export const smartlead: ProviderSpec = {
	id: 'smartlead',
	displayName: 'SmartLead',
	nodeTypes: { trigger: 'smartleadTrigger', action: 'smartlead' },
	credentialType: SMARTLEAD_CREDENTIAL,
	catalogue: smartleadEvents,
	categories: SMARTLEAD_CATEGORIES,
	eventNames: distinctEventNames(smartleadEvents),
	triggerPanel: registeringTriggerPanel({
		service: 'SmartLead',
		simulatorArguments: `smartlead ${smartleadSimulator.panelArguments}`,
		whereIsTheRegisteredUrl: "the SmartLead node's Webhook → Get Many or Get lists it",
	}),
	// SmartLead's documentation disagrees on retries (3, or 5 over about 7 hours) and says a webhook
	// is disabled after 5 consecutive failures, so a 503 during a Redis outage could switch off later
	// events.
	whenDuplicateStoreUnavailable: 'deliver',
	simulator: smartleadSimulator,
	diagnosis: {
		causes: [
			...EVERY_TRIGGER_CAUSES,
			...JSON_BODY_CAUSES,
			'token-not-registered',
			'token-missing',
			'token-repeated',
			'token-invalid',
			'secret-key-missing',
			'secret-key-invalid',
		],
	},
};
