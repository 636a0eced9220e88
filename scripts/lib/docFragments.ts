import { PROVIDERS } from '../../nodes/providers';
import { eventTable, jsonBlock } from './catalogueDocs';

/**
 * Every generated fragment, by document (a path from the repository root) and fragment name: each
 * platform's page `docs/<id>.md` holds its event table (`<id>-events`) and, where the platform's
 * spec gives example items, one per category (`<id>-items`).
 */
export function docFragments(): Record<string, Record<string, string>> {
	return Object.fromEntries(
		PROVIDERS.map((provider) => {
			const fragments: Record<string, string> = {
				[`${provider.id}-events`]: eventTable(
					provider.catalogue,
					provider.catalogue.some((event) => event.version !== undefined),
				),
			};
			const { exampleItem } = provider;
			if (exampleItem)
				fragments[`${provider.id}-items`] = provider.categories
					.map((category) => `**${category}**\n\n${jsonBlock(exampleItem(category))}`)
					.join('\n\n');
			return [`docs/${provider.id}.md`, fragments];
		}),
	);
}
