import type { ZodTypeAny } from 'zod';

import { compileCheck } from './fastSchema';

export interface ValidationResult {
	valid: boolean;
	issues: string[];
}

/**
 * Validates leniently: the result describes problems but the caller keeps the data as received.
 * A valid value is recognised by the compiled check; zod runs only to describe what is wrong.
 */
export function validateAgainst(schema: ZodTypeAny, value: unknown): ValidationResult {
	if (compileCheck(schema)?.(value)) return { valid: true, issues: [] };
	const result = schema.safeParse(value);
	if (result.success) return { valid: true, issues: [] };
	return {
		valid: false,
		issues: result.error.issues.map((issue) => {
			const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
			return `${where}: ${issue.message}`;
		}),
	};
}

export function invalid(...issues: string[]): ValidationResult {
	return { valid: false, issues };
}

/** Combines checks of one delivery (envelope, event data, ...): valid only when all are. */
export function mergeValidation(...results: ValidationResult[]): ValidationResult {
	// The usual case, every check passed, builds no intermediate arrays.
	if (results.every((result) => result.valid && result.issues.length === 0))
		return { valid: true, issues: [] };
	return {
		valid: results.every((result) => result.valid),
		issues: results.flatMap((result) => result.issues),
	};
}
