import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { redactForCredential, tikTokApiRequest } from '../../shared/transport';
import { detectDelimiter, isBlankRecord, parseCsv } from '../../shared/files/csv';
import { MAX_PAGE_SIZE } from '../report/catalog';
import { halveRange, splitRange, type DateRange } from '../report/dates';
import { buildSyncQuery, buildTaskBody, maxDaysPerRequest, timeDimensionOf, type ReportSpec } from '../report/query';
import { flattenReportRow, splitCsvRow, type RowContext } from '../report/rows';
import { explainAdvertiserError, tikTokCode } from './common';

export interface FetchOptions {
	mode: 'auto' | 'sync' | 'async';
	asyncAboveRows: number;
	asyncMaxWaitMs: number;
	itemIndex: number;
}

type Row = Record<string, string | number | null>;

/** TikTok's answer when one report query covers too much (reported by users of other connectors). */
const QUERY_TOO_LARGE = 40067;
/** A server that keeps announcing pages cannot keep the node reading forever. */
const MAX_PAGES = 2000;

/** Every row of the report: the range in parts TikTok accepts, each part paged or read as an async task. */
export async function readReport(
	this: IExecuteFunctions,
	spec: ReportSpec,
	context: RowContext,
	options: FetchOptions,
): Promise<Row[]> {
	const parts: Array<DateRange | undefined> = spec.range ? splitRange(spec.range, maxDaysPerRequest(spec.dimensions)) : [undefined];
	const rows: Row[] = [];
	for (const part of parts) {
		// A loop, not push(...part): an async report of 150,000+ rows would overflow the argument list.
		for (const row of await readPart.call(this, spec, part, context, options)) rows.push(row);
	}
	return rows;
}

/** One part; a "query too large" answer halves a daily range and reads both halves. */
async function readPart(
	this: IExecuteFunctions,
	spec: ReportSpec,
	range: DateRange | undefined,
	context: RowContext,
	options: FetchOptions,
): Promise<Row[]> {
	try {
		return options.mode === 'async'
			? await readTask.call(this, spec, range, context, options)
			: await readPages.call(this, spec, range, context, options);
	} catch (error) {
		if (tikTokCode(error) !== QUERY_TOO_LARGE) throw explainAdvertiserError(error, spec.advertiserId);
		// Only daily rows split cleanly: totals over a range cannot be rebuilt from the totals of its halves.
		const halves = range && timeDimensionOf(spec.dimensions) === 'stat_time_day' ? halveRange(range) : undefined;
		if (!halves) {
			throw new NodeOperationError(this.getNode(), 'TikTok says the report query is too large', {
				itemIndex: options.itemIndex,
				description: 'Add the Day time breakdown (the node then reads the range in smaller parts), shorten the date range, or filter by campaign IDs.',
			});
		}
		const first = await readPart.call(this, spec, halves[0], context, options);
		return [...first, ...(await readPart.call(this, spec, halves[1], context, options))];
	}
}

async function readPages(
	this: IExecuteFunctions,
	spec: ReportSpec,
	range: DateRange | undefined,
	context: RowContext,
	options: FetchOptions,
): Promise<Row[]> {
	const rows: Row[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const { data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/report/integrated/get/',
			qs: buildSyncQuery(spec, range, page, MAX_PAGE_SIZE) as IDataObject,
			itemIndex: options.itemIndex,
		});
		const info = (data.page_info ?? {}) as IDataObject;
		if (page === 1 && options.mode === 'auto' && Number(info.total_number ?? 0) > options.asyncAboveRows) {
			return await readTask.call(this, spec, range, context, options);
		}
		const list = reportRows(this, data.list, options.itemIndex);
		for (const entry of list) {
			rows.push(flattenReportRow((entry.dimensions ?? {}) as IDataObject, (entry.metrics ?? {}) as IDataObject, context));
		}
		if (list.length === 0 || page >= Number(info.total_page ?? 1)) return rows;
	}
	throw new NodeOperationError(this.getNode(), `TikTok announced more than ${MAX_PAGES} report pages`, {
		itemIndex: options.itemIndex,
		description: 'Narrow the report (shorter range, fewer breakdowns, or campaign IDs) or use Mode: Asynchronous Task.',
	});
}

