import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, eventOptions, type EventDefinition } from '../catalogue/definitions';
import {
	DEFAULT_REPORT_INTERVAL_MINUTES,
	MIN_REPORT_INTERVAL_MINUTES,
} from '../diagnostics/rejectionReports';
import type { WhenStoreUnavailable } from '../duplicates/store';

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

/**
 * Where Suppress Duplicates remembers keys. Top level (not inside Options) because a credential's
 * displayOptions can only refer to top-level parameters, and the Redis credential is shown only
 * when Redis is chosen.
 */
export const duplicateStoreProperty: INodeProperties = {
	displayName: 'Duplicate Store',
	name: 'duplicateStore',
	type: 'options',
	default: 'memory',
	description:
		'Where Suppress Duplicates (under Options) remembers the events it has seen. Only used when Suppress Duplicates is on.',
	options: [
		{
			name: 'Redis (Shared by All Processes)',
			value: 'redis',
			description:
				'For queue mode with several webhook processors: a retry is recognised whichever process receives it',
		},
		{
			name: 'This Process (No Setup)',
			value: 'memory',
			description: 'No setup; holds for one n8n process and is emptied when it restarts',
		},
	],
};

const WHEN_UNAVAILABLE_NAMES: Record<WhenStoreUnavailable, string> = {
	deliver: 'Start the Workflow and Log a Warning',
	reject: 'Answer 503 So the Sender Retries',
};

/**
 * The duplicate options of a trigger. `whenUnavailable` is the provider's default for an
 * unreachable shared store: answer 503 only for a provider that retries without penalty, else
 * deliver (a provider that never retries would lose the event on a 503).
 */
export function duplicateOptions(whenUnavailable: WhenStoreUnavailable): INodeProperties[] {
	return [
		{
			displayName: 'Duplicate Window (Seconds)',
			name: 'duplicateWindowSeconds',
			type: 'number',
			default: 3600,
			typeOptions: { minValue: 1 },
			description: 'How long a delivery key is remembered when Suppress Duplicates is on',
		},
		{
			displayName: 'If the Shared Duplicate Store Is Unreachable',
			name: 'duplicateStoreUnavailable',
			type: 'options',
			default: whenUnavailable,
			description: `What to do with an authenticated event when Duplicate Store is Redis and Redis cannot answer. Default for this trigger: ${WHEN_UNAVAILABLE_NAMES[whenUnavailable]}.`,
			options: [
				{
					name: WHEN_UNAVAILABLE_NAMES.reject,
					value: 'reject',
					description: 'Starts nothing; the provider delivers the event again later',
				},
				{
					name: WHEN_UNAVAILABLE_NAMES.deliver,
					value: 'deliver',
					description:
						'Never loses the event; a repeat that reaches another n8n process may run twice',
				},
			],
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
				'Whether to drop repeats of an already received event (same dedupe key) within the window. Duplicate Store says where the keys are kept: this n8n process, or Redis for several processes.',
		},
	];
}

/**
 * Report Rejections: a Rejected output, always the last, with one item per interval while
 * deliveries are being rejected (see diagnostics/rejectionReports.ts). Top level, like Route By,
 * because it changes the node's outputs.
 */
export const reportRejectionsProperties: INodeProperties[] = [
	{
		displayName: 'Report Rejections',
		name: 'reportRejections',
		type: 'boolean',
		default: false,
		description:
			'Whether to add a Rejected output that receives one item summing up the rejected deliveries (counts per cause, first and last time, what to check), at most once per Report Interval, so a workflow can send an alert. Nothing the sender sent is in the item.',
	},
	{
		displayName: 'Report Interval (Minutes)',
		name: 'reportIntervalMinutes',
		type: 'number',
		default: DEFAULT_REPORT_INTERVAL_MINUTES,
		typeOptions: { minValue: MIN_REPORT_INTERVAL_MINUTES },
		displayOptions: { show: { reportRejections: [true] } },
		description:
			'The first rejection after a quiet period is reported at once; later ones are counted and reported together by the first rejection once this many minutes have passed since the last report. Each n8n process counts its own rejections.',
	},
];

/** Subtitle of a routed trigger: names the routing when it is on. */
export const routedSubtitle =
	'={{ $parameter["routeBy"] === "none" ? "" : "routed by " + $parameter["routeBy"] }}';
