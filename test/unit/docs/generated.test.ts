import { readFileSync } from 'fs';
import { join } from 'path';

import { replaceGenerated } from '../../../scripts/lib/catalogueDocs';
import { docFragments } from '../../../scripts/lib/docFragments';

const root = join(__dirname, '..', '..', '..');

const cases = Object.entries(docFragments()).flatMap(([file, fragments]) =>
	Object.entries(fragments).map(([name, content]) => [file, name, content] as const),
);

describe('generated documentation', () => {
	it('covers every provider page', () => {
		expect(cases.map(([file]) => file).sort()).toEqual(
			expect.arrayContaining([
				'docs/activecampaign.md',
				'docs/aktify.md',
				'docs/leadterra.md',
				'docs/smartlead.md',
			]),
		);
	});

	it.each(cases)(
		'%s section %s matches the catalogue (run `npm run docs` to update)',
		(file, name, content) => {
			const document = readFileSync(join(root, file), 'utf8');
			expect(replaceGenerated(document, name, content)).toBe(document);
		},
	);
});
