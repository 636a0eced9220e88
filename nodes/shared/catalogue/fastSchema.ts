import type { ZodTypeAny } from 'zod';

import { isPlainObject } from '../pipeline/body';

/**
 * A yes/no check compiled from a zod schema, for the hot path of lenient validation: a delivery
 * only needs to know whether its body is valid, and the issue list matters only when it is not.
 *
 * Why: zod's `safeParse` builds a parsed copy of the whole value, a context object per field and
 * an issue object for every union alternative that fails, even when the value is valid in the
 * end. On a 1 KB delivery that was the largest share of the pipeline after the HMAC and
 * `JSON.parse`. The compiled check walks the value once and allocates nothing.
 *
 * It covers the schema features the catalogues use, with zod 3's semantics for JSON values
 * (what `JSON.parse` yields). For any other feature (refinements, transforms, string formats,
 * intersections...) `compileCheck` returns undefined and the caller keeps using zod. A unit test
 * holds it to `safeParse(value).success` on every catalogue schema, its samples and seeded
 * mutations of them.
 */

export type Check = (value: unknown) => boolean;

/** The parts of zod 3's internal definitions this reads; zod keeps them on `schema._def`. */
interface Def {
	typeName?: string;
	checks?: Array<{ kind: string; value?: number; inclusive?: boolean }>;
	innerType?: ZodTypeAny;
	type?: ZodTypeAny;
	options?: ZodTypeAny[] | Map<unknown, ZodTypeAny>;
	shape?: () => Record<string, ZodTypeAny>;
	unknownKeys?: 'passthrough' | 'strip' | 'strict';
	catchall?: ZodTypeAny;
	keyType?: ZodTypeAny;
	valueType?: ZodTypeAny;
	values?: unknown[];
	value?: unknown;
	minLength?: { value: number } | null;
	maxLength?: { value: number } | null;
	exactLength?: { value: number } | null;
}

const defOf = (schema: ZodTypeAny): Def => (schema as unknown as { _def: Def })._def;

/** Length checks on strings (UTF-16 code units, as zod counts them); undefined if another kind. */
function lengthChecks(def: Def): Check | undefined {
	const checks = def.checks ?? [];
	for (const check of checks) if (!['min', 'max', 'length'].includes(check.kind)) return undefined;
	return (value) => {
		if (typeof value !== 'string') return false;
		for (const check of checks) {
			const limit = check.value as number;
			if (check.kind === 'min' && value.length < limit) return false;
			if (check.kind === 'max' && value.length > limit) return false;
			if (check.kind === 'length' && value.length !== limit) return false;
		}
		return true;
	};
}

function numberChecks(def: Def): Check | undefined {
	const checks = def.checks ?? [];
	for (const check of checks)
		if (!['int', 'min', 'max', 'finite'].includes(check.kind)) return undefined;
	return (value) => {
		if (typeof value !== 'number' || Number.isNaN(value)) return false;
		for (const check of checks) {
			const limit = check.value as number;
			if (check.kind === 'int' && !Number.isInteger(value)) return false;
			if (check.kind === 'finite' && !Number.isFinite(value)) return false;
			if (check.kind === 'min' && (check.inclusive ? value < limit : value <= limit)) return false;
			if (check.kind === 'max' && (check.inclusive ? value > limit : value >= limit)) return false;
		}
		return true;
	};
}

function arrayCheck(def: Def): Check | undefined {
	const element = def.type ? compileCheck(def.type) : undefined;
	if (!element) return undefined;
	const { minLength, maxLength, exactLength } = def;
	return (value) => {
		if (!Array.isArray(value)) return false;
		if (exactLength && value.length !== exactLength.value) return false;
		if (minLength && value.length < minLength.value) return false;
		if (maxLength && value.length > maxLength.value) return false;
		for (const entry of value) if (!element(entry)) return false;
		return true;
	};
}

