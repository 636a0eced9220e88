import type { RemoteRegistration } from '../shared/registration/plan';

/**
 * Shapes shared by the pure registration plan and the API transport, kept here so neither layer
 * imports the other for a type.
 */

/**
 * SmartLead's webhook endpoints:
 * - Campaign scope uses the endpoints SmartLead's own CLI uses: `GET|POST|DELETE
 *   /campaigns/{id}/webhooks`. POST with `id: null` creates, with an id updates; DELETE carries
 *   `{id}` in its JSON body. Categories are given by name.
 * - User and client scope exist only on the newer docs site: `POST /webhook/create` (with
 *   `association_type`), `GET /webhook/{id}`, `PUT /webhook/update/{id}`, `DELETE
 *   /webhook/delete/{id}`. There is no list endpoint, so only a stored id can find one again.
 *   Create takes maps (`event_type_map`, `category_id_map` keyed by category id); update takes arrays.
 */

export interface RemoteWebhook extends RemoteRegistration {
	id: number | string;
	categories: string[];
	categoryIds: number[];
}

/** The n8n credential type the platform's nodes authenticate with. */
export const SMARTLEAD_CREDENTIAL = 'smartleadApi';
