import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { isSelected } from '../catalogue/definitions';
import { withFreshCredentialsOnAuthFailure } from '../credentials/readCredentials';
import type { DeliveryOutcome, IncomingDelivery, TriggerItem } from './incoming';
import { checkDuplicate } from '../duplicates/check';
import type { WhenStoreUnavailable } from '../duplicates/store';
import { eventsParameter } from '../catalogue/eventSet';
import { deeperThan, limitDepth, MAX_ITEM_DEPTH, TOO_DEEP } from './depth';
import { countRejection, testReportItem } from '../diagnostics/rejectedOutput';
import {
	answerRejection,
	fullEvidence,
	ignoredTestItem,
	isTestDelivery,
	logRejection,
	testDiagnosticOutputs,
	type RejectionDetails,
} from '../diagnostics/answerRejection';
import { rejection, type Result } from '../result';
import type { ProviderSpec } from '../provider';
import { distribute, outputLabels, rejectedOutputIndex, routeIndex } from './routing';
import { triggerOptions } from './triggerOptions';

/**
 * The n8n side of every trigger in this package: read the request, hand it to the provider's pure
 * handler, then filter, suppress duplicates and route. It never throws for bad input, because a
 * throwing `webhook()` makes n8n answer 500 with a stack trace and record a failed execution.
 */

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface TriggerRuntimeOptions<T extends TriggerItem> {
	provider: ProviderSpec;
	/** Turns the request into an item; may use credentials or static data, must not throw for bad input. */
	process: (
		delivery: IncomingDelivery,
		now: number,
	) => Promise<DeliveryOutcome<T>> | DeliveryOutcome<T>;
	/** Largest body accepted before anything else is done; the node option `maxBodySizeKb` overrides it. */
	maxBodyBytes?: number;
}

interface DuplicateOptions {
	suppressDuplicates?: boolean;
	duplicateStoreUnavailable?: WhenStoreUnavailable;
	duplicateWindowSeconds?: number;
	maxBodySizeKb?: number;
}

/**
 * Answers a refused delivery with `status` and `reason`. With a cause (see diagnostics/causes.ts), a
 * test delivery also ends the editor's listening with an item saying why, and a production one is
 * logged as a rate-limited warning; see diagnostics/answerRejection.ts. With Report Rejections on (`labels`
 * end with the Rejected output), the test item goes on that output, and a production rejection is
 * counted and, when it makes a report, starts one execution with the report on it.
 */
export async function reject(
	context: IWebhookFunctions,
	status: number,
	reason: string,
	details: Pick<RejectionDetails, 'cause' | 'evidence' | 'diagnose' | 'error' | 'provider'> & {
		rawBody?: Buffer;
		/** The trigger's outputs (`outputLabels`); one unnamed output when not given. */
		labels?: string[];
	} = {},
): Promise<IWebhookResponseData> {
	const rejection: RejectionDetails = {
		status,
		reason,
		cause: details.cause,
		evidence: details.evidence,
		diagnose: details.diagnose,
		provider: details.provider,
		...(details.error ? { error: details.error } : {}),
	};
	const outputCount = details.labels?.length ?? 1;
	const rejected = details.labels ? rejectedOutputIndex(details.labels) : undefined;
	const cause = details.cause;
	const answered = answerRejection(context, rejection, {
		outputCount,
		rawBody: details.rawBody,
		...(rejected !== undefined && cause
			? {
					rejectedOutput: {
						index: rejected,
						item: (evidence) => testReportItem(context, cause, evidence, details.provider),
					},
				}
			: {}),
	});
	if (rejected === undefined || !cause || isTestDelivery(context)) return answered;
	const report = await countRejection(
		context,
		cause,
		() => fullEvidence(context, rejection, details.rawBody),
		Date.now(),
		details.provider,
	);
	if (!report) return answered;
	// The sender already has its 4xx; n8n starts one execution with the report on Rejected.
	return {
		...answered,
		workflowData: distribute(outputCount, [{ index: rejected, item: report }]),
	};
}

