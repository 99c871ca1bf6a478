import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runListSearch, runNode } from '../../../harness';
import { locator, NODE } from './helpers';

function centers(emu: Emulator) {
	return [...emu.state.bc.centers.values()];
}

describe('Business Center', () => {
	let emu: Emulator;
	let creds: ReturnType<typeof emulatorCredentials>;
	beforeAll(async () => {
		emu = await startEmulator({ advertiserCount: 250 });
		creds = emulatorCredentials(emu);
	});
	afterAll(async () => emu.close());
	beforeEach(() => emu.reset());

	it('lists the business centers the user belongs to', async () => {
		const { items, error } = await runNode(NODE, { resource: 'businessCenter', operation: 'getAll', returnAll: true }, [{}], {
			credentials: creds,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.name, i.json.user_role, i.json.finance_role])).toEqual([
			['Tập đoàn Hoa Sen', 'ADMIN', 'MANAGER'],
			['Sao Việt Agency', 'STANDARD', 'ANALYST'],
			['Chi nhánh Cần Thơ', 'ADMIN', 'MANAGER'],
		]);
		expect(items[0].json.bc_id).toBe(centers(emu)[0].bc_id);
		expect(emu.requestsTo('/bc/get/')[0].query).toMatchObject({ page: '1', page_size: '50' });
	});

	it('pages through 125 ad accounts of a business center with the user role on each', async () => {
		const bc = centers(emu)[0];
		const { items } = await runNode(
			NODE,
			{ resource: 'businessCenter', operation: 'getAssets', bcId: locator(bc.bc_id), assetType: 'ADVERTISER', returnAll: true },
			[{}],
			{ credentials: creds },
		);
		expect(items).toHaveLength(125);
		expect(items.map((i) => i.json.asset_id)).toEqual(bc.advertiserIds);
		expect(emu.requestsTo('/bc/asset/get/').map((r) => r.query.page)).toEqual(['1', '2', '3']);
		for (const { json } of items) {
			const role = emu.state.bc.roles.get(json.asset_id as string);
			expect(json.advertiser_role).toBe(role);
			expect(json.isAdmin).toBe(role === 'ADMIN');
		}
		const operator = items.find((i) => i.json.advertiser_role === 'OPERATOR')!.json;
		expect(operator.advertiserRoleDescription).toBe(
			'Operator: can manage ads but cannot download leads or create test leads',
		);
		expect(items.find((i) => i.json.advertiser_role === 'ADMIN')!.json.advertiserRoleDescription).toMatch(/lead download/);
	});

	it('sends the keyword filter and respects the limit', async () => {
		const bc = centers(emu)[0];
		const { items } = await runNode(
			NODE,
			{
				resource: 'businessCenter',
				operation: 'getAssets',
				bcId: locator(bc.bc_id),
				assetType: 'ADVERTISER',
				returnAll: false,
				limit: 3,
				filters: { keyword: 'Phở' },
			},
			[{}],
			{ credentials: creds },
		);
		expect(items).toHaveLength(3);
		for (const { json } of items) expect(json.asset_name).toMatch(/^Phở Hà Nội/);
		expect(emu.requestsTo('/bc/asset/get/')[0].query.filtering).toEqual({ keyword: 'Phở' });
	});

	it('returns no items for a business center without assets', async () => {
		const empty = centers(emu)[2];
		const { items, error } = await runNode(
			NODE,
			{ resource: 'businessCenter', operation: 'getAssets', bcId: locator(empty.bc_id), assetType: 'ADVERTISER', returnAll: true },
			[{}],
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it('explains an unknown business center', async () => {
		const { error } = await runNode(
			NODE,
			{ resource: 'businessCenter', operation: 'getAssets', bcId: locator('7111111111111111111'), assetType: 'ADVERTISER', returnAll: true },
			[{}],
			{ credentials: creds },
		);
		expect(error?.message).toMatch(/code 40001/);
		expect(error?.description).toMatch(/Business Center 7111111111111111111 does not exist or your TikTok user is not a member/);
	});

	it('offers business centers in the picker with string ids', async () => {
		const result = await runListSearch(NODE, 'searchBusinessCenters', {}, creds, 'sao viet');
		expect(result).toEqual({ results: [{ name: 'Sao Việt Agency (STANDARD)', value: centers(emu)[1].bc_id }] });
	});
});
