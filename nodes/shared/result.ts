import type { RejectionCause, RejectionEvidence } from './diagnostics/causes';

/**
 * The one result shape of every check and parse in this package: what was found, or why not
 * together with the HTTP status that answers a delivery failing it (400 unreadable, 401
 * unauthenticated, 410 switch this registration off).
 */

export interface Rejection {
	ok: false;
	status: number;
	reason: string;
	/** Why, as a code every trigger shares: picks the hint shown in the editor and the log. */
	cause?: RejectionCause;
	/** Facts about the request that explain the cause; never a secret or anything derived from one. */
	evidence?: RejectionEvidence;
	/** Costlier evidence (signature trials), computed only when the hint is actually shown. */
	diagnose?: () => RejectionEvidence;
}

export type Result<T extends object = object> = ({ ok: true } & T) | Rejection;

export function rejection(
	status: number,
	reason: string,
	cause?: RejectionCause,
	evidence?: RejectionEvidence,
	diagnose?: () => RejectionEvidence,
): Rejection {
	const result: Rejection = { ok: false, status, reason };
	if (cause) result.cause = cause;
	if (evidence) result.evidence = evidence;
	if (diagnose) result.diagnose = diagnose;
	return result;
}
