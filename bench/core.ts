import { createHmac } from 'crypto';
import { Webhook } from 'standardwebhooks';

import { signAktifyBody, authenticate as verifyAktifySignature } from '../nodes/Aktify/auth';
import { aktifyEvents, v2EnvelopeSchema } from '../nodes/Aktify/events';
import { decodeUtf8, parseJson } from '../nodes/shared/pipeline/body';
import { findEvent } from '../nodes/shared/catalogue/definitions';
import { sha256Hex } from '../nodes/shared/auth/crypto';
import { validateAgainst } from '../nodes/shared/catalogue/validation';
import { BENCH_SECRET, PIPELINE_CASES, type PipelineCase } from './cases';
import { measureMany, type MicroResult } from './lib/measure';
import { aktifyV2Body, KB } from './lib/payloads';

/**
 * Core pipeline cost, in process, one core: each provider's pure handler (verify + parse + validate
 * + build the item) next to the floor every verifying receiver pays (HMAC-SHA256 of the body and
 * JSON.parse) and next to the `standardwebhooks` reference library verifying a body of the same size.
 */

export const CORE_SIZES = [1 * KB, 16 * KB];

export interface CoreRow {
	pipeline: string;
	bytes: number;
	ours: MicroResult;
	floor: MicroResult;
	standardwebhooks: MicroResult;
	oursOverFloor: number;
	oursOverStandardwebhooks: number;
}

export interface CoreOptions {
	rounds: number;
	batchMs: number;
	warmupMs: number;
	log: (line: string) => void;
}

function floorCase(body: string): () => unknown {
	const raw = Buffer.from(body);
	return () => [
		createHmac('sha256', BENCH_SECRET).update(raw).digest('hex'),
		JSON.parse(raw.toString('utf8')),
	];
}

function standardWebhooksCase(body: string): () => unknown {
	const webhook = new Webhook(Buffer.from(BENCH_SECRET).toString('base64'));
	const id = 'msg_2mFZ4wC7LJQ3m2VhM9nXbench';
	// One instant for the signature and its header: two clock reads can straddle a second.
	const signedAt = new Date();
	const signature = webhook.sign(id, signedAt, body);
	const headers = {
		'webhook-id': id,
		'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
		'webhook-signature': signature,
	};
	const raw = Buffer.from(body);
	return () => webhook.verify(raw, headers);
}

function checkedPipeline(pipeline: PipelineCase, body: string): () => unknown {
	const run = pipeline.prepare(body);
	const outcome = run();
	// A rejection skips most of the work, so a bench of one would flatter the pipeline.
	if (!outcome.ok)
		throw new Error(`${pipeline.name} rejected the bench delivery: ${outcome.reason}`);
	if (outcome.item.validation && (outcome.item.validation as { valid?: boolean }).valid !== true) {
		throw new Error(
			`${pipeline.name} bench delivery does not validate: ${JSON.stringify(outcome.item.validation)}`,
		);
	}
	return run;
}

export function runCoreBench(
	options: CoreOptions,
	cases: readonly PipelineCase[] = PIPELINE_CASES,
): CoreRow[] {
	const rows: CoreRow[] = [];
	for (const pipeline of cases) {
		for (const bytes of CORE_SIZES) {
			const body = pipeline.body(bytes);
			options.log(
				`core: ${pipeline.name}, ${bytes / KB} KB: ${options.rounds} rounds of ~${options.batchMs} ms per function…`,
			);
			const [ours, floor, standardwebhooks] = measureMany(
				[
					{ name: 'ours', run: checkedPipeline(pipeline, body) },
					{ name: 'floor', run: floorCase(body) },
					{ name: 'standardwebhooks', run: standardWebhooksCase(body) },
				],
				{
					rounds: options.rounds,
					batchMs: options.batchMs,
					warmupMs: options.warmupMs,
					onRound: (round, rounds) => {
						if (round % 5 === 0 || round === rounds) options.log(`  round ${round}/${rounds}`);
					},
				},
			);
			rows.push({
				pipeline: pipeline.name,
				bytes,
				ours,
				floor,
				standardwebhooks,
				oursOverFloor: ours.medianUs / floor.medianUs,
				oursOverStandardwebhooks: ours.medianUs / standardwebhooks.medianUs,
			});
		}
	}
	return rows;
}

