import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';

/** Track Messaging Ads with the Activity Log store, fed rows as n8n's Data Table node returns them. */

const PIXEL = 'CMSGPIXEL0123456789A';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Math.floor((Date.now() - 2 * DAY) / 1000) * 1000;

let emu: Emulator;
let creds: ReturnType<typeof emulatorCredentials>;
beforeAll(async () => {
	emu = await startEmulator();
	creds = emulatorCredentials(emu);
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

const params = (extra: IDataObject = {}): IDataObject => ({
	operation: 'trackMessaging',
	eventSource: 'web',
	eventSourceId: { __rl: true, mode: 'id', value: PIXEL },
	stateStore: 'activityLog',
	fields: { activityId: 'activityId' },
	options: { defaultCountry: 'VN' },
	...extra,
});

let rowId = 0;
/** A log row as the Data Table node outputs it (system columns id/createdAt/updatedAt included). */
const row = (type: string, at: number, customer: string, extra: IDataObject = {}): IDataObject => ({
	id: ++rowId,
	createdAt: new Date().toISOString(),
	updatedAt: new Date().toISOString(),
	conversation: `1057:${customer}`,
	type,
	pageId: '1057',
	customerId: customer,
	timestamp: T0 + at,
	activityId: `${type}:${customer}:${at}`,
	// Columns the activity does not use come back empty or null from the table.
	ttclid: '',
	ref: '',
	orderId: '',
	value: null,
	currency: null,
	phone: '',
	email: null,
	eventId: '',
	...extra,
});

const LOG: IDataObject[] = [
	row('ref_click', 0, 'anh', { ttclid: 'E.C.P.anh', ref: 'ttclid=E.C.P.anh&ad_id=17' }),
	row('customer_message', 1 * MIN, 'anh'),
	row('page_message', 2 * MIN, 'anh'),
	row('customer_message', 3 * MIN, 'anh'),
	row('page_message', 4 * MIN, 'anh'),
	row('customer_message', 5 * MIN, 'anh'),
	row('page_message', 6 * MIN, 'anh'),
	row('customer_message', 7 * MIN, 'anh'),
	row('order_created', HOUR, 'anh', { orderId: 'HD-1', value: 450000, currency: 'VND', phone: '0912 345 678' }),
	row('order_confirmed', 2 * HOUR, 'anh', { orderId: 'HD-1', phone: '0912 345 678' }),
	row('ref_click', 3 * HOUR, 'binh', { ref: 'spring_sale' }),
	row('customer_message', 3 * HOUR + MIN, 'binh'),
	row('customer_message', 4 * HOUR, 'chi'),
];
const EXPECTED = ['Conversation', 'ValidConversation', 'InitiateCheckout', 'CompletePayment', 'Conversation'];

const messaging = (item: INodeExecutionData) => item.json.messaging as IDataObject & { events: IDataObject[]; recordEventIds: string[] };
const sentEvents = (items: INodeExecutionData[]) => items.flatMap((i) => messaging(i).events);
/** Record rows the example's last Data Table node appends: one per id the node asks to record. */
const recordRows = (items: INodeExecutionData[]) =>
	items.flatMap((i) => messaging(i).recordEventIds.map((eventId) => ({ type: 'event_sent', conversation: i.json.conversation, eventId })));

function shuffled<T>(list: T[], seed: number): T[] {
	const out = list.slice();
	let s = seed;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 1103515245 + 12345) % 2147483648;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

describe('Track Messaging Ads, Activity Log store (real engine)', () => {
	test('a log in any order gives exactly the expected events, one output item per conversation', async () => {
		for (const seed of [1, 2, 3]) {
			emu.reset();
			const { items, error } = await runNode('tikTokConversion', params(), shuffled(LOG, seed), { credentials: creds });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.conversation).sort()).toEqual(['1057:anh', '1057:binh', '1057:chi']);
			const sent = sentEvents(items);
			expect(sent.map((e) => e.name).sort()).toEqual([...EXPECTED].sort());
			expect(sent.every((e) => e.status === 'sent')).toBe(true);
			expect(emu.state.event.received.map((e) => e.event).sort()).toEqual([...EXPECTED].sort());
			const chi = items.find((i) => i.json.conversation === '1057:chi');
			expect(messaging(chi!).events).toEqual([]);
			expect((messaging(chi!).reasons as string[]).join(' ')).toMatch(/no ref_click/);
			// Every conversation item is paired to all of its log rows.
			const anh = items.find((i) => i.json.conversation === '1057:anh')!;
			expect((anh.pairedItem as Array<{ item: number }>).length).toBe(10);
			expect(messaging(anh).recordEventIds).toEqual(messaging(anh).events.map((e) => e.eventId));
		}
	});

	test('the order events carry value, currency and the hashed phone; no raw phone leaves', async () => {
		await runNode('tikTokConversion', params(), LOG, { credentials: creds });
		const order = emu.state.event.received.filter((e) => e.event === 'CompletePayment');
		expect(order[0]).toMatchObject({ properties: { value: 450000, currency: 'VND', order_id: 'HD-1' }, user: { ttclid: 'E.C.P.anh' } });
		for (const r of emu.requestsTo('/event/track/')) expect(r.rawBody.toString('utf8')).not.toContain('345 678');
	});

	test('event ids already recorded in the log are not sent again', async () => {
		const first = await runNode('tikTokConversion', params(), LOG, { credentials: creds });
		const recorded = recordRows(first.items);
		expect(recorded).toHaveLength(5);
		emu.reset();
		const later = [...LOG, row('customer_message', 5 * HOUR, 'anh'), ...recorded];
		const { items, error } = await runNode('tikTokConversion', params(), later, { credentials: creds });
		expect(error).toBeUndefined();
		expect(sentEvents(items)).toEqual([]);
		expect(emu.requestsTo('/event/track/')).toHaveLength(0);
		expect(messaging(items.find((i) => i.json.conversation === '1057:anh')!)).toMatchObject({ alreadyRecorded: 4, firedInLog: 4 });
		// Only part recorded (a run that crashed before recording): the rest is sent, with the same ids.
		const partial = [...LOG, ...recorded.slice(0, 2)];
		const again = await runNode('tikTokConversion', params(), partial, { credentials: creds });
		expect(sentEvents(again.items).map((e) => e.eventId)).toEqual(sentEvents(first.items).map((e) => e.eventId).slice(2));
	});

	test('two racing executions (interleaved prefixes of the log): union of sent = expected, nothing missing, duplicates share ids', async () => {
		for (const seed of [11, 12]) {
			emu.reset();
			const inserted = shuffled(LOG, seed);
			// Execution k inserted row k, then read the log; execution k+1 inserted before k read in the odd cases.
			const reads = inserted.map((_, k) => (k % 2 === 0 ? Math.min(k + 1, inserted.length - 1) : k));
			const sent: IDataObject[] = [];
			const recorded: IDataObject[] = [];
			for (const end of reads) {
				// Records of earlier executions land late: only those of executions two steps back are visible.
				const view = [...inserted.slice(0, end + 1), ...recorded.slice(0, Math.max(0, recorded.length - 2))];
				const { items, error } = await runNode('tikTokConversion', params(), view, { credentials: creds });
				expect(error).toBeUndefined();
				sent.push(...sentEvents(items));
				recorded.push(...recordRows(items));
			}
			const ids = new Map(sent.map((e) => [e.eventId, e.name]));
			expect([...ids.values()].sort()).toEqual([...EXPECTED].sort());
			// TikTok (the emulator) keeps each event once, whatever was sent twice.
			expect(emu.state.event.received.map((e) => e.event).sort()).toEqual([...EXPECTED].sort());
		}
	});

	test('a failed send is not recorded, so the next execution resends it with the same id', async () => {
		emu.injectFault('/event/track/', { kind: 'code', code: 40002, message: 'Invalid event_source_id' });
		const { items } = await runNode('tikTokConversion', params(), LOG, { credentials: creds, continueOnFail: true });
		const failed = sentEvents(items).filter((e) => e.status === 'failed');
		expect(failed.length).toBe(5);
		expect(items.flatMap((i) => messaging(i).recordEventIds)).toEqual([]);
		expect((messaging(items[0]).reasons as string[]).join(' ')).toMatch(/sends it again/);
		const retry = await runNode('tikTokConversion', params(), LOG, { credentials: creds });
		expect(sentEvents(retry.items).map((e) => e.eventId).sort()).toEqual(failed.map((e) => e.eventId).sort());
	});

	test('an unusable row stops the run with its index and nothing is sent; with Continue On Fail it comes back with the reason', async () => {
		const bad = [...LOG, { type: 'customer_message', pageId: '1057', timestamp: T0 }, { type: 'event_sent' }];
		const stopped = await runNode('tikTokConversion', params(), bad, { credentials: creds });
		expect(stopped.error?.message).toMatch(/Log row 13 is not usable: no customer id/);
		expect(emu.requestsTo('/event/track/')).toHaveLength(0);
		const kept = await runNode('tikTokConversion', params(), bad, { credentials: creds, continueOnFail: true });
		const errors = kept.items.filter((i) => messaging(i).error);
		expect(errors.map((i) => [i.pairedItem, messaging(i).error])).toEqual([
			[{ item: 13 }, expect.stringMatching(/no customer id/)],
			[{ item: 14 }, expect.stringMatching(/event_sent row without event ids/)],
		]);
		expect(sentEvents(kept.items)).toHaveLength(5);
	});
});
