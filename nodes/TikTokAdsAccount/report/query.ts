import {
	AUDIENCE_DIMENSIONS,
	BASIC_BREAKDOWNS,
	ID_DIMENSIONS,
	ID_DIMENSION_OF_LEVEL,
	MAX_DAYS,
	MAX_DIMENSIONS,
	TIME_DIMENSIONS,
	type DataLevel,
	type ReportType,
} from './catalog';
import { daysIn, isValidDate, type DateRange } from './dates';

/** What a user asked for, before it is cut into requests. */
export interface ReportSpec {
	advertiserId: string;
	reportType: ReportType;
	dataLevel: DataLevel;
	dimensions: string[];
	metrics: string[];
	/** undefined = lifetime metrics. */
	range?: DateRange;
	campaignIds: string[];
	adgroupIds: string[];
	adIds: string[];
	objectiveTypes: string[];
	includeDeleted: boolean;
}

/** A refused combination: what is wrong and how to fix it, both for the editor's error box. */
export interface SpecProblem {
	message: string;
	fix: string;
}

const KNOWN_DIMENSIONS = new Set<string>([...ID_DIMENSIONS, ...TIME_DIMENSIONS, ...AUDIENCE_DIMENSIONS]);
const NAME = /^[a-z][a-z0-9_]{0,99}$/;

export function timeDimensionOf(dimensions: string[]): 'stat_time_day' | 'stat_time_hour' | undefined {
	return TIME_DIMENSIONS.find((d) => dimensions.includes(d));
}

/** The longest range one request may cover for these dimensions. */
export function maxDaysPerRequest(dimensions: string[]): number {
	return MAX_DAYS[timeDimensionOf(dimensions) ?? 'none'];
}

/**
 * Every combination TikTok refuses, checked before a request leaves: the user gets the fix at once instead of
 * a 40002 from the middle of a paged run. Daily ranges over 30 days are not refused: the caller splits them.
 */
export function validateReportSpec(spec: ReportSpec): SpecProblem[] {
	return [...dimensionProblems(spec), ...metricProblems(spec), ...rangeProblems(spec)];
}

function dimensionProblems(spec: ReportSpec): SpecProblem[] {
	const problems: SpecProblem[] = [];
	const dims = spec.dimensions;
	const levelId = ID_DIMENSION_OF_LEVEL[spec.dataLevel];
	if (dims.length === 0) {
		problems.push({ message: 'No dimension was chosen', fix: `Add ${levelId} (one row per ${levelId.replace('_id', '')}) and, for one row per day, stat_time_day.` });
	}
	if (dims.length > MAX_DIMENSIONS) {
		problems.push({ message: `${dims.length} dimensions were chosen; TikTok groups by at most ${MAX_DIMENSIONS}`, fix: 'Remove dimensions until at most four are left.' });
	}
	for (const d of dims) {
		if (!KNOWN_DIMENSIONS.has(d)) problems.push({ message: `"${d}" is not a dimension this node can ask for`, fix: `Use one of: ${[...KNOWN_DIMENSIONS].join(', ')}.` });
	}
	const ids = dims.filter((d) => (ID_DIMENSIONS as readonly string[]).includes(d));
	if (ids.length > 1 || (ids.length === 1 && ids[0] !== levelId)) {
		problems.push({ message: `The data level ${spec.dataLevel} groups by ${levelId}, but the dimensions ask for ${ids.join(' and ')}`, fix: `Keep only ${levelId} as the ID dimension, or change the data level.` });
	}
	if (dims.filter((d) => (TIME_DIMENSIONS as readonly string[]).includes(d)).length > 1) {
		problems.push({ message: 'Both stat_time_day and stat_time_hour were chosen', fix: 'Keep one time dimension: stat_time_day for daily rows or stat_time_hour for hourly rows.' });
	}
	const breakdowns = dims.filter((d) => (AUDIENCE_DIMENSIONS as readonly string[]).includes(d));
	if (spec.reportType === 'BASIC') {
		const notBasic = breakdowns.filter((d) => !(BASIC_BREAKDOWNS as readonly string[]).includes(d));
		if (notBasic.length) problems.push({ message: `The Basic report cannot break down by ${notBasic.join(', ')}`, fix: 'Set Report Type to Audience for age, gender, platform and other audience breakdowns.' });
	} else if (breakdowns.length === 0) {
		problems.push({ message: 'An Audience report needs an audience breakdown', fix: 'Add a dimension such as age, gender or country_code, or set Report Type to Basic.' });
	}
	return problems;
}

