import { createHmac } from 'crypto';
import { Webhook } from 'standardwebhooks';

import { BENCH_SECRET, PIPELINE_CASES, type PipelineCase } from './cases';
import { measureMany, type MicroResult } from './lib/measure';
import { KB } from './lib/payloads';

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