function objectCheck(def: Def): Check | undefined {
	if (!def.shape) return undefined;
	const shape = def.shape();
	const keys = Object.keys(shape);
	const fields: Check[] = [];
	for (const key of keys) {
		const field = compileCheck(shape[key]);
		if (!field) return undefined;
		fields.push(field);
	}
	const catchallName = def.catchall ? defOf(def.catchall).typeName : 'ZodNever';
	let extra: Check | undefined;
	if (catchallName !== 'ZodNever') {
		extra = compileCheck(def.catchall as ZodTypeAny);
		if (!extra) return undefined;
	} else if (def.unknownKeys === 'strict') {
		extra = () => false;
	}
	const known = new Set(keys);
	return (value) => {
		if (!isPlainObject(value)) return false;
		for (let index = 0; index < keys.length; index++)
			if (!fields[index](value[keys[index]])) return false;
		if (extra)
			for (const key of Object.keys(value)) if (!known.has(key) && !extra(value[key])) return false;
		return true;
	};
}

function recordCheck(def: Def): Check | undefined {
	const key = def.keyType ? compileCheck(def.keyType) : undefined;
	const entry = def.valueType ? compileCheck(def.valueType) : undefined;
	if (!key || !entry || defOf(def.keyType as ZodTypeAny).typeName !== 'ZodString') return undefined;
	return (value) => {
		if (!isPlainObject(value)) return false;
		for (const name of Object.keys(value)) if (!key(name) || !entry(value[name])) return false;
		return true;
	};
}

function unionCheck(def: Def): Check | undefined {
	const options = def.options instanceof Map ? [...def.options.values()] : (def.options ?? []);
	const checks: Check[] = [];
	for (const option of options) {
		const check = compileCheck(option);
		if (!check) return undefined;
		checks.push(check);
	}
	// A discriminated union picks its option by the discriminator, whose values are unique, so
	// "some option accepts" gives the same answer.
	return (value) => checks.some((check) => check(value));
}

function wrapped(def: Def, accepts: (value: unknown) => boolean): Check | undefined {
	const inner = def.innerType ? compileCheck(def.innerType) : undefined;
	return inner ? (value) => accepts(value) || inner(value) : undefined;
}

const compiled = new WeakMap<ZodTypeAny, Check | null>();

/** The compiled check of `schema`, or undefined when it uses a feature the compiler does not cover. */
export function compileCheck(schema: ZodTypeAny): Check | undefined {
	const known = compiled.get(schema);
	if (known !== undefined) return known ?? undefined;
	const def = defOf(schema);
	let check: Check | undefined;
	switch (def.typeName) {
		case 'ZodString':
			check = lengthChecks(def);
			break;
		case 'ZodNumber':
			check = numberChecks(def);
			break;
		case 'ZodBoolean':
			check = (value) => typeof value === 'boolean';
			break;
		case 'ZodNull':
			check = (value) => value === null;
			break;
		case 'ZodAny':
		case 'ZodUnknown':
			check = () => true;
			break;
		case 'ZodLiteral':
			check = (value) => value === def.value;
			break;
		case 'ZodEnum': {
			const values = new Set(def.values);
			check = (value) => typeof value === 'string' && values.has(value);
			break;
		}
		case 'ZodOptional':
		case 'ZodDefault':
			// A default stands in for a missing value and is valid by construction.
			check = wrapped(def, (value) => value === undefined);
			break;
		case 'ZodNullable':
			check = wrapped(def, (value) => value === null);
			break;
		case 'ZodArray':
			check = arrayCheck(def);
			break;
		case 'ZodObject':
			check = objectCheck(def);
			break;
		case 'ZodRecord':
			check = recordCheck(def);
			break;
		case 'ZodUnion':
		case 'ZodDiscriminatedUnion':
			check = unionCheck(def);
			break;
		default:
			check = undefined;
	}
	compiled.set(schema, check ?? null);
	return check;
}
