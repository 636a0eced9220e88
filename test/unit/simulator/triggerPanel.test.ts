import type { INodeType, TriggerPanelDefinition } from 'n8n-workflow';

import { ActiveCampaignEventsTrigger } from '../../../nodes/ActiveCampaign/ActiveCampaignEventsTrigger.node';
import { AktifyTrigger } from '../../../nodes/Aktify/AktifyTrigger.node';
import { LeadterraTrigger } from '../../../nodes/Leadterra/LeadterraTrigger.node';
import { SmartleadTrigger } from '../../../nodes/Smartlead/SmartleadTrigger.node';
import { PROVIDER_IDS } from '../../../cli/lib/plan';

const triggers: Array<[string, string, INodeType]> = [
	['Aktify', 'aktify', new AktifyTrigger()],
	['Leadterra', 'leadterra', new LeadterraTrigger()],
	['SmartLead', 'smartlead', new SmartleadTrigger()],
	['ActiveCampaign', 'activecampaign', new ActiveCampaignEventsTrigger()],
];

function panelOf(node: INodeType): TriggerPanelDefinition {
	const panel = node.description.triggerPanel;
	if (typeof panel !== 'object') throw new Error('no trigger panel texts');
	return panel;
}

function texts(panel: TriggerPanelDefinition, state: 'active' | 'inactive'): string[] {
	const pick = (value: TriggerPanelDefinition['executionsHelp']) =>
		typeof value === 'object' ? value[state] : (value ?? '');
	return [pick(panel.executionsHelp), pick(panel.activationHint)];
}

describe('trigger panel texts', () => {
	it.each(triggers)(
		'%s names its service and the simulator command for it',
		(service, provider, node) => {
			const panel = panelOf(node);
			expect(panel.header).toBe(`Listen for ${service} events`);
			expect(PROVIDER_IDS).toContain(provider);
			for (const state of ['active', 'inactive'] as const) {
				const [help, hint] = texts(panel, state);
				expect(help).toContain(
					`<code>npx -p n8n-nodes-lead-events lead-events-simulate ${provider} --url `,
				);
				expect(help).toContain('data-key="executions"');
				// Placeholders are escaped, so the editor's HTML rendering does not swallow them.
				expect(help).not.toMatch(/<(Test|registered|client|signing) /);
				expect(hint).toContain(service);
			}
		},
	);

	it('tells Aktify users about the Portal test button, and registering triggers about the test registration', () => {
		expect(texts(panelOf(new AktifyTrigger()), 'inactive')[0]).toMatch(
			/Portal's <b>test<\/b> action/,
		);
		for (const [service, , node] of triggers.slice(1))
			expect(texts(panelOf(node), 'inactive')[0]).toContain(
				`registers this trigger's <b>Test URL</b> with ${service}`,
			);
	});
});
