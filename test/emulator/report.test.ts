import { startEmulator, type Emulator } from '../../emulator';
import { call } from './http';

let emu: Emulator;
let advertiserId: string;
beforeAll(async () => {
	emu = await startEmulator({ advertiserCount: 2 });
	advertiserId = [...emu.state.core.advertisers.keys()][0];
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
const report = (query: Record<string, unknown>) =>
	call(emu, 'GET', '/report/integrated/get/', {
		query: withoutUndefined({
			advertiser_id: advertiserId,
			report_type: 'BASIC',
			data_level: 'AUCTION_CAMPAIGN',
			dimensions: ['campaign_id', 'stat_time_day'],
			metrics: ['spend', 'cost_per_conversion'],
			start_date: day(3),
			end_date: day(1),
			...query,
		}),
	});
const withoutUndefined = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));

describe('GET /report/integrated/get/ refuses what TikTok refuses (40002)', () => {
	it.each([
		['no report_type', { report_type: undefined }, 'report_type'],
		['an unknown data_level', { data_level: 'CAMPAIGN' }, 'data_level'],
		['dimensions as a plain string', { dimensions: 'campaign_id' }, 'dimensions'],
		['31 days with stat_time_day', { start_date: day(31), end_date: day(1) }, 'cannot exceed 30 days'],
		['2 days with stat_time_hour', { dimensions: ['campaign_id', 'stat_time_hour'], start_date: day(2), end_date: day(1) }, 'cannot exceed 1 days'],
		['366 days without a time dimension', { dimensions: ['campaign_id'], start_date: day(366), end_date: day(1) }, 'cannot exceed 365 days'],
		['no dates and no lifetime', { start_date: undefined, end_date: undefined }, 'start_date'],
		['lifetime with a time dimension', { query_lifetime: 'true', start_date: undefined, end_date: undefined }, 'query_lifetime'],
		['an ID dimension of another level', { dimensions: ['ad_id'] }, 'data_level'],
		['five dimensions', { report_type: 'AUDIENCE', dimensions: ['campaign_id', 'stat_time_day', 'age', 'gender', 'platform'] }, 'Too many dimensions'],
		['an audience breakdown in BASIC', { dimensions: ['campaign_id', 'age'] }, 'BASIC'],
		['page_size 1001', { page_size: '1001' }, 'page_size'],
		['an unknown metric', { metrics: ['spendd'] }, 'metrics'],
		['an IN filter that is not a JSON array', { filtering: [{ field_name: 'campaign_ids', filter_type: 'IN', filter_value: '123' }] }, 'filter_value'],
	])('%s', async (_label, query, fragment) => {
		const { json } = await report(query);
		expect(json.code).toBe(40002);
		expect(json.message).toContain(fragment);
	});

	it('answers metric values as strings, "-" where a ratio has no denominator, ids as strings', async () => {
		const { json } = await report({ data_level: 'AUCTION_AD', dimensions: ['ad_id', 'stat_time_day'], page_size: '1000' });
		expect(json.code).toBe(0);
		const rows = json.data.list as Array<{ dimensions: Record<string, unknown>; metrics: Record<string, unknown> }>;
		expect(rows.length).toBe(84 * 3);
		for (const row of rows) {
			expect(typeof row.dimensions.ad_id).toBe('string');
			expect(typeof row.metrics.spend).toBe('string');
		}
		expect(rows.some((r) => r.metrics.cost_per_conversion === '-')).toBe(true);
		expect(json.data.page_info).toMatchObject({ page: 1, page_size: 1000, total_number: 252, total_page: 1 });
	});
});

describe('asynchronous report task', () => {
	it('is PROCESSING, then SUCCESS, and downloads as CSV with field-name headers', async () => {
		const created = await call(emu, 'POST', '/report/task/create/', {
			body: { advertiser_id: advertiserId, report_type: 'BASIC', data_level: 'AUCTION_CAMPAIGN', dimensions: ['campaign_id'], metrics: ['spend'], start_date: day(3), end_date: day(1) },
		});
		expect(created.json.code).toBe(0);
		const taskId = created.json.data.task_id as string;
		const check = () => call(emu, 'GET', '/report/task/check/', { query: { advertiser_id: advertiserId, task_id: taskId } });
		const download = () => call(emu, 'GET', '/report/task/download/', { query: { advertiser_id: advertiserId, task_id: taskId } });
		expect((await check()).json.data.status).toBe('PROCESSING');
		expect((await download()).json.code).toBe(40201);
		expect((await check()).json.data.status).toBe('SUCCESS');
		const file = await download();
		const lines = file.text.replace(/^\uFEFF/, '').trim().split('\n');
		expect(lines[0]).toBe('campaign_id,spend');
		expect(lines).toHaveLength(7);
	});

	it('refuses an output_format outside the enum', async () => {
		const created = await call(emu, 'POST', '/report/task/create/', {
			body: { advertiser_id: advertiserId, report_type: 'BASIC', data_level: 'AUCTION_CAMPAIGN', dimensions: ['campaign_id'], start_date: day(3), end_date: day(1), output_format: 'JSON' },
		});
		expect(created.json.code).toBe(40002);
	});
});
