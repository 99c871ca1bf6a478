import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, isZip, readZip, ZipProblem } from '../../../nodes/TikTokAds/leads/zip';
import { parseLeadCsv } from '../../../nodes/TikTokAds/leads/leadCsv';

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
