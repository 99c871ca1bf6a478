// Raw DEFLATE decoder (RFC 1951). Runtime code may not import node:zlib, and TikTok sends lead exports above
// 10 MB as zip files, so this small decoder stands in. Pure: no n8n imports.

export class InflateProblem extends Error {}

/** The data expands past the limit the caller set (a zip bomb, or a header that understates the size). */
export class InflateLimit extends InflateProblem {
	constructor(readonly limit: number) {
		super(`it expands to more than ${limit} bytes`);
	}
}

const LENGTH_BASE = [
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Lookup table indexed by the next `bits` input bits (LSB first); entry = symbol << 4 | code length, 0 = invalid. */
interface Huffman {
	table: Int32Array;
	bits: number;
}

function buildHuffman(lengths: ArrayLike<number>, count: number): Huffman {
	let maxLen = 0;
	const lengthCount = new Int32Array(16);
	for (let s = 0; s < count; s++) {
		lengthCount[lengths[s]]++;
		if (lengths[s] > maxLen) maxLen = lengths[s];
	}
	lengthCount[0] = 0;
	if (maxLen === 0) return { table: new Int32Array(1), bits: 0 };
	const nextCode = new Int32Array(16);
	let code = 0;
	let left = 1;
	for (let len = 1; len <= 15; len++) {
		code = (code + lengthCount[len - 1]) << 1;
		nextCode[len] = code;
		left = (left << 1) - lengthCount[len];
		if (left < 0) throw new InflateProblem('Invalid compressed data: over-subscribed Huffman code');
	}
	const size = 1 << maxLen;
	const table = new Int32Array(size);
	for (let s = 0; s < count; s++) {
		const len = lengths[s];
		if (len === 0) continue;
		let c = nextCode[len]++;
		let reversed = 0;
		for (let b = 0; b < len; b++) {
			reversed = (reversed << 1) | (c & 1);
			c >>= 1;
		}
		const entry = (s << 4) | len;
		for (let j = reversed; j < size; j += 1 << len) table[j] = entry;
	}
	return { table, bits: maxLen };
}

let fixedLiteral: Huffman | undefined;
let fixedDistance: Huffman | undefined;

function fixedTables(): [Huffman, Huffman] {
	if (!fixedLiteral || !fixedDistance) {
		const lit = new Uint8Array(288);
		lit.fill(8, 0, 144);
		lit.fill(9, 144, 256);
		lit.fill(7, 256, 280);
		lit.fill(8, 280, 288);
		fixedLiteral = buildHuffman(lit, 288);
		fixedDistance = buildHuffman(new Uint8Array(30).fill(5), 30);
	}
	return [fixedLiteral, fixedDistance];
}

class Inflater {
	private pos = 0;
	private bitBuf = 0;
	private bitCount = 0;
	private out: Uint8Array;
	private outLen = 0;

	constructor(
		private readonly input: Uint8Array,
		sizeHint: number,
		private readonly maxOutput: number,
	) {
		this.out = new Uint8Array(Math.max(1024, Math.min(sizeHint, maxOutput)));
	}

	private need(n: number): void {
		while (this.bitCount < n) {
			// Past the end we feed zeros; `pos` keeps counting so truncation is detected in `bits`/`decode`.
			const byte = this.pos < this.input.length ? this.input[this.pos] : 0;
			this.pos++;
			this.bitBuf |= byte << this.bitCount;
			this.bitCount += 8;
		}
	}

	private checkTruncated(): void {
		if (this.pos - (this.bitCount >> 3) > this.input.length) {
			throw new InflateProblem('Compressed data is truncated');
		}
	}

	private bits(n: number): number {
		if (n === 0) return 0;
		this.need(n);
		const v = this.bitBuf & ((1 << n) - 1);
		this.bitBuf >>>= n;
		this.bitCount -= n;
		this.checkTruncated();
		return v;
	}

	private decode(h: Huffman): number {
		if (h.bits === 0) throw new InflateProblem('Invalid compressed data: empty Huffman code used');
		this.need(h.bits);
		const entry = h.table[this.bitBuf & ((1 << h.bits) - 1)];
		const len = entry & 15;
		if (len === 0) throw new InflateProblem('Invalid compressed data: unknown Huffman code');
		this.bitBuf >>>= len;
		this.bitCount -= len;
		this.checkTruncated();
		return entry >> 4;
	}

	private ensure(extra: number): void {
		if (this.outLen + extra > this.maxOutput) throw new InflateLimit(this.maxOutput);
		if (this.outLen + extra <= this.out.length) return;
		let size = this.out.length * 2;
		while (size < this.outLen + extra) size *= 2;
		const grown = new Uint8Array(size);
		grown.set(this.out.subarray(0, this.outLen));
		this.out = grown;
	}

	run(): Uint8Array {
		let last = 0;
		while (!last) {
			last = this.bits(1);
			const type = this.bits(2);
			if (type === 0) this.stored();
			else if (type === 1) this.codes(...fixedTables());
			else if (type === 2) this.codes(...this.dynamicTables());
			else throw new InflateProblem('Invalid compressed data: reserved block type');
		}
		return this.out.subarray(0, this.outLen);
	}

	private stored(): void {
		// Drop the bits left in the current byte; whole buffered bytes are given back to the input.
		this.bitBuf = 0;
		this.pos -= this.bitCount >> 3;
		this.bitCount = 0;
		if (this.pos + 4 > this.input.length) throw new InflateProblem('Compressed data is truncated');
		const len = this.input[this.pos] | (this.input[this.pos + 1] << 8);
		const nlen = this.input[this.pos + 2] | (this.input[this.pos + 3] << 8);
		if ((len ^ 0xffff) !== nlen) throw new InflateProblem('Invalid compressed data: stored block length check');
		this.pos += 4;
		if (this.pos + len > this.input.length) throw new InflateProblem('Compressed data is truncated');
		this.ensure(len);
		this.out.set(this.input.subarray(this.pos, this.pos + len), this.outLen);
		this.outLen += len;
		this.pos += len;
	}

	private dynamicTables(): [Huffman, Huffman] {
		const nlen = this.bits(5) + 257;
		const ndist = this.bits(5) + 1;
		const ncode = this.bits(4) + 4;
		if (nlen > 286 || ndist > 30) throw new InflateProblem('Invalid compressed data: too many codes');
		const codeLengths = new Uint8Array(19);
		for (let k = 0; k < ncode; k++) codeLengths[CODE_LENGTH_ORDER[k]] = this.bits(3);
		const codeHuffman = buildHuffman(codeLengths, 19);
		const lengths = new Uint8Array(nlen + ndist);
		let k = 0;
		while (k < nlen + ndist) {
			const sym = this.decode(codeHuffman);
			if (sym < 16) {
				lengths[k++] = sym;
				continue;
			}
			let repeat: number;
			let value = 0;
			if (sym === 16) {
				if (k === 0) throw new InflateProblem('Invalid compressed data: repeat with no previous length');
				value = lengths[k - 1];
				repeat = 3 + this.bits(2);
			} else if (sym === 17) {
				repeat = 3 + this.bits(3);
			} else {
				repeat = 11 + this.bits(7);
			}
			if (k + repeat > nlen + ndist) throw new InflateProblem('Invalid compressed data: too many lengths');
			lengths.fill(value, k, k + repeat);
			k += repeat;
		}
		if (lengths[256] === 0) throw new InflateProblem('Invalid compressed data: no end-of-block code');
		return [buildHuffman(lengths.subarray(0, nlen), nlen), buildHuffman(lengths.subarray(nlen), ndist)];
	}

	private codes(literal: Huffman, distance: Huffman): void {
		for (;;) {
			const sym = this.decode(literal);
			if (sym < 256) {
				this.ensure(1);
				this.out[this.outLen++] = sym;
				continue;
			}
			if (sym === 256) return;
			const li = sym - 257;
			if (li >= 29) throw new InflateProblem('Invalid compressed data: bad length code');
			const length = LENGTH_BASE[li] + this.bits(LENGTH_EXTRA[li]);
			const di = this.decode(distance);
			if (di >= 30) throw new InflateProblem('Invalid compressed data: bad distance code');
			const dist = DIST_BASE[di] + this.bits(DIST_EXTRA[di]);
			if (dist > this.outLen) throw new InflateProblem('Invalid compressed data: distance too far back');
			this.ensure(length);
			const out = this.out;
			let from = this.outLen - dist;
			let to = this.outLen;
			// Byte by byte: source and destination overlap when dist < length (run-length encoding).
			for (let end = to + length; to < end; ) out[to++] = out[from++];
			this.outLen = to;
		}
	}
}

/**
 * `sizeHint` (e.g. a zip entry's uncompressed size) pre-sizes the output buffer; `maxOutput` stops decoding with
 * InflateLimit as soon as the output would grow past it, so memory use is bounded whatever the input claims.
 */
export function inflateRaw(input: Uint8Array, sizeHint = 0, maxOutput = Number.MAX_SAFE_INTEGER): Uint8Array {
	return new Inflater(input, sizeHint || input.length * 4, maxOutput).run();
}
