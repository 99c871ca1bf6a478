// Streaming gzip decoder (RFC 1952) over the shared DEFLATE core, for gzipped segment files: runtime code may not
// import node:zlib. Concatenated members (cat a.gz b.gz, pigz, bgzip) decode in sequence; zero padding after the
// last member is tolerated. Errors name what was wrong and where, never the data. Pure: no n8n imports.

import { crc32Update } from './crc32';
import { InflateLimit, InflateProblem, InflateStream } from './inflate';

export interface GunzipLimits {
	/** Decompressed bytes allowed over the whole stream; more → GunzipError 'too_large'. Default: no cap. */
	maxOutputBytes?: number;
}

export type GunzipErrorCode = 'bad_header' | 'bad_data' | 'crc_mismatch' | 'length_mismatch' | 'truncated' | 'too_large';

export class GunzipError extends Error {
	constructor(
		readonly code: GunzipErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'GunzipError';
	}
}

export function isGzip(firstBytes: Uint8Array): boolean {
	return firstBytes.length >= 3 && firstBytes[0] === 0x1f && firstBytes[1] === 0x8b && firstBytes[2] === 0x08;
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const FRESERVED = 0xe0;

/** Where the decoder is inside the stream; `Between` = after a complete member, `Padding` = inside zero bytes. */
const enum Stage {
	Fixed,
	ExtraLength,
	Extra,
	Name,
	Comment,
	HeaderCrc,
	Deflate,
	Trailer,
	Between,
	Padding,
}

/** Bytes of the fixed-size pieces, collected across chunks. */
const PIECE_SIZE: Partial<Record<Stage, number>> = {
	[Stage.Fixed]: 10,
	[Stage.ExtraLength]: 2,
	[Stage.HeaderCrc]: 2,
	[Stage.Trailer]: 8,
};

function u16(b: Uint8Array, o: number): number {
	return b[o] | (b[o + 1] << 8);
}

function u32(b: Uint8Array, o: number): number {
	return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

export class StreamingGunzip {
	private stage = Stage.Fixed;
	/** Compressed bytes consumed before the current chunk position, for error offsets. */
	private offset = 0;
	private member = 1;
	private memberStart = 0;
	/** Offset of the member's first DEFLATE byte. */
	private dataStart = 0;
	/** The first error, thrown again by any later call: after it the state is meaningless. */
	private failed: unknown;
	private flags = 0;
	private headerCrc = 0;
	private extraLeft = 0;
	private readonly piece = new Uint8Array(10);
	private pieceLength = 0;
	private readonly inflater = new InflateStream();
	private dataCrc = 0;
	private memberOutput = 0;
	private totalOutput = 0;
	private readonly maxOutput: number;
	private output: Uint8Array[] = [];
	private readonly sink = (chunk: Uint8Array): void => this.take(chunk);

	constructor(limits: GunzipLimits = {}) {
		this.maxOutput = limits.maxOutputBytes ?? Number.MAX_SAFE_INTEGER;
	}

	/** Feed compressed bytes; returns the decompressed chunks produced so far (possibly none). */
	push(chunk: Uint8Array): Uint8Array[] {
		return this.guarded(() => {
			let rest = chunk;
			while (rest.length > 0) rest = this.stage === Stage.Deflate ? this.inflate(rest) : rest.subarray(this.headerStep(rest));
		});
	}

	/** End of input: returns the remaining output; throws GunzipError('truncated') if a member is incomplete. */
	finish(): Uint8Array[] {
		return this.guarded(() => this.checkComplete());
	}

	private guarded(work: () => void): Uint8Array[] {
		if (this.failed) throw this.failed;
		let failed = false;
		try {
			work();
		} catch (error) {
			this.failed = error;
			failed = true;
		}
		if (failed) {
			this.output = [];
			throw this.failed;
		}
		return this.drain();
	}

	private checkComplete(): void {
		if (this.stage === Stage.Between || this.stage === Stage.Padding) return;
		if (this.offset === 0) throw new GunzipError('truncated', 'The gzip data is empty');
		const where = this.stage === Stage.Deflate ? 'compressed data' : this.stage === Stage.Trailer ? 'trailer' : 'header';
		throw new GunzipError(
			'truncated',
			`The gzip data is truncated: member ${this.member} (from byte ${this.memberStart}) ends inside its ${where} after ${this.offset} bytes`,
		);
	}

	private drain(): Uint8Array[] {
		const output = this.output;
		this.output = [];
		return output;
	}

	private take(chunk: Uint8Array): void {
		if (this.totalOutput + chunk.length > this.maxOutput) {
			throw new GunzipError('too_large', `The gzip data expands to more than the ${this.maxOutput} bytes allowed`);
		}
		this.totalOutput += chunk.length;
		this.memberOutput += chunk.length;
		this.dataCrc = crc32Update(this.dataCrc, chunk);
		this.output.push(chunk.slice());
	}

	private inflate(bytes: Uint8Array): Uint8Array {
		let failure: unknown;
		try {
			this.inflater.push(bytes, this.sink);
		} catch (error) {
			failure = error instanceof InflateProblem && !(error instanceof InflateLimit) ? this.damaged(error) : error;
		}
		if (failure) throw failure;
		if (!this.inflater.done) {
			this.offset += bytes.length;
			return bytes.subarray(bytes.length);
		}
		this.offset = this.dataStart + this.inflater.inputOffset;
		this.stage = Stage.Trailer;
		this.pieceLength = 0;
		return this.inflater.remaining;
	}

	private damaged(problem: InflateProblem): GunzipError {
		const at = this.dataStart + Math.max(problem.offset, 0);
		return new GunzipError('bad_data', `Gzip member ${this.member} is damaged at byte ${at}: ${problem.message}`);
	}

	/** Consumes header, trailer or padding bytes from `bytes`; returns how many. */
	private headerStep(bytes: Uint8Array): number {
		const size = PIECE_SIZE[this.stage];
		if (size !== undefined) {
			const n = Math.min(size - this.pieceLength, bytes.length);
			this.piece.set(bytes.subarray(0, n), this.pieceLength);
			this.pieceLength += n;
			this.consumed(bytes.subarray(0, n));
			if (this.pieceLength === size) this.pieceDone();
			return n;
		}
		if (this.stage === Stage.Extra) {
			const n = Math.min(this.extraLeft, bytes.length);
			this.extraLeft -= n;
			this.consumed(bytes.subarray(0, n));
			if (this.extraLeft === 0) this.nextHeaderField();
			return n;
		}
		if (this.stage === Stage.Name || this.stage === Stage.Comment) {
			const zero = bytes.indexOf(0);
			const n = zero < 0 ? bytes.length : zero + 1;
			this.consumed(bytes.subarray(0, n));
			if (zero >= 0) this.nextHeaderField();
			return n;
		}
		return this.afterMember(bytes);
	}

	/** Header bytes count towards the header CRC (FHCRC) until the CRC field itself. */
	private consumed(bytes: Uint8Array): void {
		if (this.stage < Stage.HeaderCrc) this.headerCrc = crc32Update(this.headerCrc, bytes);
		this.offset += bytes.length;
	}

	private pieceDone(): void {
		const p = this.piece;
		if (this.stage === Stage.Fixed) this.fixedHeader(p);
		else if (this.stage === Stage.ExtraLength) {
			this.extraLeft = u16(p, 0);
			this.flags &= ~FEXTRA;
			this.stage = Stage.Extra;
			if (this.extraLeft === 0) this.nextHeaderField();
		} else if (this.stage === Stage.HeaderCrc) {
			if (u16(p, 0) !== (this.headerCrc & 0xffff)) {
				throw new GunzipError('crc_mismatch', `Gzip member ${this.member} (from byte ${this.memberStart}): its header checksum does not match the header`);
			}
			this.startDeflate();
		} else this.trailer(p);
	}

	private fixedHeader(p: Uint8Array): void {
		const at = `Gzip member ${this.member} (from byte ${this.memberStart})`;
		if (p[0] !== 0x1f || p[1] !== 0x8b) throw new GunzipError('bad_header', `${at} does not start with the gzip signature: this is not gzip data`);
		if (p[2] !== 8) throw new GunzipError('bad_header', `${at} uses compression method ${p[2]}; only DEFLATE (8) exists in gzip`);
		if (p[3] & FRESERVED) throw new GunzipError('bad_header', `${at} sets reserved header flags (${p[3]}); it is damaged or not gzip`);
		this.flags = p[3];
		this.nextHeaderField();
	}

	/** Optional fields come in the order RFC 1952 fixes: extra, name, comment, header CRC. */
	private nextHeaderField(): void {
		this.pieceLength = 0;
		const flags = this.flags;
		if (flags & FEXTRA) this.stage = Stage.ExtraLength;
		else if (flags & FNAME) {
			this.flags &= ~FNAME;
			this.stage = Stage.Name;
		} else if (flags & FCOMMENT) {
			this.flags &= ~FCOMMENT;
			this.stage = Stage.Comment;
		} else if (flags & FHCRC) {
			this.flags &= ~FHCRC;
			this.stage = Stage.HeaderCrc;
		} else this.startDeflate();
	}

	private startDeflate(): void {
		this.stage = Stage.Deflate;
		this.dataStart = this.offset;
		this.inflater.reset();
		this.dataCrc = 0;
		this.memberOutput = 0;
	}

	private trailer(p: Uint8Array): void {
		const at = `Gzip member ${this.member} (trailer at byte ${this.offset - 8})`;
		if (u32(p, 0) !== this.dataCrc) {
			throw new GunzipError('crc_mismatch', `${at}: the CRC-32 of the decompressed data does not match; the file is damaged`);
		}
		if (u32(p, 4) !== this.memberOutput % 0x100000000) {
			throw new GunzipError('length_mismatch', `${at}: the decompressed length does not match the length recorded (modulo 2^32); the file is damaged`);
		}
		this.stage = Stage.Between;
	}

	/** After a member: another member (0x1f), or zero padding to the end; anything else is refused. */
	private afterMember(bytes: Uint8Array): number {
		if (this.stage === Stage.Between && bytes[0] === 0x1f) {
			this.member++;
			this.memberStart = this.offset;
			this.headerCrc = 0;
			this.pieceLength = 0;
			this.stage = Stage.Fixed;
			return 0;
		}
		if (this.stage === Stage.Between && bytes[0] === 0) this.stage = Stage.Padding;
		let n = 0;
		while (n < bytes.length && bytes[n] === 0) n++;
		if (n < bytes.length) {
			const where = this.stage === Stage.Padding ? ' inside the zero padding' : '';
			throw new GunzipError(
				'bad_header',
				`Unexpected data at byte ${this.offset + n} after gzip member ${this.member}${where}: it is neither another gzip member nor zero padding`,
			);
		}
		this.offset += n;
		return n;
	}
}
