// RFC 4180 CSV reader that keeps going after a bad record so every problem can be reported with its row.
// Pure: no n8n imports.

export type CsvDelimiter = ',' | ';' | '\t' | '|';

export interface CsvRecord {
	/** 1-based record number as a spreadsheet shows it (the header is row 1, blank lines count). */
	row: number;
	/** 1-based physical line where the record starts (differs from row when quoted values span lines). */
	line: number;
	fields: string[];
	/** Set when the record's quoting is broken; fields then hold a best-effort reading. */
	problem?: string;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;
const CANDIDATES: CsvDelimiter[] = [',', ';', '\t', '|'];

/**
 * Picks the delimiter that occurs most often (outside quotes) in the first record. Spreadsheets saved in a
 * locale with a decimal comma (vi-VN among them) write ';'.
 */
export function detectDelimiter(text: string): CsvDelimiter {
	const counts = new Map<number, number>(CANDIDATES.map((d) => [d.charCodeAt(0), 0]));
	let inQuotes = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === QUOTE) inQuotes = !inQuotes;
		else if (!inQuotes && (c === LF || c === CR)) break;
		else if (!inQuotes && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
	}
	let best: CsvDelimiter = ',';
	let bestCount = 0;
	for (const d of CANDIDATES) {
		const n = counts.get(d.charCodeAt(0)) ?? 0;
		if (n > bestCount) {
			best = d;
			bestCount = n;
		}
	}
	return best;
}

/** Where the parser is in the text; one per parse, reused by every field so reading a field allocates nothing. */
interface Cursor {
	text: string;
	delim: number;
	i: number;
	line: number;
	/** The first problem of the current record. */
	problem?: string;
}

export function parseCsv(text: string, delimiter: CsvDelimiter): CsvRecord[] {
	const at: Cursor = { text, delim: delimiter.charCodeAt(0), i: 0, line: 1 };
	const n = text.length;
	const records: CsvRecord[] = [];
	let row = 0;
	while (at.i < n) {
		row++;
		const startLine = at.line;
		const fields: string[] = [];
		at.problem = undefined;
		for (;;) {
			if (at.i < n && text.charCodeAt(at.i) === QUOTE) {
				const closed = readQuoted(at, fields);
				if (!closed) break;
			} else {
				// A quote inside an unquoted value is kept literally: spreadsheets write 12" this way.
				const start = at.i;
				skipToFieldEnd(at);
				fields.push(text.slice(start, at.i));
			}
			if (at.i >= n) break;
			const c = text.charCodeAt(at.i);
			if (c === at.delim) {
				at.i++;
				continue;
			}
			at.i += c === CR && text.charCodeAt(at.i + 1) === LF ? 2 : 1;
			at.line++;
			break;
		}
		const { problem } = at;
		records.push(problem ? { row, line: startLine, fields, problem } : { row, line: startLine, fields });
	}
	return records;
}

/** Moves to the next delimiter or line end. */
function skipToFieldEnd(at: Cursor): void {
	const { text, delim } = at;
	const n = text.length;
	while (at.i < n) {
		const c = text.charCodeAt(at.i);
		if (c === delim || c === CR || c === LF) return;
		at.i++;
	}
}

/**
 * A quoted field ("" is a quote; line breaks inside are kept). false when the quote is never closed: the rest of
 * the text is the field and the record ends there.
 */
function readQuoted(at: Cursor, fields: string[]): boolean {
	const { text } = at;
	const n = text.length;
	const column = fields.length + 1;
	at.i++;
	let value = '';
	let segment = at.i;
	let closed = false;
	while (at.i < n) {
		const c = text.charCodeAt(at.i);
		if (c === QUOTE) {
			if (at.i + 1 < n && text.charCodeAt(at.i + 1) === QUOTE) {
				value += text.slice(segment, at.i + 1);
				at.i += 2;
				segment = at.i;
				continue;
			}
			value += text.slice(segment, at.i);
			at.i++;
			closed = true;
			break;
		}
		if (c === LF || (c === CR && text.charCodeAt(at.i + 1) !== LF)) at.line++;
		at.i++;
	}
	if (!closed) {
		at.problem ??= `column ${column} opens a quote that is never closed`;
		fields.push(value + text.slice(segment, at.i));
		return false;
	}
	const after = at.i;
	skipToFieldEnd(at);
	if (at.i > after) {
		at.problem ??= `column ${column} has text after its closing quote`;
		value += text.slice(after, at.i);
	}
	fields.push(value);
	return true;
}

export function isBlankRecord(record: CsvRecord): boolean {
	return !record.problem && record.fields.every((f) => f.trim() === '');
}
