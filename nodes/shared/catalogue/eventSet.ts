import { ALL_EVENTS } from './definitions';

/** Sets of event names (and other registration lists) as the triggers compare and register them. */

/** The `events` parameter as a list, whether n8n hands over a list or a single value. */
export function eventsParameter(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	return value === undefined || value === null || value === '' ? [] : [String(value)];
}

/** The events to subscribe to: the selection without repeats, or all of `allEvents` for "All Events" or none. */
export function expandEvents(selected: readonly string[], allEvents: readonly string[]): string[] {
	if (selected.length === 0 || selected.includes(ALL_EVENTS)) return [...allEvents];
	return [...new Set(selected)];
}

/** Whether two lists hold the same values, ignoring order and repeats. */
export function sameSet<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
	const left = new Set(a ?? []);
	const right = new Set(b ?? []);
	return left.size === right.size && [...left].every((value) => right.has(value));
}
