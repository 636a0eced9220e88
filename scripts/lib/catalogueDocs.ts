import { ZodObject, type ZodTypeAny } from 'zod';

import type { EventDefinition } from '../../nodes/shared/catalogue/definitions';

/**
 * Documentation fragments generated from the event catalogues, so the docs cannot drift from the
 * code. `npm run docs` writes them into docs/<provider>.md between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->`; a unit test fails when a page is out of date.
 */

const DOCUMENTATION_LABEL: Record<EventDefinition['documentation'], string> = {
	documented: 'documented',
	partial: 'partly documented',
	inferred: 'inferred (lenient)',
};

/**
 * The typed fields of an event's schema: required ones plain, optional ones with `?`. Long
 * envelopes (SmartLead repeats a dozen optional fields on every event) are summarised as a count.
 */
export function schemaFields(schema: ZodTypeAny, maxListed = 8): string {
	if (!(schema instanceof ZodObject)) return '';
	const fields = Object.entries(schema.shape as Record<string, ZodTypeAny>).map(
		([name, field]) => ({
			name,
			optional: field.isOptional() || field.isNullable(),
		}),
	);
	if (fields.length <= maxListed)
		return fields.map((field) => `\`${field.name}${field.optional ? '?' : ''}\``).join(', ');
	const required = fields.filter((field) => !field.optional).map((field) => `\`${field.name}\``);
	return [...required, `+ ${fields.length - required.length} optional`].join(', ');
}

export function eventTable(catalogue: readonly EventDefinition[], withVersion = false): string {
	const header = `| Event |${withVersion ? ' Version |' : ''} Category | When | Typed fields (\`?\` optional) | Source |`;
	const rule = `|---|${withVersion ? '---|' : ''}---|---|---|---|`;
	const rows = catalogue.map((event) => {
		const cells = [
			`\`${event.name}\``,
			...(withVersion ? [event.version ?? ''] : []),
			event.category,
			event.description,
			schemaFields(event.schema),
			DOCUMENTATION_LABEL[event.documentation],
		];
		return `| ${cells.join(' | ')} |`;
	});
	return [header, rule, ...rows].join('\n');
}

export function jsonBlock(value: unknown): string {
	return ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
}

export function replaceGenerated(document: string, name: string, content: string): string {
	const start = `<!-- generated:${name} -->`;
	const end = `<!-- /generated:${name} -->`;
	const from = document.indexOf(start);
	const to = document.indexOf(end);
	if (from < 0 || to < from) throw new Error(`The document has no ${start} … ${end} block`);
	return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