/** One step of the Aktify pipeline measured on its own, and what the pipeline gets for it. */
export interface BreakdownRow {
	step: string;
	buys: string;
	result: MicroResult;
}

/**
 * Where the Aktify v2 pipeline's time goes at 1 KB, step by step, measured side by side with the
 * whole pipeline and the floor's two parts: what the distance to the floor buys, per microsecond.
 * The steps are the pipeline's own functions on the same delivery; "the rest" (building the item,
 * merging results, the function calls between them) is the whole minus the steps.
 */
export function runCoreBreakdown(options: CoreOptions): BreakdownRow[] {
	const body = aktifyV2Body(1 * KB);
	const raw = Buffer.from(body);
	const now = Date.now();
	const header = signAktifyBody(BENCH_SECRET, body, 'v2', now);
	const parsed = JSON.parse(body) as { metadata: { eventType: string }; data: unknown };
	const definition = findEvent(aktifyEvents, parsed.metadata.eventType, 'v2');
	if (definition === undefined) throw new Error('The bench body is not in the Aktify catalogue');
	const pipeline = PIPELINE_CASES.find((item) => item.name === 'Aktify v2');
	if (pipeline === undefined) throw new Error('No Aktify v2 pipeline case');
	const steps: Array<{ step: string; buys: string; run: () => unknown }> = [
		{
			step: 'whole pipeline',
			buys: 'everything below',
			run: checkedPipeline(pipeline, body),
		},
		{
			step: 'floor: HMAC-SHA256 of the body, hex',
			buys: '(the floor)',
			run: () => createHmac('sha256', BENCH_SECRET).update(raw).digest('hex'),
		},
		{
			step: 'floor: JSON.parse of the body',
			buys: '(the floor)',
			run: () => JSON.parse(raw.toString('utf8')),
		},
		{
			step: 'verify: header, timestamp window, HMAC over `t.` + body, constant-time compare',
			buys: 'authentication, replay window (v2 binds the timestamp)',
			run: () =>
				verifyAktifySignature({
					header,
					rawBody: raw,
					parsedBody: undefined,
					secrets: [BENCH_SECRET],
					toleranceMs: 300_000,
					now,
				}),
		},
		{
			step: 'strict UTF-8 decoding',
			buys: 'a 400 for a body that is not UTF-8 instead of replacement characters',
			run: () => decodeUtf8(raw),
		},
		{
			step: 'JSON.parse (never throws)',
			buys: 'a 400 with a reason for a body that is not JSON',
			run: () => parseJson(body),
		},
		{
			step: 'schema checks: envelope and event data',
			buys: 'the `validation` field on every item',
			run: () => [
				validateAgainst(v2EnvelopeSchema, parsed),
				validateAgainst(definition.schema, parsed.data),
			],
		},
		{
			step: 'dedupe key: SHA-256 of the verified bytes',
			buys: 'duplicate suppression across processes, Remove Duplicates downstream',
			run: () => sha256Hex(raw),
		},
		{
			step: 'receivedAt: the time as ISO text',
			buys: 'the `receivedAt` field',
			run: () => new Date(now).toISOString(),
		},
	];
	options.log(
		`core: Aktify v2, 1 KB, step by step: ${options.rounds} rounds of ~${options.batchMs} ms per function…`,
	);
	const results = measureMany(
		steps.map(({ step, run }) => ({ name: step, run })),
		{ rounds: options.rounds, batchMs: options.batchMs, warmupMs: options.warmupMs },
	);
	return steps.map(({ step, buys }, index) => ({ step, buys, result: results[index] }));
}
