import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { countRejectionInSharedStore } from '../duplicates/sharedStore';
import { describeRejection, type ProviderWording } from './hints';
import { isRejectionCause, type RejectionCause, type RejectionEvidence } from './causes';
import {
	buildReport,
	DEFAULT_REPORT_INTERVAL_MINUTES,
	RejectionReports,
	reportIntervalMs,
	reportSafeEvidence,
	type CauseText,
	type RejectionTally,
} from './rejectionReports';

/**
 * The n8n side of Report Rejections: reads the node's settings, counts a rejection in the shared
 * store (Duplicate Store: Redis) or in this process, and builds the Rejected output's item. The
 * counting rule itself is in rejectionReports.ts.
 */

/** One per process: counts of the triggers whose reports are not coordinated through Redis. */
export const processRejectionReports = new RejectionReports();

function intervalMinutes(context: IWebhookFunctions): number {
	const value = context.getNodeParameter(
		'reportIntervalMinutes',
		DEFAULT_REPORT_INTERVAL_MINUTES,
	) as unknown;
	return reportIntervalMs(value) / 60_000;
}

function describeFor(
	evidence: RejectionEvidence,
	reportingCause: string,
	platform: ProviderWording | undefined,
) {
	const general: RejectionEvidence = {
		...(evidence.provider ? { provider: evidence.provider } : {}),
		...(evidence.mode ? { mode: evidence.mode } : {}),
	};
	// Only the cause of the rejection at hand has its own findings; the others get the general hint.
	const safe = reportSafeEvidence(evidence);
	return (cause: string): CauseText => {
		if (!isRejectionCause(cause)) return { title: cause, hint: '', check: [] };
		try {
			return describeRejection(cause, cause === reportingCause ? safe : general, platform);
		} catch {
			return describeRejection(cause as RejectionCause, general, platform);
		}
	};
}

function reportItem(
	context: IWebhookFunctions,
	tally: RejectionTally,
	cause: string,
	evidence: RejectionEvidence,
	settings: { shared: boolean; mode: 'production' | 'test' },
	now: number,
	platform: ProviderWording | undefined,
): INodeExecutionData {
	const workflow = context.getWorkflow();
	const node = context.getNode();
	const report = buildReport(
		tally,
		{
			workflowId: String(workflow.id ?? ''),
			workflowName: workflow.name,
			nodeId: String(node.id ?? ''),
			nodeName: node.name,
			provider: evidence.provider,
		},
		{ intervalMinutes: intervalMinutes(context), ...settings },
		now,
		describeFor(evidence, cause, platform),
	);
	return { json: report as IDataObject };
}

/** The Rejected output's item for one rejected test delivery: shaped like a report of one. */
export function testReportItem(
	context: IWebhookFunctions,
	cause: string,
	evidence: RejectionEvidence,
	platform?: ProviderWording,
): INodeExecutionData {
	const now = Date.now();
	const tally = { counts: { [cause]: 1 }, firstAt: now, lastAt: now };
	return reportItem(
		context,
		tally,
		cause,
		evidence,
		{ shared: false, mode: 'test' },
		now,
		platform,
	);
}

/**
 * Counts a production rejection and returns the report item when this rejection makes one. With
 * Duplicate Store set to Redis the counts and the report slot are shared by every n8n process;
 * when Redis cannot answer, this process counts on its own (a report may then come from each
 * process, rather than none). `evidence` is called only for a report. Never throws.
 */
export async function countRejection(
	context: IWebhookFunctions,
	cause: string,
	evidence: () => RejectionEvidence,
	now: number,
	platform?: ProviderWording,
): Promise<INodeExecutionData | undefined> {
	try {
		const workflowId = String(context.getWorkflow().id ?? '');
		const scope = `${workflowId}\u0000${String(context.getNode().id ?? '')}`;
		const intervalMs = intervalMinutes(context) * 60_000;
		let tally: RejectionTally | undefined;
		let shared = false;
		if (context.getNodeParameter('duplicateStore', 'memory') === 'redis') {
			const result = await countRejectionInSharedStore(context, scope, cause, now, intervalMs);
			if ('unavailable' in result) {
				tally = processRejectionReports.count(scope, cause, now, intervalMs);
			} else if (result.due) {
				tally = result.tally;
				shared = true;
			}
		} else {
			tally = processRejectionReports.count(scope, cause, now, intervalMs);
		}
		if (!tally) return undefined;
		let found: RejectionEvidence = {};
		try {
			found = evidence();
		} catch {
			// The report goes out with the general hints.
		}
		return reportItem(context, tally, cause, found, { shared, mode: 'production' }, now, platform);
	} catch {
		return undefined;
	}
}
