import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { useFilesystemBinaryData } from '../../harness/binaryData';
import type { EngineRun } from './common';
import { fmtBytes, fmtInt, fmtSeconds, memoryMetrics, runAgainstEmulator, traffic } from './common';
import type { BenchCase, Scenario, TableRow } from './types';

/**
 * Scenario 8: a 10,000,000-row segment file (a CDP export: email and phone columns, quoted names) through the
 * Audience node's Source: Binary File in the real engine, from n8n's filesystem binary data mode to the emulator
 * (which, in its counts-only mode, checks every line and MD5 but keeps no member). The file is written to disk
 * and handed over by reference before the measured section; peak RSS is measured above that idle process.
 */

/** BENCH_FILE_ROWS runs a smaller file for a quick look (the table always states the row count measured). */
const ROWS = Number(process.env.BENCH_FILE_ROWS) || 10_000_000;
const MEMORY_TARGET_MIB = 256;


interface Written {
	path: string;
	bytes: number;
	/** Bytes of the file as handed to n8n (the gzip size for the gzip case). */
	storedBytes?: number;
	expected: { valid: number; invalid: number; duplicates: number; empty: number; emails: number; phones: number };
}

function nsn(k: number): string {
	return `9${String(10_000_000 + k).slice(-8)}`;
}

/**
 * Writes the segment as CSV in 4 MiB blocks (never the whole text in memory) and counts what it should give.
 * Per 100 rows: 40 new emails, 25 new phones, 10 new email + phone, 8 invalid emails, 4 invalid phones,
 * 8 repeated emails (other case), 3 repeated phones (other format), 2 empty.
 */
function writeSegment(dir: string, rows: number): Written {
	const path = join(dir, 'segment.csv');
	const fd = openSync(path, 'w');
	const e = { valid: 0, invalid: 0, duplicates: 0, empty: 0, emails: 0, phones: 0 };
	let block = 'customer_id,email,phone,name\n';
	let bytes = 0;
	for (let i = 0; i < rows; i++) {
		const slot = i % 100;
		let email = '';
		let phone = '';
		if (slot < 40 || (slot >= 65 && slot < 75)) {
			email = i % 3 === 0 ? ` Khach.Hang.${e.emails}@Example.VN ` : `khach.hang.${e.emails}@example.vn`;
			e.emails++;
		}
		if (slot >= 40 && slot < 75) {
			phone = i % 2 ? `0${nsn(e.phones)}` : `+84 ${nsn(e.phones)}`;
			e.phones++;
		}
		if (slot < 75) e.valid++;
		else if (slot < 83) email = i % 2 ? `khach hang ${i}@gmail.com` : `nguyen.van.${i}@`;
		else if (slot < 87) phone = `0912 ${i % 1000}`;
		else if (slot < 95) email = `KHACH.HANG.${(i * 7919) % e.emails}@example.vn`;
		else if (slot < 98) phone = `84${nsn((i * 31) % e.phones)}`;
		if (slot >= 75 && slot < 87) e.invalid++;
		else if (slot >= 87 && slot < 98) e.duplicates++;
		else if (slot >= 98) e.empty++;
		block += `${i},${email},${phone},"Nguyễn, Khách ${i}"\n`;
		if (block.length > 4_000_000) {
			bytes += writeSync(fd, block);
			block = '';
		}
	}
	bytes += writeSync(fd, block);
	closeSync(fd);
	return { path, bytes, expected: e };
}

/** The same file gzip-compressed (one gzip member, as gzip(1) and most exporters write it), streamed to disk. */
async function gzipFile(plain: string): Promise<{ path: string; bytes: number }> {
	const path = `${plain}.gz`;
	const out = createWriteStream(path);
	const gzip = createGzip({ level: 6 });
	gzip.pipe(out);
	for await (const chunk of createReadStream(plain, { highWaterMark: 1 << 20 })) {
		if (!gzip.write(chunk)) await once(gzip, 'drain');
	}
	gzip.end();
	await once(out, 'close');
	return { path, bytes: statSync(path).size };
}

function fileCase(id: string, rows: number, gzip = false): BenchCase {
	return {
		id,
		reps: 1,
		async run() {
			const dir = mkdtempSync(join(tmpdir(), 'tiktok-bench-file-'));
			const binaryData = await useFilesystemBinaryData();
			try {
				const written = writeSegment(dir, rows);
				const stored = gzip ? await gzipFile(written.path) : { path: written.path, bytes: written.bytes };
				const meta = gzip ? { fileName: 'segment.csv.gz', mimeType: 'application/gzip' } : { fileName: 'segment.csv', mimeType: 'text/csv' };
				const binary = await binaryData.store({ path: stored.path }, meta);
				rmSync(dir, { recursive: true, force: true });
				written.storedBytes = stored.bytes;
				const run = await runAgainstEmulator(
					() => [{ json: { file: 'segment.csv' }, binary: { data: binary }, pairedItem: { item: 0 } }],
					(emu) => [
						{
							name: 'TikTok Audience',
							type: 'tikTokAudience',
							parameters: {
								operation: 'create',
								advertiserId: { __rl: true, mode: 'id', value: emu.info.advertiserId },
								name: 'CDP export 10 M',
								schema: 'multiple',
								defaultCountry: 'VN',
								source: 'binaryFile',
								options: {},
							},
						},
					],
					{ emulator: { audienceRecording: 'counts', recordBodies: false } },
				);
				return summarizeRun(run, rows, written);
			} finally {
				binaryData.close();
				rmSync(dir, { recursive: true, force: true });
			}
		},
	};
}

