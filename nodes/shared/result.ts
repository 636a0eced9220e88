/**
 * The one result shape of every check and parse in this package: what was found, or why not
 * together with the HTTP status that answers a delivery failing it (400 unreadable, 401
 * unauthenticated, 410 switch this registration off).
 */

export interface Rejection {
	ok: false;
	status: number;
	reason: string;
}

export type Result<T extends object = object> = ({ ok: true } & T) | Rejection;

export function rejection(status: number, reason: string): Rejection {
	return { ok: false, status, reason };
}
