import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { advertiserIds, locator, NODE } from './helpers';

const DAY = 86_400_000;
/** Calendar date at a fixed UTC offset (the seeded VN and BR advertisers' zones have no daylight saving). */
const dateAtOffset = (offsetHours: number, daysBack: number) =>
	new Date(Date.now() + offsetHours * 3_600_000 - daysBack * DAY).toISOString().slice(0, 10);

const REPORT = '/report/integrated/get/';

function params(advertiserId: string, extra: IDataObject = {}): IDataObject {
	return {
		resource: 'report',
		operation: 'get',
		advertiserId: locator(advertiserId),
		reportType: 'BASIC',
		dataLevel: 'AUCTION_CAMPAIGN',
		timeBreakdown: 'stat_time_day',
		metrics: ['spend', 'impressions', 'clicks', 'conversion', 'cost_per_conversion'],
		dateRange: 'yesterday',
		...extra,
	};
}

const decoded = (q: Record<string, unknown>, key: string) => (typeof q[key] === 'string' ? JSON.parse(q[key] as string) : q[key]) as unknown;

describe('Report > Get Report', () => {
	let emu: Emulator;
	let vn: string;
	let br: string;
	beforeAll(async () => {
		emu = await startEmulator({ advertiserCount: 6 });
		const ids = advertiserIds(emu);
		vn = ids[0]; // Asia/Ho_Chi_Minh, VND
		br = ids[5]; // America/Sao_Paulo, BRL
	});
	afterAll(async () => emu.close());
	beforeEach(() => emu.reset());

	const run = (p: IDataObject, continueOnFail = false) =>
		runNode(NODE, p, [{}], { credentials: emulatorCredentials(emu), continueOnFail });

	it('reads yesterday of the advertiser time zone (UTC+7), one item per campaign with exact ids, numbers and currency', async () => {
		const { items, error } = await run(params(vn));
		expect(error).toBeUndefined();
		const [request] = emu.requestsTo(REPORT);
		expect(request.query.start_date).toBe(dateAtOffset(7, 1));
		expect(request.query.end_date).toBe(dateAtOffset(7, 1));
		expect(request.query.data_level).toBe('AUCTION_CAMPAIGN');
		expect(decoded(request.query, 'dimensions')).toEqual(['campaign_id', 'stat_time_day']);
		expect(request.query.page_size).toBe('1000');
		expect(items).toHaveLength(6);
		for (const item of items) {
			expect(item.json.campaign_id).toMatch(/^\d{19}$/);
			expect(item.json.date).toBe(dateAtOffset(7, 1));
			expect(item.json.stat_time_day).toBe(`${dateAtOffset(7, 1)} 00:00:00`);
			expect(typeof item.json.spend).toBe('number');
			expect(typeof item.json.impressions).toBe('number');
			expect(item.json.currency).toBe('VND');
			expect(item.json.timezone).toBe('Asia/Ho_Chi_Minh');
			expect(item.json.advertiserId).toBe(vn);
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('a UTC-3 advertiser gets its own yesterday, not the server one', async () => {
		await run(params(br, { dateRange: 'last7' }));
		const [request] = emu.requestsTo(REPORT);
		expect(request.query.start_date).toBe(dateAtOffset(-3, 7));
		expect(request.query.end_date).toBe(dateAtOffset(-3, 1));
	});

	it.each([
		['AUCTION_ADVERTISER', 'advertiser_id', 1],
		['AUCTION_CAMPAIGN', 'campaign_id', 6],
		['AUCTION_ADGROUP', 'adgroup_id', 12],
		['AUCTION_AD', 'ad_id', 84],
	])('data level %s groups by %s (%i rows a day)', async (level, idDimension, rows) => {
		const { items, error } = await run(params(vn, { dataLevel: level }));
		expect(error).toBeUndefined();
		expect(decoded(emu.requestsTo(REPORT)[0].query, 'dimensions')).toEqual([idDimension, 'stat_time_day']);
		expect(items).toHaveLength(rows);
		expect(new Set(items.map((i) => i.json[idDimension])).size).toBe(rows);
	});

	it('reads every page of a 2,520-row report (84 ads x 30 days) in pages of 1,000', async () => {
		const { items } = await run(params(vn, { dataLevel: 'AUCTION_AD', dateRange: 'last30' }));
		const requests = emu.requestsTo(REPORT);
		expect(requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(items).toHaveLength(2520);
		expect(new Set(items.map((i) => `${i.json.ad_id}|${i.json.date}`)).size).toBe(2520);
	});

	it('"-" and empty metrics become null, never 0', async () => {
		const { items } = await run(params(vn, { dataLevel: 'AUCTION_AD' }));
		const noConversions = items.filter((i) => i.json.conversion === 0);
		expect(noConversions.length).toBeGreaterThan(0);
		for (const item of noConversions) expect(item.json.cost_per_conversion).toBeNull();
		const converting = items.filter((i) => (i.json.conversion as number) > 0);
		for (const item of converting) expect(typeof item.json.cost_per_conversion).toBe('number');
	});

	it('reads a 45-day daily range in a 30-day and a 15-day part', async () => {
		const start = dateAtOffset(7, 50);
		const end = dateAtOffset(7, 6);
		const { items, error } = await run(params(vn, { dateRange: 'custom', startDate: start, endDate: end }));
		expect(error).toBeUndefined();
		const requests = emu.requestsTo(REPORT);
		expect(requests.map((r) => [r.query.start_date, r.query.end_date])).toEqual([
			[start, dateAtOffset(7, 21)],
			[dateAtOffset(7, 20), end],
		]);
		expect(items).toHaveLength(45 * 6);
	});

	it('a "query too large" answer (40067) halves the range and still returns every row', async () => {
		emu.injectFault(REPORT, { kind: 'code', code: 40067, message: 'The query is too large.' });
		const { items, error } = await run(params(vn, { dateRange: 'last7' }));
		expect(error).toBeUndefined();
		const requests = emu.requestsTo(REPORT);
		expect(requests.map((r) => [r.query.start_date, r.query.end_date])).toEqual([
			[dateAtOffset(7, 7), dateAtOffset(7, 1)],
			[dateAtOffset(7, 7), dateAtOffset(7, 4)],
			[dateAtOffset(7, 3), dateAtOffset(7, 1)],
		]);
		expect(items).toHaveLength(7 * 6);
	});

	it('the look-back option re-reads the days before the range', async () => {
		await run(params(vn, { reportOptions: { lookbackDays: 3 } }));
		const [request] = emu.requestsTo(REPORT);
		expect(request.query.start_date).toBe(dateAtOffset(7, 4));
		expect(request.query.end_date).toBe(dateAtOffset(7, 1));
	});

	it('campaign filters travel as TikTok filtering and limit the rows', async () => {
		const all = await run(params(vn));
		const campaignId = String(all.items[0].json.campaign_id);
		emu.reset();
		const { items } = await run(params(vn, { reportOptions: { campaignIds: campaignId, includeDeleted: true } }));
		const filtering = decoded(emu.requestsTo(REPORT)[0].query, 'filtering');
		expect(filtering).toEqual([
			{ field_name: 'campaign_ids', filter_type: 'IN', filter_value: JSON.stringify([campaignId]) },
			{ field_name: 'campaign_status', filter_type: 'IN', filter_value: '["STATUS_ALL"]' },
		]);
		expect(items.map((i) => i.json.campaign_id)).toEqual([campaignId]);
	});

	it('an audience report breaks rows down by age and gender', async () => {
		const { items, error } = await run(params(vn, { reportType: 'AUDIENCE', breakdowns: ['age', 'gender'] }));
		expect(error).toBeUndefined();
		expect(decoded(emu.requestsTo(REPORT)[0].query, 'dimensions')).toEqual(['campaign_id', 'stat_time_day', 'age', 'gender']);
		expect(items).toHaveLength(6 * 5 * 3);
		expect(new Set(items.map((i) => i.json.age))).toEqual(new Set(['AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_100']));
	});

	it('lifetime metrics send query_lifetime without dates', async () => {
		const { items, error } = await run(params(vn, { dateRange: 'lifetime', timeBreakdown: 'none' }));
		expect(error).toBeUndefined();
		const [request] = emu.requestsTo(REPORT);
		expect(request.query.query_lifetime).toBe('true');
		expect(request.query.start_date).toBeUndefined();
		expect(items).toHaveLength(6);
		expect(items[0].json.date).toBeUndefined();
	});

	it.each([
		[{ timeBreakdown: 'stat_time_hour', dateRange: 'last7' }, 'Hourly rows cover one day per report'],
		[{ dateRange: 'lifetime' }, 'Lifetime metrics cannot be broken down by stat_time_day'],
		[{ reportType: 'AUDIENCE' }, 'An Audience report needs an audience breakdown'],
		[{ breakdowns: ['age'] }, 'The Basic report cannot break down by age'],
		[{ reportType: 'AUDIENCE', breakdowns: ['age', 'gender', 'platform'] }, '5 dimensions were chosen'],
		[{ dateRange: 'custom', startDate: '2026-12-10', endDate: '2026-12-01' }, 'The range starts (2026-12-10) after it ends (2026-12-01)'],
		[{ metrics: [], otherMetrics: 'spend; DROP' }, 'Not a metric name'],
	])('refuses %j before calling TikTok', async (extra, message) => {
		const { error } = await run(params(vn, extra as IDataObject));
		expect(error?.message).toContain(message);
		expect(String(error?.description ?? '')).not.toBe('');
		expect(emu.requestsTo(REPORT)).toHaveLength(0);
	});

	it('asynchronous task: create, check until SUCCESS, download the CSV — the same rows as the synchronous report', async () => {
		const sync = await run(params(vn, { dataLevel: 'AUCTION_ADGROUP', dateRange: 'last7' }));
		emu.reset();
		const asyncRun = await run(params(vn, { dataLevel: 'AUCTION_ADGROUP', dateRange: 'last7', reportOptions: { mode: 'async' } }));
		expect(asyncRun.error).toBeUndefined();
		const [create] = emu.requestsTo('/report/task/create/');
		expect(create.body).toMatchObject({ advertiser_id: vn, report_type: 'BASIC', data_level: 'AUCTION_ADGROUP', output_format: 'CSV_STRING' });
		expect(emu.requestsTo('/report/task/check/').length).toBeGreaterThanOrEqual(2);
		expect(emu.requestsTo('/report/task/download/')).toHaveLength(1);
		expect(emu.requestsTo(REPORT)).toHaveLength(0);
		const key = (j: IDataObject) => `${j.adgroup_id}|${j.date}`;
		const byKey = new Map(sync.items.map((i) => [key(i.json), i.json]));
		expect(asyncRun.items).toHaveLength(sync.items.length);
		for (const item of asyncRun.items) expect(item.json).toEqual(byKey.get(key(item.json)));
	});

	it('Auto mode switches to the task when the report has more rows than the threshold', async () => {
		const { items } = await run(params(vn, { dataLevel: 'AUCTION_AD', reportOptions: { asyncAboveRows: 50 } }));
		expect(emu.requestsTo(REPORT)).toHaveLength(1);
		expect(emu.requestsTo('/report/task/create/')).toHaveLength(1);
		expect(items).toHaveLength(84);
	});

	it('a server announcing endless pages stops on the first empty page', async () => {
		emu.injectFault(REPORT, { kind: 'http', status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { list: [], page_info: { page: 1, total_page: 1_000_000_000, total_number: 0 } } } });
		const { items, error } = await run(params(vn));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(0);
		expect(emu.requestsTo(REPORT)).toHaveLength(1);
	});
});

describe('Report > Get Report against a hostile or unlucky server', () => {
	let emu: Emulator;
	let vn: string;
	beforeAll(async () => {
		emu = await startEmulator({ advertiserCount: 1 });
		vn = advertiserIds(emu)[0];
	});
	afterAll(async () => emu.close());
	beforeEach(() => emu.reset());

	const run = (p: IDataObject, continueOnFail = false) =>
		runNode(NODE, p, [{}], { credentials: emulatorCredentials(emu), continueOnFail });
	const page = (list: unknown) => ({ kind: 'http' as const, status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { list, page_info: { page: 1, total_page: 1, total_number: 1 } } } });

	it('a 200,000-row task CSV becomes 200,000 items (no argument-list overflow on huge reports)', async () => {
		const lines = ['campaign_id,stat_time_day,spend'];
		for (let i = 0; i < 200_000; i++) lines.push(`${1_000_000 + i},2026-12-01 00:00:00,${i}.5`);
		emu.injectFault('/report/task/download/', { kind: 'http', status: 200, body: lines.join('\r\n'), contentType: 'text/csv' });
		const { items, error } = await run(params(vn, { reportOptions: { mode: 'async' } }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(200_000);
		expect(items[199_999].json).toMatchObject({ campaign_id: '1199999', spend: 199999.5, date: '2026-12-01' });
		expect(items[199_999].pairedItem).toEqual({ item: 0 });
	}, 60_000);

	it.each([
		['an object instead of a row list', { campaign_id: '1' }],
		['a row that is null', [null]],
		['a row that is a string', ['campaign_id=1']],
	])('%s is named as a malformed answer, not a TypeError', async (_label, list) => {
		emu.injectFault(REPORT, page(list));
		const { error } = await run(params(vn));
		expect(error?.message).toContain('malformed');
		expect(error?.message).not.toMatch(/TypeError|is not iterable|Cannot read/);
		expect(String(error?.description ?? '')).not.toBe('');
	});

	it('a failed task whose message quotes the access token does not put the token in the error', async () => {
		emu.injectFault('/report/task/check/', { kind: 'http', status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { status: 'FAILED', message: `bad request access_token=SECRET123TOKEN&x=1 ${'z'.repeat(5000)}` } } });
		const { error } = await run(params(vn, { reportOptions: { mode: 'async' } }));
		expect(error?.message).toContain('FAILED');
		expect(error?.message).not.toContain('SECRET123TOKEN');
		expect(String(error?.message).length).toBeLessThan(600);
	});

	it.each([
		[{ asyncMaxWaitMinutes: '={{ "soon" }}', mode: 'async' }, 'Async Max Wait'],
		[{ asyncMaxWaitMinutes: '={{ -5 }}', mode: 'async' }, 'Async Max Wait'],
		[{ lookbackDays: '={{ 1e9 }}' }, 'Look-Back'],
		[{ lookbackDays: '={{ "three" }}' }, 'Look-Back'],
	])('an option %j from an expression outside its range is refused before any request', async (reportOptions, label) => {
		const { error } = await run(params(vn, { reportOptions }));
		expect(error?.message).toContain(label);
		expect(String(error?.description ?? '')).not.toBe('');
		expect(emu.requestsTo('/report/task/create/')).toHaveLength(0);
		expect(emu.requestsTo(REPORT)).toHaveLength(0);
	});

	it('a task CSV with a BOM, CRLF, ";" and quoted values reads like a plain one', async () => {
		const csv = '\ufeffcampaign_id;stat_time_day;spend;cost_per_conversion\r\n"7000000000000000001";"2026-12-01 00:00:00";" 12 ";"-"\r\n"7000000000000000002";2026-12-01 00:00:00;"1e400";""\r\n';
		emu.injectFault('/report/task/download/', { kind: 'http', status: 200, body: csv, contentType: 'text/csv' });
		const { items, error } = await run(params(vn, { reportOptions: { mode: 'async' } }));
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.campaign_id, i.json.date, i.json.spend, i.json.cost_per_conversion])).toEqual([
			['7000000000000000001', '2026-12-01', 12, null],
			['7000000000000000002', '2026-12-01', '1e400', null],
		]);
	});

	it.each([
		['an unclosed quote that swallows the rows after it', 'campaign_id,stat_time_day,spend\n1,"2026-12-01 00:00:00,5\n2,2026-12-01 00:00:00,6\n3,2026-12-01 00:00:00,7\n', 'row 2'],
		['a download cut off in the middle of a row', 'campaign_id,stat_time_day,spend\n1,2026-12-01 00:00:00,5\n2,2026-12-0', 'row 3'],
		['a row with a field more than the header', 'campaign_id,stat_time_day,spend\n1,2026-12-01 00:00:00,5,9\n', 'row 2'],
	])('a task CSV with %s is refused, naming the row, instead of losing rows silently', async (_label, csv, row) => {
		emu.injectFault('/report/task/download/', { kind: 'http', status: 200, body: csv, contentType: 'text/csv' });
		const { error } = await run(params(vn, { reportOptions: { mode: 'async' } }));
		expect(error?.message).toContain(row);
		expect(String(error?.description ?? '')).not.toBe('');
	});

	it('an unknown display_timezone ("Mars/Base") falls back to the account timezone, not to UTC', async () => {
		const info = { advertiser_id: vn, currency: 'VND', display_timezone: 'Mars/Base', timezone: 'Etc/GMT-14' };
		emu.injectFault('/advertiser/info/', { kind: 'http', status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { list: [info] } } });
		const { items, error } = await run(params(vn));
		expect(error).toBeUndefined();
		const [request] = emu.requestsTo(REPORT);
		expect(request.query.start_date).toBe(dateAtOffset(14, 1));
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(item.json.timezone).toBe('Etc/GMT-14');
	});

	it('a "query too large" answer on a one-day range is reported once, never split further', async () => {
		emu.injectFault(REPORT, { kind: 'code', code: 40067, message: 'The query is too large.', times: 50 });
		const { error } = await run(params(vn));
		expect(error?.message).toContain('too large');
		expect(emu.requestsTo(REPORT)).toHaveLength(1);
	});

	it.each([[-3], ['NaN'], [null]])('total_page %j on a one-page answer reads that page and stops', async (totalPage) => {
		const row = { dimensions: { campaign_id: '7000000000000000001', stat_time_day: '2026-12-01 00:00:00' }, metrics: { spend: '1.5' } };
		emu.injectFault(REPORT, { kind: 'http', status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { list: [row], page_info: { page: 1, total_page: totalPage } } } });
		emu.injectFault(REPORT, { kind: 'http', status: 200, body: { code: 0, message: 'OK', request_id: 'x', data: { list: [], page_info: { page: 2, total_page: totalPage } } } });
		const { items, error } = await run(params(vn));
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.spend)).toEqual([1.5]);
		expect(emu.requestsTo(REPORT).length).toBeLessThanOrEqual(2);
	});
});
