import { processAktifyDelivery, type AktifyItem } from '../../nodes/Aktify/delivery';
import { activeCampaignEvents } from '../../nodes/ActiveCampaign/events';
import { AKTIFY_CATEGORIES, aktifyEvents } from '../../nodes/Aktify/events';
import { leadterraEvents } from '../../nodes/Leadterra/events';
import { smartleadEvents } from '../../nodes/Smartlead/events';
import { eventTable, jsonBlock } from './catalogueDocs';
import { signedRequest } from './aktifyRequests';

const EXAMPLE_SECRET = 'readme_example_secret_0123';
const EXAMPLE_TIME = Date.UTC(2026, 0, 29, 12, 0, 1);

function aktifyExampleItem(category: string): AktifyItem {
	const inCategory = aktifyEvents.filter((event) => event.category === category);
	const definition = inCategory.find((event) => event.version === 'v2') ?? inCategory[0];
	const request = signedRequest(definition, EXAMPLE_SECRET, EXAMPLE_TIME);
	const outcome = processAktifyDelivery(
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

/**
 * Every generated fragment, by document (a path from the repository root) and fragment name.
 * A provider's tables live in its own page under docs/.
 */
export function docFragments(): Record<string, Record<string, string>> {
	return {
		'docs/aktify.md': {
			'aktify-events': eventTable(aktifyEvents, true),
			'aktify-items': AKTIFY_CATEGORIES.map(
				(category) => `**${category}**\n\n${jsonBlock(aktifyExampleItem(category))}`,
			).join('\n\n'),
		},
		'docs/leadterra.md': { 'leadterra-events': eventTable(leadterraEvents) },
		'docs/smartlead.md': { 'smartlead-events': eventTable(smartleadEvents) },
		'docs/activecampaign.md': { 'activecampaign-events': eventTable(activeCampaignEvents) },
	};
}
