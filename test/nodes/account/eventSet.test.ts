import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { call } from '../../emulator/http';
import { advertiserIds, locator, NODE } from './helpers';

describe('Event Set', () => {
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

	const offlineOf = (id: string) => emu.state.eventSet.offline.filter((s) => s.advertiser_id === id);

	it('lists pixels (all pages), CRM and offline sets as Events API sources', async () => {
		const { items, error } = await runNode(
			NODE,
			{ resource: 'eventSet', operation: 'getAll', advertiserId: locator(advertiser), eventSources: ['web', 'crm', 'offline'] },
			[{}],
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		const pixels = emu.state.eventSet.pixels.filter((p) => p.advertiser_id === advertiser);
		const crm = emu.state.eventSet.crm.filter((s) => s.advertiser_id === advertiser);
		expect(items.map((i) => [i.json.eventSource, i.json.eventSourceId])).toEqual([
			...pixels.map((p) => ['web', p.pixel_code]),
			...crm.map((s) => ['crm', s.event_set_id]),
			...offlineOf(advertiser).map((s) => ['offline', s.event_set_id]),
		]);
		expect(items).toHaveLength(27);
		expect(emu.requestsTo('/pixel/list/').map((r) => [r.query.page, r.query.page_size])).toEqual([
			['1', '20'],
			['2', '20'],
		]);
		const offline = items.find((i) => i.json.eventSource === 'offline')!.json;
		expect(offline).toMatchObject({ name: 'Haravan_CTM_Messenger_104857392817465', advertiserId: advertiser });
		expect(offline.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
	});

	it('lists only the chosen sources, and nothing for an account without them', async () => {
		const crmOnly = await runNode(
			NODE,
			{ resource: 'eventSet', operation: 'getAll', advertiserId: locator(advertiser), eventSources: ['crm'] },
			[{}],
			{ credentials: creds },
		);
		expect(crmOnly.items.map((i) => i.json.name)).toEqual(['CRM Pango – Khách hàng tiềm năng', 'CRM Haravan – Đơn hàng']);
		expect(emu.requestsTo('/pixel/list/')).toHaveLength(0);

		const other = await runNode(
			NODE,
			{ resource: 'eventSet', operation: 'getAll', advertiserId: locator(advertiserIds(emu)[4]), eventSources: ['crm', 'offline'] },
			[{}],
			{ credentials: creds },
		);
		expect(other.error).toBeUndefined();
		expect(other.items).toEqual([]);
	});

	describe('create offline event set', () => {
		const create = (extra: IDataObject, input: IDataObject[] = [{}]) =>
			runNode(NODE, { resource: 'eventSet', operation: 'create', advertiserId: locator(advertiser), ...extra }, input, {
				credentials: creds,
			});

		it('offers Haravan_CTM_Messenger_{PageID} and fills in the page id', async () => {
			const { items, error } = await create({ pageId: '={{ $json.pageId }}' }, [{ pageId: '301234567890123' }]);
			expect(error).toBeUndefined();
			const created = offlineOf(advertiser).find((s) => s.name === 'Haravan_CTM_Messenger_301234567890123')!;
			expect(items[0].json).toMatchObject({
				created: true,
				eventSource: 'offline',
				eventSourceId: created.event_set_id,
				event_set_id: created.event_set_id,
				name: 'Haravan_CTM_Messenger_301234567890123',
				pageId: '301234567890123',
				advertiserId: advertiser,
			});
			const description = 'Offline conversions of Messenger conversations on Facebook page 301234567890123 (TikTok Messaging Ads), sent by n8n';
			expect(emu.requestsTo('/offline/create/')[0].body).toEqual({
				advertiser_id: advertiser,
				name: 'Haravan_CTM_Messenger_301234567890123',
				description,
				auto_tracking: false,
			});
			expect(created.description).toBe(description);
			expect(items[0].json.description).toBe(description);
		});

		it('reuses the set of the same name on a re-run instead of creating a duplicate', async () => {
			const existing = offlineOf(advertiser)[0];
			const { items } = await create({ pageId: '104857392817465' });
			expect(items[0].json).toMatchObject({ created: false, event_set_id: existing.event_set_id, name: existing.name });
			expect(emu.requestsTo('/offline/create/')).toHaveLength(0);

			const forced = await create({ pageId: '104857392817465', options: { reuseExisting: false, description: 'Trang Messenger chính', autoTracking: true } });
			expect(forced.items[0].json.created).toBe(true);
			expect(offlineOf(advertiser).filter((s) => s.name === existing.name)).toHaveLength(2);
			expect(emu.requestsTo('/offline/create/')[0].body).toEqual({
				advertiser_id: advertiser,
				name: existing.name,
				auto_tracking: true,
				description: 'Trang Messenger chính',
			});
		});

		it('asks for the page id when the name needs it, and takes a plain name', async () => {
			const missing = await create({});
			expect(missing.error?.message).toBe('The name "Haravan_CTM_Messenger_{PageID}" needs a Messenger Page ID');
			expect(emu.requestsTo('/offline/create/')).toHaveLength(0);

			const plain = await create({ name: 'Cửa hàng Quận 1 – Offline', options: { description: '   ' } });
			expect(plain.items[0].json).toMatchObject({ created: true, name: 'Cửa hàng Quận 1 – Offline' });
			expect(emu.requestsTo('/offline/create/')[0].body).toMatchObject({
				description: 'Offline conversions for Cửa hàng Quận 1 – Offline, sent by n8n',
			});
		});

		it('refuses a description given as an object instead of sending "[object Object]" or nothing', async () => {
			const { items, error } = await create(
				{ pageId: '={{ $json.pageId }}', options: { description: '={{ $json.note }}' } },
				[
					{ pageId: '301234567890123', note: { vi: 'Trang chính' } },
					{ pageId: '301234567890124', note: 42 },
				],
			);
			expect(items).toEqual([]);
			expect(error?.message).toBe('Options → Description must be text, got an object');
			expect(String(error?.description)).toMatch(/JSON\.stringify/);
			expect(error?.context).toMatchObject({ itemIndex: 0 });
			expect(emu.requestsTo('/offline/create/')).toHaveLength(0);

			const numeric = await create({ pageId: '301234567890124', options: { description: '={{ 42 }}' } });
			expect(numeric.error).toBeUndefined();
			expect(emu.requestsTo('/offline/create/')[0].body).toMatchObject({ description: '42' });
		});

		it('rejects a page id that is not a number', async () => {
			const { error } = await create({ pageId: 'my-page' });
			expect(error?.message).toBe('The Messenger Page ID "my-page" is not a page ID');
		});
	});

	describe('emulator /offline/create/', () => {
		const post = (body: Record<string, unknown>) => call(emu, 'POST', '/offline/create/', { body });

		it('refuses a missing, empty or non-text description with 40002 (the SDK spec requires it)', async () => {
			const base = { advertiser_id: advertiser, name: 'Set A', auto_tracking: false };
			expect((await post(base)).json).toMatchObject({ code: 40002, message: 'description: Missing data for required field.' });
			expect((await post({ ...base, description: '  ' })).json).toMatchObject({ code: 40002, message: 'description: Must not be empty.' });
			expect((await post({ ...base, description: { vi: 'x' } })).json).toMatchObject({ code: 40002, message: expect.stringMatching(/^description: Expected string/) });
			expect(offlineOf(advertiser).filter((s) => s.name === 'Set A')).toEqual([]);
			const ok = await post({ ...base, description: 'Store sales' });
			expect(ok.json.code).toBe(0);
			expect(offlineOf(advertiser).find((s) => s.name === 'Set A')).toMatchObject({ description: 'Store sales', event_set_id: ok.json.data.event_set_id });
		});
	});
});
