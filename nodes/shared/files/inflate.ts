// Raw DEFLATE decoder (RFC 1951). Runtime code may not import node:zlib, and TikTok sends lead exports above
// 10 MB as zip files and segment files may come gzipped, so this small decoder stands in. One streaming core
// (InflateStream) serves both the whole-buffer API for zip entries and the streaming gunzip. Pure: no n8n imports.

export class InflateProblem extends Error {
	/** `offset`: index of the compressed byte being read when the problem was found (-1 when not known). */
	constructor(
		message: string,
		readonly offset = -1,
	) {
		super(message);
	}
}

/** The data expands past the limit the caller set (a zip bomb, or a header that understates the size). */
export class InflateLimit extends InflateProblem {
	constructor(readonly limit: number) {
		super(`it expands to more than ${limit} bytes`);
	}
}

const LENGTH_BASE = Uint16Array.from([
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]);
const LENGTH_EXTRA = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = Uint16Array.from([
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577,
]);
const DIST_EXTRA = Uint8Array.from([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** DEFLATE may refer back this far, so this much output is kept after it has been handed out. */
const WINDOW = 32768;
/** Output handed out per chunk at most (plus one match of up to 258 bytes). */
const CHUNK = 65536;
const MAX_MATCH = 258;

/** Lookup table indexed by the next `bits` input bits (LSB first); entry = symbol << 4 | code length (< 2^16), 0 = invalid. */
interface Huffman {
	table: Uint16Array;
	bits: number;
}

/** Builds into `into` when given (reused per block, so dynamic blocks allocate nothing). */
function buildHuffman(lengths: ArrayLike<number>, count: number, into?: Uint16Array): Huffman {
	let maxLen = 0;
	const lengthCount = new Int32Array(16);
	for (let s = 0; s < count; s++) {
		lengthCount[lengths[s]]++;
		if (lengths[s] > maxLen) maxLen = lengths[s];
	}
	lengthCount[0] = 0;
	if (maxLen === 0) return { table: new Uint16Array(1), bits: 0 };
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
	const table = into ?? new Uint16Array(size);
	table.fill(0, 0, size);
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

/** Thrown inside a step when the input ends mid-unit; the step is retried from its checkpoint on the next push. */
const NEED_INPUT = Symbol('need input');

const enum Mode {
	BlockHeader,
	StoredLength,
	StoredCopy,
	DynamicTables,
	Codes,
	Done,
}

export type OutputSink = (chunk: Uint8Array) => void;

/**
 * Resumable raw-DEFLATE decoder. `push` accepts input of any size (one byte works) and hands output to the sink
 * as views of an internal buffer, valid only during the call (copy them to keep them). Memory held: the 32 KiB
 * window plus one 64 KiB chunk, two reusable Huffman tables, and the few input bytes of an unfinished unit.
 */
export class InflateStream {
	private input: Uint8Array = new Uint8Array(0);
	private pos = 0;
	/** Offset of input[0] among all bytes pushed so far, for error messages. */
	private base = 0;
	private bitBuf = 0;
	private bitCount = 0;
	private mode = Mode.BlockHeader;
	private last = false;
	private storedLeft = 0;
	private literal: Huffman = { table: new Uint16Array(1), bits: 0 };
	private distance: Huffman = { table: new Uint16Array(1), bits: 0 };
	private readonly literalTable = new Uint16Array(1 << 15);
	private readonly distanceTable = new Uint16Array(1 << 15);
	private readonly out = new Uint8Array(WINDOW + CHUNK + MAX_MATCH);
	private outPos = 0;
	private flushed = 0;
	private sink: OutputSink = () => undefined;
	private rest: Uint8Array = new Uint8Array(0);
	/** Bytes handed to the sink so far. */
	totalOut = 0;

	constructor(private readonly maxOutput = Number.MAX_SAFE_INTEGER) {}

	/** True once the final block has ended; `remaining` then holds the input that followed the DEFLATE data. */
	get done(): boolean {
		return this.mode === Mode.Done;
	}

	get remaining(): Uint8Array {
		return this.rest;
	}

	/** Offset of the next unread compressed byte among all bytes pushed. */
	get inputOffset(): number {
		return this.base + this.pos - (this.bitCount >> 3);
	}

	/** Ready for a new DEFLATE stream (the next gzip member), reusing the buffers. */
	reset(): void {
		this.input = new Uint8Array(0);
		this.pos = this.base = this.bitBuf = this.bitCount = 0;
		this.mode = Mode.BlockHeader;
		this.last = false;
		this.storedLeft = this.outPos = this.flushed = this.totalOut = 0;
		this.rest = new Uint8Array(0);
	}

	push(chunk: Uint8Array, sink: OutputSink): void {
		if (this.mode === Mode.Done) {
			this.rest = concat(this.rest, chunk);
			return;
		}
		const pending = this.input.subarray(this.pos);
		this.base += this.pos;
		this.input = pending.length ? concat(pending, chunk) : chunk;
		this.pos = 0;
		this.sink = sink;
		this.run();
		this.flush();
		if (this.done) {
			const end = this.inputOffset;
			this.rest = this.takeRest();
			this.input = new Uint8Array(0);
			this.base = end;
			this.pos = 0;
			return;
		}
		// Keep our own copy of an unfinished unit's bytes: the caller may reuse its chunk buffer.
		else if (this.input === chunk) this.input = chunk.slice(this.pos);
		else this.input = this.input.subarray(this.pos);
		this.base += this.pos;
		this.pos = 0;
	}

	private run(): void {
		while (this.mode !== Mode.Done) {
			const pos = this.pos;
			const bitBuf = this.bitBuf;
			const bitCount = this.bitCount;
			try {
				if (!this.step()) return;
			} catch (error) {
				if (error !== NEED_INPUT) throw this.located(error, pos, bitCount);
				this.pos = pos;
				this.bitBuf = bitBuf;
				this.bitCount = bitCount;
				return;
			}
		}
	}

	/** Problems are located at the first byte of the unit (block header, table, symbol) being decoded. */
	private located(error: unknown, pos: number, cnt: number): unknown {
		if (!(error instanceof InflateProblem) || error instanceof InflateLimit || error.offset >= 0) return error;
		return this.problem(error.message, pos, cnt);
	}

	/** One unit of progress; false when more input is needed (state already saved). */
	private step(): boolean {
		switch (this.mode) {
			case Mode.BlockHeader:
				return this.blockHeader();
			case Mode.StoredLength:
				return this.storedLength();
			case Mode.StoredCopy:
				return this.storedCopy();
			case Mode.DynamicTables:
				this.dynamicTables();
				this.mode = Mode.Codes;
				return true;
			default:
				return this.codes();
		}
	}

	private blockHeader(): boolean {
		this.last = this.bits(1) === 1;
		const type = this.bits(2);
		if (type === 0) this.mode = Mode.StoredLength;
		else if (type === 1) {
			[this.literal, this.distance] = fixedTables();
			this.mode = Mode.Codes;
		} else if (type === 2) this.mode = Mode.DynamicTables;
		else throw new InflateProblem('Invalid compressed data: reserved block type');
		return true;
	}

	private endBlock(): void {
		this.mode = this.last ? Mode.Done : Mode.BlockHeader;
	}

	/** Loads input bytes until `n` bits are buffered or the input runs out. */
	private fill(n: number): void {
		while (this.bitCount < n && this.pos < this.input.length) {
			this.bitBuf |= this.input[this.pos++] << this.bitCount;
			this.bitCount += 8;
		}
	}

	private need(n: number): void {
		this.fill(n);
		if (this.bitCount < n) throw NEED_INPUT;
	}

	private bits(n: number): number {
		if (n === 0) return 0;
		this.need(n);
		const v = this.bitBuf & ((1 << n) - 1);
		this.bitBuf >>>= n;
		this.bitCount -= n;
		return v;
	}

	private decode(h: Huffman): number {
		if (h.bits === 0) throw new InflateProblem('Invalid compressed data: empty Huffman code used');
		// Near the end of the input a short code may be complete without `h.bits` bits being available.
		this.fill(h.bits);
		const entry = h.table[this.bitBuf & ((1 << h.bits) - 1)];
		const len = entry & 15;
		if (len === 0 || len > this.bitCount) {
			if (this.bitCount < h.bits) throw NEED_INPUT;
			throw new InflateProblem('Invalid compressed data: unknown Huffman code');
		}
		this.bitBuf >>>= len;
		this.bitCount -= len;
		return entry >> 4;
	}

	private storedLength(): boolean {
		// Stored data starts at a byte boundary: drop the rest of the current byte.
		this.bitBuf >>>= this.bitCount & 7;
		this.bitCount -= this.bitCount & 7;
		const len = this.bits(16);
		const nlen = this.bits(16);
		if ((len ^ 0xffff) !== nlen) throw new InflateProblem('Invalid compressed data: stored block length check');
		this.storedLeft = len;
		this.mode = Mode.StoredCopy;
		return true;
	}

	private storedCopy(): boolean {
		if (this.storedLeft === 0) {
			this.endBlock();
			return true;
		}
		if (this.outPos >= WINDOW + CHUNK) this.slide();
		const n = Math.min(this.storedLeft, this.input.length - this.pos, WINDOW + CHUNK - this.outPos);
		if (n === 0) return false;
		this.out.set(this.input.subarray(this.pos, this.pos + n), this.outPos);
		this.outPos += n;
		this.pos += n;
		this.storedLeft -= n;
		return true;
	}

	private dynamicTables(): void {
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
		this.literal = buildHuffman(lengths.subarray(0, nlen), nlen, this.literalTable);
		this.distance = buildHuffman(lengths.subarray(nlen), ndist, this.distanceTable);
	}

	/**
	 * The hot loop: decodes symbols until the block ends (true) or the input runs out (false, state rewound to the
	 * last whole symbol). Locals instead of fields, so V8 keeps them in registers.
	 */
	private codes(): boolean {
		const input = this.input;
		const inLen = input.length;
		const lt = this.literal.table;
		const lbits = this.literal.bits;
		const lmask = (1 << lbits) - 1;
		const dt = this.distance.table;
		const dbits = this.distance.bits;
		const dmask = (1 << dbits) - 1;
		const out = this.out;
		let pos = this.pos;
		let buf = this.bitBuf;
		let cnt = this.bitCount;
		let op = this.outPos;
		for (;;) {
			const symbolPos = pos;
			const symbolBuf = buf;
			const symbolCnt = cnt;
			if (op >= WINDOW + CHUNK) {
				this.outPos = op;
				this.slide();
				op = this.outPos;
			}
			while (cnt < lbits && pos < inLen) {
				buf |= input[pos++] << cnt;
				cnt += 8;
			}
			let entry = lt[buf & lmask];
			let len = entry & 15;
			if (len === 0 || len > cnt) return this.lacking(cnt < lbits, symbolPos, symbolBuf, symbolCnt, op);
			buf >>>= len;
			cnt -= len;
			const sym = entry >> 4;
			if (sym < 256) {
				out[op++] = sym;
				continue;
			}
			if (sym === 256) {
				this.pos = pos;
				this.bitBuf = buf;
				this.bitCount = cnt;
				this.outPos = op;
				this.endBlock();
				return true;
			}
			const li = sym - 257;
			if (li >= 29) throw this.problem('Invalid compressed data: bad length code', symbolPos, symbolCnt);
			// Worst case from here: 5 length bits, a 15-bit distance code and 13 distance bits (33 > 32): two refills.
			let extra = LENGTH_EXTRA[li];
			while (cnt < extra + dbits && pos < inLen) {
				buf |= input[pos++] << cnt;
				cnt += 8;
			}
			if (cnt < extra) return this.lacking(true, symbolPos, symbolBuf, symbolCnt, op);
			const length = LENGTH_BASE[li] + (buf & ((1 << extra) - 1));
			buf >>>= extra;
			cnt -= extra;
			if (dbits === 0) throw this.problem('Invalid compressed data: empty Huffman code used', symbolPos, symbolCnt);
			entry = dt[buf & dmask];
			len = entry & 15;
			if (len === 0 || len > cnt) return this.lacking(cnt < dbits, symbolPos, symbolBuf, symbolCnt, op);
			buf >>>= len;
			cnt -= len;
			const di = entry >> 4;
			if (di >= 30) throw this.problem('Invalid compressed data: bad distance code', symbolPos, symbolCnt);
			extra = DIST_EXTRA[di];
			while (cnt < extra && pos < inLen) {
				buf |= input[pos++] << cnt;
				cnt += 8;
			}
			if (cnt < extra) return this.lacking(true, symbolPos, symbolBuf, symbolCnt, op);
			const dist = DIST_BASE[di] + (buf & ((1 << extra) - 1));
			buf >>>= extra;
			cnt -= extra;
			if (dist > op) throw this.problem('Invalid compressed data: distance too far back', symbolPos, symbolCnt);
			let from = op - dist;
			const end = op + length;
			if (dist >= length && length > 64) {
				out.copyWithin(op, from, end - dist);
				op = end;
			} else {
				// Four bytes per round when the source is at least four bytes back (overlap is then harmless);
				// byte by byte for the short runs (dist < 4) that encode repeated characters.
				if (dist >= 4) {
					for (const end4 = end - 3; op < end4; op += 4, from += 4) {
						out[op] = out[from];
						out[op + 1] = out[from + 1];
						out[op + 2] = out[from + 2];
						out[op + 3] = out[from + 3];
					}
				}
				while (op < end) out[op++] = out[from++];
			}
		}
	}

	/** `pos`/`cnt` of the unit's start: its first bit lies in the byte of the oldest buffered bit. */
	private problem(message: string, pos: number, cnt: number): InflateProblem {
		return new InflateProblem(message, this.base + pos - ((cnt + 7) >> 3));
	}

	/** The current symbol cannot be finished: rewind to its start and wait for input, or refuse an invalid code. */
	private lacking(short: boolean, pos: number, buf: number, cnt: number, op: number): boolean {
		this.pos = pos;
		this.bitBuf = buf;
		this.bitCount = cnt;
		this.outPos = op;
		if (short) return false;
		throw this.problem('Invalid compressed data: unknown Huffman code', pos, cnt);
	}

	/** Hands out the output not yet handed out; the sink sees a view valid during the call only. */
	private flush(): void {
		const n = this.outPos - this.flushed;
		if (n === 0) return;
		if (this.totalOut + n > this.maxOutput) throw new InflateLimit(this.maxOutput);
		this.totalOut += n;
		const from = this.flushed;
		this.flushed = this.outPos;
		this.sink(this.out.subarray(from, this.outPos));
	}

	/** Flushes, then keeps only the window at the start of the buffer. */
	private slide(): void {
		this.flush();
		this.out.copyWithin(0, this.outPos - WINDOW, this.outPos);
		this.outPos = this.flushed = WINDOW;
	}

	/** Whole bytes still in the bit buffer belong to what follows the DEFLATE data; partial bits are padding. */
	private takeRest(): Uint8Array {
		const whole = this.bitCount >> 3;
		const tail = this.input.subarray(this.pos);
		const rest = new Uint8Array(whole + tail.length);
		let buf = this.bitBuf >>> (this.bitCount & 7);
		for (let i = 0; i < whole; i++, buf >>>= 8) rest[i] = buf & 0xff;
		rest.set(tail, whole);
		this.bitBuf = 0;
		this.bitCount = 0;
		return rest;
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	const joined = new Uint8Array(a.length + b.length);
	joined.set(a);
	joined.set(b, a.length);
	return joined;
}

/**
 * `sizeHint` (e.g. a zip entry's uncompressed size) pre-sizes the output buffer; `maxOutput` stops decoding with
 * InflateLimit as soon as the output would grow past it, so memory use is bounded whatever the input claims.
 */
export function inflateRaw(input: Uint8Array, sizeHint = 0, maxOutput = Number.MAX_SAFE_INTEGER): Uint8Array {
	let out = new Uint8Array(Math.max(1024, Math.min(sizeHint || input.length * 4, maxOutput)));
	let outLen = 0;
	const stream = new InflateStream(maxOutput);
	stream.push(input, (chunk) => {
		if (outLen + chunk.length > out.length) {
			let size = out.length * 2;
			while (size < outLen + chunk.length) size *= 2;
			const grown = new Uint8Array(Math.min(size, maxOutput));
			grown.set(out.subarray(0, outLen));
			out = grown;
		}
		out.set(chunk, outLen);
		outLen += chunk.length;
	});
	if (!stream.done) throw new InflateProblem('Compressed data is truncated', stream.inputOffset);
	return out.subarray(0, outLen);
}
