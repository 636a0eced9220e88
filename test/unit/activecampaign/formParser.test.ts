import {
	encodeFormBody,
	keySegments,
	nestPairs,
	parseFormBody,
	parseFormPairs,
} from '../../../nodes/ActiveCampaign/formParser';
import { seededRandom } from '../lib/seededRandom';

describe('keySegments', () => {
	it.each([
		['type', ['type']],
		['contact[email]', ['contact', 'email']],
		['contact[fields][12]', ['contact', 'fields', '12']],
		['list[][id]', ['list', '', 'id']],
		['account[fields][Address 1]', ['account', 'fields', 'Address 1']],
		['User-Agent', ['User-Agent']],
	])('splits %s', (key, expected) => {
		expect(keySegments(key)).toEqual(expected);
	});

	it.each(['a[b', 'a]b', '[a]', 'a[b]c', 'a[b[c]]'])('keeps the malformed key %s flat', (key) => {
		expect(keySegments(key)).toEqual([key]);
	});

	it('folds segments beyond the depth limit into the last one', () => {
		expect(keySegments('a[b][c][d][e]', 3)).toEqual(['a', 'b', 'c[d][e]']);
	});
});

describe('parseFormBody', () => {
	const parse = (body: string) => parseFormBody(body).value;

	it('nests bracket keys', () => {
		expect(parse('type=update&contact%5Bemail%5D=a%40b.co&campaign[message][subject]=Hi')).toEqual({
			type: 'update',
			contact: { email: 'a@b.co' },
			campaign: { message: { subject: 'Hi' } },
		});
	});

	it('keeps numeric segments as object keys, above 20 and above 100 too', () => {
		const value = parse(
			'contact[fields][3]=a&contact[fields][12]=b&contact[fields][27]=c&contact[fields][105]=d&active_subscriptions[0]=11',
		);
		expect(value).toEqual({
			contact: { fields: { '3': 'a', '12': 'b', '27': 'c', '105': 'd' } },
			active_subscriptions: { '0': '11' },
		});
		expect(Array.isArray((value.contact as Record<string, unknown>).fields)).toBe(false);
	});

	it('turns a repeated key into the list of its values', () => {
		expect(parse('a=1&a=2&a=3&b[c]=x&b[c]=y')).toEqual({
			a: ['1', '2', '3'],
			b: { c: ['x', 'y'] },
		});
	});

	it('appends a new element for each [] (PHP semantics)', () => {
		expect(
			parse('list[][id]=3&list[][id]=7&updated_fields[]=value&updated_fields[]=stage'),
		).toEqual({
			list: [{ id: '3' }, { id: '7' }],
			updated_fields: ['value', 'stage'],
		});
	});

	it('keeps a scalar and a nested value under the same key, in either order', () => {
		expect(parse('list=0&list[id]=12&list[name]=Leads')).toEqual({
			list: { id: '12', name: 'Leads' },
			list_value: '0',
		});
		expect(parse('list[id]=12&list=0')).toEqual({ list: { id: '12' }, list_value: '0' });
		expect(parse('list=0&list[][id]=3')).toEqual({ list: [{ id: '3' }], list_value: '0' });
	});

	it('does not overwrite a real key when it moves a shadowed scalar', () => {
		expect(parse('list_value=real&list=0&list[id]=1')).toEqual({
			list_value: 'real',
			list: { id: '1' },
			list_value_: '0',
		});
	});

	it('keeps empty values and keys without =', () => {
		expect(parse('a=&b&c[d]=')).toEqual({ a: '', b: '', c: { d: '' } });
	});

	it('decodes percent-encoding, + as space, and UTF-8', () => {
		expect(parse('name=Lee+%26+Partners&last=L%C3%A9e&plus=%2B1+509&raw=Lée')).toEqual({
			name: 'Lee & Partners',
			last: 'Lée',
			plus: '+1 509',
			raw: 'Lée',
		});
	});

	it('keeps bad percent escapes literally and reports them', () => {
		const result = parseFormBody('a=100%&b=%zz&c=%4');
		expect(result.value).toEqual({ a: '100%', b: '%zz', c: '%4' });
		expect(result.issues.join(' ')).toMatch(/3 malformed percent/);
	});

	it('skips empty pairs', () => {
		expect(parse('&&a=1&&b=2&')).toEqual({ a: '1', b: '2' });
	});

	it('drops prototype-polluting keys and reports them', () => {
		const result = parseFormBody(
			'__proto__[polluted]=1&a[constructor][prototype][x]=1&a[b]=2&constructor=3',
		);
		expect(result.value).toEqual({ a: { b: '2' } });
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(result.issues.join(' ')).toMatch(/3 pair/);
	});

	it('keeps names of Object.prototype members as ordinary keys', () => {
		expect(parse('toString=1&hasOwnProperty[x]=2')).toEqual({
			toString: '1',
			hasOwnProperty: { x: '2' },
		});
	});

	it('converts a [] list to an object when an explicit key joins it, keeping that key', () => {
		expect(parse('a[]=x&a[5]=y&a[]=z')).toEqual({ a: { '0': 'x', '5': 'y', '6': 'z' } });
	});

	it('ignores pairs beyond the pair limit and says so', () => {
		const body = Array.from({ length: 20 }, (_, index) => `k${index}=${index}`).join('&');
		const result = parseFormBody(body, { maxPairs: 5, maxDepth: 10 });
		expect(Object.keys(result.value)).toHaveLength(5);
		expect(result.issues.join(' ')).toMatch(/15 pair\(s\) beyond the limit of 5/);
	});

	it("keeps more than 1000 keys (n8n's own parser stops at 1000)", () => {
		const body = Array.from(
			{ length: 1500 },
			(_, index) => `contact[fields][${index}]=v${index}`,
		).join('&');
		const fields = (parse(body).contact as Record<string, Record<string, string>>).fields;
		expect(Object.keys(fields)).toHaveLength(1500);
		expect(fields['1499']).toBe('v1499');
	});

	it('accepts a Buffer and returns the decoded flat pairs too', () => {
		const result = parseFormBody(Buffer.from('contact%5Bid%5D=1&x=a+b'));
		expect(result.pairs).toEqual([
			['contact[id]', '1'],
			['x', 'a b'],
		]);
	});

	it('round-trips encodeFormBody', () => {
		const fields = { 'contact[tags]': 'a, b', 'odd key=&': 'v=1&2 +', 'list[][id]': ['1', '2'] };
		expect(parseFormPairs(encodeFormBody(fields)).pairs).toEqual([
			['contact[tags]', 'a, b'],
			['odd key=&', 'v=1&2 +'],
			['list[][id]', '1'],
			['list[][id]', '2'],
		]);
	});

	it('nestPairs gives the same tree whatever object key order JS would impose', () => {
		expect(
			nestPairs([
				['b', '1'],
				['10', 'x'],
				['a', '2'],
			]).value,
		).toEqual({ a: '2', b: '1', '10': 'x' });
	});
});

