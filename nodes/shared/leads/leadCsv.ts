// Turns a TikTok lead export (Leads Center CSV, /page/lead/task/download/, or a hand-edited copy) into one record
// per lead. Every value stays a string, so 19-digit lead/ad/form IDs come out exactly as written.
// Pure: no n8n imports.

import { CsvDelimiter, detectDelimiter, isBlankRecord, parseCsv } from '../files/csv';
import { decodeText } from '../files/text';
import { tikTokTimeToMs } from '../time';

export type DelimiterOption = 'auto' | CsvDelimiter;

export interface LeadRow {
	row: number;
	line: number;
	data: Record<string, string>;
	warnings: string[];
}

export interface LeadCsvProblem {
	row: number;
	line: number;
	message: string;
	values: string[];
}

export interface LeadCsvResult {
	headers: string[];
	leads: LeadRow[];
	problems: LeadCsvProblem[];
	delimiter: CsvDelimiter;
	encoding: string;
	notes: string[];
}

const ID_COLUMN = /(^|[\s_.-])id$/i;
const SCIENTIFIC = /^\s*\d+(?:[.,]\d+)?e\+?\d+\s*$/i;

function uniqueHeaders(raw: string[], notes: string[]): string[] {
	const seen = new Map<string, number>();
	return raw.map((value, index) => {
		let name = value.normalize('NFC').trim();
		if (name === '') {
			name = `column_${index + 1}`;
			notes.push(`Column ${index + 1} has no header; its values are under "${name}"`);
		}
		const count = (seen.get(name) ?? 0) + 1;
		seen.set(name, count);
		if (count > 1) {
			const renamed = `${name}_${count}`;
			notes.push(`Header "${name}" appears more than once; column ${index + 1} is under "${renamed}"`);
			return renamed;
		}
		return name;
	});
}

/**
 * `bytes` is the file; `source` names it in messages. Malformed rows are returned in `problems` (never dropped
 * silently); the caller decides whether they are fatal.
 */
export function parseLeadCsv(bytes: Uint8Array, delimiterOption: DelimiterOption = 'auto'): LeadCsvResult {
	const { text, encoding } = decodeText(bytes);
	const delimiter = delimiterOption === 'auto' ? detectDelimiter(text) : delimiterOption;
	const records = parseCsv(text, delimiter);
	const notes: string[] = [];
	const result: LeadCsvResult = { headers: [], leads: [], problems: [], delimiter, encoding, notes };

	const headerIndex = records.findIndex((r) => !isBlankRecord(r));
	if (headerIndex === -1) return result;
	const headerRecord = records[headerIndex];
	if (headerRecord.problem) {
		result.problems.push({
			row: headerRecord.row,
			line: headerRecord.line,
			message: `Header row ${headerRecord.row} is malformed: ${headerRecord.problem}`,
			values: headerRecord.fields,
		});
		return result;
	}
	const headers = uniqueHeaders(headerRecord.fields, notes);
	result.headers = headers;
	const idColumns = headers.map((h) => ID_COLUMN.test(h));

	for (const record of records.slice(headerIndex + 1)) {
		if (isBlankRecord(record)) continue;
		const problem = record.problem ?? countProblem(record.fields, headers.length);
		if (problem) {
			result.problems.push({
				row: record.row,
				line: record.line,
				message: `Row ${record.row} (line ${record.line}) is malformed: ${problem}`,
				values: record.fields,
			});
			continue;
		}
		const data: Record<string, string> = {};
		const warnings: string[] = [];
		for (let c = 0; c < headers.length; c++) {
			const value = (record.fields[c] ?? '').normalize('NFC');
			// Defined, not assigned: a column headed "__proto__" stays an ordinary key.
			Object.defineProperty(data, headers[c], { value, enumerable: true, writable: true, configurable: true });
			if (idColumns[c] && SCIENTIFIC.test(value)) {
				warnings.push(
					`"${headers[c]}" is ${value}: a spreadsheet rounded this ID and the exact value is lost; export the file from TikTok again and import it without opening it in a spreadsheet`,
				);
			}
		}
		result.leads.push({ row: record.row, line: record.line, data, warnings });
	}
	return result;
}

function countProblem(fields: string[], expected: number): string | undefined {
	if (fields.length === expected) return undefined;
	if (fields.length > expected && fields.slice(expected).every((f) => f.trim() === '')) return undefined;
	return `it has ${fields.length} values but the header has ${expected} columns`;
}

/**
 * `create_time` of a TikTok lead file ("YYYY-MM-DD HH:MM:SS", UTC) as ISO 8601 like the Lead Trigger's `createdAt`.
 * Anything else gives null with a warning: a spreadsheet-reformatted date such as 3/1/2025 could be day-first or
 * month-first, so it is not guessed.
 */
export function leadCreatedAt(createTime: string | undefined): { createdAt: string | null; warning?: string } {
	const text = (createTime ?? '').trim();
	if (text === '') return { createdAt: null };
	const ms = tikTokTimeToMs(text);
	if (ms !== null) return { createdAt: new Date(ms).toISOString() };
	return {
		createdAt: null,
		warning: `"create_time" is "${text}", not TikTok's "YYYY-MM-DD HH:MM:SS" (UTC), so createdAt is null; "create_time" keeps the value as written`,
	};
}
