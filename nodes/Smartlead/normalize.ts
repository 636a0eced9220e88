import { isPlainObject, nonEmptyText } from '../shared/pipeline/body';

/**
 * SmartLead renamed many payload fields on 1 Jan 2024 but still sends the old names in some
 * payloads. Normalising fills each current field from its deprecated
 * twin when only the twin is present, so workflows read one shape. Nothing is removed or retyped:
 * the deprecated fields stay where they were, and `filled` records what was copied from where.
 */

interface Normalised {
	data: Record<string, unknown>;
	filled: string[];
}

type Payload = Record<string, unknown>;

function present(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function fillTop(data: Payload, filled: string[], target: string, sources: string[]): void {
	if (present(data[target])) return;
	for (const source of sources) {
		if (present(data[source]) && typeof data[source] !== 'object') {
			data[target] = data[source];
			filled.push(`${target} <- ${source}`);
			return;
		}
	}
}

/** Fills missing keys of a message object (`sent_message`, `reply_message`, …) from top-level deprecated fields. */
function fillMessage(
	data: Payload,
	filled: string[],
	target: string,
	parts: Record<string, string[]>,
): void {
	const existing = isPlainObject(data[target]) ? { ...data[target] } : undefined;
	const message: Payload = existing ?? {};
	let changed = false;
	if (existing && !present(message.message_id) && present(message.id)) {
		// One help page shows `sent_message.id` where every other sample has `message_id`.
		message.message_id = message.id;
		filled.push(`${target}.message_id <- ${target}.id`);
		changed = true;
	}
	for (const [key, sources] of Object.entries(parts)) {
		if (present(message[key])) continue;
		const source = sources.find((name) => present(data[name]) && typeof data[name] === 'string');
		if (!source) continue;
		message[key] = data[source];
		filled.push(`${target}.${key} <- ${source}`);
		changed = true;
	}
	if (changed) data[target] = message;
}

export function normaliseEventName(
	raw: unknown,
	aliases: Readonly<Record<string, string>>,
): string | undefined {
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	const name = raw.trim().toUpperCase();
	return aliases[name] ?? name;
}

const REPLY_EVENTS = new Set(['EMAIL_REPLY', 'UNTRACKED_REPLIES']);

export function normalisePayload(payload: Payload, event: string): Normalised {
	const data: Payload = { ...payload };
	const filled: string[] = [];
	const isReply = REPLY_EVENTS.has(event);

	fillTop(data, filled, 'event_timestamp', [
		'time_sent',
		'time_opened',
		'time_clicked',
		'time_replied',
		'timestamp',
	]);
	fillTop(data, filled, 'to_email', ['lead_email', 'to']);
	fillTop(data, filled, 'to_name', ['lead_name']);
	fillTop(data, filled, 'from_email', ['from']);
	fillTop(data, filled, 'subject', ['custom_subject']);
	fillTop(data, filled, 'app_url', ['ui_master_inbox_link']);

	if (isReply) {
		fillMessage(data, filled, 'reply_message', {
			message_id: ['message_id'],
			html: ['reply_body'],
			text: ['preview_text'],
			time: ['time_replied'],
		});
		fillMessage(data, filled, 'sent_message', { html: ['sent_message_body'] });
	} else {
		fillMessage(data, filled, 'sent_message', {
			message_id: ['message_id'],
			html: ['sent_message_body', 'custom_email_message'],
		});
	}
	if (event === 'EMAIL_BOUNCE') {
		fillMessage(data, filled, 'bounce_message', {
			message_id: ['bounce_reply_message_id'],
			html: ['bounce_reply_email'],
			text: ['bounce_reply_email_preview'],
		});
	}
	if (event === 'LEAD_CATEGORY_UPDATED' && !isPlainObject(data.lead_category)) {
		const name =
			typeof data.category === 'string'
				? data.category
				: isPlainObject(data.category)
					? data.category.name
					: undefined;
		if (present(name) || present(data.lead_category_id)) {
			data.lead_category = {
				old_id: null,
				old_name: null,
				new_id: data.lead_category_id ?? null,
				new_name: name ?? null,
			};
			filled.push('lead_category <- category, lead_category_id');
		}
	}
	if (!present(data.last_reply) && isPlainObject(data.lastReply)) {
		data.last_reply = data.lastReply;
		filled.push('last_reply <- lastReply');
	}
	return { data, filled };
}

/** A numeric id as a number; anything else as given (or null). */
export function idValue(value: unknown): number | string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '')
		return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
	return null;
}

/** `"Name <email@x>"` → `email@x`; a bare address is returned as is. */
function addressOf(detail: unknown): string | null {
	if (typeof detail !== 'string') return null;
	const match = /<([^>]+)>/.exec(detail);
	const address = (match ? match[1] : detail).trim();
	return address.includes('@') ? address : null;
}

/**
 * The lead's email for any event. For replies the lead may answer from another address, so the
 * correspondence block wins over the lead's own address.
 */
export function leadEmailOf(data: Payload, event: string): string | null {
	const correspondence = isPlainObject(data.leadCorrespondence) ? data.leadCorrespondence : {};
	const leadData = isPlainObject(data.lead_data) ? data.lead_data : {};
	const candidates =
		event === 'UNTRACKED_REPLIES'
			? [addressOf(data.sender_detail)]
			: [
					correspondence.replyReceivedFrom,
					correspondence.forwardedFrom,
					correspondence.targetLeadEmail,
					data.sl_lead_email,
					data.to_email,
					leadData.email,
				];
	for (const candidate of candidates) {
		const text = nonEmptyText(candidate);
		if (text) return text;
	}
	return null;
}
