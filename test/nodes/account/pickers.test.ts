import type { IDataObject } from 'n8n-workflow';

import { searchEventSets } from '../../../nodes/shared/methods/searchEventSets';
import { searchForms } from '../../../nodes/shared/methods/searchForms';
import { startEmulator, type Emulator } from '../../../emulator';
import { formsOf } from '../../../emulator/routes/page';
import { emulatorCredentials, loadOptionsContext, runListSearch } from '../../../harness';
import { advertiserIds, locator, NODE } from './helpers';

describe('shared pickers (real n8n load-options context against the emulator)', () => {
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

	/** Adds drafts of the first form until the advertiser has `total` lead forms. */
	function growForms(total: number) {
		const base = formsOf(emu.state, advertiser)[0];
		for (let n = formsOf(emu.state, advertiser).length; n < total; n++) {
			const pageId = `68${String(n).padStart(17, '0')}`;
			emu.state.page.forms.set(pageId, { ...base, page_id: pageId, title: `Biểu mẫu ${n}` });
		}
	}

	it('searchForms pages with string tokens through the node', async () => {
		growForms(83);
		const params = { resource: 'instantForm', operation: 'getFields', advertiserId: locator(advertiser) };
		const first = await runListSearch(NODE, 'searchForms', params, creds);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('2');
		const second = await runListSearch(NODE, 'searchForms', params, creds, undefined, first.paginationToken);
		expect(second.results).toHaveLength(33);
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((r) => r.value);
		expect(all).toEqual(formsOf(emu.state, advertiser).map((f) => f.page_id));
		expect(first.results.filter((r) => r.name.endsWith('(draft)'))).toHaveLength(2);
	});

	it('searchForms sends the search text to TikTok as a title filter', async () => {
		const result = await runListSearch(
			NODE,
			'searchForms',
			{ resource: 'lead', operation: 'createTest', advertiserId: locator(advertiser) },
			creds,
			'nội thất',
		);
		expect(result.results.map((r) => r.name)).toEqual([
			'Nhận báo giá nội thất trọn gói',
			'Nhận báo giá nội thất trọn gói (8) (draft)',
			'Nhận báo giá nội thất trọn gói (14)',
			'Nhận báo giá nội thất trọn gói (20)',
		]);
		expect(emu.requestsTo('/page/get/')[0].query).toMatchObject({ title: 'nội thất', business_type: 'LEAD_GEN', advertiser_id: advertiser });
	});

	it('searchForms asks for an advertiser first', async () => {
		await expect(runListSearch(NODE, 'searchForms', { resource: 'lead', operation: 'createTest' }, creds)).rejects.toThrow(
			'Choose an advertiser first',
		);
		expect(emu.requests).toHaveLength(0);
	});

	async function eventSetPage(parameters: IDataObject, filter?: string, token?: string) {
		const context = await loadOptionsContext(creds, NODE, parameters);
		return await searchEventSets.call(context, filter, token);
	}

	it('searchEventSets pages pixels ("pixel:N" tokens), then adds CRM and offline sets', async () => {
		const params = { resource: 'eventSet', operation: 'getAll', advertiserId: locator(advertiser) };
		const first = await eventSetPage(params);
		expect(first.results).toHaveLength(20);
		expect(first.paginationToken).toBe('pixel:2');
		const second = await eventSetPage(params, undefined, first.paginationToken);
		expect(second.paginationToken).toBeUndefined();
		const pixels = emu.state.eventSet.pixels.filter((p) => p.advertiser_id === advertiser);
		expect([...first.results, ...second.results].map((r) => r.value)).toEqual([
			...pixels.map((p) => p.pixel_code),
			...emu.state.eventSet.crm.map((s) => s.event_set_id),
			...emu.state.eventSet.offline.map((s) => s.event_set_id),
		]);
		expect(second.results.map((r) => r.name).slice(-2)).toEqual([
			'Offline: Haravan_CTM_Messenger_104857392817465',
			'Offline: Haravan_CTM_Messenger_209384756102938',
		]);
	});

	it('searchEventSets follows the eventSource parameter and filters by text', async () => {
		const crm = await eventSetPage({ advertiserId: locator(advertiser), eventSource: 'crm' }, 'haravan');
		expect(crm.paginationToken).toBeUndefined();
		expect(crm.results.map((r) => [r.name, r.value])).toEqual([['CRM Haravan – Đơn hàng', emu.state.eventSet.crm[1].event_set_id]]);
		expect(emu.requestsTo('/pixel/list/')).toHaveLength(0);

		const offline = await eventSetPage({ advertiserId: locator(advertiser), eventSource: 'offline' });
		expect(offline.results.map((r) => r.name)).toEqual([
			'Haravan_CTM_Messenger_104857392817465',
			'Haravan_CTM_Messenger_209384756102938',
		]);
		const app = await eventSetPage({ advertiserId: locator(advertiser), eventSource: 'app' });
		expect(app).toEqual({ results: [] });
	});

	it('searchForms works as a plain function too (for nodes that import it)', async () => {
		const context = await loadOptionsContext(creds, NODE, { advertiserId: advertiser });
		const result = await searchForms.call(context);
		expect(result.results).toHaveLength(23);
	});
});
