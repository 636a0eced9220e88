/** `npm run docs`: regenerates the README fragments that derive from the event catalogues. */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { replaceGenerated } from './lib/catalogueDocs';
import { readmeFragments } from './lib/readmeFragments';

const path = join(__dirname, '..', 'README.md');
let readme = readFileSync(path, 'utf8');
for (const [name, content] of Object.entries(readmeFragments()))
	readme = replaceGenerated(readme, name, content);
writeFileSync(path, readme);
console.log(`README.md: ${Object.keys(readmeFragments()).length} generated sections written`);
