// Streaming readers for delimited text (CSV / TSV) and newline-delimited JSON: rows come out as text goes in,
// whatever the chunk boundaries, so a file of any size is read with memory bounded by one chunk plus one row.
// Pure: no n8n imports.

import { detectDelimiter } from './csv';

/** A row (or a quoted value) grew past the cap: an unclosed quote or a file that is not line-based. */
export class RowTooLong extends Error {
	constructor(
		readonly line: number,
		readonly limit: number,
	) {
		super(`the row starting on line ${line} is longer than ${limit} characters`);
	}
}

/**
 * `line` is the 1-based physical line where the row starts (a quoted value may span lines). `problem` is set
 * when the quoting is broken; `fields` then hold a best-effort reading.
 */
export type RowHandler = (line: number, fields: string[], problem?: string) => void;

/** 1 MiB of text: far above any real customer row, small enough that a crafted endless row fails fast. */
export const DEFAULT_MAX_ROW_CHARS = 1 << 20;

const QUOTE = 34;
const CR = 13;
const LF = 10;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;
const AFTER_CLOSE = 4;

/**
 * RFC 4180 rows from text pushed in pieces: quoted values may hold delimiters, doubled quotes and line breaks;
 * LF, CRLF and lone CR end rows; blank lines are skipped (they still count for line numbers). With delimiter
 * 'auto' the first line decides among , ; tab | (spreadsheets in a decimal-comma locale write ';').
 */
export class DelimitedRowReader {
	private delim: number;
	private pending = '';
	private fields: string[] = [];
	private field = '';
	private state = FIELD_START;
	private skipLF = false;
	private lastWasCR = false;
	private line = 1;
	private rowLine = 1;
	private rowChars = 0;
	private problem: string | undefined;

	constructor(
		delimiter: string,
		private readonly onRow: RowHandler,
		private readonly maxRowChars = DEFAULT_MAX_ROW_CHARS,
	) {
		this.delim = delimiter === 'auto' ? -1 : delimiter.charCodeAt(0);
	}

	/** The delimiter in use (undefined while 'auto' has not seen the first line yet). */
	get delimiter(): string | undefined {
		return this.delim < 0 ? undefined : String.fromCharCode(this.delim);
	}

	push(text: string): void {
		if (this.delim < 0) {
			this.pending += text;
			if (!/[\r\n]/.test(this.pending) && this.pending.length <= this.maxRowChars) return;
			this.delim = detectDelimiter(this.pending).charCodeAt(0);
			text = this.pending;
			this.pending = '';
		}
		this.scan(text);
	}

	finish(): void {
		if (this.delim < 0) {
			this.delim = detectDelimiter(this.pending).charCodeAt(0);
			this.scan(this.pending);
			this.pending = '';
		}
		if (this.state === QUOTED) this.problem ??= `column ${this.fields.length + 1} opens a quote that is never closed`;
		if (this.state !== FIELD_START || this.fields.length > 0) {
			this.fields.push(this.field);
			this.emit();
		}
	}

	private scan(text: string): void {
		const n = text.length;
		const d = this.delim;
		let i = 0;
		if (this.skipLF && n > 0) {
			this.skipLF = false;
			if (text.charCodeAt(0) === LF) i = 1;
		}
		let state = this.state;
		let seg = i;
		let rowStart = i;
		for (; i < n; i++) {
			const c = text.charCodeAt(i);
			if (state === UNQUOTED || state === AFTER_CLOSE) {
				if (c !== d && c !== LF && c !== CR) continue;
				this.fields.push(this.field + text.slice(seg, i));
				this.field = '';
				state = FIELD_START;
			} else if (state === QUOTED) {
				if (c === QUOTE) {
					this.field += text.slice(seg, i);
					state = QUOTE_SEEN;
				} else if (c === CR || (c === LF && !this.lastWasCR)) this.line++;
				this.lastWasCR = c === CR;
				continue;
			} else if (state === QUOTE_SEEN) {
				if (c === QUOTE) {
					this.field += '"';
					state = QUOTED;
					seg = i + 1;
					continue;
				}
				if (c !== d && c !== LF && c !== CR) {
					this.problem ??= `column ${this.fields.length + 1} has text after its closing quote`;
					state = AFTER_CLOSE;
					seg = i;
					continue;
				}
				this.fields.push(this.field);
				this.field = '';
				state = FIELD_START;
			} else if (c === QUOTE) {
				state = QUOTED;
				this.lastWasCR = false;
				seg = i + 1;
				continue;
			} else if (c !== d && c !== LF && c !== CR) {
				state = UNQUOTED;
				seg = i;
				continue;
			} else {
				this.fields.push('');
			}
			// Here c is a delimiter or a line break that ended a field.
			if (c === d) continue;
			i = this.endRow(text, i, i - rowStart);
			rowStart = i + 1;
		}
		if (state === UNQUOTED || state === QUOTED || state === AFTER_CLOSE) this.field += text.slice(seg, n);
		this.state = state;
		this.rowChars += n - rowStart;
		this.checkLength(this.rowChars);
	}

