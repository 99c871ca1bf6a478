import { createHash } from 'node:crypto';
import { NodeHelpers, type IDataObject, type INodeExecutionData, type INodeParameters } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, loadPackage, runNode } from '../../../harness';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PIXEL = 'CMSGPIXEL0123456789A';
const OFFLINE_SET = '7345678901234567001';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

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

const locator = (value: string) => ({ __rl: true, mode: 'id', value });

function params(extra: IDataObject = {}): IDataObject {
	return {
		operation: 'trackMessaging',
		eventSource: 'web',
		eventSourceId: locator(PIXEL),
		options: { defaultCountry: 'VN' },
		...extra,
	};
}

/** Activity timeline of two customers of one page, starting three days ago (inside TikTok's 28-day limit). */
const T0 = Math.floor((Date.now() - 3 * DAY) / 1000) * 1000;
const act = (type: string, at: number, customer: string, extra: IDataObject = {}): IDataObject => ({
	type,
	pageId: '1057',
	customerId: customer,
	timestamp: new Date(T0 + at).toISOString(),
	...extra,
});

const TIMELINE: IDataObject[] = [
	act('ref_click', 0, 'linh', { ttclid: 'E.C.P.linh', ref: { ad_id: '1800000000000001' } }),
	act('get_started', 0, 'linh', { id: 'mid.0' }),
	act('page_message', 1 * MIN, 'linh', { id: 'mid.1' }),
	act('customer_message', 2 * MIN, 'linh', { id: 'mid.2' }),
	act('page_message', 3 * MIN, 'linh', { id: 'mid.3' }),
	act('page_message', 4 * MIN, 'linh', { id: 'mid.4' }),
	act('page_message', 5 * MIN, 'linh', { id: 'mid.5' }),
	act('customer_message', 6 * MIN, 'linh', { id: 'mid.6' }),
	act('order_created', HOUR, 'linh', { orderId: 'HS-1', value: 350000, currency: 'VND', phone: '0912 345 678' }),
	act('shipment_created', 3 * HOUR, 'linh', { orderId: 'HS-1' }),
	act('order_confirmed', 2 * HOUR, 'linh', { orderId: 'HS-1', phone: '0912 345 678' }),
	act('customer_message', 0, 'minh', { id: 'mid.m0' }),
	act('ref_click', HOUR, 'minh', { ttclid: 'E.C.P.minh' }),
	act('page_message', HOUR + MIN, 'minh', { id: 'mid.m1' }),
	act('customer_message', HOUR + 2 * MIN, 'minh', { id: 'mid.m2' }),
	act('order_created', DAY, 'minh', { orderId: 'HS-2', value: 120000, currency: 'VND' }),
];

/** Per item: the event names it fired. */
const firedNames = (items: INodeExecutionData[]) =>
	items.map((item) => ((item.json.messaging as IDataObject).events as IDataObject[]).map((e) => e.name));

/** Comparable summary of what an item store or workflow store run answered. */
const summary = (items: INodeExecutionData[]) =>
	items.map((item) => {
		const m = item.json.messaging as IDataObject;
		return {
			events: (m.events as IDataObject[]).map((e) => [e.name, e.eventId, e.time, e.status]),
			reasons: m.reasons,
			duplicate: m.duplicate,
		};
	});

