import { sameEndpoint } from '../auth/urlToken';

/**
 * What a trigger's `checkExists` does about the registrations a platform holds for it, as decided
 * by the provider's pure `registration.ts`:
 * - `create`: none of them can be used; delete `remove`, then `create` registers anew;
 * - `keep`: `webhook` belongs to this trigger and matches what it wants; delete `remove`;
 * - `repair`: `webhook` belongs to this trigger but differs in `drift`; update it in place and
 *   delete `remove`.
 * `remove` holds duplicates left by a crash or a lost response, so that after a plan was carried
 * out at most one registration points at the trigger's URL.
 */
export type RegistrationPlan<W extends { id: unknown }, D extends string = string> =
	| { action: 'create'; remove: Array<W['id']> }
	| { action: 'keep'; webhook: W; remove: Array<W['id']> }
	| { action: 'repair'; webhook: W; drift: D[]; remove: Array<W['id']> };

/** A registration as a platform lists it, in the fields every provider compares. */
export interface RemoteRegistration {
	id: string | number;
	/** The registered URL, token included; empty when the platform did not say. */
	url: string;
	events: string[];
}

/**
 * The registrations that belong to the trigger whose n8n webhook URL is `webhookUrl`: n8n's
 * webhook path holds the node's own id, so no other trigger can register that URL, and a
 * registration whose id was never stored (a lost create response) is still found by it.
 */
export function registrationsOf<W extends RemoteRegistration>(
	remote: readonly W[],
	webhookUrl: string,
): W[] {
	return remote.filter((webhook) => sameEndpoint(webhook.url, webhookUrl));
}
