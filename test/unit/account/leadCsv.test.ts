import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leadCreatedAt, parseLeadCsv } from '../../../nodes/shared/leads/leadCsv';
import { decodeText, TextDecodeProblem } from '../../../nodes/shared/files/text';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('parseLeadCsv', () => {
	it('reads a TikTok export with BOM, CRLF, quotes and Vietnamese text into string records', () => {
		const result = parseLeadCsv(readFileSync(join(__dirname, 'fixtures', 'leads.csv')));
		expect(result.headers).toEqual([
			'lead_id',
			'created_time',
			'Họ và tên',
			'Số điện thoại',
			'Tỉnh/Thành phố',
			'Ghi chú',
		]);
		expect(result.problems).toEqual([]);
		expect(result.encoding).toBe('utf-8');
		expect(result.leads.map((l) => l.data)).toEqual([
			{
				lead_id: '7126711421177430274',
				created_time: '2025-03-01 08:15:00',
				'Họ và tên': 'Nguyễn Văn An',
				'Số điện thoại': '+84901234567',
				'Tỉnh/Thành phố': 'Hồ Chí Minh',
				'Ghi chú': 'Gọi sau 5h, cảm ơn',
			},
			{
				lead_id: '7126711421177430275',
				created_time: '2025-03-01 09:00:00',
				'Họ và tên': 'Trần Thị Bích',
				'Số điện thoại': '+84912345678',
				'Tỉnh/Thành phố': 'Hà Nội',
				'Ghi chú': 'Nhà số 12 "B", ngõ 3\r\nquận Đống Đa',
			},
		]);
		expect(result.leads.map((l) => [l.row, l.line])).toEqual([
			[2, 2],
			[3, 3],
		]);
	});

	it('reports malformed rows with row and line numbers and keeps the good ones', () => {
		const text = 'lead_id,name,phone\n1,"An",090\n2,Bình\n\n3,"Chi",091,extra\n4,"Dũng\n';
		const result = parseLeadCsv(utf8(text));
		expect(result.leads.map((l) => l.data.lead_id)).toEqual(['1']);
		expect(result.problems.map((p) => [p.row, p.line, p.message])).toEqual([
			[3, 3, 'Row 3 (line 3) is malformed: it has 2 values but the header has 3 columns'],
			[5, 5, 'Row 5 (line 5) is malformed: it has 4 values but the header has 3 columns'],
			[6, 6, 'Row 6 (line 6) is malformed: column 2 opens a quote that is never closed'],
		]);
		expect(result.problems[0].values).toEqual(['2', 'Bình']);
	});

	it('accepts trailing empty columns and skips blank and all-empty rows', () => {
		const result = parseLeadCsv(utf8('a,b\n1,2,,\n,,\n\n3,4\n'));
		expect(result.problems).toEqual([]);
		expect(result.leads.map((l) => l.data)).toEqual([
			{ a: '1', b: '2' },
			{ a: '3', b: '4' },
		]);
	});

	it('names empty and duplicate headers and says so', () => {
		const result = parseLeadCsv(utf8('Email,,Email\nx@y.vn,1,z@y.vn\n'));
		expect(result.headers).toEqual(['Email', 'column_2', 'Email_2']);
		expect(result.notes).toHaveLength(2);
		expect(result.leads[0].data).toEqual({ Email: 'x@y.vn', column_2: '1', Email_2: 'z@y.vn' });
	});

	it('detects semicolon files and decomposed Vietnamese is normalised to NFC', () => {
		const decomposed = 'Nguyễn'.normalize('NFD');
		const result = parseLeadCsv(utf8(`tên;điện thoại\n${decomposed};0901\n`));
		expect(result.delimiter).toBe(';');
		expect(result.leads[0].data['tên']).toBe('Nguyễn'.normalize('NFC'));
	});

	it('warns when a spreadsheet has rounded an id column', () => {
		const result = parseLeadCsv(utf8('lead_id,ad id,name\n7.12671E+18,7126711421177430274,An\n'));
		expect(result.leads[0].data.lead_id).toBe('7.12671E+18');
		expect(result.leads[0].warnings).toHaveLength(1);
		expect(result.leads[0].warnings[0]).toMatch(/"lead_id" is 7\.12671E\+18: a spreadsheet rounded this ID/);
	});

	it('reads UTF-16 files with a BOM (Excel "Unicode text")', () => {
		const body = Buffer.from('lead_id\tHọ tên\n7126711421177430274\tLê Văn Tám\n', 'utf16le');
		const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), body]);
		const result = parseLeadCsv(bytes);
		expect(result.encoding).toBe('utf-16le');
		expect(result.leads[0].data).toEqual({ lead_id: '7126711421177430274', 'Họ tên': 'Lê Văn Tám' });
		const be = Buffer.from(body);
		be.swap16();
		expect(parseLeadCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).leads[0].data['Họ tên']).toBe('Lê Văn Tám');
	});

	it('reports a malformed header and returns no leads', () => {
		const result = parseLeadCsv(utf8('"a,b\n1,2\n'));
		expect(result.leads).toEqual([]);
		expect(result.problems[0].message).toMatch(/^Header row 1 is malformed/);
	});

	it('returns nothing (and no problems) for an empty file', () => {
		expect(parseLeadCsv(new Uint8Array(0))).toMatchObject({ leads: [], problems: [], headers: [] });
		expect(parseLeadCsv(utf8('\ufeff\r\n\r\n'))).toMatchObject({ leads: [], problems: [] });
	});

	it('reads a header-only file as zero leads', () => {
		expect(parseLeadCsv(utf8('lead_id,name\r\n'))).toMatchObject({ headers: ['lead_id', 'name'], leads: [] });
	});
});

describe('leadCreatedAt', () => {
	it('reads TikTok\'s UTC "YYYY-MM-DD HH:MM:SS" as ISO, like the Lead Trigger\'s createdAt', () => {
		// The parsing itself is tested once, in test/unit/shared/time.test.ts.
		expect(leadCreatedAt(' 2024-02-29 23:59:59 ')).toEqual({ createdAt: '2024-02-29T23:59:59.000Z' });
	});

	it('gives null without a warning for an empty time', () => {
		expect(leadCreatedAt('')).toEqual({ createdAt: null });
		expect(leadCreatedAt(undefined)).toEqual({ createdAt: null });
	});

	it('does not guess spreadsheet dates or impossible dates, and says why', () => {
		for (const value of ['3/1/2025 8:15', '2025-02-30 10:00:00']) {
			const { createdAt, warning } = leadCreatedAt(value);
			expect(createdAt).toBeNull();
			expect(warning).toBe(
				`"create_time" is "${value}", not TikTok's "YYYY-MM-DD HH:MM:SS" (UTC), so createdAt is null; "create_time" keeps the value as written`,
			);
		}
	});
});

describe('decodeText', () => {
	it('refuses non-UTF-8 bytes and says where', () => {
		const latin1 = Buffer.from('name\nNguy\xe9n\n', 'latin1');
		expect(() => decodeText(latin1)).toThrow(TextDecodeProblem);
		expect(() => decodeText(latin1)).toThrow('The file is not UTF-8 text (first invalid byte at offset 9)');
	});

	it('strips the UTF-8 BOM', () => {
		expect(decodeText(Buffer.from('\ufeffabc', 'utf8'))).toEqual({ text: 'abc', encoding: 'utf-8', hadBom: true });
	});
});
