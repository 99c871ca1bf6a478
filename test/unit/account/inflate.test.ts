import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { InflateProblem, InflateStream, inflateRaw } from '../../../nodes/shared/files/inflate';
import { crc32 } from '../../../nodes/shared/files/zip';
import { prng, randomBytes } from './seededBytes';

function csvLike(rows: number, seed: number): Buffer {
	const next = prng(seed);
	const names = ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Hoàng Long', 'Phạm Ngọc Ánh', 'Đỗ Minh Đức'];
	const lines = ['lead_id,created_time,Họ và tên,Số điện thoại,Ghi chú'];
	for (let i = 0; i < rows; i++) {
		const id = (7126711421177430000n + BigInt(i)).toString();
		lines.push(`${id},2025-03-01 08:${String(i % 60).padStart(2, '0')}:00,${names[next() % 5]},+849${next() % 100000000},"x, ${next()}"`);
	}
	return Buffer.from(lines.join('\r\n'), 'utf8');
}

describe('inflateRaw against node:zlib', () => {
	const inputs: Array<[string, Buffer]> = [
		['empty', Buffer.alloc(0)],
		['one byte', Buffer.from('a')],
		['csv 2k rows', csvLike(2000, 7)],
		['random 70k (stored blocks)', randomBytes(70000, 3)],
		['long runs', Buffer.alloc(300000, 0x41)],
		['mixed', Buffer.concat([randomBytes(5000, 9), Buffer.alloc(40000, 0x20), csvLike(300, 11)])],
	];
	const settings: Array<[string, object]> = [
		['level 0', { level: 0 }],
		['level 1', { level: 1 }],
		['default', {}],
		['level 9', { level: 9 }],
		['fixed huffman', { strategy: constants.Z_FIXED }],
		['huffman only', { strategy: constants.Z_HUFFMAN_ONLY }],
		['rle', { strategy: constants.Z_RLE }],
		['small window', { windowBits: 9, memLevel: 1 }],
	];
	for (const [name, input] of inputs) {
		for (const [setting, options] of settings) {
			it(`${name} / ${setting}`, () => {
				const compressed = deflateRawSync(input, options);
				const out = inflateRaw(compressed);
				expect(Buffer.from(out).equals(input)).toBe(true);
			});
		}
	}

	it('decodes a 12 MB CSV (TikTok zips exports above 10 MB)', () => {
		const big = csvLike(150000, 5);
		expect(big.length).toBeGreaterThan(10_000_000);
		const out = inflateRaw(deflateRawSync(big), big.length);
		expect(out.length).toBe(big.length);
		expect(Buffer.from(out).equals(big)).toBe(true);
	});
});

describe('inflateRaw on damaged input', () => {
	it('reports truncation', () => {
		const compressed = deflateRawSync(csvLike(200, 1));
		expect(() => inflateRaw(compressed.subarray(0, compressed.length - 20))).toThrow(InflateProblem);
		expect(() => inflateRaw(new Uint8Array(0))).toThrow('Compressed data is truncated');
	});

	it('rejects the reserved block type and bad stored lengths', () => {
		expect(() => inflateRaw(Uint8Array.from([0x07]))).toThrow('reserved block type');
		expect(() => inflateRaw(Uint8Array.from([0x01, 0x05, 0x00, 0x00, 0x00]))).toThrow('stored block length check');
	});

	it('on random corruption decides as zlib does: the same refusals, the same output otherwise', () => {
		const input = csvLike(300, 2);
		const compressed = deflateRawSync(input);
		const next = prng(42);
		const verdicts = { refused: 0, wrong: 0, same: 0 };
		for (let trial = 0; trial < 200; trial++) {
			const damaged = Buffer.from(compressed);
			const at = next() % damaged.length;
			damaged[at] ^= 1 << (next() % 8);
			let expected: Buffer | undefined;
			try {
				expected = inflateRawSync(damaged);
			} catch {
				expected = undefined;
			}
			if (expected === undefined) {
				expect(() => inflateRaw(damaged)).toThrow(InflateProblem);
				verdicts.refused++;
				continue;
			}
			const out = Buffer.from(inflateRaw(damaged));
			expect(out.equals(expected)).toBe(true);
			// Raw deflate carries no checksum: a flip can decode to other text, which the zip reader's CRC-32 catches.
			if (out.equals(input)) verdicts.same++;
			else {
				expect(crc32(out)).not.toBe(crc32(input));
				verdicts.wrong++;
			}
		}
		// Both kinds occur, so both branches above were exercised (most flips decode, to other text).
		expect(verdicts.refused).toBeGreaterThan(0);
		expect(verdicts.wrong).toBeGreaterThan(0);
	});
});

describe('InflateStream (the core under inflateRaw and gunzip)', () => {
	/** Pushes `input` in pieces of `size`; returns the output and the bytes that followed the DEFLATE data. */
	function inPieces(input: Uint8Array, size: number): { out: Buffer; rest: Buffer; done: boolean } {
		const stream = new InflateStream();
		const out: Buffer[] = [];
		for (let at = 0; at < input.length; at += size) {
			stream.push(input.subarray(at, at + size), (chunk) => out.push(Buffer.from(chunk)));
		}
		return { out: Buffer.concat(out), rest: Buffer.from(stream.remaining), done: stream.done };
	}

	it('gives the same output for every piece size, and hands back the bytes after the final block', () => {
		const input = Buffer.concat([csvLike(40, 3), randomBytes(300, 4)]);
		const after = Buffer.from('TRAILER!');
		for (const options of [{ level: 0 }, { level: 1 }, { level: 9 }, { strategy: constants.Z_FIXED }]) {
			const compressed = Buffer.concat([deflateRawSync(input, options), after]);
			for (let size = 1; size <= compressed.length; size += size < 40 ? 1 : 97) {
				const { out, rest, done } = inPieces(compressed, size);
				if (!done || !out.equals(input) || !rest.equals(after)) throw new Error(`pieces of ${size} bytes (${JSON.stringify(options)}) decode wrongly`);
			}
		}
	});

	it('keeps only its window: output comes out in chunks while the input is still arriving', () => {
		const input = csvLike(30000, 6);
		const compressed = deflateRawSync(input);
		const stream = new InflateStream();
		const sizes: number[] = [];
		stream.push(compressed.subarray(0, compressed.length >> 1), (chunk) => sizes.push(chunk.length));
		expect(stream.done).toBe(false);
		expect(sizes.length).toBeGreaterThan(3);
		expect(Math.max(...sizes)).toBeLessThanOrEqual(32768 + 65536 + 258);
	});

	it('locates damage at the byte where the bad unit starts', () => {
		// An empty non-final stored block (bytes 0-4), then a final block of the reserved type 3 at byte 5.
		try {
			inflateRaw(Buffer.concat([Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]), Buffer.from([0x07])]));
			throw new Error('no problem reported');
		} catch (error) {
			expect(error).toBeInstanceOf(InflateProblem);
			expect((error as InflateProblem).message).toBe('Invalid compressed data: reserved block type');
			expect((error as InflateProblem).offset).toBe(5);
		}
	});
});
