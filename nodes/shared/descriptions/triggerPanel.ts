import type { TriggerPanelDefinition } from 'n8n-workflow';

/**
 * The texts of n8n's trigger panel (the node view's input side before and after "Test this
 * trigger"). n8n's defaults tell the user to "go to <service> and create an event", which is all
 * that works for a service without a test button; these say what does work. A platform without a
 * registration API writes its own texts with the helpers here. The
 * executions help is shown as HTML in the "How to trigger an execution?" box; n8n opens its
 * executions list on a link with `data-key="executions"`.
 */

const SIMULATOR = 'npx -p n8n-nodes-lead-events lead-events-simulate';
/** A link n8n's trigger panel turns into "open the executions list". */
export const EXECUTIONS_LIST = '<a data-key="executions">executions list</a>';

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The simulator command line for a platform, as HTML for the panel. */
export function simulatorCommand(arguments_: string): string {
	return `<code>${escapeHtml(`${SIMULATOR} ${arguments_}`)}</code>`;
}

export interface RegisteringProvider {
	/** The platform as its users write it. */
	service: string;
	/** The simulator's provider argument and its other arguments. */
	simulatorArguments: string;
	/** Where the user finds the URL the trigger registered, with its token. */
	whereIsTheRegisteredUrl: string;
}

/**
 * Triggers that register their URL with the platform:
 * "Test this trigger" registers the Test URL with the platform and removes it afterwards.
 */
export function registeringTriggerPanel(provider: RegisteringProvider): TriggerPanelDefinition {
	const { service } = provider;
	const simulator = `<br /><br /><b>To send an event yourself</b> (while listening, or once published), run the simulator with the URL the trigger registered, token included (${provider.whereIsTheRegisteredUrl}): ${simulatorCommand(provider.simulatorArguments)}`;
	return {
		header: `Listen for ${service} events`,
		executionsHelp: {
			inactive: [
				`<b>While building your workflow</b>, click 'Test this trigger': n8n registers this trigger's <b>Test URL</b> with ${service} through the credential, listens for one event for up to two minutes, then removes that registration. Make the event happen in ${service}; it shows here.`,
				simulator,
				`<br /><br /><b>Once your workflow is ready</b>, publish it: the trigger registers its Production URL with ${service} (and removes it when you unpublish). Those executions show up in the ${EXECUTIONS_LIST}, not in the editor.`,
			].join(''),
			active: [
				`<b>While building your workflow</b>, click 'Test this trigger': n8n registers the <b>Test URL</b> with ${service} next to the published registration, listens for one event for up to two minutes, then removes only the test registration.`,
				simulator,
				`<br /><br /><b>The workflow is published</b>: its Production URL is registered with ${service}, and every event starts an execution, shown in the ${EXECUTIONS_LIST}, not in the editor.`,
			].join(''),
		},
		activationHint: {
			inactive: `Publish the workflow to register it with ${service} and receive events continuously (those executions show in the executions list, not here).`,
			active: `The workflow is published and registered with ${service}: events also start executions (they show in the executions list, not here).`,
		},
	};
}