function summarizeRun(run: EngineRun, rows: number, written: Written) {
	const summary = run.section.value.outputs['TikTok Audience'][0]?.json ?? {};
	const byType = (summary.byType ?? {}) as Record<string, { valid?: number }>;
	const audienceId = String(summary.audienceId ?? '');
	const members = run.stats.audiences.find((a) => a.id === audienceId)?.members ?? -1;
	const sent = traffic(run);
	return {
		metrics: {
			wallMs: run.section.wallMs,
			rowsPerSec: rows / (run.section.wallMs / 1000),
			requests: sent.requests,
			bytes: sent.bytes,
			fileBytes: written.bytes,
			storedBytes: written.storedBytes ?? written.bytes,
			...memoryMetrics(run),
		},
		checks: {
			total: Number(summary.total),
			valid: Number(summary.valid),
			invalid: Number(summary.invalid),
			duplicates: Number(summary.duplicates),
			empty: Number(summary.empty),
			expectedValid: written.expected.valid,
			expectedInvalid: written.expected.invalid,
			expectedDuplicates: written.expected.duplicates,
			expectedEmpty: written.expected.empty,
			emails: Number(byType.email?.valid),
			phones: Number(byType.phone?.valid),
			expectedEmails: written.expected.emails,
			expectedPhones: written.expected.phones,
			membersCounted: members,
			files: Array.isArray(summary.files) ? summary.files.length : 0,
			requests: sent.requests,
		},
	};
}

export const audienceFileScenario: Scenario = {
	id: 'audiencefile',
	title: '8. Audience from a 10 M-row file, plain and gzip (filesystem binary → emulator)',
	cases: [fileCase('file-10m', ROWS), fileCase('file-10m-gz', ROWS, true)],
	summarize(medians, checks) {
		const m = medians['file-10m'];
		const c = checks['file-10m'] ?? {};
		const gz = medians['file-10m-gz'];
		const cg = checks['file-10m-gz'] ?? {};
		const rows = Number(c.total ?? ROWS);
		const line = (x: Record<string, number>) =>
			`${fmtSeconds(x.wallMs)} (${fmtInt(x.rowsPerSec)} rows/s), ${fmtInt(x.requests)} requests, ${fmtBytes(x.bytes)} uploaded`;
		const memory = (x: Record<string, number>): TableRow => ({
			scenario: '8. Audience from a file',
			figure: `${fmtInt(rows)} rows${x === gz ? ', gzip' : ''}: memory above the idle process`,
			value: `peak RSS +${x.peakRssAboveInputMiB} MiB, heap +${x.peakHeapAboveInputMiB} MiB`,
			ratio: x === gz ? '' : '1 M items (scenario 2) need 242 MiB of heap before the node runs',
			target: `< ${MEMORY_TARGET_MIB} MiB`,
			verdict: x.peakRssAboveInputMiB < MEMORY_TARGET_MIB ? 'met' : 'MISSED',
		});
		const out: TableRow[] = [
			{
				scenario: '8. Audience from a file',
				figure: `${fmtInt(rows)}-row CSV (email + phone, ${fmtBytes(m.fileBytes)}) → create`,
				value: line(m),
				ratio: '',
				target: '',
				verdict: '',
			},
			memory(m),
		];
		if (gz) {
			out.push(
				{ scenario: '8. Audience from a file', figure: `the same file gzip-compressed (${fmtBytes(gz.storedBytes)})`, value: line(gz), ratio: '', target: '', verdict: '' },
				memory(gz),
			);
		}
		const counts = (k: Record<string, number | string>) =>
			`${k.total} rows → ${k.valid} valid (expected ${k.expectedValid}), ${k.invalid} invalid (${k.expectedInvalid}), ` +
			`${k.duplicates} duplicates (${k.expectedDuplicates}), ${k.empty} empty (${k.expectedEmpty}); ${k.emails} email and ${k.phones} phone digests ` +
			`(expected ${k.expectedEmails} / ${k.expectedPhones}) in ${k.files} files; the emulator counted ${k.membersCounted} identifiers in the new audience.`;
		return {
			rows: out,
			notes: [
				`Audience from a file: ${counts(c)} CPU: ${fmtInt(m.cpuMs)} ms in the n8n process, ${fmtInt(m.emulatorCpuMs)} ms in the emulator (line checks, MD5).`,
				...(gz ? [`Gzip case: ${counts(cg)} CPU: ${fmtInt(gz.cpuMs)} ms in the n8n process (decompression included).`] : []),
				'Of the peak, the two fingerprint sets (5 M email and 3.5 M phone digests) hold 118 MiB of typed arrays; ' +
					'the rest is the upload pipeline (one 26 MB MULTIPLE_TYPES file being filled, the file being sent and its multipart body) and V8. ' +
					'The peak moves by about ±25 MiB from run to run (2026-12-06 runs on this machine: plain +225 to +279 MiB, gzip +197 to +259 MiB): ' +
					"the transport builds each upload's multipart body as one 26 MB Buffer, and how many dead ones are alive at once depends on when V8's next full GC comes.",
			],
		};
	},
};
