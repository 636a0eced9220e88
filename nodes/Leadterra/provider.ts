import type { ProviderSpec } from '../shared/provider';
import { registeringTriggerPanel } from '../shared/descriptions/triggerPanel';
import { LEADTERRA_CATEGORIES, LEADTERRA_EVENT_NAMES, leadterraEvents } from './events';
import { leadterraSimulator } from './simulation';
import { LEADTERRA_CREDENTIAL } from './transport';

export const leadterra: ProviderSpec = {
	id: 'leadterra',
	displayName: 'Leadterra',
	nodeTypes: { trigger: 'leadterraTrigger', action: 'leadterra' },
	credentialType: LEADTERRA_CREDENTIAL,
	catalogue: leadterraEvents,
	categories: LEADTERRA_CATEGORIES,
	eventNames: LEADTERRA_EVENT_NAMES,
	triggerPanel: registeringTriggerPanel({
		service: 'Leadterra',
		simulatorArguments: `leadterra ${leadterraSimulator.panelArguments}`,
		whereIsTheRegisteredUrl: "the Leadterra node's Get Many lists it",
	}),
	// Leadterra retries a failed delivery five times over about 11 hours and does not disable a
	// webhook for failing, so during a Redis outage a 503 only delays the event instead of risking a
	// duplicate execution.
	whenDuplicateStoreUnavailable: 'reject',
	simulator: leadterraSimulator,
};
