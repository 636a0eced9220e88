import { randomUUID } from 'crypto';

import { PACKAGE_NAME } from './installPackage';

export interface N8nConnection {
	baseUrl: string;
	apiKey: string;
	cookie: string;
	/** The instance's n8n version; asked from the instance when not given. */
	n8nVersion?: string;
}

export interface DeliveryResponse {
	status: number;
	text: string;
	json: unknown;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
			>;
			error?: { message?: string };
		};
	};
}

export interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface TriggerNodeSpec {
	/** Node type name inside this package, e.g. `aktifyTrigger`. */
	type: string;
	name?: string;
	parameters?: Record<string, unknown>;
	/** Credential type name → credential id. */
	credentials?: Record<string, string>;
	webhookId?: string;
}

export interface ActionNodeSpec {
	/** Node type name inside this package, e.g. `leadterra`. */
	type: string;
	name: string;
	parameters: Record<string, unknown>;
	/** Credential type name → credential id. */
	credentials: Record<string, string>;
	/** Node settings next to `parameters`, e.g. `onError`. */
	settings?: Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds a workflow holding one trigger node of this package; returns it with its webhook path. */
export function triggerWorkflow(
	spec: TriggerNodeSpec,
	workflowName = `e2e ${spec.type} ${Date.now()}`,
) {
	const webhookId = spec.webhookId ?? randomUUID();
	const nodeName = spec.name ?? 'Trigger';
	const workflow = {
		name: workflowName,
		nodes: [
			{
				id: randomUUID(),
				name: nodeName,
				type: `${PACKAGE_NAME}.${spec.type}`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: spec.parameters ?? {},
				credentials: credentialReferences(spec.credentials),
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	return { workflow, nodeName, webhookPath: `${webhookId}/webhook` };
}

/**
 * Builds a workflow in which n8n's own Webhook node starts one action node of this package and
 * answers with all items of that (last) node, so a POST to `webhookPath` returns the node's output.
 */
export function actionNodeWorkflow(spec: ActionNodeSpec) {
	const webhookPath = `${spec.type}-${randomUUID()}`;
	const operation = `${String(spec.parameters.resource)}/${String(spec.parameters.operation)}`;
	const workflow = {
		name: `e2e ${spec.type} action ${operation} ${Date.now()}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					path: webhookPath,
					httpMethod: 'POST',
					responseMode: 'lastNode',
					responseData: 'allEntries',
				},
			},
			{
				id: randomUUID(),
				name: spec.name,
				type: `${PACKAGE_NAME}.${spec.type}`,
				typeVersion: 1,
				position: [300, 0],
				parameters: spec.parameters,
				credentials: credentialReferences(spec.credentials),
				...spec.settings,
			},
		],
		connections: { Webhook: { main: [[{ node: spec.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
	return { workflow, webhookPath };
}

function credentialReferences(credentials: Record<string, string> = {}) {
	return Object.fromEntries(
		Object.entries(credentials).map(([type, id]) => [type, { id, name: `${type} ${id}` }]),
	);
}

/** A small client for the parts of n8n's public and internal API the tests use. */
export class N8nClient {
	private version?: Promise<string>;

	constructor(readonly connection: N8nConnection) {}

	/** The running n8n's version (its frontend settings carry it as `versionCli`). */
	n8nVersion(): Promise<string> {
		this.version ??= this.connection.n8nVersion
			? Promise.resolve(this.connection.n8nVersion)
			: this.api<{ data: { versionCli?: string } }>('GET', '/settings', undefined, 'rest').then(
					(settings) => {
						if (!settings.data.versionCli)
							throw new Error(`${this.baseUrl}/rest/settings did not name the n8n version`);
						return settings.data.versionCli;
					},
				);
		return this.version;
	}

	/** n8n 1.x: where its APIs differ from 2.x, the methods below say how. */
	async isN8n1(): Promise<boolean> {
		return Number((await this.n8nVersion()).split('.')[0]) < 2;
	}

	get baseUrl(): string {
		return this.connection.baseUrl;
	}

	async api<T>(
		method: string,
		path: string,
		body?: unknown,
		via: 'api' | 'rest' = 'api',
	): Promise<T> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (via === 'api') headers['X-N8N-API-KEY'] = this.connection.apiKey;
		else headers.cookie = this.connection.cookie;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const prefix = via === 'api' ? '/api/v1' : '/rest';
		const request = () =>
			fetch(`${this.baseUrl}${prefix}${path}`, {
				method,
				headers,
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		const response = await request().catch((error: Error) => {
			// A kept-alive connection that n8n closed while idle (between test files on a busy
			// machine) fails the next request before n8n read it; fetch retries only idempotent
			// methods itself, so this one is sent again on a new connection.
			if ((error.cause as { code?: string } | undefined)?.code !== 'UND_ERR_SOCKET') throw error;
			return request();
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`${method} ${prefix}${path} answered ${response.status}: ${text.slice(0, 500)}`,
			);
		return (text ? JSON.parse(text) : undefined) as T;
	}

	async createCredential(
		type: string,
		data: Record<string, unknown>,
		name = `${type} ${Date.now()}`,
	): Promise<string> {
		// n8n 1.x's public API checks credential data against a schema it derives from the fields'
		// display conditions, and gets it wrong for fields shown for different values of one option
		// (it requires all of them at once), so it refuses e.g. an Aktify credential with custom
		// payload authentication. The editor's own endpoint, which users go through, does not.
		if (await this.isN8n1()) {
			const created = await this.api<{ data: { id: string } }>(
				'POST',
				'/credentials',
				{ name, type, data },
				'rest',
			);
			return created.data.id;
		}
		const created = await this.api<{ id: string }>('POST', '/credentials', { name, type, data });
		return created.id;
	}

	/** Runs a credential type's test request the way the editor's "Test" button does. */
	async testCredential(
		type: string,
		data: Record<string, unknown>,
	): Promise<{ status: string; message: string }> {
		const id = await this.createCredential(type, data);
		const result = await this.api<{ data: { status: string; message: string } }>(
			'POST',
			'/credentials/test',
			{ credentials: { id, name: 'probe', type, data } },
			'rest',
		);
		return result.data;
	}

	async createWorkflow(workflow: unknown): Promise<string> {
		const created = await this.api<{ id: string }>('POST', '/workflows', workflow);
		return created.id;
	}

	async deleteWorkflow(id: string): Promise<void> {
		await this.api('DELETE', `/workflows/${id}`);
	}

	async publicationStatus(id: string): Promise<PublicationStatus> {
		if (await this.isN8n1()) {
			const workflow = await this.api<{ active: boolean }>('GET', `/workflows/${id}`);
			return { status: workflow.active ? 'published' : 'not_published', triggers: [] };
		}
		const result = await this.api<{ data: PublicationStatus }>(
			'GET',
			`/workflows/${id}/publication-status`,
			undefined,
			'rest',
		);
		return result.data;
	}

	/** Publishes and waits until n8n has run the trigger's activation (it does so asynchronously). */
	async publish(id: string, timeoutMs = 90_000): Promise<PublicationStatus> {
		if (await this.isN8n1()) return this.activate(id);
		await this.api('POST', `/workflows/${id}/publish`, {});
		return this.waitForPublication(
			id,
			(status) => status.status !== 'in_progress' && status.status !== 'not_published',
			timeoutMs,
		);
	}

	async unpublish(id: string, timeoutMs = 60_000): Promise<PublicationStatus> {
		if (await this.isN8n1()) {
			await this.api('POST', `/workflows/${id}/deactivate`, {});
			return this.publicationStatus(id);
		}
		await this.api('POST', `/workflows/${id}/unpublish`, {});
		return this.waitForPublication(id, (status) => status.status === 'not_published', timeoutMs);
	}

	/**
	 * n8n 1.x has no publishing: its public API activates a workflow in the request itself (a
	 * trigger's failed `create()` answers 400 with the error and leaves the workflow inactive).
	 * The answer is told in the publication terms the tests use.
	 */
	private async activate(id: string): Promise<PublicationStatus> {
		const response = await fetch(`${this.baseUrl}/api/v1/workflows/${id}/activate`, {
			method: 'POST',
			headers: { 'X-N8N-API-KEY': this.connection.apiKey, 'content-type': 'application/json' },
			body: '{}',
		});
		const text = await response.text();
		if (response.ok) return { status: 'published', triggers: [] };
		if (response.status !== 400)
			throw new Error(`POST /api/v1/workflows/${id}/activate answered ${response.status}: ${text}`);
		const { message } = JSON.parse(text) as { message: string };
		return {
			status: 'failed',
			triggers: [{ nodeId: '', status: 'failed', errorMessage: message }],
		};
	}

	async waitForPublication(
		id: string,
		done: (status: PublicationStatus) => boolean,
		timeoutMs: number,
	): Promise<PublicationStatus> {
		const deadline = Date.now() + timeoutMs;
		let last: PublicationStatus | undefined;
		while (Date.now() < deadline) {
			last = await this.publicationStatus(id);
			if (done(last)) return last;
			await sleep(250);
		}
		throw new Error(`Workflow ${id} publication did not settle: ${JSON.stringify(last)}`);
	}

	/** n8n answers an OPTIONS preflight with 204 once a production webhook is registered. */
	async waitForWebhook(path: string, timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const response = await fetch(`${this.baseUrl}/webhook/${path}`, {
				method: 'OPTIONS',
				headers: { origin: this.baseUrl, 'access-control-request-method': 'POST' },
			});
			if (response.status === 204 || response.status === 200) return;
			await sleep(200);
		}
		throw new Error(`Webhook ${path} was not registered within ${timeoutMs / 1000} s`);
	}

	/**
	 * A manual run as the editor asks for it: the stored workflow and the trigger to start from.
	 * "Execute workflow" sends only that; "Test this trigger" (`untilTrigger`) also names the trigger
	 * as the node to stop at. n8n answers `{ waitingForWebhook: true }` once it listens on the
	 * `/webhook-test/` URL.
	 */
	async startTestRun(
		workflowId: string,
		nodeName: string,
		options: { untilTrigger?: boolean } = {},
	): Promise<{ waitingForWebhook?: boolean }> {
		const stored = await this.api<{ data: unknown }>(
			'GET',
			`/workflows/${workflowId}`,
			undefined,
			'rest',
		);
		const answer = await this.api<{ data: { waitingForWebhook?: boolean } }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{
				workflowData: stored.data,
				triggerToStartFrom: { name: nodeName },
				...(options.untilTrigger ? { destinationNode: { nodeName, mode: 'inclusive' } } : {}),
			},
			'rest',
		);
		return answer.data;
	}

	/** The editor's "Stop Listening". */
	async stopTestRun(workflowId: string): Promise<void> {
		await this.api('DELETE', `/test-webhook/${workflowId}`, undefined, 'rest');
	}

	async deliverTest(
		path: string,
		body: string | Buffer,
		headers: Record<string, string> = {},
	): Promise<DeliveryResponse> {
		return this.deliver(path, body, headers, 'webhook-test');
	}

	async deliver(
		path: string,
		body: string | Buffer,
		headers: Record<string, string> = {},
		prefix: 'webhook' | 'webhook-test' = 'webhook',
	): Promise<DeliveryResponse> {
		const response = await fetch(`${this.baseUrl}/${prefix}/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, text, json };
	}

	async executions(workflowId: string, includeData = true): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({
				workflowId,
				includeData: String(includeData),
				limit: '100',
			});
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${query}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}

	/**
	 * n8n's count of expression isolates acquired so far (`n8n_expression_pool_acquired_total` on
	 * `/metrics`; n8n must run with `N8N_METRICS=true`).
	 */
	async isolatesAcquired(): Promise<number> {
		const response = await fetch(`${this.baseUrl}/metrics`);
		const text = await response.text();
		const line = text
			.split('\n')
			.find((candidate) => candidate.startsWith('n8n_expression_pool_acquired_total'));
		if (!response.ok || line === undefined)
			throw new Error(
				`n8n's /metrics has no n8n_expression_pool_acquired_total (status ${response.status}); is N8N_METRICS=true set?`,
			);
		return Number(line.slice(line.lastIndexOf(' ') + 1));
	}

	async runningExecutions(workflowId: string): Promise<number> {
		const query = new URLSearchParams({ workflowId, status: 'running', limit: '100' });
		const page = await this.api<{ data: unknown[] }>('GET', `/executions?${query}`);
		return page.data.length;
	}

	/**
	 * Waits until `count` executions have finished, then a little longer so that an unexpected
	 * extra execution is seen too. Returns every execution found.
	 */
	async waitForExecutions(
		workflowId: string,
		count: number,
		options: { timeoutMs?: number; settleMs?: number } = {},
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + (options.timeoutMs ?? 30_000);
		let found: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			found = await this.executions(workflowId);
			if (found.length >= count && (await this.runningExecutions(workflowId)) === 0) break;
			await sleep(300);
		}
		await sleep(options.settleMs ?? 700);
		return this.executions(workflowId);
	}
}

/** The trigger's output items of one execution, one array per output. */
export function triggerOutputs(
	execution: ExecutionSummary,
	nodeName: string,
): Array<Array<Record<string, unknown>>> {
	const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
	return (run?.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
}
