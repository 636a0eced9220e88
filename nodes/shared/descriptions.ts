import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, eventOptions, type EventDefinition } from './catalogue';

/** Node parameters every trigger of this package shares, built from a provider's catalogue. */

export function eventsProperty(
	catalogue: readonly EventDefinition[],
	providerName: string,
): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description: `The ${providerName} events that start the workflow. Other events are acknowledged and ignored.`,
		options: eventOptions(catalogue) as INodePropertyOptions[],
	};
}

export const routeByProperty: INodeProperties = {
	displayName: 'Route By',
	name: 'routeBy',
	type: 'options',
	default: 'none',
	description:
		'Whether to send every event to one output, or give each category or event its own output',
	options: [
		{
			name: 'Category (One Output per Category)',
			value: 'category',
			description: 'One output per event category, plus "Other"',
		},
		{
			name: 'Event (One Output per Selected Event)',
			value: 'event',
			description: 'One output per selected event, plus "Other"',
		},
		{
			name: 'Nothing (Single Output)',
			value: 'none',
			description: 'All events leave through one output',
		},
	],
};

export const duplicateOptions: INodeProperties[] = [
	{
		displayName: 'Duplicate Window (Seconds)',
		name: 'duplicateWindowSeconds',
		type: 'number',
		default: 3600,
		typeOptions: { minValue: 1 },
		description: 'How long a delivery key is remembered when Suppress Duplicates is on',
	},
	{
		displayName: 'Max Body Size (KB)',
		name: 'maxBodySizeKb',
		type: 'number',
		default: 1024,
		typeOptions: { minValue: 1 },
		description: 'Larger deliveries are answered 413 before they are read',
	},
	{
		displayName: 'Suppress Duplicates',
		name: 'suppressDuplicates',
		type: 'boolean',
		default: false,
		description:
			'Whether to drop repeats of an already received event (same dedupe key) within the window. Memory is per n8n process and bounded; use the Remove Duplicates node on dedupeKey for a database-backed guarantee.',
	},
];

/** Subtitle of a routed trigger: names the routing when it is on. */
export const routedSubtitle =
	'={{ $parameter["routeBy"] === "none" ? "" : "routed by " + $parameter["routeBy"] }}';
