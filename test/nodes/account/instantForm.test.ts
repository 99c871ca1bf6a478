import { startEmulator, type Emulator } from '../../../emulator';
import { formsOf } from '../../../emulator/routes/page';
import { emulatorCredentials, runNode } from '../../../harness';
import { advertiserIds, locator, NODE } from './helpers';

describe('Instant Form', () => {
	let emu: Emulator;
	let creds: ReturnType<typeof emulatorCredentials>;
	let advertiser: string;
	beforeAll(async () => {
		emu = await startEmulator();
		creds = emulatorCredentials(emu);
	});
	afterAll(async () => emu.close());
	beforeEach(() => {
		emu.reset();
		advertiser = advertiserIds(emu)[0];
	});

	const getAll = (extra: Record<string, unknown> = {}) =>
		runNode(NODE, { resource: 'instantForm', operation: 'getAll', advertiserId: locator(advertiser), returnAll: true, ...extra }, [{}], {
			credentials: creds,
		});

	it('lists every lead form of the advertiser with ISO times and string ids', async () => {
		const { items, error } = await getAll();
		expect(error).toBeUndefined();
		const forms = formsOf(emu.state, advertiser);
		expect(items.map((i) => i.json.page_id)).toEqual(forms.map((f) => f.page_id));
		expect(items).toHaveLength(23);
		const first = items[0].json;
		expect(first).toMatchObject({
			advertiserId: advertiser,
			title: 'Đăng ký tư vấn khóa học tiếng Anh',
			status: 'PUBLISHED',
			create_time: `${forms[0].create_time.replace(' ', 'T')}.000Z`,
		});
		expect(emu.requestsTo('/page/get/')[0].query).toMatchObject({ business_type: 'LEAD_GEN', page_size: '100' });
	});

	it('filters by status, title and page type, and pages with a limit', async () => {
		const drafts = await getAll({ filters: { status: 'EDITED' } });
		expect(drafts.items.map((i) => i.json.status)).toEqual(['EDITED', 'EDITED']);
		expect(emu.requestsTo('/page/get/')[0].query.page_status).toBe('EDITED');

		const dental = await getAll({ filters: { title: 'khám răng' } });
		expect(dental.items.map((i) => i.json.title)).toEqual([
			'Đặt lịch khám răng miễn phí',
			'Đặt lịch khám răng miễn phí (9)',
			'Đặt lịch khám răng miễn phí (15)',
			'Đặt lịch khám răng miễn phí (21)',
		]);

		const stores = await getAll({ filters: { businessType: 'STORE_FRONT' } });
		expect(stores.items).toHaveLength(2);

		const limited = await getAll({ returnAll: false, limit: 4 });
		expect(limited.items).toHaveLength(4);
	});

	it('returns no items when no form matches', async () => {
		const { items, error } = await getAll({ filters: { title: 'không tồn tại' } });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it('gets the questions of a form for field mapping', async () => {
		const form = formsOf(emu.state, advertiser)[1];
		const { items } = await runNode(
			NODE,
			{ resource: 'instantForm', operation: 'getFields', advertiserId: locator(advertiser), formId: locator(form.page_id) },
			[{}],
			{ credentials: creds },
		);
		expect(items).toEqual([
			{
				json: {
					advertiserId: advertiser,
					page_id: form.page_id,
					page_name: 'Nhận báo giá nội thất trọn gói',
					page_url: form.preview_url,
					create_time: `${form.create_time.replace(' ', 'T')}.000Z`,
					fields: ['name', 'phone_number', 'email', 'Tỉnh/Thành phố', 'Bạn quan tâm sản phẩm nào?'],
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('surfaces 40002 for a form of another advertiser and 40001 for an unknown advertiser', async () => {
		const other = formsOf(emu.state, advertiserIds(emu)[1])[0];
		const wrongForm = await runNode(
			NODE,
			{ resource: 'instantForm', operation: 'getFields', advertiserId: locator(advertiser), formId: locator(other.page_id) },
			[{}],
			{ credentials: creds },
		);
		expect(wrongForm.error?.message).toMatch(/code 40002/);
		expect(wrongForm.error?.description).toMatch(/TikTok rejected a parameter for ad account/);

		const unknown = await runNode(
			NODE,
			{ resource: 'instantForm', operation: 'getAll', advertiserId: locator('7000000000000000009'), returnAll: true },
			[{}],
			{ credentials: creds },
		);
		expect(unknown.error?.message).toMatch(/code 40001/);
		expect(unknown.error?.description).toMatch(/7000000000000000009 is not authorized/);
	});
});
