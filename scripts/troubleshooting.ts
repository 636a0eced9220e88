/**
 * Writes the cause table of docs/troubleshooting.md from the rejection causes and the platforms'
 * specs, which say which causes each trigger answers and what else to check for it
 * (`npm run docs:troubleshooting`); a unit test fails when the page is out of date.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { PROVIDERS } from '../nodes/providers';
import { CAUSE_INFO, REJECTION_CAUSES } from '../nodes/shared/diagnostics/causes';

export const TROUBLESHOOTING_FILE = join(__dirname, '..', 'docs', 'troubleshooting.md');
const START = '<!-- generated:rejection-causes -->';
const END = '<!-- /generated:rejection-causes -->';

function cell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

export function causeTable(): string {
	const rows = REJECTION_CAUSES.map((cause) => {
		const info = CAUSE_INFO[cause];
		const answering = PROVIDERS.filter((provider) => provider.diagnosis.causes.includes(cause));
		const providers =
			answering.length === PROVIDERS.length
				? 'all'
				: answering.map((provider) => provider.displayName).join(', ');
		const own = answering.flatMap((provider) =>
			(provider.diagnosis.checks?.[cause] ?? []).map((line) => `${provider.displayName}: ${line}`),
		);
		const check = [...own, ...info.check].map(cell).join('<br>');
		return `| \`${cause}\` | ${cell(info.title)} | ${info.statuses.join(', ')} | ${providers} | ${check} |`;
	});
	return [
		'| Cause | What happened | Answer | Triggers | What to check |',
		'|---|---|---|---|---|',
		...rows,
	].join('\n');
}

export function withCauseTable(document: string): string {
	const start = document.indexOf(START);
	const end = document.indexOf(END);
	if (start < 0 || end < start) throw new Error(`${START} … ${END} markers not found`);
	return `${document.slice(0, start + START.length)}\n${causeTable()}\n${document.slice(end)}`;
}

if (require.main === module) {
	writeFileSync(TROUBLESHOOTING_FILE, withCauseTable(readFileSync(TROUBLESHOOTING_FILE, 'utf8')));
	console.log('docs/troubleshooting.md: cause table written');
}