describe('trackMessaging in the real engine against the emulator', () => {
	test('fires the attribution rules (nodes/TikTokConversion/messaging/README.md), sends them batched to /event/track/ and explains the rest', async () => {
		const { items, error, staticData } = await runNode('tikTokConversion', params(), TIMELINE, { credentials: creds });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(TIMELINE.length);
		items.forEach((item, i) => expect(item.pairedItem).toEqual({ item: i }));
		expect(firedNames(items)).toEqual([
			[],
			['Conversation'],
			[],
			[],
			[],
			[],
			[],
			['ValidConversation'],
			['InitiateCheckout'],
			[],
			['CompletePayment'],
			[],
			[],
			[],
			['Conversation'],
			['InitiateCheckout'],
		]);
		const reasons = (i: number) => ((items[i].json.messaging as IDataObject).reasons as string[]).join(' | ');
		expect(reasons(6)).toContain('waiting for 1 more customer message');
		expect(reasons(9)).toContain('shipment_created is not used');
		expect(reasons(11)).toContain('no ref_click before this message');
		// Input fields pass through; the verdict is under `messaging`.
		expect(items[1].json).toMatchObject({ type: 'get_started', customerId: 'linh', messaging: { conversation: '1057:linh', activity: 'get_started' } });

		const track = emu.requestsTo('/event/track/');
		expect(track).toHaveLength(1);
		expect(track[0].body).toMatchObject({ event_source: 'web', event_source_id: PIXEL });
		const received = emu.state.event.received;
		expect(received.map((e) => e.event)).toEqual([
			'Conversation',
			'ValidConversation',
			'InitiateCheckout',
			'CompletePayment',
			'Conversation',
			'InitiateCheckout',
		]);
		const sent = items.flatMap((item) => ((item.json.messaging as IDataObject).events as IDataObject[]));
		expect(sent.every((e) => e.status === 'sent')).toBe(true);
		expect(received.map((e) => e.event_id)).toEqual(sent.map((e) => e.eventId));
		expect(received[0]).toMatchObject({ event_time: Math.floor(T0 / 1000), user: { ttclid: 'E.C.P.linh' } });
		expect(received[1].event_time).toBe(Math.floor((T0 + 6 * MIN) / 1000));
		expect(received[2]).toMatchObject({
			event_time: Math.floor((T0 + HOUR) / 1000),
			user: { ttclid: 'E.C.P.linh', phone: [sha('+84912345678')] },
			properties: { value: 350000, currency: 'VND', order_id: 'HS-1' },
		});
		expect(received[3]).toMatchObject({
			event_time: Math.floor((T0 + 2 * HOUR) / 1000),
			properties: { value: 350000, currency: 'VND', order_id: 'HS-1' },
		});
		expect(received[4].user).toEqual({ ttclid: 'E.C.P.minh' });
		// No raw phone left the machine.
		// (A bare '912' could also appear inside an event_time, so the phone is looked for as a whole.)
		const sentText = track[0].rawBody.toString('utf8');
		for (const raw of ['0912 345 678', '0912345678', '84912345678', '912345678']) expect(sentText).not.toContain(raw);

		const store = (staticData['node:TikTok'] as IDataObject).messaging as IDataObject;
		expect(Object.keys(store.conversations as IDataObject).sort()).toEqual(['1057:linh', '1057:minh']);
	});

	test('workflow store and item store give identical results over several runs', async () => {
		const runs = [TIMELINE.slice(0, 5), TIMELINE.slice(5, 12), TIMELINE.slice(12)];

		let staticData: IDataObject = {};
		const viaWorkflow: INodeExecutionData[] = [];
		for (const batch of runs) {
			const result = await runNode('tikTokConversion', params(), batch, { credentials: creds, staticData });
			expect(result.error).toBeUndefined();
			staticData = result.staticData;
			viaWorkflow.push(...result.items);
		}
		const workflowReceived = emu.state.event.received.map((e) => [e.event, e.event_id, e.event_time]);

		emu.reset();
		// The user's database: one row per conversation holding the state the node output last.
		const db = new Map<string, string>();
		const viaItems: INodeExecutionData[] = [];
		for (const batch of runs) {
			const input = batch.map((a) => ({ ...a, messagingState: db.get(`${a.pageId}:${a.customerId}`) }));
			const result = await runNode('tikTokConversion', params({ stateStore: 'item' }), input, { credentials: creds });
			expect(result.error).toBeUndefined();
			for (const item of result.items) {
				const m = item.json.messaging as IDataObject;
				db.set(m.conversation as string, JSON.stringify(item.json.messagingState));
			}
			viaItems.push(...result.items);
		}
		expect(summary(viaItems)).toEqual(summary(viaWorkflow));
		expect(emu.state.event.received.map((e) => [e.event, e.event_id, e.event_time])).toEqual(workflowReceived);
		expect(workflowReceived).toHaveLength(6);
		// Same per-conversation state in both stores.
		const stored = ((staticData['node:TikTok'] as IDataObject).messaging as IDataObject).conversations as IDataObject;
		expect(JSON.parse(db.get('1057:linh') as string)).toEqual(stored['1057:linh']);
	});

	test('reprocessing the same activities fires nothing and sends nothing', async () => {
		const first = await runNode('tikTokConversion', params(), TIMELINE, { credentials: creds });
		const again = await runNode('tikTokConversion', params(), TIMELINE, { credentials: creds, staticData: first.staticData });
		expect(again.error).toBeUndefined();
		expect(firedNames(again.items).flat()).toEqual([]);
		expect(emu.requestsTo('/event/track/')).toHaveLength(1);
		expect((again.items[3].json.messaging as IDataObject).reasons).toEqual([
			'already fired for this click (Conversation and Valid Conversation)',
		]);
		// Minh's cycle still counts messages, so the repeated message is recognised as such.
		expect(again.items[14].json.messaging).toMatchObject({ duplicate: true });
		expect((again.items[8].json.messaging as IDataObject).reasons).toEqual([
			expect.stringContaining('already fired for this order'),
		]);
	});

	test('custom field names and event names, CompletePayment on shipment, Send to TikTok off', async () => {
		const input = [
			{ kind: 'ref_click', page: { id: 'P9' }, sender: { id: 'S1' }, at: T0, click: { ttclid: 'tt-9' } },
			{ kind: 'customer_message', page: { id: 'P9' }, sender: { id: 'S1' }, at: T0 + MIN },
			{ kind: 'order_created', page: { id: 'P9' }, sender: { id: 'S1' }, at: T0 + HOUR, order: { id: 'X1', total: 99 } },
			{ kind: 'order_confirmed', page: { id: 'P9' }, sender: { id: 'S1' }, at: T0 + 2 * HOUR, order: { id: 'X1' } },
			{ kind: 'shipment_created', page: { id: 'P9' }, sender: { id: 'S1' }, at: T0 + 3 * HOUR, order: { id: 'X1' } },
		];
		const { items, error } = await runNode(
			'tikTokConversion',
			params({
				send: false,
				eventSourceId: { __rl: true, mode: 'list', value: '' },
				completePaymentOn: 'shipment_created',
				fields: {
					type: 'kind',
					pageId: 'page.id',
					customerId: 'sender.id',
					timestamp: 'at',
					ttclid: 'click.ttclid',
					orderId: 'order.id',
					value: 'order.total',
				},
				eventNames: { initiateCheckout: 'InitiateOrder', completePayment: 'Shopping' },
			}),
			input,
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		expect(firedNames(items)).toEqual([[], ['Conversation'], ['InitiateOrder'], [], ['Shopping']]);
		const shopping = ((items[4].json.messaging as IDataObject).events as IDataObject[])[0];
		expect(shopping).toMatchObject({ status: 'skipped', orderId: 'X1', value: 99, time: new Date(T0 + 3 * HOUR).toISOString() });
		expect(emu.requests).toHaveLength(0);
	});

	test('with the default event source (Web, a pixel) all four default event names reach TikTok', async () => {
		const { items, error } = await runNode(
			'tikTokConversion',
			{ operation: 'trackMessaging', eventSourceId: locator(PIXEL), options: { defaultCountry: 'VN' } },
			TIMELINE.slice(0, 11),
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		expect(emu.requestsTo('/event/track/')[0].body).toMatchObject({ event_source: 'web', event_source_id: PIXEL });
		expect(emu.state.event.received.map((e) => e.event)).toEqual([
			'Conversation',
			'ValidConversation',
			'InitiateCheckout',
			'CompletePayment',
		]);
		const statuses = items.flatMap((item) => ((item.json.messaging as IDataObject).events as IDataObject[]).map((e) => e.status));
		expect(statuses).toEqual(['sent', 'sent', 'sent', 'sent']);
	});

	describe('an offline event set (standard event names only)', () => {
		const offline = (extra: IDataObject = {}) => params({ eventSource: 'offline', eventSourceId: locator(OFFLINE_SET), ...extra });

		test('with the default names the run stops before anything is processed, naming both and how to fix it', async () => {
			const staticData: IDataObject = {};
			const run = await runNode('tikTokConversion', offline(), TIMELINE.slice(0, 11), { credentials: creds, staticData });
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toBe(
				'Offline event sets accept TikTok standard event names only, and "Conversation" (Conversation), "ValidConversation" (Valid Conversation) are not',
			);
			expect(String(run.error?.description)).toContain('rename them to standard events (e.g. Conversation → Contact');
			expect(String(run.error?.description)).toContain('set Event Source to Web (Pixel)');
			expect(emu.requests).toHaveLength(0);
			// No state was advanced: fixing the names and running again still fires every event.
			expect((run.staticData['node:TikTok'] as IDataObject | undefined)?.messaging).toBeUndefined();

			const fixed = await runNode(
				'tikTokConversion',
				offline({ eventNames: { conversation: 'Contact', validConversation: 'Lead' } }),
				TIMELINE.slice(0, 11),
				{ credentials: creds, staticData: run.staticData },
			);
			expect(fixed.error).toBeUndefined();
			expect(emu.requestsTo('/event/track/')[0].body).toMatchObject({ event_source: 'offline', event_source_id: OFFLINE_SET });
			expect(emu.state.event.received.map((e) => e.event)).toEqual(['Contact', 'Lead', 'InitiateCheckout', 'CompletePayment']);
		});

		test('under continue on fail the setup error still stops the run (it would fail every conversation)', async () => {
			const run = await runNode('tikTokConversion', offline({ eventNames: { validConversation: 'Lead' } }), TIMELINE.slice(0, 4), {
				credentials: creds,
				continueOnFail: true,
			});
			expect(run.error?.message).toBe(
				'Offline event sets accept TikTok standard event names only, and "Conversation" (Conversation) is not',
			);
			expect(emu.requests).toHaveLength(0);
		});

		test('with Send to TikTok off the names are not checked (events are only output)', async () => {
			const run = await runNode('tikTokConversion', offline({ send: false }), TIMELINE.slice(0, 4), { credentials: creds });
			expect(run.error).toBeUndefined();
			expect(firedNames(run.items)).toEqual([[], ['Conversation'], [], []]);
			expect(emu.requests).toHaveLength(0);
		});
	});

	test('a standard name with the wrong letter case stops the run instead of being refused per event', async () => {
		const run = await runNode('tikTokConversion', params({ eventNames: { initiateCheckout: 'initiateCheckout' } }), TIMELINE.slice(0, 9), {
			credentials: creds,
		});
		expect(run.error?.message).toBe(
			'TikTok would reject the event name "initiateCheckout" (InitiateCheckout): Event name "initiateCheckout" differs only in letter case from the standard event "InitiateCheckout"; TikTok names are case-sensitive',
		);
		expect(String(run.error?.description)).toContain('Fix the spelling under Event Names');
		expect(emu.requests).toHaveLength(0);
	});

	test('the editor warns about offline names and asks for the pixel or event set', async () => {
		const { nodeTypes } = await loadPackage();
		const description = nodeTypes.getByNameAndVersion('n8n-nodes-tiktok-ads.tikTokConversion', 1).description;
		const shown = (values: IDataObject) =>
			description.properties
				.filter((p) => NodeHelpers.displayParameter(values as INodeParameters, p, { typeVersion: 1 }, description))
				.map((p) => p.name);
		const defaults = { operation: 'trackMessaging', send: true, eventSource: 'web' };
		const eventSource = description.properties.find((p) => p.name === 'eventSource' && p.displayOptions?.show?.operation?.includes('trackMessaging'));
		expect(eventSource?.default).toBe('web');
		expect(shown(defaults)).not.toContain('offlineNamesNotice');
		expect(shown({ ...defaults, eventSource: 'offline' })).toContain('offlineNamesNotice');
		expect(shown({ ...defaults, eventSource: 'offline', send: false })).not.toContain('offlineNamesNotice');
		const locatorProp = description.properties.find((p) => p.name === 'eventSourceId' && p.displayOptions?.show?.operation?.includes('trackMessaging'));
		expect(locatorProp?.required).toBe(true);
		expect(shown({ ...defaults, send: false })).not.toContain('eventSourceId');
	});

	test('when TikTok refuses a batch (continue on fail) the conversation state is kept, so a rerun resends', async () => {
		emu.injectFault('/event/track/', { kind: 'code', code: 40002, message: 'Invalid parameter', times: 1 });
		const first = await runNode('tikTokConversion', params(), TIMELINE.slice(0, 4), { credentials: creds, continueOnFail: true });
		expect(first.error).toBeUndefined();
		const failed = ((first.items[1].json.messaging as IDataObject).events as IDataObject[])[0];
		expect(failed).toMatchObject({ name: 'Conversation', status: 'failed' });
		expect(String(failed.error)).toContain('40002');
		expect((first.items[1].json.messaging as IDataObject).reasons).toEqual(
			expect.arrayContaining([expect.stringContaining('state was left as before this run')]),
		);
		expect(emu.state.event.received).toHaveLength(0);

		const rerun = await runNode('tikTokConversion', params(), TIMELINE.slice(0, 4), {
			credentials: creds,
			staticData: first.staticData,
		});
		expect(rerun.error).toBeUndefined();
		expect(emu.state.event.received.map((e) => [e.event, e.event_id])).toEqual([['Conversation', failed.eventId]]);
	});

	test('without continue on fail a refused batch fails the run and saves no state', async () => {
		emu.injectFault('/event/track/', { kind: 'code', code: 40002, message: 'Invalid parameter', times: 1 });
		const staticData: IDataObject = {};
		const run = await runNode('tikTokConversion', params(), TIMELINE.slice(0, 4), { credentials: creds, staticData });
		expect(run.error?.message).toContain('TikTok rejected batch 1 of 1');
		expect((run.staticData['node:TikTok'] as IDataObject | undefined)?.messaging).toBeUndefined();
	});

	test('bad items: the run stops naming the first, or with continue on fail they come back with the reason', async () => {
		const input = [TIMELINE[0], { ...TIMELINE[1], type: 'reaction' }, TIMELINE[3], { ...TIMELINE[2], timestamp: 'soon' }];
		const strict = await runNode('tikTokConversion', params(), input, { credentials: creds });
		expect(strict.error?.message).toBe('Item 1 is not a usable activity: unknown activity type "reaction" in field "type" (expected one of ref_click, get_started, customer_message, page_message, order_created, order_confirmed, shipment_created)');
		expect(emu.requests).toHaveLength(0);

		const lenient = await runNode('tikTokConversion', params(), input, { credentials: creds, continueOnFail: true });
		expect(lenient.error).toBeUndefined();
		expect(lenient.items.map((i) => (i.json.messaging as IDataObject).error)).toEqual([
			undefined,
			expect.stringContaining('unknown activity type "reaction"'),
			undefined,
			expect.stringContaining('timestamp "soon"'),
		]);
		expect(firedNames([lenient.items[2]])).toEqual([['Conversation']]);
		expect(emu.state.event.received).toHaveLength(1);
	});

	test('item store: a field that is not a state is reported', async () => {
		const input = [{ ...TIMELINE[0], messagingState: { hello: 'world' } }];
		const run = await runNode('tikTokConversion', params({ stateStore: 'item' }), input, { credentials: creds, continueOnFail: true });
		expect((run.items[0].json.messaging as IDataObject).error).toBe(
			'field "messagingState" does not hold a messaging state: unknown version (expected v: 1)',
		);
	});

	test('workflow store over its size cap drops the least recently active conversation and says so', async () => {
		const input = [
			act('ref_click', 0, 'a', { ttclid: 'a' }),
			act('ref_click', MIN, 'b', { ttclid: 'b' }),
			act('ref_click', 2 * MIN, 'c', { ttclid: 'c' }),
		];
		const run = await runNode('tikTokConversion', params({ options: { maxConversations: 2 } }), input, { credentials: creds });
		expect(run.error).toBeUndefined();
		expect((run.items[0].json.messaging as IDataObject).stateStore).toEqual({
			conversationsKept: 2,
			evictedIdle: 0,
			evictedOverCap: 1,
			droppedInvalid: 0,
		});
		const store = (run.staticData['node:TikTok'] as IDataObject).messaging as IDataObject;
		expect(Object.keys(store.conversations as IDataObject).sort()).toEqual(['1057:b', '1057:c']);
	});
});
