import { MultipartError, parsePartHead, type MultipartBody, type MultipartPart, type MultipartPartHead } from './multipart';

/** Where a part's content goes while it arrives. `end()`'s result becomes the part's `streamed`. */
export interface PartSink {
	write(chunk: Buffer): void;
	end(): unknown;
	/** Bytes to keep as the part's `data` (text fields, recorded files); undefined keeps nothing. */
	kept?(): Buffer;
}

/** Decides, per part, where its content goes; `fields` are the text parts seen so far. */
export type SinkChooser = (head: MultipartPartHead, fields: Record<string, string>) => PartSink | undefined;

const MAX_HEADER_BYTES = 16 * 1024;
/** Parts nobody streams (text fields, files of routes that cannot stream them) are kept up to this size. */
const MAX_KEPT_PART_BYTES = 64 * 1024 * 1024;

/** Keeps a part's bytes (the non-streaming behaviour), up to MAX_KEPT_PART_BYTES. */
function keepingSink(): PartSink {
	const chunks: Buffer[] = [];
	let size = 0;
	return {
		write(chunk) {
			size += chunk.length;
			if (size > MAX_KEPT_PART_BYTES) throw new MultipartError(`a multipart part is larger than ${MAX_KEPT_PART_BYTES} bytes`);
			chunks.push(chunk);
		},
		end: () => undefined,
		kept: () => Buffer.concat(chunks),
	};
}

type Phase = 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';

/**
 * multipart/form-data (RFC 7578) parsed as it arrives: a file part's content is handed to its sink chunk by
 * chunk and never held whole, so a body of several GB needs memory for one chunk plus the delimiter.
 */
export class MultipartStreamParser {
	private readonly opening: Buffer;
	private readonly delimiter: Buffer;
	private buf: Buffer = Buffer.alloc(0);
	private phase: Phase = 'preamble';
	private head: MultipartPartHead | undefined;
	private sink: PartSink | undefined;
	private bytes = 0;
	readonly parts: MultipartPart[] = [];
	readonly fields: Record<string, string> = {};

	constructor(
		boundary: string,
		private readonly choose: SinkChooser,
	) {
		this.opening = Buffer.from(`--${boundary}`);
		this.delimiter = Buffer.from(`\r\n--${boundary}`);
	}

	write(chunk: Buffer): void {
		this.bytes += chunk.length;
		if (this.phase === 'done') return;
		this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
		while (this.step());
	}

	end(): MultipartBody {
		if (this.phase === 'preamble') throw new MultipartError('multipart body has no boundary delimiter');
		if (this.phase !== 'done') throw new MultipartError('multipart body is not terminated by a closing boundary');
		const files = this.parts.filter((p) => p.filename !== undefined);
		return { parts: this.parts, fields: this.fields, files, bytes: this.bytes };
	}

	/** One step of the state machine; false when it needs more bytes. */
	private step(): boolean {
		if (this.phase === 'preamble') {
			const at = this.buf.indexOf(this.opening);
			if (at < 0) {
				this.keepTail(this.opening.length - 1);
				return false;
			}
			this.buf = this.buf.subarray(at + this.opening.length);
			this.phase = 'delimiter';
			return true;
		}
		if (this.phase === 'delimiter') return this.afterDelimiter();
		if (this.phase === 'headers') return this.readHeaders();
		if (this.phase === 'body') return this.readBody();
		return false;
	}

	private afterDelimiter(): boolean {
		if (this.buf.length < 2) return false;
		if (this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
			this.phase = 'done';
			this.buf = Buffer.alloc(0);
			return false;
		}
		// Transport padding (spaces/tabs) may follow the delimiter before CRLF.
		let pos = 0;
		while (pos < this.buf.length && (this.buf[pos] === 0x20 || this.buf[pos] === 0x09)) pos++;
		if (pos + 2 > this.buf.length) return false;
		if (this.buf[pos] !== 0x0d || this.buf[pos + 1] !== 0x0a) throw new MultipartError('malformed multipart delimiter line');
		this.buf = this.buf.subarray(pos + 2);
		this.phase = 'headers';
		return true;
	}

	private readHeaders(): boolean {
		const end = this.buf.indexOf('\r\n\r\n');
		if (end < 0) {
			if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('multipart part header section is too long');
			return false;
		}
		this.head = parsePartHead(this.buf.subarray(0, end).toString('utf8'));
		this.sink = (this.head.filename !== undefined ? this.choose(this.head, this.fields) : undefined) ?? keepingSink();
		this.buf = this.buf.subarray(end + 4);
		this.phase = 'body';
		return true;
	}

	private readBody(): boolean {
		const at = this.buf.indexOf(this.delimiter);
		if (at < 0) {
			const safe = this.buf.length - (this.delimiter.length - 1);
			if (safe > 0) this.sink!.write(this.buf.subarray(0, safe));
			this.keepTail(this.delimiter.length - 1);
			return false;
		}
		if (at > 0) this.sink!.write(this.buf.subarray(0, at));
		this.closePart();
		this.buf = this.buf.subarray(at + this.delimiter.length);
		this.phase = 'delimiter';
		return true;
	}

	private closePart(): void {
		const head = this.head!;
		const sink = this.sink!;
		const streamed = sink.end();
		const data = sink.kept?.() ?? Buffer.alloc(0);
		const part: MultipartPart = { ...head, data, value: streamed === undefined ? data.toString('utf8') : '' };
		if (streamed !== undefined) part.streamed = streamed;
		this.parts.push(part);
		if (head.filename === undefined) this.fields[head.name] = part.value;
		this.head = undefined;
		this.sink = undefined;
	}

	/** Keeps only the last `n` bytes (a delimiter may straddle two chunks), copied so the chunk can be freed. */
	private keepTail(n: number): void {
		this.buf = Buffer.from(this.buf.subarray(Math.max(0, this.buf.length - n)));
	}
}
