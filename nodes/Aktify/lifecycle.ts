import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import { credentialProblems, type AktifyCredentialData } from './config';

/**
 * The Aktify Trigger's `webhookMethods.default`. Aktify has no API to register webhooks: a person
 * creates the webhook in the Aktify Portal with the same client secret as the n8n credential. What
 * n8n can do when a workflow is published (or starts listening for a test event) is refuse a
 * credential that cannot verify a single delivery, instead of answering every event with 401 and
 * letting Aktify mark its webhook "broken" after five attempts.
 */

const AKTIFY_CREDENTIAL = 'aktifyApi';

/** Where the user finds the secret, for every message that asks for it. */
export const CLIENT_SECRET_HELP =
	'The client secret is the one set on this webhook in the Aktify Portal (Settings → Webhooks, the webhook with this trigger’s Production URL): enter the same value in the Aktify credential';

/**
 * The message that stops the publish, or `undefined` when the credential can verify deliveries.
 * It names the problems (never the secrets) and where to fix them.
 */
export function publishProblem(data: AktifyCredentialData): string | undefined {
	const problems = credentialProblems(data);
	if (problems.length === 0) return undefined;
	return `The Aktify credential cannot verify deliveries: ${problems.join('; ')}. ${CLIENT_SECRET_HELP}.`;
}

/**
 * Nothing at Aktify can be looked up, so there is never a registration n8n knows of: n8n then
 * calls create(), which makes the check on every publish.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	return false;
}

/** Refuses to publish with a credential that cannot verify a delivery. */
export async function create(this: IHookFunctions): Promise<boolean> {
	const credentials = (await this.getCredentials(AKTIFY_CREDENTIAL)) as AktifyCredentialData;
	const problem = publishProblem(credentials);
	if (problem !== undefined) throw new NodeOperationError(this.getNode(), problem);
	return true;
}

/** The webhook in the Aktify Portal is removed there by a person; n8n has nothing to undo. */
export async function remove(this: IHookFunctions): Promise<boolean> {
	return true;
}