/** The page's row list, or a clear error when the server sent something else (never a TypeError). */
function reportRows(context: IExecuteFunctions, list: unknown, itemIndex: number): IDataObject[] {
	if (list === undefined || list === null) return [];
	const rows = Array.isArray(list) ? list : undefined;
	const bad = rows ? rows.findIndex((r) => typeof r !== 'object' || r === null || Array.isArray(r)) : -1;
	if (rows && bad === -1) return rows as IDataObject[];
	throw new NodeOperationError(context.getNode(), `TikTok's report answer was malformed: ${rows ? `row ${bad + 1} is not an object` : 'data.list is not a list'}`, {
		itemIndex,
		description: 'Run the node again; if it keeps failing, use Mode: Asynchronous Task or a shorter range.',
	});
}

/** The asynchronous report task: create, wait (bounded), download the CSV. */
async function readTask(
	this: IExecuteFunctions,
	spec: ReportSpec,
	range: DateRange | undefined,
	context: RowContext,
	options: FetchOptions,
): Promise<Row[]> {
	const { data } = await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/report/task/create/',
		body: buildTaskBody(spec, range) as IDataObject,
		itemIndex: options.itemIndex,
		idempotent: false,
	});
	const taskId = String(data.task_id ?? '');
	await waitForTask.call(this, spec.advertiserId, taskId, options);
	const { data: file } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/report/task/download/',
		qs: { advertiser_id: spec.advertiserId, task_id: taskId },
		itemIndex: options.itemIndex,
		raw: true,
	});
	if (!Buffer.isBuffer(file)) {
		throw new NodeOperationError(this.getNode(), `The report task ${taskId} did not return a CSV file`, {
			itemIndex: options.itemIndex,
			description: 'Run the node again; if it keeps failing, use Mode: Synchronous with a shorter range.',
		});
	}
	return csvRows.call(this, file.toString('utf8'), new Set(spec.dimensions), context, options.itemIndex);
}

async function waitForTask(this: IExecuteFunctions, advertiserId: string, taskId: string, options: FetchOptions): Promise<void> {
	const started = Date.now();
	let delay = 1000;
	for (;;) {
		const { data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/report/task/check/',
			qs: { advertiser_id: advertiserId, task_id: taskId },
			itemIndex: options.itemIndex,
		});
		const status = String(data.status ?? '');
		if (status === 'SUCCESS') return;
		if (status === 'FAILED' || status === 'CANCELED') {
			const said = data.message ? `: ${await taskMessage.call(this, data.message)}` : '';
			throw new NodeOperationError(this.getNode(), `TikTok's report task ${taskId} ended ${status}${said}`, {
				itemIndex: options.itemIndex,
				description: 'Check the metrics and dimensions for this report type, then run the node again.',
			});
		}
		if (Date.now() - started + delay > options.asyncMaxWaitMs) {
			throw new NodeOperationError(this.getNode(), `TikTok's report task ${taskId} was not ready within the wait limit (last status ${status || 'unknown'})`, {
				itemIndex: options.itemIndex,
				description: "Raise the option 'Async Max Wait (Minutes)', or read a shorter range.",
			});
		}
		await sleep(delay);
		delay = Math.min(delay * 2, 15_000);
	}
}

/** The server's own words, short and without anything that looks like a credential. */
async function taskMessage(this: IExecuteFunctions, message: unknown): Promise<string> {
	const text = await redactForCredential.call(this, String(message));
	return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function csvRows(
	this: IExecuteFunctions,
	text: string,
	dimensions: ReadonlySet<string>,
	context: RowContext,
	itemIndex: number,
): Row[] {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const records = parseCsv(body, detectDelimiter(body)).filter((r) => !isBlankRecord(r));
	if (records.length === 0) return [];
	const header = records[0].fields.map((h) => h.trim());
	// A broken quote or a cut-off download shifts or swallows rows: refuse the file rather than return part of it.
	const broken = records.find((r) => r.problem !== undefined || r.fields.length !== header.length);
	if (broken) {
		throw new NodeOperationError(this.getNode(), `The report task's CSV is damaged at row ${broken.row}: ${broken.problem ?? `${broken.fields.length} fields under ${header.length} column titles`}`, {
			itemIndex,
			description: 'Run the node again (the download may have been cut off); if it keeps failing, use Mode: Synchronous.',
		});
	}
	return records.slice(1).map((record) => {
		const { dimensions: dims, metrics } = splitCsvRow(header, record.fields, dimensions);
		return flattenReportRow(dims, metrics, context);
	});
}