function metricProblems(spec: ReportSpec): SpecProblem[] {
	if (spec.metrics.length === 0) return [{ message: 'No metric was chosen', fix: 'Pick at least one metric, for example spend.' }];
	const bad = spec.metrics.filter((m) => !NAME.test(m));
	return bad.length
		? [{ message: `Not a metric name: ${bad.map((m) => JSON.stringify(m.slice(0, 40))).join(', ')}`, fix: 'Metric names are lowercase words joined by underscores, e.g. cost_per_conversion.' }]
		: [];
}

function rangeProblems(spec: ReportSpec): SpecProblem[] {
	const time = timeDimensionOf(spec.dimensions);
	if (!spec.range) {
		const problems: SpecProblem[] = [];
		if (time) problems.push({ message: `Lifetime metrics cannot be broken down by ${time}`, fix: 'Remove the time dimension, or choose a date range instead of Lifetime.' });
		if (spec.reportType !== 'BASIC') problems.push({ message: 'The Audience report has no lifetime metrics', fix: 'Choose a date range, or set Report Type to Basic.' });
		if (spec.dimensions.includes('country_code')) problems.push({ message: 'Lifetime metrics cannot be broken down by country_code', fix: 'Remove country_code, or choose a date range.' });
		return problems;
	}
	const { start, end } = spec.range;
	for (const [label, value] of [['start', start], ['end', end]] as const) {
		if (!isValidDate(value)) return [{ message: `The ${label} date "${value}" is not a date`, fix: 'Write dates as YYYY-MM-DD, e.g. 2026-12-01.' }];
	}
	if (start > end) return [{ message: `The range starts (${start}) after it ends (${end})`, fix: 'Swap the start and end dates.' }];
	const days = daysIn(spec.range);
	if (time === 'stat_time_hour' && days > MAX_DAYS.stat_time_hour) {
		return [{ message: `Hourly rows cover one day per report; ${start} to ${end} is ${days} days`, fix: 'Pick a single day (e.g. Yesterday), or use stat_time_day for daily rows.' }];
	}
	if (!time && days > MAX_DAYS.none) {
		return [{ message: `Without a time dimension a report covers at most 365 days; ${start} to ${end} is ${days} days`, fix: 'Shorten the range, or add stat_time_day so the node can read it in 30-day parts.' }];
	}
	return [];
}

/** TikTok's filtering list for the spec (ID filters, objective, deleted objects). */
export function buildFiltering(spec: ReportSpec): Array<{ field_name: string; filter_type: string; filter_value: string }> {
	const filters: Array<{ field_name: string; filter_type: string; filter_value: string }> = [];
	const add = (field: string, values: string[]) => {
		if (values.length) filters.push({ field_name: field, filter_type: 'IN', filter_value: JSON.stringify(values) });
	};
	add('campaign_ids', spec.campaignIds);
	add('adgroup_ids', spec.adgroupIds);
	add('ad_ids', spec.adIds);
	add('objective_type', spec.objectiveTypes);
	if (spec.includeDeleted) {
		const statusField = { AUCTION_ADVERTISER: undefined, AUCTION_CAMPAIGN: 'campaign_status', AUCTION_ADGROUP: 'adgroup_status', AUCTION_AD: 'ad_status' }[spec.dataLevel];
		if (statusField) add(statusField, ['STATUS_ALL']);
	}
	return filters;
}

/** The query of one synchronous page (lists stay arrays; the transport JSON-encodes them). */
export function buildSyncQuery(spec: ReportSpec, range: DateRange | undefined, page: number, pageSize: number): Record<string, unknown> {
	const filtering = buildFiltering(spec);
	return {
		advertiser_id: spec.advertiserId,
		service_type: 'AUCTION',
		report_type: spec.reportType,
		data_level: spec.dataLevel,
		dimensions: spec.dimensions,
		metrics: spec.metrics,
		...(range ? { start_date: range.start, end_date: range.end } : { query_lifetime: true }),
		...(filtering.length ? { filtering } : {}),
		page,
		page_size: pageSize,
	};
}

/** The JSON body of an asynchronous report task for the same query (CSV with field names as headers). */
export function buildTaskBody(spec: ReportSpec, range: DateRange | undefined): Record<string, unknown> {
	const query = buildSyncQuery(spec, range, 1, 1);
	delete query.page;
	delete query.page_size;
	return { ...query, output_format: 'CSV_STRING', enable_report_title_translation: false };
}
