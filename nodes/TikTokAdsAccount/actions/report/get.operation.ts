import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { parseIdList } from '../../../shared/lists';
import { DATA_LEVELS, ID_DIMENSION_OF_LEVEL, REPORT_TYPES, type DataLevel, type ReportType } from '../../report/catalog';
import { calendarDateIn, isKnownTimeZone, resolveRange, type DateRange, type RangePreset } from '../../report/dates';
import { validateReportSpec, type ReportSpec } from '../../report/query';
import type { RowContext } from '../../report/rows';
import { explainAdvertiserError, readId, toItems, type Operation } from '../../helpers/common';
import { reportDescription } from './get.description';
import { readReport, type FetchOptions } from '../../helpers/reportFetch';

export const description: Operation['description'] = reportDescription;

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const options = this.getNodeParameter('reportOptions', itemIndex, {}) as IDataObject;
	const context = await advertiserContext.call(this, advertiserId, itemIndex);
	const spec = readSpec(this, advertiserId, itemIndex, options, context.zone);
	const problems = validateReportSpec(spec);
	if (problems.length) {
		throw new NodeOperationError(this.getNode(), `${problems[0].message}`, {
			itemIndex,
			description: problems.map((p) => `${p.message}: ${p.fix}`).join(' '),
		});
	}
	const fetchOptions: FetchOptions = {
		mode: (options.mode as FetchOptions['mode']) ?? 'auto',
		asyncAboveRows: optionNumber(this, options.asyncAboveRows, 'Async Above Rows', [1, Number.MAX_SAFE_INTEGER, 20000], itemIndex),
		asyncMaxWaitMs: optionNumber(this, options.asyncMaxWaitMinutes, 'Async Max Wait (Minutes)', [1, 60, 10], itemIndex) * 60_000,
		itemIndex,
	};
	try {
		const rows = await readReport.call(this, spec, context.row, fetchOptions);
		return toItems(rows, itemIndex);
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
}

/** Currency and time zone of the ad account: attached to every row, and the zone decides what "yesterday" is. */
async function advertiserContext(
	this: IExecuteFunctions,
	advertiserId: string,
	itemIndex: number,
): Promise<{ row: RowContext; zone: string }> {
	let info: IDataObject = {};
	try {
		const { data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/advertiser/info/',
			qs: { advertiser_ids: [advertiserId], fields: ['advertiser_id', 'currency', 'timezone', 'display_timezone'] },
			itemIndex,
		});
		info = ((data.list as IDataObject[] | undefined) ?? [])[0] ?? {};
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
	// The first zone this runtime knows: an unknown display_timezone must not hide a usable timezone behind UTC.
	const zone = [info.display_timezone, info.timezone].find((z): z is string => typeof z === 'string' && z !== '' && isKnownTimeZone(z));
	return {
		row: { advertiserId, currency: typeof info.currency === 'string' ? info.currency : null, timezone: zone ?? null },
		zone: zone ?? 'UTC',
	};
}

function readSpec(
	context: IExecuteFunctions,
	advertiserId: string,
	itemIndex: number,
	options: IDataObject,
	zone: string,
): ReportSpec {
	const param = <T>(name: string, fallback: T) => context.getNodeParameter(name, itemIndex, fallback) as T;
	const reportType = pick(param('reportType', 'BASIC'), REPORT_TYPES, 'BASIC') as ReportType;
	const dataLevel = pick(param('dataLevel', 'AUCTION_CAMPAIGN'), DATA_LEVELS, 'AUCTION_CAMPAIGN') as DataLevel;
	const time = param<string>('timeBreakdown', 'stat_time_day');
	const dimensions = [ID_DIMENSION_OF_LEVEL[dataLevel], ...(time === 'none' ? [] : [time]), ...param<string[]>('breakdowns', [])];
	const metrics = [...new Set([...param<string[]>('metrics', []), ...splitList(param('otherMetrics', ''))])];
	const preset = param<string>('dateRange', 'yesterday');
	const custom: DateRange = { start: param('startDate', '').trim().slice(0, 10), end: param('endDate', '').trim().slice(0, 10) };
	const range =
		preset === 'lifetime'
			? undefined
			: resolveRange(preset as RangePreset, calendarDateIn(Date.now(), zone), custom, Math.floor(optionNumber(context, options.lookbackDays, 'Look-Back Days', [0, 60, 0], itemIndex)));
	return {
		advertiserId,
		reportType,
		dataLevel,
		dimensions,
		metrics,
		range,
		campaignIds: ids(context, options.campaignIds, 'campaign IDs', itemIndex),
		adgroupIds: ids(context, options.adgroupIds, 'ad group IDs', itemIndex),
		adIds: ids(context, options.adIds, 'ad IDs', itemIndex),
		objectiveTypes: splitList(String(options.objectiveTypes ?? '')).map((o) => o.toUpperCase()),
		includeDeleted: options.includeDeleted === true,
	};
}

/**
 * A numeric option, checked at run time too: an expression bypasses the editor's min/max, and a look-back of
 * 1e9 days would otherwise end in "Invalid time value", a wait of "soon" in a misleading timeout.
 */
function optionNumber(
	context: IExecuteFunctions,
	value: unknown,
	label: string,
	[min, max, fallback]: [number, number, number],
	itemIndex: number,
): number {
	if (value === undefined || value === null || value === '') return fallback;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (Number.isFinite(n) && n >= min && n <= max) return n;
	throw new NodeOperationError(context.getNode(), `${label} must be a number from ${min} to ${max}, not ${JSON.stringify(String(value).slice(0, 40))}`, {
		itemIndex,
		description: `Set the option '${label}' to a number between ${min} and ${max}, or check the expression that fills it.`,
	});
}

function pick(value: string, allowed: readonly string[], fallback: string): string {
	return allowed.includes(value) ? value : fallback;
}

function splitList(value: string): string[] {
	return value.split(/[,\n]/).map((v) => v.trim()).filter(Boolean);
}

function ids(context: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string[] {
	const { ids: list, invalid } = parseIdList(String(value ?? ''));
	if (invalid.length) {
		throw new NodeOperationError(context.getNode(), `Not a TikTok ID in ${label}: ${invalid.slice(0, 3).join(', ')}`, {
			itemIndex,
			description: 'IDs are made of digits only; separate several with commas.',
		});
	}
	return list;
}
