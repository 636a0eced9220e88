import type { ZodTypeAny } from 'zod';

/**
 * How much of an event's shape the provider documents. `inferred` fields are typed as optional
 * and every schema passes unknown fields through, so a provider change never drops an event.
 */
export type Documentation = 'documented' | 'partial' | 'inferred';

/** One entry of a provider's event catalogue: the single source for options, outputs, schemas, docs and fixtures. */
export interface EventDefinition {
	/** The event name exactly as the provider sends it. */
	name: string;
	/** Variant of an event name that exists in more than one form (e.g. two signature schemes). */
	version?: string;
	category: string;
	displayName: string;
	description: string;
	documentation: Documentation;
	/** Schema of the event's data part. */
	schema: ZodTypeAny;
	/** A realistic delivery body, used by fixtures, docs, the simulator and the tests. */
	sample: unknown;
}

interface EventOption {
	name: string;
	value: string;
	description: string;
}

export const ALL_EVENTS = '*';

/** The event name of an item whose body names no event. */
export const UNKNOWN_EVENT = 'unknown';
/** The category of an event that is not in the provider's catalogue. */
export const UNCATALOGUED = 'Other';

/** Options for an events multi-select: "All Events" first, then one entry per distinct event name. */
export function eventOptions(catalogue: readonly EventDefinition[]): EventOption[] {
	const byName = new Map<string, EventDefinition>();
	for (const event of catalogue) if (!byName.has(event.name)) byName.set(event.name, event);
	const options = [...byName.values()]
		.map((event) => ({
			name: event.displayName,
			value: event.name,
			description: event.description,
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [
		{ name: 'All Events', value: ALL_EVENTS, description: 'Receive every event' },
		...options,
	];
}

/** Distinct categories in catalogue order. */
export function categoriesOf(catalogue: readonly EventDefinition[]): string[] {
	return [...new Set(catalogue.map((event) => event.category))];
}

export function distinctEventNames(catalogue: readonly EventDefinition[]): string[] {
	return [...new Set(catalogue.map((event) => event.name))];
}

export function findEvent(
	catalogue: readonly EventDefinition[],
	name: string,
	version?: string,
): EventDefinition | undefined {
	return catalogue.find(
		(event) => event.name === name && (version === undefined || event.version === version),
	);
}

/** True when the user's selection lets this event through. An empty selection means all events. */
export function isSelected(selected: readonly string[], eventName: string): boolean {
	return selected.length === 0 || selected.includes(ALL_EVENTS) || selected.includes(eventName);
}
