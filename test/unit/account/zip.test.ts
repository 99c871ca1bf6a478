import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc, deflateRawSync } from 'node:zlib';
import { InflateLimit, inflateRaw } from '../../../nodes/shared/files/inflate';
import { crc32, isZip, MAX_ZIP_INFLATED_BYTES, MAX_ZIP_RATIO, readZip, ZipProblem } from '../../../nodes/shared/files/zip';
import { parseLeadCsv } from '../../../nodes/shared/leads/leadCsv';

// Fixtures were written by Python's zipfile module, an implementation independent of ours.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const csv = fixture('leads.csv');

describe('readZip', () => {
	it('reads a deflated entry with a UTF-8 Vietnamese file name', () => {
		const bytes = fixture('leads-deflated.zip');
		expect(isZip(bytes)).toBe(true);
		const entries = readZip(bytes);
		expect(entries.map((e) => e.name)).toEqual(['leads_Biểu mẫu.csv']);
		expect(Buffer.from(entries[0].data).equals(csv)).toBe(true);
		expect(parseLeadCsv(entries[0].data).leads[1].data.lead_id).toBe('7126711421177430275');
	});

	it('reads stored entries and skips directories', () => {
		const entries = readZip(fixture('leads-stored.zip'));
		expect(entries.map((e) => e.name)).toEqual(['export/leads.csv']);
		expect(Buffer.from(entries[0].data).equals(csv)).toBe(true);
	});

	it('refuses damaged data, unknown methods and non-zip bytes with ZipProblem', () => {
		expect(() => readZip(fixture('leads-corrupt.zip'))).toThrow(ZipProblem);
		expect(() => readZip(fixture('leads-bzip2.zip'))).toThrow('uses compression method 12');
		expect(isZip(csv)).toBe(false);
		expect(() => readZip(csv)).toThrow('central directory is missing');
		const cut = fixture('leads-deflated.zip').subarray(0, 200);
		expect(() => readZip(cut)).toThrow(ZipProblem);
	});

	it('computes the standard CRC-32', () => {
		expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
		expect(crc32(new Uint8Array(0))).toBe(0);
	});
});

describe('readZip limits', () => {
	/** A one-entry zip whose headers declare `declared` bytes for `content` (written with node:zlib). */
	function zipDeclaring(content: Buffer, declared: number): Buffer {
		const data = deflateRawSync(content);
		const name = Buffer.from('leads.csv');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(zlibCrc(content), 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(declared, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(8, 10);
		central.writeUInt32LE(zlibCrc(content), 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(declared, 24);
		central.writeUInt16LE(name.length, 28);
		const end = Buffer.alloc(22);
		end.writeUInt32LE(0x06054b50, 0);
		end.writeUInt16LE(1, 8);
		end.writeUInt16LE(1, 10);
		end.writeUInt32LE(central.length + name.length, 12);
		end.writeUInt32LE(local.length + name.length + data.length, 16);
		return Buffer.concat([local, name, data, central, name, end]);
	}

	it('refuses an entry declaring more than the inflated-size cap before inflating anything', () => {
		const zip = zipDeclaring(Buffer.from('lead_id\r\n1\r\n'), MAX_ZIP_INFLATED_BYTES + 1);
		expect(() => readZip(zip)).toThrow(
			`"leads.csv" in the zip file expands to ${MAX_ZIP_INFLATED_BYTES + 1} bytes, more than the ${MAX_ZIP_INFLATED_BYTES} bytes this node unpacks from one zip`,
		);
	});

	it('refuses a ratio above the limit and stops at the declared size when the header lies', () => {
		const zeros = Buffer.alloc(8 * 1024 * 1024);
		expect(() => readZip(zipDeclaring(zeros, zeros.length))).toThrow(/expands \d+ times its compressed size \(at most 100 times/);
		expect(() => readZip(zipDeclaring(zeros, 4096))).toThrow('expands beyond the 4096 bytes its header declares');
	});

	it('still reads a CSV that deflates well below the ratio limit', () => {
		const rows = Array.from({ length: 20_000 }, (_, i) => `71267114211774${String(i).padStart(5, '0')},Nguyễn Văn ${i},+8490${String(i * 7919).padStart(7, '0')}`);
		const csvText = Buffer.from(`lead_id,name,phone\r\n${rows.join('\r\n')}\r\n`);
		const [entry] = readZip(zipDeclaring(csvText, csvText.length));
		expect(Buffer.from(entry.data).equals(csvText)).toBe(true);
		expect(csvText.length / deflateRawSync(csvText).length).toBeLessThan(MAX_ZIP_RATIO);
	});
});

describe('inflateRaw output limit', () => {
	it('throws InflateLimit as soon as the output would pass the limit', () => {
		const data = deflateRawSync(Buffer.alloc(100_000, 7));
		expect(() => inflateRaw(data, 0, 50_000)).toThrow(InflateLimit);
		expect(inflateRaw(data, 0, 100_000)).toHaveLength(100_000);
	});
});
