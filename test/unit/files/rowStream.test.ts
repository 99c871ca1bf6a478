import fc from 'fast-check';

import {
	DelimitedRowReader,
	LineSplitter,
	NdjsonRowReader,
	RowTooLong,
	findColumns,
} from '../../../nodes/shared/files/rowStream';
import { parseCsv } from '../../../nodes/shared/files/csv';
import { TextDecodeProblem, Utf8StreamDecoder } from '../../../nodes/shared/files/text';

type Row = { line: number; fields: string[]; problem?: string };

function readAll(text: string | string[], delimiter = ',', max?: number): Row[] {
	const rows: Row[] = [];
	const reader = new DelimitedRowReader(
		delimiter,
		(line, fields, problem) => rows.push(problem ? { line, fields, problem } : { line, fields }),
		max,
	);
	for (const piece of Array.isArray(text) ? text : [text]) reader.push(piece);
	reader.finish();
	return rows;
}

/** Cuts `text` at the given offsets (sorted, deduplicated, inside the text). */
function cut(text: string, at: number[]): string[] {
	const points = [...new Set(at.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
	const pieces: string[] = [];
	let last = 0;
	for (const p of points) {
		pieces.push(text.slice(last, p));
		last = p;
	}
	pieces.push(text.slice(last));
	return pieces;
}

describe('DelimitedRowReader', () => {
	it('reads quoted values with delimiters, doubled quotes and line breaks, and numbers rows by their first line', () => {
		const text = 'email,name\r\n"a@x.vn","Nguyễn, Văn ""A"""\r\nb@x.vn,"two\nlines"\nc@x.vn,plain\n';
		expect(readAll(text)).toEqual([
			{ line: 1, fields: ['email', 'name'] },
			{ line: 2, fields: ['a@x.vn', 'Nguyễn, Văn "A"'] },
			{ line: 3, fields: ['b@x.vn', 'two\nlines'] },
			{ line: 5, fields: ['c@x.vn', 'plain'] },
		]);
	});

	it('takes LF, CRLF and lone CR as line ends, skips blank lines but counts them, keeps a last row without a newline', () => {
		expect(readAll('h\r\n\r\na\rb\n\nc')).toEqual([
			{ line: 1, fields: ['h'] },
			{ line: 3, fields: ['a'] },
			{ line: 4, fields: ['b'] },
			{ line: 6, fields: ['c'] },
		]);
	});

	it('a CRLF cut between two pieces is one line end', () => {
		expect(readAll(['h\r', '\na\r', '\nb'])).toEqual([
			{ line: 1, fields: ['h'] },
			{ line: 2, fields: ['a'] },
			{ line: 3, fields: ['b'] },
		]);
	});

	it('keeps empty trailing and leading values', () => {
		expect(readAll('a,,\n,b\n')).toEqual([
			{ line: 1, fields: ['a', '', ''] },
			{ line: 2, fields: ['', 'b'] },
		]);
	});

	it('reports broken quoting on the row instead of throwing', () => {
		expect(readAll('"a"x,b\n"open')).toEqual([
			{ line: 1, fields: ['ax', 'b'], problem: 'column 1 has text after its closing quote' },
			{ line: 2, fields: ['open'], problem: 'column 1 opens a quote that is never closed' },
		]);
	});

	it('detects ; and tab delimiters from the first line when told auto', () => {
		expect(readAll(['email;ph', 'one\na@x.vn;0912\n'], 'auto')).toEqual([
			{ line: 1, fields: ['email', 'phone'] },
			{ line: 2, fields: ['a@x.vn', '0912'] },
		]);
		expect(readAll('email\tphone\na@x.vn\t0912', 'auto')[1].fields).toEqual(['a@x.vn', '0912']);
	});

	it('an unclosed quote cannot swallow the file: the row cap stops it with its first line', () => {
		const endless = ['email\n', 'ok@x.vn\n', '"never closed'];
		for (let i = 0; i < 100; i++) endless.push(`,more${i}\n`.repeat(10));
		expect(() => readAll(endless, ',', 2000)).toThrow(RowTooLong);
		expect(() => readAll(endless, ',', 2000)).toThrow('the row starting on line 3 is longer than 2000 characters');
		// The same cap on an unquoted endless line.
		expect(() => readAll(['x'.repeat(1500), 'y'.repeat(1500)], ',', 2000)).toThrow(RowTooLong);
		// Rows just under the cap pass.
		expect(readAll(`${'a'.repeat(1999)}\n${'b'.repeat(1999)}`, ',', 2000)).toHaveLength(2);
	});

	it('property: any chunking of any CSV text gives the same rows as reading it whole', () => {
		const cell = fc.oneof(
			fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'ễ', '@', '.', '1'), maxLength: 6 }),
			fc
				.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', '\r\n', ' ', '🙂'), maxLength: 8 })
				.map((s) => `"${s.replace(/"/g, '""')}"`),
		);
		const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
		const text = fc
			.tuple(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
			.map(([rows, eol, trailing]) => rows.join(eol) + (trailing ? eol : ''));
		const raw = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', 'x'), maxLength: 40 });
		fc.assert(
			fc.property(fc.oneof(text, raw), fc.array(fc.nat(), { maxLength: 12 }), (t, at) => {
				const whole = readAll(t);
				expect(readAll(cut(t, at))).toEqual(whole);
				// And the same rows, lines and problems as the package's whole-text CSV parser.
				const reference = parseCsv(t, ',')
					.filter((r) => !(r.fields.length === 1 && r.fields[0] === '' && !r.problem))
					.map((r) => (r.problem ? { line: r.line, fields: r.fields, problem: r.problem } : { line: r.line, fields: r.fields }));
				expect(whole).toEqual(reference);
			}),
			{ numRuns: 400 },
		);
	});
});

