import type { RemoteRegistration } from '../shared/registration/plan';

/**
 * Shapes shared by the pure registration plan and the API transport, kept here so neither layer
 * imports the other for a type.
 */

/** A webhook as ActiveCampaign lists it; ids come as strings, and `listid` as a string or number. */
export interface RemoteWebhook extends RemoteRegistration {
	id: string;
	name?: string;
	sources?: string[];
	listid?: string | number;
	[key: string]: unknown;
}

/** The body of a create/update call (`{ webhook: … }`). */
export interface WebhookSpec {
	name: string;
	url: string;
	events: string[];
	sources: string[];
	listid?: number;
}

/** The n8n credential type the platform's nodes authenticate with. */
export const ACTIVECAMPAIGN_CREDENTIAL = 'activeCampaignEventsApi';
