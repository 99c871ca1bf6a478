import { startEmulator, type Emulator } from '../../emulator';
import { call } from './http';

/**
 * Rules the emulator gained from the audit in docs/tiktok-api-contract.md#emulator-vs-sources: each test names the
 * section whose source settles the rule, and each failed (or passed where TikTok refuses) before the fix.
 */

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const bcId = () => [...emu.state.bc.centers.values()][0].bc_id;
const assets = (query: Record<string, unknown>) => call(emu, 'GET', '/bc/asset/get/', { query: { bc_id: bcId(), ...query } });

describe('docs/tiktok-api-contract.md#get-bcassetget', () => {
	it('accepts STOREFRONT, which the SDK lists among the asset types', async () => {
		const res = await assets({ asset_type: 'STOREFRONT' });
		expect(res.json).toMatchObject({ code: 0, data: { list: [] } });
	});

	it('still refuses an asset type no source lists', async () => {
		const res = await assets({ asset_type: 'STORE_FRONT' });
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/asset_type/);
	});

	it('refuses user_id and user_email together (TikTok: pass one of them)', async () => {
		const res = await assets({ asset_type: 'ADVERTISER', filtering: { user_id: '1', user_email: 'a@b.vn' } });
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/filtering\.user_email: Pass user_id or user_email, not both/);
		const one = await assets({ asset_type: 'ADVERTISER', filtering: { user_id: '1' } });
		expect(one.json.code).toBe(0);
	});
});

describe('docs/tiktok-api-contract.md#get-bcget', () => {
	const centers = (query: Record<string, unknown>) => call(emu, 'GET', '/bc/get/', { query });

	it('knows the two scenes and refuses others', async () => {
		expect((await centers({ scene: 'TIERED_ACCOUNT' })).json.code).toBe(0);
		const bad = await centers({ scene: 'ALL' });
		expect(bad.json.code).toBe(40002);
		expect(bad.json.message).toMatch(/^scene:/);
	});

	it('reads filtering as JSON: refuses plain text and unknown keys, filters by keyword', async () => {
		expect((await centers({ filtering: 'keyword=Sao' })).json).toMatchObject({ code: 40002, message: /filtering: Invalid JSON/ });
		expect((await centers({ filtering: { name: 'Sao' } })).json.code).toBe(40002);
		const found = await centers({ filtering: { keyword: 'sao việt' } });
		expect(found.json.code).toBe(0);
		expect(found.json.data.list.map((c: { bc_info: { name: string } }) => c.bc_info.name)).toEqual(['Sao Việt Agency']);
	});
});

describe('docs/tiktok-api-contract.md#get-subscriptionget', () => {
	it('lists every subscription when subscribe_entity is left out (it is optional)', async () => {
		const advertiserId = emu.state.core.advertisers.keys().next().value as string;
		const sub = await call(emu, 'POST', '/subscription/subscribe/', {
			token: null,
			body: {
				app_id: emu.appId,
				secret: emu.appSecret,
				subscribe_entity: 'LEAD',
				callback_url: 'https://n8n.example/webhook/a/webhook',
				subscription_detail: { access_token: emu.accessToken, advertiser_id: advertiserId },
			},
		});
		expect(sub.json.code).toBe(0);
		const res = await call(emu, 'GET', '/subscription/get/', { token: null, query: { app_id: emu.appId, secret: emu.appSecret } });
		expect(res.json.code).toBe(0);
		expect(res.json.data.subscriptions.map((s: { subscription_id: string }) => s.subscription_id)).toEqual([
			sub.json.data.subscription_id,
		]);
	});
});

describe('docs/tiktok-api-contract.md#post-reporttaskcreate', () => {
	const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
	const createTask = (body: Record<string, unknown>) =>
		call(emu, 'POST', '/report/task/create/', {
			body: {
				advertiser_id: emu.state.core.advertisers.keys().next().value as string,
				report_type: 'BASIC',
				data_level: 'AUCTION_CAMPAIGN',
				dimensions: ['campaign_id', 'stat_time_day'],
				metrics: ['spend'],
				start_date: day(3),
				end_date: day(1),
				...body,
			},
		});

	it('refuses report_type RESERVATION (a service type, not in the strict report_type list)', async () => {
		const res = await createTask({ report_type: 'RESERVATION' });
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/^report_type:/);
		expect((await createTask({ report_type: 'CATALOG' })).json.code).toBe(0);
	});

	it('accepts the RANGE filter type the task spec lists, which the synchronous report does not', async () => {
		const range = [{ field_name: 'campaign_ids', filter_type: 'RANGE', filter_value: '["1","2"]' }];
		expect((await createTask({ filtering: range })).json.code).toBe(0);
		const sync = await call(emu, 'GET', '/report/integrated/get/', {
			query: {
				advertiser_id: emu.state.core.advertisers.keys().next().value as string,
				report_type: 'BASIC',
				data_level: 'AUCTION_CAMPAIGN',
				dimensions: ['campaign_id', 'stat_time_day'],
				start_date: day(3),
				end_date: day(1),
				filtering: range,
			},
		});
		expect(sync.json.code).toBe(40002);
		expect(sync.json.message).toMatch(/filter_type/);
	});

	it('wants BETWEEN as a JSON array of exactly two values', async () => {
		const between = (value: string) => createTask({ filtering: [{ field_name: 'spend', filter_type: 'BETWEEN', filter_value: value }] });
		expect((await between('10')).json.message).toMatch(/JSON array string when filter_type is BETWEEN/);
		expect((await between('["1","2","3"]')).json.message).toMatch(/two values/);
		expect((await between('["1","2"]')).json.code).toBe(0);
	});
});

describe('docs/tiktok-api-contract.md#get-pixellist', () => {
	const pixels = (filtering: unknown) =>
		call(emu, 'GET', '/pixel/list/', {
			query: { advertiser_id: emu.state.core.advertisers.keys().next().value as string, filtering },
		});

	it('reads filtering as a JSON object with available_for_catalog_only and refuses anything else', async () => {
		expect((await pixels({ available_for_catalog_only: false })).json.code).toBe(0);
		expect((await pixels('catalog')).json).toMatchObject({ code: 40002, message: expect.stringMatching(/^filtering: Invalid JSON/) });
		expect((await pixels({ pixel_name: 'x' })).json.code).toBe(40002);
	});
});

describe('docs/tiktok-api-contract.md#get-dmpcustom_audienceget and #post-dmpcustom_audiencecreate', () => {
	const advertiserId = () => emu.state.core.advertisers.keys().next().value as string;

	it('takes history_size 1–100 (the SDK range) and refuses 101', async () => {
		const get = (history_size: number) =>
			call(emu, 'GET', '/dmp/custom_audience/get/', {
				query: { advertiser_id: advertiserId(), custom_audience_ids: ['7000000000000000001'], history_size },
			});
		const over = await get(101);
		expect(over.json.code).toBe(40002);
		expect(over.json.message).toMatch(/^history_size:/);
		expect((await get(100)).json.message).not.toMatch(/history_size/);
	});

	it('refuses more than 500 file paths on create', async () => {
		const res = await call(emu, 'POST', '/dmp/custom_audience/create/', {
			body: {
				advertiser_id: advertiserId(),
				custom_audience_name: 'Quá nhiều tệp',
				calculate_type: 'EMAIL_SHA256',
				file_paths: Array.from({ length: 501 }, (_, i) => `path-${i}`),
			},
		});
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/file_paths: At most 500 file paths/);
	});
});
