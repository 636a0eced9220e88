import { z, type ZodTypeAny } from 'zod';

import { activeCampaignEvents } from '../../../nodes/ActiveCampaign/events';
import { aktifyEvents, v1EnvelopeSchema, v2EnvelopeSchema } from '../../../nodes/Aktify/events';
import {
	envelopeSchema as leadterraEnvelope,
	leadterraEvents,
} from '../../../nodes/Leadterra/events';
import { smartleadEvents } from '../../../nodes/Smartlead/events';
import { compileCheck } from '../../../nodes/shared/catalogue/fastSchema';
import { seededRandom } from '../lib/seededRandom';

const SEED = Number(process.env.FAST_SCHEMA_SEED ?? 20261202);
const MUTATIONS_PER_VALUE = 150;

const REPLACEMENTS: unknown[] = [
	null,
	0,
	1,
	-1,
	1.5,
	'',
	'x',
	'a longer string value',
	true,
	false,
	[],
	[1, 'a'],
	{},
	{ id: 'x' },
];

/** Every container (object or array) inside a JSON value, with itself. */
function containers(value: unknown, found: Array<Record<string, unknown> | unknown[]> = []) {
	if (Array.isArray(value)) {
		found.push(value);
		for (const entry of value) containers(entry, found);
	} else if (typeof value === 'object' && value !== null) {
		found.push(value as Record<string, unknown>);
		for (const entry of Object.values(value)) containers(entry, found);
	}
	return found;
}

/** One to three random edits: a field deleted, replaced by a value of another type, or added. */
function mutate(value: unknown, next: () => number): unknown {
	const copy = structuredClone(value);
	const edits = 1 + Math.floor(next() * 3);
	for (let edit = 0; edit < edits; edit++) {
		const targets = containers(copy);
		if (targets.length === 0) return REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
		const target = targets[Math.floor(next() * targets.length)];
		const replacement = structuredClone(REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]);
		const keys = Array.isArray(target) ? target.map((_, index) => index) : Object.keys(target);
		const action = next();
		if (keys.length === 0 || action < 0.15) {
			if (Array.isArray(target)) target.push(replacement);
			else target[`extra_${edit}`] = replacement;
		} else {
			const key = keys[Math.floor(next() * keys.length)];
			if (action < 0.45 && !Array.isArray(target)) delete target[key as string];
			else (target as Record<string | number, unknown>)[key] = replacement;
		}
	}
	return copy;
}

function expectAgreement(name: string, schema: ZodTypeAny, values: unknown[]): void {
	const check = compileCheck(schema);
	if (!check) throw new Error(`${name}: the schema does not compile to a fast check`);
	const disagreements = values
		.map((value) => ({ value, zod: schema.safeParse(value).success, fast: check(value) }))
		.filter((result) => result.zod !== result.fast);
	expect({ name, seed: SEED, disagreements: disagreements.slice(0, 3) }).toEqual({
		name,
		seed: SEED,
		disagreements: [],
	});
}

function samplesWithMutations(samples: unknown[], next: () => number): unknown[] {
	const values: unknown[] = [...samples];
	for (const sample of samples)
		for (let index = 0; index < MUTATIONS_PER_VALUE; index++) values.push(mutate(sample, next));
	return values;
}

