/**
 * Source: Binary File, end to end in the real engine: CSV / TSV / NDJSON files carried by input items (n8n's
 * default in-memory mode, and the filesystem mode where the node can only stream them), through the Audience
 * node's identity + dedupe + file builder, to the emulator's members. Expected values are written by hand or
 * normalised here independently (lowercase, trimmed) and hashed with node:crypto.
 */
import { gzipSync } from 'node:zlib';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { seedAudience } from '../../../emulator/routes/audience';
import { emulatorCredentials, runNode } from '../../../harness';
import { inMemoryBinary, useFilesystemBinaryData, type FilesystemBinaryData } from '../../../harness/binaryData';
import { everythingSent, firstAdvertiser, locator, members, NODE, sha, succeeded } from './helpers';

let emu: Emulator;
let fsBinary: FilesystemBinaryData;
let advertiserId: string;
beforeAll(async () => {
	emu = await startEmulator();
	fsBinary = await useFilesystemBinaryData();
});
afterAll(async () => {
	fsBinary.close();
	await emu.close();
});
beforeEach(() => {
	emu.reset();
	advertiserId = firstAdvertiser(emu);
});

type Mode = 'default' | 'filesystem';

async function fileItem(content: string | Buffer, fileName: string, mimeType: string, mode: Mode): Promise<INodeExecutionData> {
	const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
	const binary = mode === 'default' ? inMemoryBinary(bytes, { fileName, mimeType }) : await fsBinary.store(bytes, { fileName, mimeType });
	return { json: { file: fileName }, binary: { data: binary } };
}

function audienceWith(count: number) {
	const plain = Array.from({ length: count }, (_, i) => `member.${i}@example.vn`);
	return seedAudience(emu.state.audience, advertiserId, { name: 'CRM export', members: plain.map(sha), now: emu.now() });
}

async function run(operation: string, input: INodeExecutionData[], parameters: IDataObject = {}) {
	const target = operation === 'create' ? { name: 'From file' } : { audienceId: locator(String(parameters.audienceId)) };
	return runNode(
		NODE,
		{ operation, advertiserId: locator(advertiserId), schema: 'email', source: 'binaryFile', ...parameters, ...target },
		input,
		{ credentials: emulatorCredentials(emu) },
	);
}

/** A CRM export: BOM, CRLF, quoted names with commas, quotes and a line break, emails with case/space noise. */
const CRM_CSV =
	'\uFEFF"Customer ID", E-Mail ,Name\r\n' +
	'1," Lan.Nguyen@Example.VN ","Nguyễn, Thị ""Lan"""\r\n' +
	'2,minh@example.vn,"Trần Văn Minh\r\nHà Nội"\r\n' +
	'3,not-an-email,Bad\r\n' +
	'4,LAN.NGUYEN@example.vn,Repeat\r\n' +
	'5,,Empty\r\n' +
	'\r\n' +
	'6,"hoa@example.vn",Last';

