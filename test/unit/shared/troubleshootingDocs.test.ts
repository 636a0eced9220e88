import { readFileSync } from 'fs';

import { REJECTION_CAUSES } from '../../../nodes/shared/diagnostics/causes';
import { causeTable, TROUBLESHOOTING_FILE, withCauseTable } from '../../../scripts/troubleshooting';

describe('docs/troubleshooting.md', () => {
	const document = readFileSync(TROUBLESHOOTING_FILE, 'utf8');

	it('has the cause table of the current rejection causes (run npm run docs:troubleshooting)', () => {
		expect(withCauseTable(document)).toBe(document);
	});

	it('lists every cause once', () => {
		const table = causeTable();
		for (const cause of REJECTION_CAUSES) {
			expect(table.split('\n').filter((row) => row.startsWith(`| \`${cause}\` |`))).toHaveLength(1);
		}
		expect(table.split('\n')).toHaveLength(REJECTION_CAUSES.length + 2);
	});
});