/** The trigger's outputs with its current parameters (routing, Report Rejections). */
function triggerLabels<T extends TriggerItem>(
	context: IWebhookFunctions,
	options: TriggerRuntimeOptions<T>,
): string[] {
	const routeBy = context.getNodeParameter('routeBy', 'none') as string;
	const events = eventsParameter(context.getNodeParameter('events', []));
	const reportRejections = context.getNodeParameter('reportRejections', false) === true;
	return outputLabels(
		{ routeBy, events, reportRejections },
		options.provider.categories,
		options.provider.eventNames,
	);
}

function declaredLength(value: string | string[] | undefined): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (text === undefined || !/^\d+$/.test(text)) return undefined;
	return Number(text);
}

async function readBody(
	context: IWebhookFunctions,
	maxBytes: number,
): Promise<Result<{ raw: Buffer }>> {
	const req = context.getRequestObject();
	if (req.method !== 'POST') {
		return rejection(405, 'Only POST is accepted', 'method-not-allowed', { method: req.method });
	}
	const contentType = (req.headers['content-type'] ?? '').toLowerCase();
	if (contentType.startsWith('multipart/')) {
		// n8n has already consumed multipart bodies into form fields, so their bytes cannot be verified.
		return rejection(415, 'multipart/form-data is not supported', 'multipart-not-supported');
	}
	const length = declaredLength(req.headers['content-length']);
	if (length !== undefined && length > maxBytes) {
		return rejection(
			413,
			`Body is larger than ${Math.round(maxBytes / 1024)} KB`,
			'body-too-large',
			{
				bodyBytes: length,
				limitBytes: maxBytes,
			},
		);
	}
	try {
		if (!req.rawBody) await req.readRawBody();
	} catch {
		return rejection(400, 'Request body could not be read', 'body-unreadable');
	}
	const raw = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.from(req.rawBody ?? '');
	if (raw.length > maxBytes) {
		return rejection(
			413,
			`Body is larger than ${Math.round(maxBytes / 1024)} KB`,
			'body-too-large',
			{
				bodyBytes: raw.length,
				limitBytes: maxBytes,
			},
		);
	}
	return { ok: true, raw };
}

/** Answers 400 for an unexpected error and logs it, rate-limited per node, in both modes. */
async function failed(
	context: IWebhookFunctions,
	provider: ProviderSpec,
	error: unknown,
	rawBody: Buffer | undefined,
	labels: string[] | undefined,
): Promise<IWebhookResponseData> {
	const details = {
		provider,
		cause: 'processing-failed' as const,
		error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
	};
	// In production the rejection log writes it; a test delivery's answer logs nothing, so it is
	// logged here (the same limit applies).
	if (isTestDelivery(context)) {
		logRejection(context, { status: 400, reason: PROCESSING_FAILED, ...details });
	}
	return await reject(context, 400, PROCESSING_FAILED, { ...details, rawBody, labels });
}

const PROCESSING_FAILED = 'Delivery could not be processed';

/**
 * An accepted item as n8n can store and show it: a body nested deeper than `MAX_ITEM_DEPTH` would
 * overflow the stack when n8n serialises the execution, so the deeper parts are replaced and the
 * item says so in `validation`. The event is still emitted, never dropped: it was authenticated,
 * and the sender (who signed it) gets its 2xx. Real events never nest anywhere near that deep.
 */
export function storableItem<T extends TriggerItem>(item: T): T {
	if (!deeperThan(item, MAX_ITEM_DEPTH)) return item;
	const limited = limitDepth(item, MAX_ITEM_DEPTH) as T;
	const issue = `Body is nested deeper than ${MAX_ITEM_DEPTH} levels; the parts below are replaced by "${TOO_DEEP}"`;
	const validation = item.validation as { valid?: unknown; issues?: unknown } | undefined;
	const issues = Array.isArray(validation?.issues) ? (validation.issues as unknown[]) : [];
	return { ...limited, validation: { valid: false, issues: [...issues, issue] } };
}

