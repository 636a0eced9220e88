import { readFileSync } from 'fs';
import { join } from 'path';

import { replaceGenerated } from '../../../scripts/lib/catalogueDocs';
import { readmeFragments } from '../../../scripts/lib/readmeFragments';

describe('README', () => {
	const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

	it.each(Object.entries(readmeFragments()))(
		'section %s matches the catalogue (run `npm run docs` to update)',
		(name, content) => {
			expect(replaceGenerated(readme, name, content)).toBe(readme);
		},
	);
});
