import { PROVIDERS, providerById } from '../../nodes/providers';
import type { EventDefinition } from '../../nodes/shared/catalogue/definitions';
import type { ProviderSpec, SimulationOptions } from '../../nodes/shared/provider';
import type { SimulatedRequest } from '../../nodes/shared/simulation';

/** From command-line options to the list of requests to send; no I/O, so it is unit-tested. */

export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((provider) => provider.id);

export { providerById };

export interface PlanOptions extends SimulationOptions {
	url: string;
	/** `all` or one catalogue event name. */
	event: string;
}

export type Plan = { ok: true; requests: SimulatedRequest[] } | { ok: false; message: string };

function selectEvents(provider: ProviderSpec, options: PlanOptions): EventDefinition[] {
	return provider.catalogue.filter(
		(event) =>
			(options.event === 'all' || event.name === options.event) &&
			provider.simulator.selects(event, options),
	);
}

export function planRequests(provider: ProviderSpec, options: PlanOptions): Plan {
	try {
		new URL(options.url);
	} catch {
		return { ok: false, message: `--url is not a URL: ${options.url}` };
	}
	const missing = provider.simulator.missing(options.url, options);
	if (missing) return { ok: false, message: missing };
	const selected = selectEvents(provider, options);
	if (selected.length === 0)
		return {
			ok: false,
			message: `No ${provider.id} catalogue event matches --event ${options.event}${options.version ? ` --version ${options.version}` : ''}; try --list`,
		};
	return {
		ok: true,
		requests: selected.map((definition) =>
			provider.simulator.request(definition, options.url, options),
		),
	};
}

/** One line per catalogue event, for --list. */
export function catalogueLines(provider: ProviderSpec): string[] {
	return provider.catalogue.map((event) =>
		[event.version ?? '', event.name.padEnd(30), event.category.padEnd(15), event.description]
			.filter((part, index) => index > 0 || part !== '')
			.join('  '),
	);
}