/**
 * Random bytes from a seed, so that a failing random input can be replayed:
 * FORM_PARSER_SEED=<printed seed> npx jest --selectProjects unit test/unit/activecampaign/formParser
 */
function seededBytes(seed: number): (length: number) => Buffer {
	const next = seededRandom(seed);
	return (length) => Buffer.from(Array.from({ length }, () => Math.floor(next() * 256)));
}

describe('parseFormBody on random input (property-style)', () => {
	const seed = process.env.FORM_PARSER_SEED
		? Number(process.env.FORM_PARSER_SEED)
		: Math.floor(Math.random() * 2 ** 32);
	const randomBytes = seededBytes(seed);
	// Printed on every run, so that the input of a failure can be generated again.
	console.log(`parseFormBody random input seed: ${seed} (replay with FORM_PARSER_SEED=${seed})`);
	const alphabet = Buffer.from('ab[]=&%+2F5BDzé_\u0000\u00ff');

	function randomBody(length: number): Buffer {
		const bytes = randomBytes(length);
		// Mix pure random bytes with bytes drawn from the interesting alphabet.
		for (let index = 0; index < length; index += 2)
			bytes[index] = alphabet[bytes[index] % alphabet.length];
		return bytes;
	}

	it('parses every input (no "could not be parsed" issue), returns a plain object, and keeps the pair count within the number of & + 1', () => {
		for (let run = 0; run < 2000; run++) {
			const body = randomBody(run % 200);
			const result = parseFormBody(body);
			// The parser's own guard turns a throw into this issue and an empty value; it must never fire.
			const failures = result.issues.filter((issue) =>
				issue.startsWith('Body could not be parsed'),
			);
			expect({ seed, run, failures }).toEqual({ seed, run, failures: [] });
			expect(Array.isArray(result.value)).toBe(false);
			expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
			const ampersands = body.filter((byte) => byte === 0x26).length;
			expect(result.pairs.length).toBeLessThanOrEqual(ampersands + 1);
		}
	});

	it('reads back every value of a random well-formed body from its nested position', () => {
		for (let run = 0; run < 300; run++) {
			const pairs: Array<[string, string]> = [];
			const used = new Set<string>();
			for (let index = 0; index < 1 + (run % 12); index++) {
				const key = `k${index % 3}[f${run % 5}][${index}]`;
				if (used.has(key)) continue;
				used.add(key);
				pairs.push([key, randomBytes(6).toString('latin1')]);
			}
			const value = parseFormBody(encodeFormBody(pairs)).value as Record<
				string,
				Record<string, Record<string, string>>
			>;
			for (const [key, expected] of pairs) {
				const [a, b, c] = keySegments(key);
				expect({ seed, key, value: value[a][b][c] }).toEqual({ seed, key, value: expected });
			}
		}
	});
});
