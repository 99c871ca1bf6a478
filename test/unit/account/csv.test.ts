import { detectDelimiter, parseCsv } from '../../../nodes/shared/files/csv';

describe('parseCsv', () => {
	it('reads quoted commas, escaped quotes and newlines inside quotes with CRLF endings', () => {
		const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"line1\r\nline2",z\r\n';
		expect(parseCsv(text, ',')).toEqual([
			{ row: 1, line: 1, fields: ['a', 'b', 'c'] },
			{ row: 2, line: 2, fields: ['1', 'x, y', 'say "hi"'] },
			{ row: 3, line: 3, fields: ['2', 'line1\r\nline2', 'z'] },
		]);
	});

	it('counts physical lines separately from rows', () => {
		const records = parseCsv('h\n"a\nb\nc"\nnext\n', ',');
		expect(records.map((r) => [r.row, r.line])).toEqual([
			[1, 1],
			[2, 2],
			[3, 5],
		]);
	});

	it('handles LF, lone CR, missing final newline, trailing delimiter and empty fields', () => {
		expect(parseCsv('a,b\rc,d\ne,', ',').map((r) => r.fields)).toEqual([
			['a', 'b'],
			['c', 'd'],
			['e', ''],
		]);
		expect(parseCsv(',,', ',')[0].fields).toEqual(['', '', '']);
		expect(parseCsv('"",x', ',')[0].fields).toEqual(['', 'x']);
	});

	it('keeps blank lines as records so row numbers match a spreadsheet', () => {
		const records = parseCsv('h\n\nv\n', ',');
		expect(records.map((r) => [r.row, r.fields])).toEqual([
			[1, ['h']],
			[2, ['']],
			[3, ['v']],
		]);
	});

	it('flags an unterminated quote and text after a closing quote, and keeps parsing', () => {
		const bad = parseCsv('a,"b"x,c\nok,1,2\n', ',');
		expect(bad[0].problem).toBe('column 2 has text after its closing quote');
		expect(bad[0].fields).toEqual(['a', 'bx', 'c']);
		expect(bad[1]).toEqual({ row: 2, line: 2, fields: ['ok', '1', '2'] });

		const open = parseCsv('a,b\n1,"never closed\n2,3\n', ',');
		expect(open[1].problem).toBe('column 2 opens a quote that is never closed');
		expect(open).toHaveLength(2);
	});

	it('keeps a quote inside an unquoted value literally', () => {
		expect(parseCsv('TV 55" Sony,x', ',')[0].fields).toEqual(['TV 55" Sony', 'x']);
	});

	it('keeps Vietnamese diacritics and 19-digit ids as written', () => {
		const r = parseCsv('7126711421177430274;Nguyễn Thị Ánh Tuyết;Đà Nẵng', ';');
		expect(r[0].fields).toEqual(['7126711421177430274', 'Nguyễn Thị Ánh Tuyết', 'Đà Nẵng']);
	});
});

describe('detectDelimiter', () => {
	it.each([
		['a,b,c\n1;2', ','],
		['a;b;c\n1,5;2', ';'],
		['a\tb\tc', '\t'],
		['a|b|c', '|'],
		['"x;y;z",b,c', ','],
		['single', ','],
	])('%j → %j', (text, expected) => {
		expect(detectDelimiter(text)).toBe(expected);
	});
});
