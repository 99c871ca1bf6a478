import { calendarDateIn, halveRange, resolveRange, splitRange } from '../../../nodes/TikTokAdsAccount/report/dates';
import { buildFiltering, validateReportSpec, type ReportSpec } from '../../../nodes/TikTokAdsAccount/report/query';
import { flattenReportRow, parseMetricValue } from '../../../nodes/TikTokAdsAccount/report/rows';

const spec = (extra: Partial<ReportSpec> = {}): ReportSpec => ({
	advertiserId: '7000000000000000001',
	reportType: 'BASIC',
	dataLevel: 'AUCTION_CAMPAIGN',
	dimensions: ['campaign_id', 'stat_time_day'],
	metrics: ['spend'],
	range: { start: '2026-12-01', end: '2026-12-05' },
	campaignIds: [],
	adgroupIds: [],
	adIds: [],
	objectiveTypes: [],
	includeDeleted: false,
	...extra,
});

describe('report dates', () => {
	it('yesterday is a calendar day of the advertiser zone', () => {
		// 2026-12-05 20:00 UTC is already 2026-12-06 in Ho Chi Minh City (UTC+7) and still 12-05 in New York.
		const at = Date.UTC(2026, 11, 5, 20, 0, 0);
		expect(calendarDateIn(at, 'Asia/Ho_Chi_Minh')).toBe('2026-12-06');
		expect(calendarDateIn(at, 'America/New_York')).toBe('2026-12-05');
		expect(calendarDateIn(at, 'Etc/GMT-7')).toBe('2026-12-06');
		expect(calendarDateIn(at, 'Not/AZone')).toBe('2026-12-05');
	});

	it.each([
		['yesterday', { start: '2026-12-05', end: '2026-12-05' }],
		['today', { start: '2026-12-06', end: '2026-12-06' }],
		['last7', { start: '2026-11-29', end: '2026-12-05' }],
		['last30', { start: '2026-11-06', end: '2026-12-05' }],
		['thisMonth', { start: '2026-12-01', end: '2026-12-06' }],
		['lastMonth', { start: '2026-11-01', end: '2026-11-30' }],
	] as const)('%s from 2026-12-06', (preset, expected) => {
		expect(resolveRange(preset, '2026-12-06', { start: '', end: '' })).toEqual(expected);
	});

	it('last month across a year boundary and a look-back widening', () => {
		expect(resolveRange('lastMonth', '2027-01-15', { start: '', end: '' })).toEqual({ start: '2026-12-01', end: '2026-12-31' });
		expect(resolveRange('yesterday', '2026-03-01', { start: '', end: '' }, 3)).toEqual({ start: '2026-02-25', end: '2026-02-28' });
	});

	it('splits into parts that cover the range exactly, and halves', () => {
		expect(splitRange({ start: '2026-01-01', end: '2026-03-01' }, 30)).toEqual([
			{ start: '2026-01-01', end: '2026-01-30' },
			{ start: '2026-01-31', end: '2026-03-01' },
		]);
		expect(splitRange({ start: '2026-01-01', end: '2026-01-01' }, 30)).toEqual([{ start: '2026-01-01', end: '2026-01-01' }]);
		expect(halveRange({ start: '2026-01-01', end: '2026-01-05' })).toEqual([
			{ start: '2026-01-01', end: '2026-01-03' },
			{ start: '2026-01-04', end: '2026-01-05' },
		]);
		expect(halveRange({ start: '2026-01-01', end: '2026-01-01' })).toBeUndefined();
	});
});

