import { V2_API_VERSION } from '../../nodes/Aktify/events';

/**
 * Realistic delivery bodies of an exact byte size. A body is built around a filler string whose
 * length is then adjusted until the serialised JSON has exactly the requested number of bytes,
 * so that "1 KB" and "16 KB" mean the same thing for every pipeline and every comparison.
 */

export const KB = 1024;

export function fitToSize(bytes: number, build: (filler: string) => unknown): string {
	const empty = Buffer.byteLength(JSON.stringify(build('')));
	if (empty > bytes)
		throw new Error(`A body without filler already has ${empty} bytes, more than ${bytes}`);
	// The filler is plain ASCII without characters JSON escapes, so one character is one byte.
	const body = JSON.stringify(build('x'.repeat(bytes - empty)));
	if (Buffer.byteLength(body) !== bytes)
		throw new Error(`Sized body has ${Buffer.byteLength(body)} bytes, not ${bytes}`);
	return body;
}

/** Custom lead fields, the part of a real lead event that grows with the customer's CRM. */
export function leadFields(count: number, seed = 0): Record<string, string> {
	const fields: Record<string, string> = {};
	for (let index = 0; index < count; index++) {
		fields[`crm_field_${String(index).padStart(3, '0')}`] =
			`value ${seed}-${index} of a typical CRM attribute`;
	}
	return fields;
}

/** Roughly how many custom fields a body of this size carries; the filler absorbs the rest. */
export function fieldCountFor(bytes: number): number {
	return Math.max(0, Math.floor((bytes - 600) / 60));
}

/** An Aktify v2 `lead.message_received` event of exactly `bytes` bytes; `sequence` makes it distinct. */
export function aktifyV2Body(bytes: number, sequence = 0): string {
	return fitToSize(bytes, (filler) => ({
		metadata: {
			apiVersion: V2_API_VERSION,
			eventType: 'lead.message_received',
			campaignId: 'cmp_bench_01',
			eventTime: new Date(Date.UTC(2026, 0, 29, 12) + sequence * 1000).toISOString(),
		},
		data: {
			phone: '+15095551234',
			externalLeadId: `crm-${String(sequence).padStart(8, '0')}`,
			message: 'Yes, tomorrow at 10 works for me. Can you send the quote beforehand?',
			firstName: 'Dana',
			lastName: 'Reyes',
			customFields: leadFields(fieldCountFor(bytes), sequence),
			note: filler,
		},
	}));
}
