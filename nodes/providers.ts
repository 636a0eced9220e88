import { activeCampaign } from './ActiveCampaign/provider';
import { aktify } from './Aktify/provider';
import { leadterra } from './Leadterra/provider';
import type { ProviderSpec } from './shared/provider';
import { smartlead } from './Smartlead/provider';

/**
 * Every platform this package integrates, in the order the docs and the simulator list them. The
 * simulator, the docs generator, the screenshots and the tests read this list; a node reads only
 * its own platform's spec, so a package built for one platform carries no other.
 */
export const PROVIDERS: readonly ProviderSpec[] = [aktify, leadterra, smartlead, activeCampaign];

export function providerById(id: string): ProviderSpec | undefined {
	return PROVIDERS.find((provider) => provider.id === id);
}