describe('validateReportSpec', () => {
	it('accepts a daily campaign report and a 60-day daily range (split later)', () => {
		expect(validateReportSpec(spec())).toEqual([]);
		expect(validateReportSpec(spec({ range: { start: '2026-01-01', end: '2026-03-01' } }))).toEqual([]);
	});

	it.each([
		[{ dimensions: ['campaign_id', 'stat_time_hour'] }, 'Hourly rows cover one day per report; 2026-12-01 to 2026-12-05 is 5 days'],
		[{ dimensions: ['ad_id', 'stat_time_day'] }, 'The data level AUCTION_CAMPAIGN groups by campaign_id, but the dimensions ask for ad_id'],
		[{ dimensions: ['campaign_id'], range: { start: '2025-01-01', end: '2026-12-01' } }, 'Without a time dimension a report covers at most 365 days; 2025-01-01 to 2026-12-01 is 700 days'],
		[{ range: { start: '2026-02-30', end: '2026-03-01' } }, 'The start date "2026-02-30" is not a date'],
		[{ range: undefined }, 'Lifetime metrics cannot be broken down by stat_time_day'],
		[{ metrics: [] }, 'No metric was chosen'],
	])('refuses %j', (extra, message) => {
		const problems = validateReportSpec(spec(extra as Partial<ReportSpec>));
		expect(problems.map((p) => p.message)).toContain(message);
		for (const p of problems) expect(p.fix.length).toBeGreaterThan(10);
	});
});

describe('report rows', () => {
	it('numbers become numbers; "-", "" and null become null; text metrics stay text', () => {
		expect(parseMetricValue('spend', '123.45')).toBe(123.45);
		expect(parseMetricValue('impressions', '0')).toBe(0);
		expect(parseMetricValue('cost_per_conversion', '-')).toBeNull();
		expect(parseMetricValue('ctr', '')).toBeNull();
		expect(parseMetricValue('ctr', null)).toBeNull();
		expect(parseMetricValue('campaign_name', '2026')).toBe('2026');
		expect(parseMetricValue('ctr', 'N/A')).toBe('N/A');
	});

	it('keeps 19-digit ids exact and adds the date and the account context', () => {
		const row = flattenReportRow(
			{ campaign_id: '7234567890123456789', stat_time_day: '2026-12-05 00:00:00' },
			{ spend: '10.50', conversion: '-' },
			{ advertiserId: '7000000000000000001', currency: 'VND', timezone: 'Asia/Ho_Chi_Minh' },
		);
		expect(row).toEqual({
			campaign_id: '7234567890123456789',
			stat_time_day: '2026-12-05 00:00:00',
			date: '2026-12-05',
			spend: 10.5,
			conversion: null,
			advertiserId: '7000000000000000001',
			currency: 'VND',
			timezone: 'Asia/Ho_Chi_Minh',
		});
	});

	it('server-chosen keys that Object.prototype also has stay own fields, and the prototype stays untouched', () => {
		const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "campaign_id": {"nested": 1}}') as Record<string, unknown>;
		const row = flattenReportRow(hostile, { constructor: '5', toString: '6', hasOwnProperty: '-' }, { advertiserId: '1', currency: null, timezone: null });
		expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.keys(row)).toEqual(['__proto__', 'campaign_id', 'constructor', 'toString', 'hasOwnProperty', 'advertiserId', 'currency', 'timezone']);
		expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('{"polluted":"yes"}');
		expect(row.campaign_id).toBe('{"nested":1}');
		expect(Object.getOwnPropertyDescriptor(row, 'constructor')?.value).toBe(5);
		expect(Object.getOwnPropertyDescriptor(row, 'toString')?.value).toBe(6);
		expect(Object.getOwnPropertyDescriptor(row, 'hasOwnProperty')?.value).toBeNull();
	});

	it('odd metric texts: overflow, NaN, hex and padded numbers', () => {
		expect(parseMetricValue('spend', ' 12 ')).toBe(12);
		expect(parseMetricValue('spend', '1e400')).toBe('1e400');
		expect(parseMetricValue('spend', 'NaN')).toBe('NaN');
		expect(parseMetricValue('spend', '0x10')).toBe('0x10');
		expect(parseMetricValue('spend', Number.NaN)).toBeNull();
	});

	it('filters travel as IN lists with JSON-array values', () => {
		expect(buildFiltering(spec({ adIds: ['1', '2'], objectiveTypes: ['LEAD_GENERATION'] }))).toEqual([
			{ field_name: 'ad_ids', filter_type: 'IN', filter_value: '["1","2"]' },
			{ field_name: 'objective_type', filter_type: 'IN', filter_value: '["LEAD_GENERATION"]' },
		]);
	});
});