export async function runTrigger<T extends TriggerItem>(
	context: IWebhookFunctions,
	options: TriggerRuntimeOptions<T>,
): Promise<IWebhookResponseData> {
	try {
		return await deliver(context, options);
	} catch (error) {
		// The last guard of "webhook() never throws": nothing above is expected to get here.
		return await failed(context, options.provider, error, undefined, undefined);
	}
}

async function deliver<T extends TriggerItem>(
	context: IWebhookFunctions,
	options: TriggerRuntimeOptions<T>,
): Promise<IWebhookResponseData> {
	const extra = triggerOptions<DuplicateOptions>(context);
	const maxBytes = extra.maxBodySizeKb
		? extra.maxBodySizeKb * 1024
		: (options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
	const body = await readBody(context, maxBytes);
	if (!body.ok) {
		return await reject(context, body.status, body.reason, {
			...body,
			provider: options.provider,
			labels: triggerLabels(context, options),
		});
	}

	const req = context.getRequestObject();
	const now = Date.now();
	let outcome: DeliveryOutcome<T>;
	try {
		const delivery: IncomingDelivery = {
			headers: req.headers,
			rawBody: body.raw,
			contentType: req.headers['content-type'],
			query: context.getQueryData() as Record<string, unknown>,
		};
		// A 401 checked against a cached credential is checked once more against n8n's current one.
		outcome = await withFreshCredentialsOnAuthFailure(
			context,
			async () => await options.process(delivery, now),
			(result) => !result.ok && result.status === 401,
		);
	} catch (error) {
		// A provider handler is written not to throw; if it does, answer with a reason, never a
		// stack trace. The error is logged with the rejection, through its per-node rate limit, so
		// a request that provokes it cannot write a line each time.
		return await failed(
			context,
			options.provider,
			error,
			body.raw,
			triggerLabels(context, options),
		);
	}
	if (!outcome.ok) {
		return await reject(context, outcome.status, outcome.reason, {
			...outcome,
			provider: options.provider,
			rawBody: body.raw,
			labels: triggerLabels(context, options),
		});
	}
	const item = outcome.item;

	const events = eventsParameter(context.getNodeParameter('events', []));
	if (!isSelected(events, item.event)) {
		const reason = `Event "${item.event}" is not selected in this trigger`;
		// While the editor listens, say so instead of waiting on; the sender still gets its 200. The
		// event is authenticated but not one the user chose to act on, so like a rejection it is
		// shown only past the trigger's outputs and no node after the trigger runs on it.
		const shown = isTestDelivery(context)
			? {
					workflowData: testDiagnosticOutputs(
						context,
						triggerLabels(context, options).length,
						ignoredTestItem(context, options.provider, item.event, events, reason, body.raw),
					),
				}
			: {};
		return { ...shown, webhookResponse: { status: 'ignored', reason } };
	}

	if (extra.suppressDuplicates) {
		const verdict = await checkDuplicate(context, {
			dedupeKey: item.dedupeKey,
			windowMs: (extra.duplicateWindowSeconds ?? 3600) * 1000,
			now,
			whenUnavailable:
				extra.duplicateStoreUnavailable ?? options.provider.whenDuplicateStoreUnavailable,
		});
		if (verdict === 'duplicate') {
			return { webhookResponse: { status: 'duplicate', dedupeKey: item.dedupeKey } };
		}
		if (verdict === 'retry-later') {
			return await reject(context, 503, 'Duplicate store unreachable; the sender should retry');
		}
	}

	const routeBy = context.getNodeParameter('routeBy', 'none') as string;
	const labels = triggerLabels(context, options);
	const index = routeIndex(labels, routeBy, item);
	const executionItem: INodeExecutionData = { json: storableItem(item) as IDataObject };
	return {
		workflowData: distribute(labels.length, [{ index, item: executionItem }]),
		webhookResponse: { status: 'accepted', event: item.event },
	};
}
