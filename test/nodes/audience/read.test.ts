import { startEmulator, type Emulator } from '../../../emulator';
import { seedAudience } from '../../../emulator/routes/audience';
import { emulatorCredentials, runListSearch, runNode } from '../../../harness';
import { firstAdvertiser, locator, NODE } from './helpers';

let emu: Emulator;
let advertiserId: string;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	advertiserId = firstAdvertiser(emu);
});

describe('Audience > Get, Get Many, Delete, picker', () => {
	it('Get returns the audience with its state and history, one item per input item', async () => {
		const a = seedAudience(emu.state.audience, advertiserId, { name: 'A', members: [], now: emu.now() });
		a.history.unshift({ action: 'Append', action_detail: 'APPEND with 1 file(s)', editor: 'open_api', msg: '', opt_time: '2026-01-01 00:00:00' });
		const b = seedAudience(emu.state.audience, advertiserId, { name: 'B', members: [], now: emu.now(), readyInMs: 60_000 });
		const { items, error } = await runNode(
			NODE,
			{ operation: 'get', advertiserId: locator(advertiserId), audienceId: '={{ $json.id }}', historySize: 3 },
			[{ id: a.audience_id }, { id: b.audience_id }],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.json.audience_id, i.json.name, i.json.is_valid, i.pairedItem])).toEqual([
			[a.audience_id, 'A', true, { item: 0 }],
			[b.audience_id, 'B', false, { item: 1 }],
		]);
		expect(items[0].json.history).toEqual([expect.objectContaining({ action: 'Append', editor: 'open_api' })]);
		// The advertiser is added by the node (TikTok's audience has none): camelCase, like Delete and the sync summary.
		for (const { json } of items) {
			expect(json.advertiserId).toBe(advertiserId);
			expect(json).not.toHaveProperty('advertiser_id');
		}
		expect(emu.requestsTo('/dmp/custom_audience/get/')[0].query).toMatchObject({
			advertiser_id: advertiserId,
			custom_audience_ids: [a.audience_id],
			history_size: '3',
		});
	});

	it('Get Many pages through every audience, or stops at the limit', async () => {
		for (let i = 0; i < 150; i++) seedAudience(emu.state.audience, advertiserId, { name: `Seg ${i}`, members: [], now: emu.now() + i });
		const all = await runNode(NODE, { operation: 'getAll', advertiserId: locator(advertiserId), returnAll: true }, [{}], {
			credentials: emulatorCredentials(emu),
		});
		expect(all.items).toHaveLength(152); // + the two seeded by the emulator
		expect(new Set(all.items.map((i) => i.json.audience_id)).size).toBe(152);
		expect(all.items.every((i) => i.json.advertiserId === advertiserId && !('advertiser_id' in i.json))).toBe(true);
		expect(emu.requestsTo('/dmp/custom_audience/list/').map((r) => r.query.page)).toEqual(['1', '2']);
		emu.reset();
		const some = await runNode(NODE, { operation: 'getAll', advertiserId: locator(advertiserId), limit: 1 }, [{}], {
			credentials: emulatorCredentials(emu),
		});
		expect(some.items).toHaveLength(1);
	});

	it('Delete deletes the audience and says so', async () => {
		const a = seedAudience(emu.state.audience, advertiserId, { name: 'Bye', members: [], now: emu.now() });
		const { items } = await runNode(
			NODE,
			{ operation: 'delete', advertiserId: locator(advertiserId), audienceId: locator(a.audience_id) },
			[{}],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(items[0].json).toMatchObject({ deleted: true, audienceId: a.audience_id, advertiserId });
		expect(emu.state.audience.audiences.get(a.audience_id)!.deleted).toBe(true);
		expect(emu.requestsTo('/dmp/custom_audience/delete/')[0].body).toEqual({ advertiser_id: advertiserId, custom_audience_ids: [a.audience_id] });
	});

	it('an unknown audience ID gives an error that says what to check (Get, Delete, Add Users)', async () => {
		const unknown = '7000000000000000001';
		const params = { advertiserId: locator(advertiserId), audienceId: locator(unknown), schema: 'email' };
		for (const operation of ['get', 'delete', 'append']) {
			const { error } = await runNode(NODE, { operation, ...params }, [{ email: 'a@example.vn' }], {
				credentials: emulatorCredentials(emu),
			});
			expect(error?.message).toContain(`invalid audience ID ${unknown}`);
			expect(error?.description).toBe(
				`Check that audience ${unknown} exists, was not deleted, and belongs to ad account ${advertiserId}: pick it from the Audience list, or list the account's audiences with Operation: Get Many.`,
			);
		}
		expect(emu.requestsTo('/dmp/custom_audience/file/upload/')).toHaveLength(0);
	});

	it('the audience picker lists audiences of the chosen advertiser with their type, filtered by the search text', async () => {
		const creds = emulatorCredentials(emu);
		const all = await runListSearch(NODE, 'searchAudiences', { advertiserId: locator(advertiserId) }, creds);
		expect(all.results.map((r) => r.name)).toEqual(['Tương tác video 30 ngày (Engagement Audience)', 'Khách hàng VIP – Email (EMAIL_SHA256)']);
		const filtered = await runListSearch(NODE, 'searchAudiences', { advertiserId: locator(advertiserId) }, creds, 'vip');
		expect(filtered.results).toHaveLength(1);
		expect(filtered.results[0].value).toMatch(/^\d{19}$/);
	});
});
