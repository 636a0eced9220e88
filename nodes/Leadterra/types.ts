import type { RemoteRegistration } from '../shared/registration/plan';

/**
 * Shapes shared by the pure modules (authentication, registration plan) and the modules that talk
 * to n8n or the API, kept here so neither layer imports the other for a type.
 */

export interface RemoteWebhook extends RemoteRegistration {
	id: string;
	status?: string;
}

export interface LeadterraDeliveryConfig {
	/** Signing secrets to accept: the one returned at registration and the credential's, when set. */
	secrets: string[];
	/** Random token carried by the registered URL; required when no secret is known. */
	token?: string;
}

/** The n8n credential type the platform's nodes authenticate with. */
export const LEADTERRA_CREDENTIAL = 'leadterraApi';
