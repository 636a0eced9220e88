/** Markdown tables, so the printed output can be pasted into the README as it is. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
	const line = (row: string[]) =>
		`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [
		line(cells[0]),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...cells.slice(1).map(line),
	].join('\n');
}

export function fixed(value: number, digits: number): string {
	return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function thousands(value: number): string {
	return Math.round(value).toLocaleString('en-US');
}
