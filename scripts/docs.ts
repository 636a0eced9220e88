/** `npm run docs`: regenerates the fragments of docs/ that derive from the event catalogues. */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { replaceGenerated } from './lib/catalogueDocs';
import { docFragments } from './lib/docFragments';

const root = join(__dirname, '..');
for (const [file, fragments] of Object.entries(docFragments())) {
	const path = join(root, file);
	let document = readFileSync(path, 'utf8');
	for (const [name, content] of Object.entries(fragments))
		document = replaceGenerated(document, name, content);
	writeFileSync(path, document);
	console.log(`${file}: ${Object.keys(fragments).length} generated sections written`);
}
