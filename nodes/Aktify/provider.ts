import type { TriggerPanelDefinition } from 'n8n-workflow';

import { distinctEventNames } from '../shared/catalogue/definitions';
import type { ProviderSpec } from '../shared/provider';
import { EXECUTIONS_LIST, simulatorCommand } from '../shared/descriptions/triggerPanel';
import { processDelivery } from './delivery';
import { AKTIFY_CATEGORIES, aktifyEvents } from './events';
import { aktifySimulator, signedRequest } from './simulation';
import { EVERY_TRIGGER_CAUSES, JSON_BODY_CAUSES } from '../shared/diagnostics/causes';

/** Aktify has no registration API: the user points a Portal webhook at the Test or Production URL. */
const aktifyTriggerPanel: TriggerPanelDefinition = {
	header: 'Listen for Aktify events',
	executionsHelp: {
		inactive: [
			"<b>While building your workflow</b>, click 'Test this trigger' and copy the <b>Test URL</b> (under Webhook URLs) into a webhook in the Aktify Portal (Settings → Webhooks), with the credential's client secret. Then use the Portal's <b>test</b> action on that webhook: n8n shows the event here. n8n listens for one event, for up to two minutes.",
			`<br /><br /><b>Without an Aktify account</b>, send signed sample events to the Test URL with the simulator: ${simulatorCommand(`aktify ${aktifySimulator.panelArguments}`)}`,
			`<br /><br /><b>Once your workflow is ready</b>, put the <b>Production URL</b> into the Portal webhook instead and publish the workflow. Its executions show up in the ${EXECUTIONS_LIST}, not in the editor.`,
		].join(''),
		active: [
			"<b>While building your workflow</b>, click 'Test this trigger', point a Portal webhook at the <b>Test URL</b> (under Webhook URLs) and use the Portal's <b>test</b> action; or send signed sample events with the simulator: ",
			simulatorCommand(`aktify ${aktifySimulator.panelArguments}`),
			`<br /><br /><b>The workflow is published</b>: every delivery to the <b>Production URL</b> starts an execution, shown in the ${EXECUTIONS_LIST}, not in the editor.`,
		].join(''),
	},
	activationHint: {
		inactive:
			'Aktify has no API to register webhooks: paste the Production URL into the Aktify Portal, then publish the workflow to receive events continuously.',
		active:
			'Aktify deliveries to the Production URL also start executions (they show in the executions list, not here).',
	},
};

const EXAMPLE_SECRET = 'readme_example_secret_0123';
const EXAMPLE_TIME = Date.UTC(2026, 0, 29, 12, 0, 1);

/** The item a signed sample of the category becomes (v2 where the category has one). */
function exampleItem(category: string): unknown {
	const inCategory = aktifyEvents.filter((event) => event.category === category);
	const definition = inCategory.find((event) => event.version === 'v2') ?? inCategory[0];
	const request = signedRequest(definition, EXAMPLE_SECRET, EXAMPLE_TIME);
	const outcome = processDelivery(
		{
			headers: request.headers,
			rawBody: Buffer.from(request.body),
			contentType: 'application/json',
		},
		{ secrets: [EXAMPLE_SECRET], customAuth: { type: 'none' }, toleranceMs: 0, eventFields: [] },
		EXAMPLE_TIME,
	);
	if (!outcome.ok) throw new Error(`sample of ${definition.name} was rejected: ${outcome.reason}`);
	return outcome.item;
}

export const aktify: ProviderSpec = {
	id: 'aktify',
	displayName: 'Aktify',
	nodeTypes: { trigger: 'aktifyTrigger' },
	credentialType: 'aktifyApi',
	catalogue: aktifyEvents,
	categories: AKTIFY_CATEGORIES,
	eventNames: distinctEventNames(aktifyEvents),
	triggerPanel: aktifyTriggerPanel,
	// Aktify marks a webhook "broken" after 5 failed attempts and then sends nothing until someone
	// re-saves it in the Portal, so a 503 during a Redis outage could switch off every later event.
	whenDuplicateStoreUnavailable: 'deliver',
	simulator: aktifySimulator,
	diagnosis: {
		causes: [
			...EVERY_TRIGGER_CAUSES,
			...JSON_BODY_CAUSES,
			'signature-missing',
			'signature-repeated',
			'signature-malformed',
			'secret-not-configured',
			'timestamp-out-of-window',
			'signature-mismatch',
			'custom-auth-missing',
			'custom-auth-invalid',
		],
		secretName: 'the Client Secret',
		secretsName: 'the Client Secret or the Previous Client Secret',
		checks: {
			'signature-missing': [
				'Aktify sends no signature with a Custom Payload: set Custom Payload Authentication in the credential',
			],
			'signature-malformed': [
				'`t=<unix milliseconds>,v2=<64 hex digits>` (or `v1=`), exactly one of v1 or v2',
			],
			'secret-not-configured': [
				'Enter the webhook secret from the Aktify Portal (Settings → Webhooks) as the Client Secret in the credential',
			],
			'custom-auth-missing': [
				"The Custom Payload's authentication in the Aktify Portal must match the credential's Custom Payload Authentication",
			],
		},
		hints: {
			'signature-missing': (e) => {
				const header = e.header ?? 'signature';
				if (e.authorizationScheme)
					return `No ${header} header, but an ${e.authorizationScheme} Authorization header: this looks like a Custom Payload. Set Custom Payload Authentication in the credential to match the Portal.`;
				if (e.looksSigned)
					return `No ${header} header, although the body is a standard Aktify event: a proxy in front of n8n probably drops the header.`;
				return `No ${header} header at all: is a Custom Payload (which Aktify does not sign) being sent to this trigger? Then set Custom Payload Authentication in the credential. Otherwise the request does not come from Aktify.`;
			},
			'body-not-json': () =>
				'The signature is valid but the body is not JSON: signed Aktify events are always JSON, so the body was changed after signing.',
			'secret-not-configured': () =>
				'The credential has no Client Secret, so signed deliveries cannot be verified: paste the secret from the Aktify Portal.',
		},
	},
	exampleItem,
};