describe('compileCheck answers exactly what zod answers', () => {
	process.stdout.write(`fastSchema mutations seed: ${SEED} (set FAST_SCHEMA_SEED to replay)\n`);

	it('on every catalogue schema, its sample and seeded mutations of it', () => {
		const next = seededRandom(SEED);
		const catalogues = [
			['Aktify', aktifyEvents],
			['Leadterra', leadterraEvents],
			['SmartLead', smartleadEvents],
			['ActiveCampaign', activeCampaignEvents],
		] as const;
		let compared = 0;
		for (const [provider, events] of catalogues) {
			for (const event of events) {
				const sample = event.sample as Record<string, unknown>;
				// Event schemas see either the whole body or its `data`, depending on the provider.
				const inputs = [sample];
				if (typeof sample === 'object' && sample !== null && 'data' in sample)
					inputs.push(sample.data as Record<string, unknown>);
				const values = samplesWithMutations(inputs, next);
				expectAgreement(`${provider} ${event.name}`, event.schema, values);
				compared += values.length;
			}
		}
		expect(compared).toBeGreaterThan(10_000);
	});

	it('on every envelope schema, with every sample of its provider and mutations of them', () => {
		const next = seededRandom(SEED + 1);
		expectAgreement(
			'Aktify v2 envelope',
			v2EnvelopeSchema,
			samplesWithMutations(
				aktifyEvents.map((event) => event.sample),
				next,
			),
		);
		expectAgreement(
			'Aktify v1 envelope',
			v1EnvelopeSchema,
			samplesWithMutations(
				aktifyEvents.map((event) => event.sample),
				next,
			),
		);
		expectAgreement(
			'Leadterra envelope',
			leadterraEnvelope,
			samplesWithMutations(
				leadterraEvents.map((event) => event.sample),
				next,
			),
		);
	});

	it('on each supported feature, at its edges', () => {
		const cases: Array<[string, ZodTypeAny, unknown[]]> = [
			['string', z.string(), ['', 'a', 1, null, undefined, [], {}]],
			['string length', z.string().min(2).max(3), ['a', 'ab', 'abc', 'abcd', 'é', '日本']],
			['string exact length', z.string().length(2), ['a', 'ab', 'abc']],
			[
				'number',
				z.number(),
				[0, -0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, undefined],
			],
			['number int', z.number().int(), [1, 1.5, -3, 2 ** 60]],
			['number bounds', z.number().min(1).max(3), [0.999, 1, 2, 3, 3.001]],
			['number exclusive', z.number().gt(1).lt(3), [1, 1.001, 2.999, 3]],
			['number finite', z.number().finite(), [1, Number.POSITIVE_INFINITY]],
			['boolean', z.boolean(), [true, false, 0, 'true', null]],
			['null', z.null(), [null, undefined, 0, '']],
			['literal', z.literal('a'), ['a', 'b', 1, null]],
			['literal number', z.literal(1), [1, '1', 2]],
			['enum', z.enum(['a', 'b']), ['a', 'b', 'c', 1, null]],
			['unknown', z.unknown(), [undefined, null, 1, {}, []]],
			['any', z.any(), [undefined, null, 1]],
			['optional', z.string().optional(), [undefined, 'a', null, 1]],
			['nullable', z.string().nullable(), [undefined, 'a', null, 1]],
			['nullish', z.string().nullish(), [undefined, 'a', null, 1]],
			['default', z.string().default('x'), [undefined, 'a', null, 1]],
			[
				'array',
				z.array(z.number()).min(1).max(2),
				[[], [1], [1, 2], [1, 2, 3], [1, 'a'], 'a', {}, null],
			],
			['array exact', z.array(z.unknown()).length(2), [[1], [1, 2], [1, 2, 3]]],
			[
				'object strip',
				z.object({ a: z.string(), b: z.number().optional() }),
				[{ a: 'x' }, { a: 'x', b: 1 }, { a: 'x', b: 'y' }, { b: 1 }, { a: 'x', c: 1 }, [], null],
			],
			[
				'object passthrough',
				z.object({ a: z.string() }).passthrough(),
				[{ a: 'x', extra: [1] }, { a: 1 }, {}],
			],
			[
				'object strict',
				z.object({ a: z.string() }).strict(),
				[{ a: 'x' }, { a: 'x', extra: 1 }, { extra: 1 }],
			],
			[
				'object catchall',
				z.object({ a: z.string() }).catchall(z.number()),
				[{ a: 'x' }, { a: 'x', n: 1 }, { a: 'x', n: 'y' }],
			],
			[
				'object key undefined',
				z.object({ a: z.string().optional() }),
				[{}, { a: undefined }, { a: null }],
			],
			['record', z.record(z.string()), [{}, { a: 'x' }, { a: 1 }, [], null, { a: 'x', b: null }]],
			['record key check', z.record(z.string().min(2), z.number()), [{ ab: 1 }, { a: 1 }]],
			[
				'union',
				z.union([z.string(), z.number(), z.object({ id: z.string() })]),
				['a', 1, { id: 'x' }, { id: 1 }, null, [], true],
			],
			[
				'discriminated union',
				z.discriminatedUnion('type', [
					z.object({ type: z.literal('a'), a: z.string() }),
					z.object({ type: z.literal('b'), b: z.number() }),
				]),
				[{ type: 'a', a: 'x' }, { type: 'b', b: 1 }, { type: 'a', b: 1 }, { type: 'c' }, {}, null],
			],
		];
		for (const [name, schema, values] of cases) expectAgreement(name, schema, values);
	});

	it('declines what it does not cover, so that zod stays in charge there', () => {
		const declined: Array<[string, ZodTypeAny]> = [
			['email', z.string().email()],
			['regex', z.string().regex(/a/)],
			['refine', z.string().refine((value) => value !== 'x')],
			['transform', z.string().transform((value) => value.length)],
			['intersection', z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() }))],
			['tuple', z.tuple([z.string()])],
			['multipleOf', z.number().multipleOf(2)],
			['nested refine', z.object({ a: z.array(z.string().url()) })],
			['union with refine', z.union([z.string(), z.number().refine((value) => value > 0)])],
		];
		for (const [name, schema] of declined)
			expect({ name, compiled: compileCheck(schema) !== undefined }).toEqual({
				name,
				compiled: false,
			});
	});
});
