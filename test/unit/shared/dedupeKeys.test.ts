import { createHash } from 'crypto';

import { signedRequest } from '../../../nodes/Aktify/simulation';
import { signLeadterraBody } from '../../../nodes/Leadterra/auth';
import { processDelivery as processLeadterraDelivery } from '../../../nodes/Leadterra/delivery';
import { leadterraEvents } from '../../../nodes/Leadterra/events';
import { processDelivery as processAktifyDelivery } from '../../../nodes/Aktify/delivery';
import { aktifyEvents } from '../../../nodes/Aktify/events';

/**
 * The dedupe keys hash the bytes that were verified instead of a re-serialisation of the parsed
 * body. For the compact JSON the providers sign the two are the same text, so every key stays what
 * it was when it hashed `JSON.stringify(body)`: a key stored before (a Remove Duplicates history,
 * the shared Redis store) still matches a retry after an upgrade.
 */

const SECRET = 'dedupe_keys_secret_0123456789';
const NOW = Date.UTC(2026, 1, 10, 12);

const canonicalDigest = (body: string) =>
	createHash('sha256')
		.update(JSON.stringify(JSON.parse(body)))
		.digest('hex')
		.slice(0, 32);

describe('dedupe keys of signed deliveries equal those of the canonical JSON', () => {
	it('for every Aktify catalogue event', () => {
		for (const definition of aktifyEvents) {
			const request = signedRequest(definition, SECRET, NOW);
			const outcome = processAktifyDelivery(
				{
					headers: request.headers,
					rawBody: Buffer.from(request.body),
					contentType: 'application/json',
				},
				{ secrets: [SECRET], customAuth: { type: 'none' }, toleranceMs: 0, eventFields: [] },
				NOW,
			);
			if (!outcome.ok) throw new Error(`${definition.name}: ${outcome.reason}`);
			expect(outcome.item.dedupeKey).toBe(
				`aktify:${definition.version ?? 'v2'}:${definition.name}:${canonicalDigest(request.body)}`,
			);
		}
	});

	it('for a re-formatted Aktify body accepted through the re-serialisation fallback', () => {
		const definition = aktifyEvents.find((event) => event.name === 'lead.link_clicked')!;
		const request = signedRequest(definition, SECRET, NOW);
		const pretty = JSON.stringify(JSON.parse(request.body), null, 2);
		const outcome = processAktifyDelivery(
			{ headers: request.headers, rawBody: Buffer.from(pretty), contentType: 'application/json' },
			{ secrets: [SECRET], customAuth: { type: 'none' }, toleranceMs: 0, eventFields: [] },
			NOW,
		);
		if (!outcome.ok) throw new Error(outcome.reason);
		expect(outcome.item.dedupeKey).toBe(
			`aktify:v2:lead.link_clicked:${canonicalDigest(request.body)}`,
		);
	});

	it('for every Leadterra catalogue event keyed on its body', () => {
		let bodyKeyed = 0;
		for (const definition of leadterraEvents) {
			const body = JSON.stringify(definition.sample);
			const outcome = processLeadterraDelivery(
				{
					headers: {
						'content-type': 'application/json',
						'x-leadterra-signature': signLeadterraBody(SECRET, body),
					},
					rawBody: Buffer.from(body),
					contentType: 'application/json',
				},
				{ secrets: [SECRET] },
				NOW,
			);
			if (!outcome.ok) throw new Error(`${definition.name}: ${outcome.reason}`);
			if (/:(reply|message):/.test(outcome.item.dedupeKey)) continue;
			bodyKeyed++;
			expect(outcome.item.dedupeKey).toBe(`leadterra:${definition.name}:${canonicalDigest(body)}`);
		}
		expect(bodyKeyed).toBeGreaterThan(0);
	});
});
