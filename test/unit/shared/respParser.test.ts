import {
	encodeCommand,
	RespError,
	RespParser,
	type RespValue,
} from '../../../nodes/shared/redisClient';
import { seededRandom } from '../lib/seededRandom';

/** Replies written out by hand, with the value each must parse to. */
const REPLIES: Array<[string, RespValue]> = [
	['+OK\r\n', 'OK'],
	['+PONG\r\n', 'PONG'],
	[
		'-WRONGPASS invalid username-password pair\r\n',
		new RespError('WRONGPASS invalid username-password pair'),
	],
	[':0\r\n', 0],
	[':-42\r\n', -42],
	['$-1\r\n', null],
	['$0\r\n\r\n', Buffer.alloc(0)],
	['$7\r\nab\r\ncd\n\r\n', Buffer.from('ab\r\ncd\n')],
	['$10\r\nnaïve ✓\r\n', Buffer.from('naïve ✓')],
	['*-1\r\n', null],
	['*0\r\n', []],
	['*3\r\n$3\r\nfoo\r\n:7\r\n*2\r\n+x\r\n$-1\r\n', [Buffer.from('foo'), 7, ['x', null]]],
];

describe('RespParser: known replies', () => {
	it.each(REPLIES)('parses %j', (wire, value) => {
		const parser = new RespParser();
		expect(parser.push(Buffer.from(wire))).toEqual([value]);
		expect(parser.pending).toBe(0);
	});

	it('returns nothing for a partial reply and the reply once the rest arrives', () => {
		const parser = new RespParser();
		expect(parser.push(Buffer.from('$5\r\nhel'))).toEqual([]);
		expect(parser.pending).toBe(7);
		expect(parser.push(Buffer.from('lo\r\n+OK'))).toEqual([Buffer.from('hello')]);
		expect(parser.push(Buffer.from('\r\n'))).toEqual(['OK']);
		expect(parser.pending).toBe(0);
	});

	it('rejects an unknown reply type and a malformed length', () => {
		expect(() => new RespParser().push(Buffer.from('?what\r\n'))).toThrow(
			'Redis sent an unknown reply type "?"',
		);
		expect(() => new RespParser().push(Buffer.from('$x1\r\n'))).toThrow(
			'Redis sent a malformed number',
		);
	});
});

describe('RespParser: random chunking', () => {
	// A fixed list of seeds keeps the run reproducible; each is printed in the test name.
	const seeds = [1, 7, 42, 2026, 99991, Date.UTC(2026, 11, 2) % 1_000_003];
	it.each(seeds)('yields the same replies however the stream is split (seed %i)', (seed) => {
		const next = seededRandom(seed);
		const expected: RespValue[] = [];
		const wire: Buffer[] = [];
		for (let i = 0; i < 300; i++) {
			const [text, value] = REPLIES[Math.floor(next() * REPLIES.length)];
			wire.push(Buffer.from(text));
			expected.push(value);
		}
		const stream = Buffer.concat(wire);
		const parser = new RespParser();
		const actual: RespValue[] = [];
		let offset = 0;
		while (offset < stream.length) {
			// Chunks of 1..16 bytes split lines, CRLF pairs and multi-byte characters alike.
			const size = 1 + Math.floor(next() * 16);
			actual.push(...parser.push(stream.subarray(offset, offset + size)));
			offset += size;
		}
		expect(actual).toEqual(expected);
		expect(parser.pending).toBe(0);
	});
});

describe('encodeCommand', () => {
	it('writes a RESP array of bulk strings with byte lengths', () => {
		expect(encodeCommand(['SET', 'k', 'é', 'PX', 1500]).toString('utf8')).toBe(
			'*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n$2\r\nPX\r\n$4\r\n1500\r\n',
		);
	});
});
