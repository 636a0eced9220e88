import type { ZodTypeAny } from 'zod';

export interface ValidationResult {
	valid: boolean;
	issues: string[];
}

/** Validates leniently: the result describes problems but the caller keeps the data as received. */
export function validateAgainst(schema: ZodTypeAny, value: unknown): ValidationResult {
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
	return {
		valid: results.every((result) => result.valid),
		issues: results.flatMap((result) => result.issues),
	};
}
