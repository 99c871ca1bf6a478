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

export function parseCsv(text: string, delimiter: CsvDelimiter): CsvRecord[] {
	const delim = delimiter.charCodeAt(0);
	const n = text.length;
	const records: CsvRecord[] = [];
	let i = 0;
	let line = 1;
	let row = 0;
	while (i < n) {
		row++;
		const startLine = line;
		const fields: string[] = [];
		let problem: string | undefined;
		for (;;) {
			if (i < n && text.charCodeAt(i) === QUOTE) {
				const column = fields.length + 1;
				i++;
				let value = '';
				let segment = i;
				let closed = false;
				while (i < n) {
					const c = text.charCodeAt(i);
					if (c === QUOTE) {
						if (i + 1 < n && text.charCodeAt(i + 1) === QUOTE) {
							value += text.slice(segment, i + 1);
							i += 2;
							segment = i;
							continue;
						}
						value += text.slice(segment, i);
						i++;
						closed = true;
						break;
					}
					if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
					i++;
				}
				if (!closed) {
					value += text.slice(segment, i);
					problem ??= `column ${column} opens a quote that is never closed`;
					fields.push(value);
					break;
				}
				const after = i;
				while (i < n) {
					const c = text.charCodeAt(i);
					if (c === delim || c === CR || c === LF) break;
					i++;
				}
				if (i > after) {
					problem ??= `column ${column} has text after its closing quote`;
					value += text.slice(after, i);
				}
				fields.push(value);
			} else {
				// A quote inside an unquoted value is kept literally: spreadsheets write 12" this way.
				const start = i;
				while (i < n) {
					const c = text.charCodeAt(i);
					if (c === delim || c === CR || c === LF) break;
					i++;
				}
				fields.push(text.slice(start, i));
			}
			if (i >= n) break;
			const c = text.charCodeAt(i);
			if (c === delim) {
				i++;
				continue;
			}
			i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
			line++;
			break;
		}
		records.push(problem ? { row, line: startLine, fields, problem } : { row, line: startLine, fields });
	}
	return records;
}

export function isBlankRecord(record: CsvRecord): boolean {
	return !record.problem && record.fields.every((f) => f.trim() === '');
}
