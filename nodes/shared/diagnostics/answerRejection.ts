import {
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { describeRejection, hintFor, type ProviderWording } from './hints';
import { displayBody } from './redaction';
import type { RejectionCause, RejectionEvidence } from './causes';
import { RejectionLog } from './rejectionLog';

/**
 * What a trigger does with a delivery it refuses, once the sender has its 4xx:
 * - while the editor listens for a test event (execution mode `manual`), the listening ends with
 *   one item saying why, so the user sees it in the output panel instead of waiting. The body is
 *   shown (secret-looking fields masked): it came to the Test URL, which exists only while the
 *   user listens. The item never reaches a node after the trigger (see `testDiagnosticOutputs`);
 * - in production nothing runs, and a warning goes to n8n's log, rate-limited per node.
 */

export interface RejectionDetails {
	status: number;
	reason: string;
	cause?: RejectionCause;
	evidence?: RejectionEvidence;
	/** Costlier evidence (signature trials), computed only when a hint is actually shown. */
	diagnose?: () => RejectionEvidence;
	/** The message of an unexpected error this rejection answers; goes to the log only. */
	error?: string;
	/** The platform of the trigger, for hints in its own words. */
	provider?: ProviderWording;
}

/** One per process: the rate limit holds across all requests this n8n process answers. */
export const rejectionLog = new RejectionLog({
	now: () => Date.now(),
	// n8n's sleep rather than a bare timer (the community-node rules forbid timers); a summary still
	// pending when n8n shuts down is lost, which only drops a count.
	setTimer: (callback, ms) => {
		void sleep(ms).then(callback);
		return {};
	},
});

export function isTestDelivery(context: IWebhookFunctions): boolean {
	// Checked for being there: answering a delivery must not throw in a context that lacks it.
	return typeof context.getMode === 'function' && context.getMode() === 'manual';
}

function requestEvidence(
	context: IWebhookFunctions,
	details: RejectionDetails,
	rawBody?: Buffer,
): RejectionEvidence {
	const req = context.getRequestObject();
	const contentType = req.headers['content-type'];
	const provider = details.provider?.displayName;
	return {
		...(provider ? { provider } : {}),
		method: req.method,
		...(contentType ? { contentType } : {}),
		headerNames: Object.keys(req.headers).sort(),
		...(rawBody ? { bodyBytes: rawBody.length } : {}),
	};
}

/** The diagnosis of a rejection, or nothing when it fails: it only sharpens the hint. */
function diagnosis(details: RejectionDetails): RejectionEvidence {
	try {
		return details.diagnose?.() ?? {};
	} catch {
		return {};
	}
}

export function fullEvidence(
	context: IWebhookFunctions,
	details: RejectionDetails,
	rawBody: Buffer | undefined,
): RejectionEvidence {
	return {
		...requestEvidence(context, details, rawBody),
		...details.evidence,
		...diagnosis(details),
		mode: isTestDelivery(context) ? 'test' : 'production',
	};
}

/** The item the editor shows for a refused (or ignored) test delivery. */
export function diagnosticItem(
	details: RejectionDetails,
	evidence: RejectionEvidence,
	rawBody: Buffer | undefined,
	outcome: 'rejected' | 'ignored',
): INodeExecutionData {
	const cause = details.cause ?? 'processing-failed';
	const { headerNames, contentType, method, bodyBytes, ...found } = evidence;
	// Each part falls back to plain facts on its own, so a body or an evidence value that defeats
	// one of them still leaves an item that says why the delivery was refused.
	let described: { title: string; hint: string; check: string[] };
	try {
		described = describeRejection(cause, evidence, details.provider);
	} catch {
		described = { title: cause, hint: details.reason, check: [] };
	}
	let shown: { body: unknown; bodyTruncated?: true };
	try {
		shown = displayBody(rawBody, contentType);
	} catch {
		shown = { body: rawBody ? `<${rawBody.length} bytes, not shown>` : null };
	}
	const json: IDataObject = {
		[outcome]: true,
		status: details.status,
		reason: details.reason,
		cause,
		title: described.title,
		hint: described.hint,
		check: described.check,
		evidence: found as IDataObject,
		request: {
			method: method ?? null,
			contentType: contentType ?? null,
			headerNames: headerNames ?? [],
			bodyBytes: bodyBytes ?? rawBody?.length ?? null,
		},
		body: shown.body as IDataObject,
		...(shown.bodyTruncated ? { bodyTruncated: true } : {}),
		receivedAt: new Date().toISOString(),
	};
	return { json };
}

/**
 * Output indexes of the trigger that have a connection in the workflow being run, or undefined
 * when the context does not tell. `IWebhookFunctions` has no accessor for connections; n8n's
 * webhook context object carries the workflow it runs (n8n-core's `NodeExecutionContext.workflow`),
 * read here defensively so that any other shape counts as unknown.
 */
function connectedOutputs(context: IWebhookFunctions): Set<number> | undefined {
	const workflow = (context as unknown as { workflow?: { connectionsBySourceNode?: unknown } })
		.workflow;
	const bySource = workflow?.connectionsBySourceNode;
	if (!bySource || typeof bySource !== 'object') return undefined;
	const own = (bySource as Record<string, { main?: unknown } | undefined>)[context.getNode().name];
	const connected = new Set<number>();
	if (Array.isArray(own?.main)) {
		own.main.forEach((targets: unknown, index: number) => {
			if (Array.isArray(targets) && targets.length > 0) connected.add(index);
		});
	}
	return connected;
}

function hasNodesAfter(context: IWebhookFunctions): boolean {
	if (typeof context.getChildNodes !== 'function') return true;
	return context.getChildNodes(context.getNode().name).length > 0;
}

/**
 * The `workflowData` of a test delivery that is shown but must not run anything: the trigger's
 * `outputCount` declared outputs stay empty, and the item goes on the first output index past
 * them that no connection leaves from. n8n starts a node only for an output that has a connection
 * and items, so with "Execute workflow" nothing after the trigger runs, while the editor's output
 * panel lists every output of the run (the extra one as a numbered branch) and opens the first
 * with items. An index is skipped when a connection still leaves from it: n8n keeps a trigger's
 * connections when a parameter change removes outputs (routing by category, then not at all), and
 * runs them. When the connections cannot be read and nodes follow the trigger, the item is shown
 * nowhere rather than risk one of them running on it.
 */
export function testDiagnosticOutputs(
	context: IWebhookFunctions,
	outputCount: number,
	item: INodeExecutionData,
): INodeExecutionData[][] {
	const outputs = Array.from(
		{ length: Math.max(1, outputCount) },
		() => [] as INodeExecutionData[],
	);
	const connected = connectedOutputs(context);
	if (connected === undefined && hasNodesAfter(context)) return outputs;
	let index = outputs.length;
	while (connected?.has(index)) index += 1;
	while (outputs.length <= index) outputs.push([]);
	outputs[index].push(item);
	return outputs;
}

/**
 * Answers a refused delivery with its status and reason, then ends a test listening with the
 * diagnostic item or logs the rejection in production. `outputCount` is the trigger's number of
 * declared outputs; the item goes past them (`testDiagnosticOutputs`), or, with Report Rejections
 * on (`rejectedOutput`), the item that output's branch is built for goes on it, so the user can
 * try that branch (it carries no sender content, see rejectedOutput.ts).
 */
export function answerRejection(
	context: IWebhookFunctions,
	details: RejectionDetails,
	options: {
		outputCount: number;
		rawBody?: Buffer;
		rejectedOutput?: {
			index: number;
			item: (evidence: RejectionEvidence) => INodeExecutionData;
		};
	},
): IWebhookResponseData {
	// Reasons are fixed phrases from this package; they never echo secrets or request content.
	try {
		context
			.getResponseObject()
			.status(details.status)
			.json({ status: 'rejected', reason: details.reason });
	} catch {
		// Only a response that is already gone fails here; there is no one left to answer.
	}
	// A refusal without a cause is not about this delivery (e.g. a store being down, which its own
	// code logs): the editor keeps listening for the retry and nothing more is logged here.
	if (!details.cause) return { noWebhookResponse: true };
	if (isTestDelivery(context)) {
		try {
			const evidence = fullEvidence(context, details, options.rawBody);
			const rejected = options.rejectedOutput;
			// The answer is already sent; n8n then only starts the (manual) execution with this item.
			if (rejected) {
				const outputs = Array.from(
					{ length: options.outputCount },
					() => [] as INodeExecutionData[],
				);
				outputs[rejected.index].push(rejected.item(evidence));
				return { noWebhookResponse: true, workflowData: outputs };
			}
			const item = diagnosticItem(details, evidence, options.rawBody, 'rejected');
			return {
				noWebhookResponse: true,
				workflowData: testDiagnosticOutputs(context, options.outputCount, item),
			};
		} catch {
			// The sender has its answer; without an item the editor simply keeps listening.
			return { noWebhookResponse: true };
		}
	}
	logRejection(context, details, options.rawBody);
	return { noWebhookResponse: true };
}

/**
 * Counts the rejection in the per-node rate limit first, and only then, for a line written at
 * once, works out its hint (which may run the signature diagnosis). Never throws.
 */
export function logRejection(
	context: IWebhookFunctions,
	details: RejectionDetails,
	rawBody?: Buffer,
): void {
	try {
		const workflow = context.getWorkflow();
		const node = context.getNode();
		const logger = context.logger;
		// An unexpected error is an error; a refused request is a warning.
		const sink =
			details.cause === 'processing-failed'
				? (message: string, meta: Record<string, unknown>) => logger?.error?.(message, meta)
				: (message: string, meta: Record<string, unknown>) => logger?.warn?.(message, meta);
		rejectionLog.record(
			{
				workflowId: String(workflow.id ?? ''),
				workflowName: workflow.name,
				nodeName: node.name,
				status: details.status,
				reason: details.reason,
				cause: details.cause,
				...(details.error ? { error: details.error } : {}),
			},
			sink,
			details.cause
				? () =>
						hintFor(
							details.cause as RejectionCause,
							fullEvidence(context, details, rawBody),
							details.provider,
						)
				: undefined,
		);
	} catch {
		// Logging is the last thing a rejection does; its failure must not reach n8n.
	}
}

/** A test delivery of an event the trigger is not set to: shown like a rejection, answered 200. */
export function ignoredTestItem(
	context: IWebhookFunctions,
	provider: ProviderWording,
	event: string,
	selectedEvents: string[],
	reason: string,
	rawBody?: Buffer,
): INodeExecutionData {
	const details: RejectionDetails = {
		status: 200,
		reason,
		cause: 'event-not-selected',
		evidence: { event, selectedEvents },
		provider,
	};
	return diagnosticItem(details, fullEvidence(context, details, rawBody), rawBody, 'ignored');
}