describe('LineSplitter and NdjsonRowReader', () => {
	it('splits LF and CRLF lines across pieces, numbering from 1', () => {
		const lines: Array<[number, string]> = [];
		const splitter = new LineSplitter((n, t) => lines.push([n, t]));
		for (const piece of ['a\r', '\nbb', 'b\n\nc']) splitter.push(piece);
		splitter.finish();
		expect(lines).toEqual([
			[1, 'a'],
			[2, 'bbb'],
			[3, ''],
			[4, 'c'],
		]);
	});

	it('a lone CR ends a line too (old Mac files), also when a CRLF or a CR is cut between pieces', () => {
		const lines: Array<[number, string]> = [];
		const splitter = new LineSplitter((n, t) => lines.push([n, t]));
		for (const piece of ['{"a":1}\r{"a":2}\r', '{"a":3}\r', '\n{"a":4}\r\r{"a":5}']) splitter.push(piece);
		splitter.finish();
		expect(lines).toEqual([
			[1, '{"a":1}'],
			[2, '{"a":2}'],
			[3, '{"a":3}'],
			[4, '{"a":4}'],
			[5, ''],
			[6, '{"a":5}'],
		]);
	});

	it('refuses an endless line once it passes the cap', () => {
		const splitter = new LineSplitter(() => undefined, 100);
		splitter.push('{"a":1}\n');
		expect(() => {
			for (let i = 0; i < 20; i++) splitter.push('0123456789');
		}).toThrow('the row starting on line 2 is longer than 100 characters');
	});

	it('yields objects, reports lines that are not JSON objects, skips blank lines', () => {
		const out: unknown[] = [];
		const reader = new NdjsonRowReader((line, record, problem) => out.push([line, record ?? problem]));
		reader.push('{"email":"a@x.vn"}\n\n[1]\n{bad\n  \n{"email":"b@x');
		reader.push('.vn","n":1}');
		reader.finish();
		expect(out).toEqual([
			[1, { email: 'a@x.vn' }],
			[3, 'not_an_object'],
			[4, 'bad_json'],
			[6, { email: 'b@x.vn', n: 1 }],
		]);
	});
});

describe('findColumns', () => {
	it('matches trimmed, case-insensitive headers, drops a BOM, lists what is missing', () => {
		expect(findColumns(['\uFEFFEmail ', ' PHONE', 'x'], { email: 'email', phone: 'Phone' })).toEqual({
			index: { email: 0, phone: 1 },
			missing: [],
		});
		expect(findColumns(['mail'], { email: 'email', phone: 'phone' })).toEqual({ index: {}, missing: ['email', 'phone'] });
	});
});

describe('Utf8StreamDecoder', () => {
	it('joins characters cut between chunks and drops a leading BOM', () => {
		const bytes = Buffer.from('\uFEFFNguyễn Văn 🙂', 'utf8');
		const decoder = new Utf8StreamDecoder();
		let text = '';
		for (const b of bytes) text += decoder.push(Uint8Array.of(b));
		text += decoder.finish();
		expect(text).toBe('Nguyễn Văn 🙂');
	});

	it('stops at bytes that are not UTF-8, with their offset', () => {
		const decoder = new Utf8StreamDecoder();
		decoder.push(Buffer.from('abc'));
		expect(() => decoder.push(Uint8Array.of(0x61, 0xff))).toThrow(TextDecodeProblem);
		const cut = new Utf8StreamDecoder();
		cut.push(Uint8Array.of(0xe1, 0xbb));
		expect(() => cut.finish()).toThrow('The file ends in the middle of a UTF-8 character (offset 2)');
	});
});
