import { activeCampaignEvents } from '../../nodes/ActiveCampaign/events';
import { aktifyEvents } from '../../nodes/Aktify/events';
import { leadterraEvents } from '../../nodes/Leadterra/events';
import { smartleadEvents } from '../../nodes/Smartlead/events';
import type { EventDefinition } from '../../nodes/shared/catalogue';
import { customPayloadRequest, signedRequest, type CustomAuth } from './aktifyRequests';
import { leadterraRequest } from './leadterraRequests';
import { tokenOf, type SimulatedRequest } from './request';
import { activeCampaignRequest, smartleadRequest } from './tokenRequests';

/** From command-line options to the list of requests to send; no I/O, so it is unit-tested. */

export const PROVIDERS = ['aktify', 'leadterra', 'smartlead', 'activecampaign'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const CATALOGUES: Record<Provider, readonly EventDefinition[]> = {
	aktify: aktifyEvents,
	leadterra: leadterraEvents,
	smartlead: smartleadEvents,
	activecampaign: activeCampaignEvents,
};

export function isProvider(value: string): value is Provider {
	return (PROVIDERS as readonly string[]).includes(value);
}

export interface PlanOptions {
	url: string;
	/** `all` or one catalogue event name. */
	event: string;
	/** Aktify: `v1` or `v2` only. */
	version?: string;
	/** Aktify: the client secret; Leadterra: the signing secret. */
	secret?: string;
	/** SmartLead, ActiveCampaign, Leadterra: the URL token (replaces one in the URL); Aktify: the Bearer token. */
	token?: string;
	/** SmartLead: the payloads' `secret_key`. */
	secretKey?: string;
	/** Aktify: unsigned custom payloads with this authentication instead of signed events. */
	customAuth?: CustomAuth;
	/** Delivery time for Aktify's signed timestamp (tests fix it). */
	now?: number;
}

export type Plan = { ok: true; requests: SimulatedRequest[] } | { ok: false; message: string };

function selectEvents(provider: Provider, options: PlanOptions): EventDefinition[] {
	return CATALOGUES[provider].filter(
		(event) =>
			(options.event === 'all' || event.name === options.event) &&
			(!options.version || event.version === options.version) &&
			// Custom payloads are a v2 feature of Aktify.
			(!options.customAuth || event.version === 'v2'),
	);
}

function missingToken(provider: Provider, options: PlanOptions): boolean {
	return !options.token && tokenOf(options.url) === undefined && provider !== 'aktify';
}

const WHERE_IS_THE_TOKEN: Record<Exclude<Provider, 'aktify'>, string> = {
	leadterra:
		"the URL the trigger registered carries it (?token=…): see the Leadterra node's Get Many, or give --secret",
	smartlead:
		"the URL the trigger registered carries it (?token=…): see the SmartLead node's Webhook → Get Many or Get",
	activecampaign:
		'the URL the trigger registered carries it (?token=…): see ActiveCampaign → Settings → Developer → Webhooks',
};

export function planRequests(provider: Provider, options: PlanOptions): Plan {
	try {
		new URL(options.url);
	} catch {
		return { ok: false, message: `--url is not a URL: ${options.url}` };
	}
	if (provider === 'aktify' && !options.customAuth && !options.secret)
		return {
			ok: false,
			message:
				'Give --secret (the Client Secret) for signed deliveries, or --custom for unsigned custom payloads',
		};
	if (
		provider !== 'aktify' &&
		missingToken(provider, options) &&
		!(provider === 'leadterra' && options.secret)
	)
		return {
			ok: false,
			message: `No token in --url and no --token: ${WHERE_IS_THE_TOKEN[provider]}`,
		};
	const selected = selectEvents(provider, options);
	if (selected.length === 0)
		return {
			ok: false,
			message: `No ${provider} catalogue event matches --event ${options.event}${options.version ? ` --version ${options.version}` : ''}; try --list`,
		};
	const requests = selected.map((definition): SimulatedRequest => {
		switch (provider) {
			case 'aktify': {
				const request = options.customAuth
					? customPayloadRequest(definition, options.customAuth)
					: signedRequest(definition, options.secret as string, options.now);
				return {
					event: request.event,
					variant: request.version,
					url: options.url,
					body: request.body,
					headers: request.headers,
				};
			}
			case 'leadterra':
				return leadterraRequest(definition, options.url, options);
			case 'smartlead':
				return smartleadRequest(definition, options.url, options);
			case 'activecampaign':
				return activeCampaignRequest(definition, options.url, options);
		}
	});
	return { ok: true, requests };
}

/** One line per catalogue event, for --list. */
export function catalogueLines(provider: Provider): string[] {
	return CATALOGUES[provider].map((event) =>
		[event.version ?? '', event.name.padEnd(30), event.category.padEnd(15), event.description]
			.filter((part, index) => index > 0 || part !== '')
			.join('  '),
	);
}
