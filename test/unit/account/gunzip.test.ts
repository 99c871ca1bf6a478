import fc from 'fast-check';
import { constants, crc32 as zlibCrc, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { GunzipError, isGzip, StreamingGunzip, type GunzipLimits } from '../../../nodes/shared/files/gunzip';
import { prng, randomBytes } from './seededBytes';

/** CSV-like text as CDP exports look: emails, phones, names with diacritics. */
function csvText(rows: number, seed: number): Buffer {
	const next = prng(seed);
	const names = ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Hoàng Long', 'Phạm Ngọc Ánh', 'Đỗ Minh Đức'];
	const lines = ['email,phone,name'];
	for (let i = 0; i < rows; i++) lines.push(`user${next() % 100000}@example.com,+849${next() % 100000000},${names[next() % 5]}`);
	return Buffer.from(lines.join('\n'), 'utf8');
}

/** Decodes `bytes` pushed in pieces of the given sizes (cycled), then finish(). */
function gunzipInPieces(bytes: Uint8Array, sizes: number[], limits?: GunzipLimits): Buffer {
	const gunzip = new StreamingGunzip(limits);
	const out: Uint8Array[] = [];
	let k = 0;
	for (let at = 0; at < bytes.length; k++) {
		const size = Math.max(1, sizes[k % sizes.length]);
		out.push(...gunzip.push(bytes.subarray(at, at + size)));
		at += size;
	}
	out.push(...gunzip.finish());
	return Buffer.concat(out);
}

function errorOf(work: () => unknown): GunzipError {
	try {
		work();
	} catch (error) {
		expect(error).toBeInstanceOf(GunzipError);
		return error as GunzipError;
	}
	throw new Error('expected a GunzipError, nothing was thrown');
}

/** A gzip member with every optional header field (FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT), written by hand. */
function memberWithAllFlags(content: Buffer, headerCrcDelta = 0): Buffer {
	const fixed = Buffer.from([0x1f, 0x8b, 8, 1 | 2 | 4 | 8 | 16, 0x78, 0x56, 0x34, 0x12, 2, 3]);
	const extra = Buffer.from('BC\x02\x00\xff\x00AB\x03\x00xyz', 'latin1');
	const xlen = Buffer.alloc(2);
	xlen.writeUInt16LE(extra.length);
	const header = Buffer.concat([fixed, xlen, extra, Buffer.from('segment-export.csv\0'), Buffer.from('exported by a CDP\0')]);
	const hcrc = Buffer.alloc(2);
	hcrc.writeUInt16LE(((zlibCrc(header) & 0xffff) + headerCrcDelta) & 0xffff);
	const trailer = Buffer.alloc(8);
	trailer.writeUInt32LE(zlibCrc(content), 0);
	trailer.writeUInt32LE(content.length, 4);
	return Buffer.concat([header, hcrc, deflateRawSync(content), trailer]);
}

describe('StreamingGunzip against node:zlib', () => {
	const inputs: Array<[string, Buffer]> = [
		['empty', Buffer.alloc(0)],
		['one byte', Buffer.from('a')],
		['csv 40 rows', csvText(40, 1)],
		['csv 3k rows', csvText(3000, 2)],
		['random 70k', randomBytes(70_000, 3)],
		['runs 300k', Buffer.alloc(300_000, 0x41)],
		['mixed', Buffer.concat([randomBytes(5000, 9), Buffer.alloc(40_000, 0x20), csvText(500, 11)])],
	];
	const settings: Array<[string, object]> = [
		['level 0 (stored)', { level: 0 }],
		['level 1', { level: 1 }],
		['level 6', { level: 6 }],
		['level 9', { level: 9 }],
		['fixed huffman', { strategy: constants.Z_FIXED }],
	];
	const chunkings: number[][] = [[1], [2], [3], [7], [13, 1, 64], [1000], [65_536], [Number.MAX_SAFE_INTEGER]];
	for (const [name, input] of inputs) {
		for (const [setting, options] of settings) {
			it(`${name} / ${setting}, in pieces of 1, 2, 3, 7, mixed, 1000, 64 KiB and whole`, () => {
				const gz = gzipSync(input, options);
				expect(gunzipSync(gz).equals(input)).toBe(true);
				for (const sizes of chunkings) {
					// One-byte pieces on the large inputs cost seconds and test nothing the small ones do not.
					if (sizes[0] < 7 && gz.length > 100_000) continue;
					const out = gunzipInPieces(gz, sizes);
					expect({ sizes, equal: out.equals(input) }).toEqual({ sizes, equal: true });
				}
			});
		}
	}

	it('decodes every chunk size from 1 byte to the whole file, and every two-piece split', () => {
		const content = csvText(60, 5);
		const gz = Buffer.concat([memberWithAllFlags(content), gzipSync(csvText(30, 6), { level: 9 })]);
		const expected = gunzipSync(gz);
		expect(expected.length).toBe(content.length + csvText(30, 6).length);
		for (let size = 1; size <= gz.length; size++) {
			if (!gunzipInPieces(gz, [size]).equals(expected)) throw new Error(`pieces of ${size} bytes decode wrongly`);
		}
		for (let cut = 0; cut <= gz.length; cut++) {
			const gunzip = new StreamingGunzip();
			const out = [...gunzip.push(gz.subarray(0, cut)), ...gunzip.push(gz.subarray(cut)), ...gunzip.finish()];
			if (!Buffer.concat(out).equals(expected)) throw new Error(`a split at byte ${cut} decodes wrongly`);
		}
	});

	it('is not fooled when the caller reuses its chunk buffer after each push', () => {
		const input = csvText(2000, 8);
		const gz = gzipSync(input);
		const gunzip = new StreamingGunzip();
		const reused = new Uint8Array(5);
		const out: Uint8Array[] = [];
		for (let at = 0; at < gz.length; at += 5) {
			const piece = gz.subarray(at, at + 5);
			reused.set(piece);
			out.push(...gunzip.push(reused.subarray(0, piece.length)));
			reused.fill(0xaa);
		}
		out.push(...gunzip.finish());
		expect(Buffer.concat(out).equals(input)).toBe(true);
	});

	it('hands out output as it goes, in chunks of bounded size', () => {
		const input = csvText(40_000, 9);
		const gz = gzipSync(input);
		const gunzip = new StreamingGunzip();
		const half = gunzip.push(gz.subarray(0, gz.length >> 1));
		expect(half.length).toBeGreaterThan(1);
		const rest = [...gunzip.push(gz.subarray(gz.length >> 1)), ...gunzip.finish()];
		const all = [...half, ...rest];
		expect(Math.max(...all.map((c) => c.length))).toBeLessThanOrEqual(128 * 1024);
		expect(Buffer.concat(all).equals(input)).toBe(true);
	});
});

describe('StreamingGunzip members and headers', () => {
	it('decodes concatenated members (cat a.gz b.gz, pigz, bgzip with its empty end member) and zero padding', () => {
		const a = csvText(500, 1);
		const b = randomBytes(3000, 2);
		const bgzipEnd = Buffer.from('1f8b08040000000000ff0600424302001b0003000000000000000000', 'hex');
		const gz = Buffer.concat([gzipSync(a, { level: 1 }), gzipSync(Buffer.alloc(0)), gzipSync(b, { level: 0 }), bgzipEnd, Buffer.alloc(512)]);
		const expected = Buffer.concat([a, b]);
		expect(gunzipSync(gz).equals(expected)).toBe(true);
		for (const size of [1, 17, 4096, gz.length]) expect(gunzipInPieces(gz, [size]).equals(expected)).toBe(true);
	});

	it('reads a header with every optional field, as zlib does', () => {
		const content = csvText(100, 3);
		const gz = memberWithAllFlags(content);
		expect(gunzipSync(gz).equals(content)).toBe(true);
		expect(gunzipInPieces(gz, [1]).equals(content)).toBe(true);
		expect(gunzipInPieces(gz, [gz.length]).equals(content)).toBe(true);
	});

	it('recognises gzip by its first three bytes', () => {
		expect(isGzip(gzipSync(Buffer.from('x')))).toBe(true);
		expect(isGzip(Uint8Array.from([0x1f, 0x8b]))).toBe(false);
		expect(isGzip(Uint8Array.from([0x1f, 0x8b, 0x07]))).toBe(false);
		expect(isGzip(Buffer.from('email,phone\n'))).toBe(false);
	});
});

describe('StreamingGunzip refusals', () => {
	const secret = 'alice.secret@example.com';
	const content = Buffer.from(`email\n${secret}\n`.repeat(200));
	const gz = gzipSync(content);

	it('refuses a wrong data CRC-32 and a wrong length, naming the member and the trailer offset', () => {
		const badCrc = Buffer.from(gz);
		badCrc[gz.length - 8] ^= 1;
		const crcError = errorOf(() => gunzipInPieces(badCrc, [100]));
		expect(crcError.code).toBe('crc_mismatch');
		expect(crcError.message).toContain(`Gzip member 1 (trailer at byte ${gz.length - 8})`);
		const badLength = Buffer.from(gz);
		badLength[gz.length - 1] ^= 0x80;
		expect(errorOf(() => gunzipInPieces(badLength, [7])).code).toBe('length_mismatch');
		expect(() => gunzipSync(badCrc)).toThrow();
	});

	it('refuses a wrong header checksum (FHCRC), as zlib does', () => {
		const gzBad = memberWithAllFlags(content, 1);
		expect(errorOf(() => gunzipInPieces(gzBad, [3])).code).toBe('crc_mismatch');
		expect(() => gunzipSync(gzBad)).toThrow();
	});

	it('reports truncation at every cut point, only at finish()', () => {
		const small = gzipSync(Buffer.from('email\nbob@example.com\n'));
		expect(errorOf(() => new StreamingGunzip().finish()).message).toBe('The gzip data is empty');
		for (let cut = 1; cut < small.length; cut++) {
			const gunzip = new StreamingGunzip();
			gunzip.push(small.subarray(0, cut));
			const error = errorOf(() => gunzip.finish());
			expect(error.code).toBe('truncated');
			expect(error.message).toMatch(/^The gzip data is truncated: member 1 \(from byte 0\) ends inside its (header|compressed data|trailer) after \d+ bytes$/);
		}
		const second = Buffer.concat([small, small.subarray(0, 12)]);
		expect(errorOf(() => gunzipInPieces(second, [5])).message).toContain('member 2 (from byte');
	});

	it('refuses data that is not gzip, another method, reserved flags and trailing garbage, without quoting the data', () => {
		const notGzip = errorOf(() => gunzipInPieces(Buffer.from(`email\n${secret}\n`), [4]));
		expect(notGzip.code).toBe('bad_header');
		expect(notGzip.message).toBe('Gzip member 1 (from byte 0) does not start with the gzip signature: this is not gzip data');
		const method = Buffer.from(gz);
		method[2] = 7;
		expect(errorOf(() => gunzipInPieces(method, [1])).message).toContain('compression method 7');
		const flags = Buffer.from(gz);
		flags[3] = 0x20;
		expect(errorOf(() => gunzipInPieces(flags, [1])).code).toBe('bad_header');
		const garbage = errorOf(() => gunzipInPieces(Buffer.concat([gz, Buffer.from(secret)]), [64]));
		expect(garbage.code).toBe('bad_header');
		expect(garbage.message).toBe(`Unexpected data at byte ${gz.length} after gzip member 1: it is neither another gzip member nor zero padding`);
		const afterPadding = errorOf(() => gunzipInPieces(Buffer.concat([gz, Buffer.alloc(3), Buffer.from('x')]), [1]));
		expect(afterPadding.message).toContain(`byte ${gz.length + 3} after gzip member 1 inside the zero padding`);
		for (const error of [notGzip, garbage, afterPadding]) expect(error.message).not.toContain('secret');
	});

	it('refuses damaged DEFLATE data with the byte offset', () => {
		const damaged = Buffer.from(gzipSync(Buffer.from('abc'), { level: 0 }));
		damaged[10] = 0x07; // final block of the reserved type 3
		const error = errorOf(() => gunzipInPieces(damaged, [2]));
		expect(error.code).toBe('bad_data');
		expect(error.message).toBe('Gzip member 1 is damaged at byte 10: Invalid compressed data: reserved block type');
	});

	it('stops with too_large once the output passes the limit, across members', () => {
		expect(gunzipInPieces(gz, [999], { maxOutputBytes: content.length }).equals(content)).toBe(true);
		expect(errorOf(() => gunzipInPieces(gz, [999], { maxOutputBytes: content.length - 1 })).code).toBe('too_large');
		const two = Buffer.concat([gz, gz]);
		const error = errorOf(() => gunzipInPieces(two, [two.length], { maxOutputBytes: content.length + 10 }));
		expect(error.message).toBe(`The gzip data expands to more than the ${content.length + 10} bytes allowed`);
		const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
		expect(errorOf(() => gunzipInPieces(bomb, [bomb.length], { maxOutputBytes: 1024 * 1024 })).code).toBe('too_large');
	});

	it('keeps refusing after an error instead of decoding from a broken state', () => {
		const gunzip = new StreamingGunzip();
		const first = errorOf(() => gunzip.push(Buffer.from('not gzip at all')));
		expect(errorOf(() => gunzip.push(gz))).toBe(first);
		expect(errorOf(() => gunzip.finish())).toBe(first);
	});
});

describe('StreamingGunzip properties', () => {
	/** Ours succeeds only with zlib's exact output; otherwise it throws a GunzipError and nothing else. */
	function agreesWithZlib(bytes: Uint8Array, sizes: number[]): void {
		let ours: Buffer;
		try {
			ours = gunzipInPieces(bytes, sizes);
		} catch (error) {
			if (!(error instanceof GunzipError)) throw error;
			return;
		}
		expect(ours.equals(gunzipSync(bytes))).toBe(true);
	}

	const sizes = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 8 });

	it('any bytes, any chunking: zlib’s output or a GunzipError, never another throw', () => {
		fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), sizes, agreesWithZlib), { numRuns: 2000 });
	});

	it('damaged gzip files, any chunking: zlib’s output or a GunzipError, never another throw', () => {
		const damagedGzip = fc
			.tuple(fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 0, max: 9 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
			.map(([content, level, edits]) => {
				const gz = Buffer.from(gzipSync(content, { level }));
				for (const [at, value] of edits) gz[at % gz.length] = value;
				return gz;
			});
		fc.assert(fc.property(damagedGzip, sizes, agreesWithZlib), { numRuns: 1500 });
	});

	it('valid gzip of any content, level and chunking decodes exactly', () => {
		const text = fc.string({ maxLength: 3000 }).map((s) => Buffer.from(s.repeat(3)));
		const content = fc.oneof(fc.uint8Array({ maxLength: 5000 }).map((b) => Buffer.from(b)), text);
		fc.assert(
			fc.property(fc.array(content, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 9 }), sizes, (parts, level, pieces) => {
				const gz = Buffer.concat(parts.map((part) => gzipSync(part, { level })));
				expect(gunzipInPieces(gz, pieces).equals(Buffer.concat(parts))).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});
});
