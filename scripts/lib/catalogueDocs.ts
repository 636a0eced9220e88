import type { EventDefinition } from '../../nodes/shared/catalogue';

/**
 * README fragments generated from the event catalogues, so the docs cannot drift from the code.
 * `npm run docs` writes them between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`;
 * a unit test fails when the README is out of date.
 */

const DOCUMENTATION_LABEL: Record<EventDefinition['documentation'], string> = {
	documented: 'documented',
	partial: 'partly documented',
	inferred: 'inferred (lenient)',
};

export function eventTable(catalogue: readonly EventDefinition[], withVersion = false): string {
	const header = withVersion ? '| Event | Version | Category | When | Fields |' : '| Event | Category | When | Fields |';
	const rule = withVersion ? '|---|---|---|---|---|' : '|---|---|---|---|';
	const rows = catalogue.map((event) => {
		const cells = [`\`${event.name}\``, ...(withVersion ? [event.version ?? ''] : []), event.category, event.description, DOCUMENTATION_LABEL[event.documentation]];
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
	if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} block`);
	return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