	/** The line break at `i` ended a row of `chars` characters (in this piece); returns where the break ends. */
	private endRow(text: string, i: number, chars: number): number {
		this.checkLength(this.rowChars + chars);
		this.emit();
		this.line++;
		this.rowLine = this.line;
		this.rowChars = 0;
		if (text.charCodeAt(i) !== CR) return i;
		if (i + 1 === text.length) this.skipLF = true;
		else if (text.charCodeAt(i + 1) === LF) return i + 1;
		return i;
	}

	private checkLength(chars: number): void {
		if (chars > this.maxRowChars) throw new RowTooLong(this.rowLine, this.maxRowChars);
	}

	private emit(): void {
		const fields = this.fields;
		const problem = this.problem;
		this.fields = [];
		this.problem = undefined;
		// A line with nothing on it (or only an empty quoted value) is not a row.
		if (!problem && fields.length === 1 && fields[0] === '') return;
		this.onRow(this.rowLine, fields, problem);
	}
}

/**
 * Lines of text pushed in pieces: LF, CRLF and lone CR end a line (as for CSV; a JSON line cannot hold a raw CR),
 * so a file saved with old Mac line ends is not read as one line; `line` is 1-based.
 */
export class LineSplitter {
	private carry = '';
	private line = 0;
	/** The last piece ended with CR: an LF opening the next piece belongs to that line end. */
	private skipLF = false;

	constructor(
		private readonly onLine: (line: number, text: string) => void,
		private readonly maxLineChars = DEFAULT_MAX_ROW_CHARS,
	) {}

	push(text: string): void {
		if (text.length === 0) return;
		let start = 0;
		if (this.skipLF) {
			this.skipLF = false;
			if (text.charCodeAt(0) === LF) start = 1;
		}
		const breaks = /[\r\n]/g;
		breaks.lastIndex = start;
		for (let found = breaks.exec(text); found; found = breaks.exec(text)) {
			const at = found.index;
			const piece = this.carry ? this.carry + text.slice(start, at) : text.slice(start, at);
			this.carry = '';
			this.deliver(piece);
			start = at + 1;
			if (text.charCodeAt(at) === CR) {
				if (start === text.length) this.skipLF = true;
				else if (text.charCodeAt(start) === LF) start++;
			}
			breaks.lastIndex = start;
		}
		this.carry += text.slice(start);
		if (this.carry.length > this.maxLineChars) throw new RowTooLong(this.line + 1, this.maxLineChars);
	}

	finish(): void {
		if (this.carry) this.deliver(this.carry);
		this.carry = '';
	}

	private deliver(piece: string): void {
		this.line++;
		if (piece.length > this.maxLineChars) throw new RowTooLong(this.line, this.maxLineChars);
		this.onLine(this.line, piece);
	}
}

/** A JSON object per line; blank lines skipped; a line that is not an object is reported, not thrown. */
export class NdjsonRowReader {
	private readonly lines: LineSplitter;

	constructor(
		onRecord: (line: number, record: Record<string, unknown> | undefined, problem?: 'bad_json' | 'not_an_object') => void,
		maxLineChars = DEFAULT_MAX_ROW_CHARS,
	) {
		this.lines = new LineSplitter((line, text) => {
			if (text.trim() === '') return;
			let value: unknown;
			try {
				value = JSON.parse(text);
			} catch {
				return onRecord(line, undefined, 'bad_json');
			}
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				return onRecord(line, undefined, 'not_an_object');
			}
			onRecord(line, value as Record<string, unknown>);
		}, maxLineChars);
	}

	push(text: string): void {
		this.lines.push(text);
	}

	finish(): void {
		this.lines.finish();
	}
}

/**
 * Column index per wanted name: header cells trimmed, a leading BOM dropped, compared case-insensitively.
 * `missing` lists the wanted names that are absent.
 */
export function findColumns<K extends string>(
	header: readonly string[],
	wanted: Readonly<Record<K, string>>,
): { index: Partial<Record<K, number>>; missing: K[] } {
	const names = header.map((cell, i) => (i === 0 ? cell.replace(/^\uFEFF/, '') : cell).trim().toLowerCase());
	const index: Partial<Record<K, number>> = {};
	const missing: K[] = [];
	for (const key of Object.keys(wanted) as K[]) {
		const at = names.indexOf(wanted[key].trim().toLowerCase());
		if (at < 0) missing.push(key);
		else index[key] = at;
	}
	return { index, missing };
}
