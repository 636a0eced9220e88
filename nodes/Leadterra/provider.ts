import type { ProviderSpec } from '../shared/provider';
import { registeringTriggerPanel } from '../shared/descriptions/triggerPanel';
import { LEADTERRA_CATEGORIES, LEADTERRA_EVENT_NAMES, leadterraEvents } from './events';
import { leadterraSimulator } from './simulation';
import { LEADTERRA_CREDENTIAL } from './types';
import { EVERY_TRIGGER_CAUSES, JSON_BODY_CAUSES } from '../shared/diagnostics/causes';

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
	diagnosis: {
		causes: [
			...EVERY_TRIGGER_CAUSES,
			...JSON_BODY_CAUSES,
			'signature-missing',
			'signature-repeated',
			'signature-malformed',
			'secret-not-configured',
			'signature-mismatch',
			'token-not-registered',
			'token-missing',
			'token-repeated',
			'token-invalid',
		],
		secretName: "the credential's Signing Secret",
		checks: {
			'signature-malformed': ['64 hex digits, optionally prefixed `sha256=`'],
			'secret-not-configured': [
				'Publish the workflow again so the trigger registers (and learns a secret or token)',
			],
		},
		hints: {
			'secret-not-configured': () =>
				'No signing secret or token is known: publish the workflow again so the trigger registers with Leadterra.',
		},
	},
};
