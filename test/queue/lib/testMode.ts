import type { N8nClient } from '../../../harness/client';

/**
 * "Test this trigger" as the editor does it: send the stored workflow to
 * `POST /rest/workflows/{id}/run` naming the trigger to start from. n8n answers
 * `{ waitingForWebhook: true }` once it listens on the `/webhook-test/` URL.
 */
export async function startTestRun(
	main: N8nClient,
	workflowId: string,
	nodeName: string,
): Promise<unknown> {
	const stored = await main.api<{ data: unknown }>(
		'GET',
		`/workflows/${workflowId}`,
		undefined,
		'rest',
	);
	const answer = await main.api<{ data: unknown }>(
		'POST',
		`/workflows/${workflowId}/run`,
		{ workflowData: stored.data, triggerToStartFrom: { name: nodeName } },
		'rest',
	);
	return answer.data;
}