describe('Audience > Source: Binary File', () => {
	it.each<Mode>(['default', 'filesystem'])(
		'CSV with BOM, CRLF and quoted fields (%s binary mode): exact members, counts and line-numbered reasons',
		async (mode) => {
			const audience = audienceWith(1200);
			const input = [await fileItem(CRM_CSV, 'crm.csv', 'text/csv', mode)];
			if (mode === 'filesystem') {
				// The item carries only a reference: the node can only have read the file through the stream helper.
				expect(input[0].binary!.data).toMatchObject({ data: 'filesystem-v2', id: expect.stringMatching(/^filesystem-v2:/) });
			}
			const { items, error } = await run('append', input, { audienceId: audience.audience_id, emailColumn: 'e-mail' });
			expect(error).toBeUndefined();
			const expected = ['lan.nguyen@example.vn', 'minh@example.vn', 'hoa@example.vn'];
			const before = Array.from({ length: 1200 }, (_, i) => sha(`member.${i}@example.vn`));
			expect(members(emu, audience.audience_id)).toEqual(new Set([...before, ...expected.map(sha)]));
			expect(items[0].json).toMatchObject({
				source: 'binaryFile',
				sourceFiles: [{ item: 0, fileName: 'crm.csv', format: 'csv', gzip: false, rows: 6 }],
				total: 6,
				valid: 3,
				invalid: 1,
				duplicates: 1,
				empty: 1,
				invalidReasons: { invalid_email: 1 },
				invalidSamples: [{ line: 5, field: 'email', reason: 'invalid_email', value: expect.not.stringContaining('not-an-email') }],
			});
			expect(items[0].pairedItem).toEqual([{ item: 0 }]);
			const [upload] = succeeded(emu, '/dmp/custom_audience/file/upload/');
			expect(upload.multipart!.files[0].data.toString('utf8')).toBe(`Email_SHA256\n${expected.map((e) => `${sha(e)}\n`).join('')}`);
		},
	);

	it('TSV with email and phone columns (Multiple Types): one row per person, both identifiers hashed', async () => {
		const tsv = 'email\tphone\tnote\na@example.vn\t0912 345 678\tx\n\t+84 987 654 321\ty\nb@example.vn\t\tz\n';
		const { items, error } = await run('create', [await fileItem(tsv, 'segment.tsv', 'text/tab-separated-values', 'filesystem')], {
			schema: 'multiple',
			defaultCountry: 'VN',
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ total: 3, valid: 3, sourceFiles: [{ format: 'tsv', rows: 3 }] });
		const audienceId = String(items[0].json.audienceId);
		expect(members(emu, audienceId, 'EMAIL_SHA256')).toEqual(new Set([sha('a@example.vn'), sha('b@example.vn')]));
		expect(members(emu, audienceId, 'PHONE_SHA256')).toEqual(new Set([sha('+84912345678'), sha('+84987654321')]));
	});

	it('NDJSON picked by its file name, keys as dot paths; lines that are not JSON objects are counted invalid', async () => {
		const ndjson = [
			'{"contact":{"email":"Mai@Example.vn"},"id":1}',
			'{"contact":{"email":"tuan@example.vn"}}',
			'not json at all',
			'[1,2]',
			'',
			'{"contact":{}}',
			'{"contact":{"email":"mai@example.vn"}}',
		].join('\n');
		const audience = audienceWith(1000);
		const input = [await fileItem(ndjson, 'export.jsonl', 'application/octet-stream', 'default')];
		const { items, error } = await run('append', input, { audienceId: audience.audience_id, emailColumn: 'contact.email' });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			sourceFiles: [{ format: 'ndjson', rows: 6 }],
			total: 6,
			valid: 2,
			invalid: 2,
			duplicates: 1,
			empty: 1,
			invalidReasons: { bad_json: 1, not_an_object: 1 },
		});
		expect((items[0].json.invalidSamples as IDataObject[]).map((s) => [s.line, s.reason])).toEqual([
			[3, 'bad_json'],
			[4, 'not_an_object'],
		]);
		const added = [...members(emu, audience.audience_id)].filter((m) => m === sha('mai@example.vn') || m === sha('tuan@example.vn'));
		expect(added).toHaveLength(2);
	});

	it('a missing column stops the run before anything is sent, naming it and listing the headers found', async () => {
		const csv = 'Customer ID,Mail Address,Name\n1,a@example.vn,A\n';
		const { error } = await run('create', [await fileItem(csv, 'crm.csv', 'text/csv', 'default')]);
		expect(error?.message).toBe('The file has no column "email"');
		expect(error?.description).toContain('"Customer ID", "Mail Address", "Name"');
		expect(emu.requests).toHaveLength(0);
	});

	it('a file without a header row: the error masks the identifiers it shows as "headers"', async () => {
		const csv = 'nguyen.van.an@example.vn,0912345678\nb@example.vn,0987654321\n';
		const { error } = await run('create', [await fileItem(csv, 'raw.csv', 'text/csv', 'default')]);
		expect(error?.message).toBe('The file has no column "email"');
		expect(error?.description).not.toContain('nguyen.van.an@example.vn');
		expect(error?.description).not.toContain('0912345678');
	});

	it('a file without a header row, phones written with spaces or dashes: the error masks them too', async () => {
		const csv = '+84 912 345 678,(028) 3823-4567\n+84 987 654 321,x\n';
		const { error } = await run('create', [await fileItem(csv, 'raw.csv', 'text/csv', 'default')], { schema: 'phone', defaultCountry: 'VN' });
		expect(error?.message).toBe('The file has no column "phone"');
		expect(error?.description).not.toContain('912 345 678');
		expect(error?.description).not.toContain('3823-4567');
		expect(emu.requests).toHaveLength(0);
	});

	it('10 % junk rows among 3,000: every one counted with its reason, samples by line, no raw value sent', async () => {
		const lines = ['email,name'];
		const valid: string[] = [];
		const junk: string[] = [];
		for (let i = 0; i < 3000; i++) {
			if (i % 10 === 4) {
				const bad = i % 20 === 4 ? `khach hang ${i}@gmail.com` : `nguyen.van.${i}@`;
				junk.push(bad);
				lines.push(`${bad},Junk ${i}`);
			} else {
				const email = `khach.${i}@example.vn`;
				valid.push(email);
				lines.push(`${i % 3 ? email.toUpperCase() : ` ${email} `},"Khách, ${i}"`);
			}
		}
		lines.push('"broken"quote,x');
		const { items, error } = await run('create', [await fileItem(lines.join('\n'), 'big.csv', 'text/csv', 'filesystem')], {
			options: { identifiersPerFile: 1000 },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			total: 3001,
			valid: 2700,
			invalid: 301,
			duplicates: 0,
			empty: 0,
			invalidReasons: { invalid_email: 300, broken_quotes: 1 },
		});
		// Row i of the data is on line i + 2 (the header is line 1).
		expect((items[0].json.invalidSamples as IDataObject[]).map((s) => s.line)).toEqual([6, 16, 26, 36, 46]);
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set(valid.map(sha)));
		expect(succeeded(emu, '/dmp/custom_audience/file/upload/').map((u) => u.multipart!.files[0].streamed)).toHaveLength(3);
		const sent = everythingSent(emu);
		for (const value of [...junk.slice(0, 50), ...valid.slice(0, 50)]) expect(sent).not.toContain(value);
	});

	it('Replace from a file: every file uploaded first, then ONE replace naming all their paths', async () => {
		const audience = audienceWith(1500);
		const csv = ['email', ...Array.from({ length: 2500 }, (_, i) => `new.${i}@example.vn`)].join('\n');
		const { items, error } = await run('replace', [await fileItem(csv, 'all.csv', 'text/csv', 'filesystem')], {
			audienceId: audience.audience_id,
			options: { identifiersPerFile: 1000 },
		});
		expect(error).toBeUndefined();
		const uploads = succeeded(emu, '/dmp/custom_audience/file/upload/');
		const [update] = succeeded(emu, '/dmp/custom_audience/update/');
		expect(uploads).toHaveLength(3);
		expect(update.body).toMatchObject({ action: 'REPLACE', file_paths: uploads.map((u) => (u.response!.data as IDataObject).file_path) });
		expect(emu.requests.indexOf(update)).toBeGreaterThan(emu.requests.indexOf(uploads[2]));
		expect(members(emu, audience.audience_id)).toEqual(new Set(Array.from({ length: 2500 }, (_, i) => sha(`new.${i}@example.vn`))));
		expect(items[0].json).toMatchObject({ valid: 2500, files: [{ lines: 1000 }, { lines: 1000 }, { lines: 500 }] });
	});

	it('Replace from a file below TikTok\'s 1,000 minimum sends nothing, even with small files configured', async () => {
		const audience = audienceWith(1500);
		const csv = ['email', ...Array.from({ length: 900 }, (_, i) => `few.${i}@example.vn`)].join('\n');
		const { error } = await run('replace', [await fileItem(csv, 'few.csv', 'text/csv', 'default')], {
			audienceId: audience.audience_id,
			options: { identifiersPerFile: 100 },
		});
		expect(error?.message).toBe('Replace refused: the segment has only 900 valid identifiers (TikTok needs at least 1000)');
		expect(emu.requests).toHaveLength(0);
	});

	it('a quote that is never closed fails clearly instead of reading the whole file as one value', async () => {
		const csv = `email\nok@example.vn\n"oops@example.vn,${'x,'.repeat(600_000)}\n`;
		const { error } = await run('create', [await fileItem(csv, 'broken.csv', 'text/csv', 'filesystem')]);
		expect(error?.message).toBe('Cannot read "broken.csv": the row starting on line 3 is longer than 1048576 characters');
		expect(emu.requests).toHaveLength(0);
	});

	it('a file that is not UTF-8 is refused with the offset of its first bad byte', async () => {
		const bytes = Buffer.concat([Buffer.from('email\nb@example.vn\n'), Buffer.from([0x4c, 0xe0, 0x6e, 0x0a])]);
		const { error } = await run('create', [await fileItem(bytes, 'latin1.csv', 'text/csv', 'default')]);
		expect(error?.message).toBe('Cannot read "latin1.csv": The file is not UTF-8 text (first invalid byte near offset 20)');
	});

	it('several input items each carrying a file: one segment, samples name the item and line', async () => {
		const input = [
			await fileItem('email\na@example.vn\nbad@\n', 'one.csv', 'text/csv', 'default'),
			await fileItem('{"email":"b@example.vn"}\n{"email":"a@example.vn"}\n{"email":"x@"}\n', 'two.ndjson', '', 'filesystem'),
		];
		const { items, error } = await run('create', input);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ total: 5, valid: 2, invalid: 2, duplicates: 1 });
		expect((items[0].json.invalidSamples as IDataObject[]).map((s) => [s.item, s.line])).toEqual([
			[0, 3],
			[1, 3],
		]);
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set([sha('a@example.vn'), sha('b@example.vn')]));
	});

	it('gzip is recognised by its first bytes, whatever the name: a .csv.gz and an NDJSON called export.bin', async () => {
		const csv = `email,name\n${Array.from({ length: 2000 }, (_, i) => `Gz.${i}@Example.vn,"Khách, ${i}"`).join('\n')}\n`;
		const ndjson = '{"email":"nd.1@example.vn"}\n{"email":"nd.2@example.vn"}\n';
		const input = [
			await fileItem(gzipSync(csv), 'segment.csv.gz', 'application/gzip', 'filesystem'),
			await fileItem(Buffer.concat([gzipSync(ndjson.slice(0, 20)), gzipSync(ndjson.slice(20))]), 'export.bin', 'application/octet-stream', 'default'),
		];
		const { items, error } = await run('create', input);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			total: 2002,
			valid: 2002,
			sourceFiles: [
				{ fileName: 'segment.csv.gz', format: 'csv', gzip: true, rows: 2000 },
				{ fileName: 'export.bin', format: 'ndjson', gzip: true, rows: 2 },
			],
		});
		const expected = [...Array.from({ length: 2000 }, (_, i) => `gz.${i}@example.vn`), 'nd.1@example.vn', 'nd.2@example.vn'];
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set(expected.map(sha)));
	});

	it('a damaged gzip file stops the run with what is wrong, nothing sent', async () => {
		const good = gzipSync(`email\n${Array.from({ length: 500 }, (_, i) => `d.${i}@example.vn`).join('\n')}\n`);
		const truncated = good.subarray(0, good.length - 6);
		const { error } = await run('create', [await fileItem(truncated, 'cut.csv.gz', 'application/gzip', 'filesystem')]);
		expect(error?.message).toMatch(/^Cannot read "cut\.csv\.gz": The gzip data is truncated: member 1 \(from byte 0\) ends inside its trailer/);
		expect(error?.description).toContain('gzip');
		expect(emu.requests).toHaveLength(0);
		const flipped = Buffer.from(good);
		flipped[good.length - 5] ^= 0xff; // inside the member's CRC-32
		const second = await run('create', [await fileItem(flipped, 'bad.csv.gz', 'application/gzip', 'default')]);
		expect(second.error?.message).toMatch(/^Cannot read "bad\.csv\.gz": Gzip member 1 .*the CRC-32 of the decompressed data does not match/);
		expect(emu.requests).toHaveLength(0);
	});

	it('items without Source set keep reading the input items (saved workflows unchanged)', async () => {
		const { items, error } = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(advertiserId), name: 'Items', schema: 'email' },
			[{ email: 'item@example.vn' }],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).not.toHaveProperty('source');
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set([sha('item@example.vn')]));
	});
});
