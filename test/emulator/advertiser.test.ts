import { ADVERTISER_ROLES, ADVERTISER_STATUSES, startEmulator, type Emulator } from '../../emulator';
import { call } from './http';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ advertiserCount: 150, authorizedAdvertiserCount: 140 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const ids = () => [...emu.state.core.advertisers.keys()];
const info = (query: Record<string, unknown>) => call(emu, 'GET', '/advertiser/info/', { query });

describe('seeded advertisers', () => {
	it('have 19-digit string ids that a JS number cannot hold, all statuses and roles, Vietnamese names', () => {
		const all = [...emu.state.core.advertisers.values()];
		for (const a of all) {
			expect(a.advertiser_id).toMatch(/^7\d{18}$/);
			expect(String(Number(a.advertiser_id))).not.toBe(a.advertiser_id);
		}
		expect(new Set(all.map((a) => a.status))).toEqual(new Set(ADVERTISER_STATUSES));
		expect(new Set(all.map((a) => a.role))).toEqual(new Set(ADVERTISER_ROLES));
		expect(all.some((a) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(a.name))).toBe(true);
	});

	it('are the same for the same seed and differ for another seed', async () => {
		const same = await startEmulator({ advertiserCount: 150 });
		const other = await startEmulator({ advertiserCount: 3, seed: 7 });
		try {
			expect([...same.state.core.advertisers.keys()]).toEqual(ids());
			expect(same.accessToken).toBe(emu.accessToken);
			expect(other.accessToken).not.toBe(emu.accessToken);
		} finally {
			await same.close();
			await other.close();
		}
	});
});

describe('GET /advertiser/info/', () => {
	it('returns every field except company_name_editable when fields is omitted, ids as strings in the raw JSON', async () => {
		const [a, b] = ids();
		const res = await info({ advertiser_ids: [a, b] });
		expect(res.json.code).toBe(0);
		expect(res.json.data.list.map((x: { advertiser_id: string }) => x.advertiser_id)).toEqual([a, b]);
		expect(res.json.data.list[0]).not.toHaveProperty('company_name_editable');
		expect(res.json.data.list[0]).toMatchObject({
			name: expect.any(String),
			status: expect.any(String),
			role: expect.any(String),
			currency: expect.any(String),
			balance: expect.any(Number),
			create_time: expect.any(Number),
			timezone: expect.any(String),
		});
		expect(res.text).toContain(`"advertiser_id":"${a}"`);
	});

	it('returns only the requested fields plus advertiser_id', async () => {
		const res = await info({ advertiser_ids: [ids()[0]], fields: ['name', 'status'] });
		expect(Object.keys(res.json.data.list[0]).sort()).toEqual(['advertiser_id', 'name', 'status']);
		const editable = await info({ advertiser_ids: [ids()[0]], fields: ['name', 'company_name_editable'] });
		expect(Object.keys(editable.json.data.list[0]).sort()).toEqual(['advertiser_id', 'company_name_editable']);
	});

	it('answers 40002 naming the field for a bad field name, non-JSON, numeric ids and more than 100 ids', async () => {
		const badField = await info({ advertiser_ids: [ids()[0]], fields: ['nme'] });
		expect(badField.json.code).toBe(40002);
		expect(badField.json.message).toMatch(/^fields\.0: /);

		const commaList = `${ids()[0]},${ids()[1]}`;
		const notJson = await info({ advertiser_ids: commaList });
		expect(notJson.json).toMatchObject({ code: 40002, message: expect.stringMatching(/^advertiser_ids: Invalid JSON/) });
		expect(emu.requests.at(-1)?.query.advertiser_ids).toBe(commaList);
		expect((await info({ advertiser_ids: ids()[0] })).json.message).toMatch(/^advertiser_ids: Expected array/);

		const numeric = await info({ advertiser_ids: `[${ids()[0]}]` });
		expect(numeric.json.code).toBe(40002);

		const tooMany = await info({ advertiser_ids: ids().slice(0, 101) });
		expect(tooMany.json.code).toBe(40002);
		expect(tooMany.json.message).toMatch(/^advertiser_ids: /);
		expect((await info({ advertiser_ids: ids().slice(0, 100) })).json.data.list).toHaveLength(100);

		expect((await info({ advertiser_ids: [] })).json.code).toBe(40002);
		expect((await info({})).json.message).toBe('advertiser_ids: Missing data for required field.');
	});

	it('answers 40001 for an advertiser the token does not cover or that does not exist', async () => {
		const outside = ids()[145];
		const res = await info({ advertiser_ids: [ids()[0], outside] });
		expect(res.json.code).toBe(40001);
		expect(res.json.message).toContain(outside);
		expect((await info({ advertiser_ids: ['7000000000000000001'] })).json.code).toBe(40001);
		const all = emu.createAccessToken();
		expect((await call(emu, 'GET', '/advertiser/info/', { token: all, query: { advertiser_ids: [outside] } })).json.code).toBe(0);
	});
});
