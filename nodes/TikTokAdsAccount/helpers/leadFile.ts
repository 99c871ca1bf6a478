import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { csvFilesIn, LeadFileProblem, type CsvFile } from '../../shared/leads/leadFile';
import {
	leadCreatedAt,
	parseLeadCsv,
	type DelimiterOption,
	type LeadCsvResult,
	type LeadRow,
} from '../../shared/leads/leadCsv';
import { TextDecodeProblem } from '../../shared/files/text';

export function delimiterOption(): INodeProperties {
	return {
		displayName: 'Delimiter',
		name: 'delimiter',
		type: 'options',
		default: 'auto',
		options: [
			{ name: 'Auto-Detect', value: 'auto' },
			{ name: 'Comma (,)', value: ',' },
			{ name: 'Pipe (|)', value: '|' },
			{ name: 'Semicolon (;)', value: ';' },
			{ name: 'Tab', value: '\t' },
		],
		description:
			'Column separator. Auto-detect reads the header row; spreadsheets saved with a Vietnamese or European locale often use semicolons.',
	};
}

/** The CSV file(s) in what TikTok or the user gave us, with unreadable zips as node errors. */
function csvFiles(context: IExecuteFunctions, bytes: Uint8Array, name: string, itemIndex: number): CsvFile[] {
	let problem: LeadFileProblem;
	try {
		return csvFilesIn(bytes, name);
	} catch (error) {
		problem =
			error instanceof LeadFileProblem
				? error
				: new LeadFileProblem(`${name}: the file could not be read (${String(error)})`, 'Check that the file is a TikTok lead export.');
	}
	throw new NodeOperationError(context.getNode(), problem.message, { itemIndex, description: problem.hint });
}

export interface LeadFileOptions {
	/**
	 * Add an ISO `createdAt` next to `create_time`, as the Lead Trigger does. Only for files straight from TikTok's
	 * download, whose create_time is known to be UTC; an imported file may come from Leads Center or a spreadsheet
	 * in another time zone, so its times are left as written.
	 */
	addCreatedAt?: boolean;
}

/** The lead's fields in file order, with the ISO `createdAt` right after `create_time` when asked. */
function leadJson(lead: LeadRow, addCreatedAt: boolean): IDataObject {
	const warnings = [...lead.warnings];
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(lead.data)) {
		json[key] = value;
		if (addCreatedAt && key === 'create_time') {
			const { createdAt, warning } = leadCreatedAt(value);
			json.createdAt = createdAt;
			if (warning) warnings.push(warning);
		}
	}
	if (warnings.length) json._warnings = warnings;
	return json;
}

/** Whether this file can get `createdAt`, and if not, why (said once per file). */
function createdAtPlan(headers: string[], wanted: boolean): { add: boolean; note?: string } {
	if (!wanted) return { add: false };
	if (headers.includes('createdAt')) {
		return {
			add: false,
			note: 'The file has its own "createdAt" column: its values are kept as written and no ISO createdAt is added; "create_time" holds TikTok\'s UTC time',
		};
	}
	if (!headers.includes('create_time')) return { add: false, note: 'The file has no "create_time" column, so no createdAt was added' };
	return { add: true };
}

/**
 * One item per lead, values as strings exactly as in the file. Malformed rows: with Continue On Fail, one item
 * with `error` per bad row (in file order among the leads); otherwise the node stops naming the first bad row.
 * Notes about the file itself (renamed empty or duplicate headers) go once per file into the `_warnings` of its
 * first item, so the renamed columns are explained where the user sees them.
 */
export function leadFileToItems(
	context: IExecuteFunctions,
	bytes: Uint8Array,
	fileName: string,
	itemIndex: number,
	delimiter: DelimiterOption,
	options: LeadFileOptions = {},
): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	for (const file of csvFiles(context, bytes, fileName, itemIndex)) {
		const result = parseFile(context, file, delimiter, itemIndex);
		// A loop, not push(...): a lead file of 150,000+ rows would overflow the argument list.
		for (const item of fileItems(file.name, result, itemIndex, options)) out.push(item);
	}
	return out;
}

/** The file's leads and malformed rows; a file that cannot be read, or bad rows without Continue On Fail, stop. */
function parseFile(context: IExecuteFunctions, file: CsvFile, delimiter: DelimiterOption, itemIndex: number): LeadCsvResult {
	let result: LeadCsvResult;
	try {
		result = parseLeadCsv(file.bytes, delimiter);
	} catch (error) {
		const decoding = error instanceof TextDecodeProblem;
		throw new NodeOperationError(
			context.getNode(),
			`${file.name}: ${decoding ? error.message : `the file could not be read (${String(error)})`}`,
			{
				itemIndex,
				description: decoding
					? 'Save the file as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8; Google Sheets: File > Download > CSV) and import it again.'
					: 'Check that the file is a CSV export of TikTok leads.',
			},
		);
	}
	if (result.problems.length && !context.continueOnFail()) {
		const first = result.problems[0];
		const rows = result.problems.map((p) => p.row);
		throw new NodeOperationError(context.getNode(), `${first.message} in ${file.name}`, {
			itemIndex,
			description:
				`${result.problems.length} malformed row(s) in total (rows ${rows.slice(0, 20).join(', ')}${rows.length > 20 ? ', …' : ''}); ` +
				`${result.leads.length} row(s) are fine. Fix the file, or turn on Settings > On Error > Continue to get the good rows plus one error item per malformed row.`,
		});
	}
	return result;
}

/** One item per lead and per malformed row, in file order; the file's notes go on its first item. */
function fileItems(fileName: string, result: LeadCsvResult, itemIndex: number, options: LeadFileOptions): INodeExecutionData[] {
	const createdAt = createdAtPlan(result.headers, options.addCreatedAt === true);
	const fileNotes = createdAt.note ? [...result.notes, createdAt.note] : result.notes;
	const rows: Array<{ row: number; item: INodeExecutionData }> = [];
	for (const lead of result.leads) {
		const json = leadJson(lead, createdAt.add);
		rows.push({ row: lead.row, item: { json, pairedItem: { item: itemIndex } } });
	}
	for (const problem of result.problems) {
		rows.push({
			row: problem.row,
			item: {
				json: { error: `${problem.message} in ${fileName}`, row: problem.row, line: problem.line, values: problem.values },
				pairedItem: { item: itemIndex },
			},
		});
	}
	rows.sort((a, b) => a.row - b.row);
	if (fileNotes.length && rows.length) {
		const first = rows[0].item.json;
		const own = Array.isArray(first._warnings) ? (first._warnings as string[]) : [];
		first._warnings = [...fileNotes.map((note) => `${fileName}: ${note}`), ...own];
	}
	return rows.map((r) => r.item);
}
