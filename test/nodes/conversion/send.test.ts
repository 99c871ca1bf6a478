import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { parseLeadDelivery, simplifyLead } from '../../../nodes/TikTokLeadTrigger/lead';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const PIXEL = 'CPIXEL0123456789ABCD';
const CRM_SET = '7345678901234567890';

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

/** A web Purchase mapped from typical shop fields. */
function webParams(extra: IDataObject = {}, options: IDataObject = {}): IDataObject {
	return {
		operation: 'send',
		eventSource: 'web',
		eventSourceId: locator(PIXEL),
		event: 'Purchase',
		eventTime: '={{ $json.time }}',
		eventId: '={{ $json.order }}',
		user: {
			email: '={{ $json.email }}',
			phone: '={{ $json.phone }}',
			ttclid: '={{ $json.ttclid }}',
			ip: '={{ $json.ip }}',
			userAgent: '={{ $json.ua }}',
		},
		properties: {
			value: '={{ $json.total }}',
			currency: '={{ $json.currency }}',
			orderId: '={{ $json.order }}',
			contents: '={{ JSON.stringify($json.lines) }}',
		},
		page: { url: '={{ $json.url }}' },
		options: { defaultCountry: 'VN', ...options },
		...extra,
	};
}

function shopItem(i: number, nowS: number): IDataObject {
	return {
		order: `ORD-${i}`,
		time: nowS - 60 - i,
		email: `Customer.${i}@Example.com `,
		phone: `0912 ${String(100000 + i).padStart(6, '0')}`,
		ttclid: `E.C.P.click${i}`,
		ip: `203.0.113.${i % 250}`,
		ua: 'Mozilla/5.0 (iPhone)',
		total: `${(i % 50) + 1}.000.000 ₫`,
		currency: 'VND',
		lines: [{ content_id: `SKU-${i % 7}`, quantity: 1, price: (i % 50) + 1 }],
		url: `https://shop.example/checkout/${i}`,
	};
}

function expectedEvent(i: number, nowS: number) {
	return {
		event: 'Purchase',
		event_time: nowS - 60 - i,
		event_id: `ORD-${i}`,
		user: {
			email: [sha(`customer.${i}@example.com`)],
			phone: [sha(`+84912${String(100000 + i).padStart(6, '0')}`)],
			ttclid: `E.C.P.click${i}`,
			ip: `203.0.113.${i % 250}`,
			user_agent: 'Mozilla/5.0 (iPhone)',
		},
		properties: {
			value: ((i % 50) + 1) * 1_000_000,
			currency: 'VND',
			order_id: `ORD-${i}`,
			contents: [{ content_id: `SKU-${i % 7}`, quantity: 1, price: (i % 50) + 1 }],
		},
		page: { url: `https://shop.example/checkout/${i}` },
	};
}

function hintsOf(run: { run: { data: { resultData: { runData: Record<string, Array<{ hints?: unknown[] }>> } } } }): unknown[] {
	return run.run.data.resultData.runData.TikTok?.[0]?.hints ?? [];
}

function trackBodies(): Array<IDataObject & { data: IDataObject[] }> {
	return emu.requestsTo('/event/track/').map((r) => r.body as IDataObject & { data: IDataObject[] });
}

describe('TikTok Conversion Event: send', () => {
	it('sends 2,345 items as 1000/1000/345 with every field built as expected, one output item per input', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = Array.from({ length: 2345 }, (_, i) => shopItem(i, nowS));
		const { items, error } = await runNode('tikTokConversion', webParams(), input, { credentials: creds });
		expect(error).toBeUndefined();

		const requests = emu.requestsTo('/event/track/');
		expect(requests.map((r) => (r.body as { data: unknown[] }).data.length)).toEqual([1000, 1000, 345]);
		for (const r of requests) {
			expect(r.response?.code).toBe(0);
			expect(r.headers['access-token']).toBe(emu.accessToken);
			expect(r.body).toMatchObject({ event_source: 'web', event_source_id: PIXEL });
			expect(r.body).not.toHaveProperty('test_event_code');
		}
		const sent = trackBodies().flatMap((b) => b.data);
		for (const i of [0, 1, 999, 1000, 1999, 2000, 2344]) expect(sent[i]).toEqual(expectedEvent(i, nowS));

		expect(emu.state.event.received).toHaveLength(2345);
		expect(emu.state.event.duplicates).toBe(0);

		expect(items).toHaveLength(2345);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.status).toBe('sent');
			expect(item.json.eventId).toBe(`ORD-${i}`);
		});
		const requestIds = requests.map((r) => r.response?.request_id);
		expect(items[0].json).toMatchObject({ requestId: requestIds[0], batch: 1, event: 'Purchase', eventSourceId: PIXEL });
		expect(items[1500].json).toMatchObject({ requestId: requestIds[1], batch: 2 });
		expect(items[2344].json).toMatchObject({ requestId: requestIds[2], batch: 3, eventTime: nowS - 60 - 2344 });
	}, 180_000);

	it('sends a CRM lead event with the exact 19-digit lead id from a lead webhook payload', async () => {
		const createTime = Math.floor(Date.now() / 1000) - 3600;
		// As TikTok delivers it: IDs are bare JSON numbers a JS number cannot hold.
		const webhookBody = `{"object":1,"time":${createTime},"entry":[{"id":7301234567890123457,"page_id":7126711421177430274,"advertiser_id":7000000000000000001,"create_time":${createTime},"lead_source":"INSTANT_FORM","changes":[{"field":"email","value":"lan.nguyen@example.vn"},{"field":"phone_number","value":"+84 912 345 678"}]}]}`;
		const parsed = parseLeadDelivery(webhookBody);
		if (!parsed.ok) throw new Error(parsed.reason);
		const lead = simplifyLead(parsed.delivery.entries[0] as Record<string, unknown>);
		expect(lead.leadId).toBe('7301234567890123457');

		const { items, error } = await runNode(
			'tikTokConversion',
			{
				operation: 'send',
				eventSource: 'crm',
				eventSourceId: locator(CRM_SET),
				event: '__custom',
				customEvent: 'QualifiedLead',
				leadId: '={{ $json.leadId }}',
				eventTime: '={{ $json.createdAt }}',
				user: { email: '={{ $json.fields.email }}', phone: '={{ $json.fields.phone_number }}' },
				options: { leadEventSource: 'HubSpot' },
			},
			[lead as IDataObject],
			{ credentials: creds, executionId: 'exec-crm' },
		);
		expect(error).toBeUndefined();
		const [request] = emu.requestsTo('/event/track/');
		expect(request.rawBody.toString('utf8')).toContain('"lead_id":"7301234567890123457"');
		expect(request.body).toEqual({
			event_source: 'crm',
			event_source_id: CRM_SET,
			data: [
				{
					event: 'QualifiedLead',
					event_time: createTime,
					event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
					user: { email: [sha('lan.nguyen@example.vn')], phone: [sha('+84912345678')] },
					lead: { lead_id: '7301234567890123457', lead_event_source: 'HubSpot' },
				},
			],
		});
		expect(emu.state.event.received[0].lead?.lead_id).toBe('7301234567890123457');
		const sentId = emu.state.event.received[0].event_id;
		expect(items[0].json).toMatchObject({ status: 'sent', eventId: sentId, eventIdFrom: 'content', event: 'QualifiedLead' });
	});

	it('puts the test event code at the top level of each request, not in the events', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = Array.from({ length: 5 }, (_, i) => shopItem(i, nowS));
		const { error } = await runNode('tikTokConversion', webParams({}, { testEventCode: 'TEST93611', batchSize: 2 }), input, {
			credentials: creds,
		});
		expect(error).toBeUndefined();
		const bodies = trackBodies();
		expect(bodies).toHaveLength(3);
		for (const body of bodies) {
			expect(body.test_event_code).toBe('TEST93611');
			for (const event of body.data) expect(event).not.toHaveProperty('test_event_code');
		}
		expect(emu.state.event.received.every((e) => e.test_event_code === 'TEST93611')).toBe(true);
	});

	it('records every event exactly once through a 40100 storm and a dropped connection', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = Array.from({ length: 25 }, (_, i) => shopItem(i, nowS));
		emu.injectFault('/event/track/', { kind: 'code', code: 40100, times: 3 });
		emu.injectFault('/event/track/', { kind: 'reset', times: 1 });
		const { items, error } = await runNode('tikTokConversion', webParams({}, { batchSize: 10 }), input, {
			credentials: creds,
		});
		expect(error).toBeUndefined();
		const requests = emu.requestsTo('/event/track/');
		expect(requests.filter((r) => r.fault).map((r) => r.fault)).toEqual(['code', 'code', 'code', 'reset']);
		expect(requests.filter((r) => r.response?.code === 0)).toHaveLength(3);
		const ids = emu.state.event.received.map((e) => e.event_id);
		expect(ids).toEqual(input.map((x) => x.order));
		expect(emu.state.event.duplicates).toBe(0);
		expect(items.every((item) => item.json.status === 'sent')).toBe(true);
	});

	describe('default event id (no Event ID mapped)', () => {
		const params = (extra: IDataObject = {}) => ({
			...webParams({ eventId: '' }, { batchSize: 1000 }),
			...extra,
		});

		it('is derived from the event, so the same input sent by two executions is counted once', async () => {
			const nowS = Math.floor(Date.now() / 1000);
			const input = [shopItem(1, nowS), shopItem(2, nowS)];
			const first = await runNode('tikTokConversion', params(), input, { credentials: creds, executionId: 'exec-77' });
			await runNode('tikTokConversion', params(), input, { credentials: creds, executionId: 'exec-78' });
			const ids = trackBodies().map((b) => b.data.map((e) => e.event_id));
			expect(ids[0]).toEqual(ids[1]);
			expect(ids[0][0]).toMatch(/^[0-9a-f]{32}$/);
			expect(ids[0][0]).not.toBe(ids[0][1]);
			expect(first.items.map((i) => [i.json.eventId, i.json.eventIdFrom])).toEqual(ids[0].map((id) => [id, 'content']));
			expect(emu.state.event.received).toHaveLength(2);
			expect(emu.state.event.duplicates).toBe(2);

			// Another order (or another amount) is another event.
			await runNode('tikTokConversion', params(), [{ ...shopItem(1, nowS), order: 'ORD-1b' }, { ...shopItem(2, nowS), total: 7 }], {
				credentials: creds,
			});
			expect(emu.state.event.received).toHaveLength(4);
		});

		it('keeps 2,500 purchases at 2,500 when a run that failed part-way is run again', async () => {
			const nowS = Math.floor(Date.now() / 1000);
			const input = Array.from({ length: 2500 }, (_, i) => shopItem(i, nowS));
			// The first batch goes through, the second is refused: the run stops after 1,000 events.
			emu.injectFault('/event/track/', { kind: 'delay', ms: 1 });
			emu.injectFault('/event/track/', { kind: 'code', code: 40002, message: 'Invalid event_source_id' });
			const failed = await runNode('tikTokConversion', params(), input, { credentials: creds, executionId: 'exec-100' });
			expect(failed.error?.message).toMatch(/^TikTok rejected batch 2 of 3/);
			expect(emu.state.event.received).toHaveLength(1000);

			const rerun = await runNode('tikTokConversion', params(), input, { credentials: creds, executionId: 'exec-101' });
			expect(rerun.error).toBeUndefined();
			expect(rerun.items.every((i) => i.json.status === 'sent')).toBe(true);
			expect(emu.state.event.received).toHaveLength(2500);
			expect(emu.state.event.duplicates).toBe(1000);
			expect(new Set(emu.state.event.received.map((e) => e.event_id)).size).toBe(2500);
		}, 180_000);

		it('says in the run summary when neither Event ID nor Event Time is mapped (each run stamps its own time)', async () => {
			const run = await runNode('tikTokConversion', params({ eventTime: '' }), [shopItem(1, 0), shopItem(2, 0)], { credentials: creds });
			expect(run.error).toBeUndefined();
			expect(hintsOf(run)).toEqual([
				expect.objectContaining({ type: 'info', message: expect.stringMatching(/^2 event\(s\) have neither Event ID nor Event Time mapped/) }),
			]);
			const timed = await runNode('tikTokConversion', params(), [shopItem(1, Math.floor(Date.now() / 1000))], { credentials: creds });
			expect(hintsOf(timed)).toEqual([]);
		});
	});

	it('warns on every item whose event id repeats in the run (1,001 items, one id: TikTok keeps one)', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = Array.from({ length: 1002 }, (_, i) => ({ ...shopItem(i, nowS), order: i < 1001 ? 'ORDER-1' : 'ORDER-2' }));
		const run = await runNode('tikTokConversion', webParams(), input, { credentials: creds });
		expect(run.error).toBeUndefined();
		const { items } = run;
		expect(items).toHaveLength(1002);
		expect(emu.state.event.received).toHaveLength(2);
		expect(emu.state.event.duplicates).toBe(1000);
		const warning = 'Event ID "ORDER-1" is used by 1001 items of this run for the same event and pixel; TikTok keeps only one of them';
		for (const i of [0, 1, 500, 1000]) {
			expect(items[i].json.status).toBe('sent');
			expect(items[i].json.warnings).toContain(warning);
		}
		expect(items[0].json).not.toHaveProperty('duplicateOfItem');
		expect(items[1000].json.duplicateOfItem).toBe(0);
		expect(items[1001].json).not.toHaveProperty('duplicateOfItem');
		expect(JSON.stringify(items[1001].json.warnings ?? [])).not.toContain('is used by');
		expect(hintsOf(run)).toEqual([
			expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^1001 of 1002 events share their event ID with another event of this run/) }),
		]);
	});

	it('says why two identical events without an Event ID collapse (same content, same second)', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const same = { ...shopItem(1, nowS), order: '' };
		const run = await runNode('tikTokConversion', webParams({ eventId: '' }), [same, same, { ...same, total: 9 }], { credentials: creds });
		expect(run.error).toBeUndefined();
		const [a, b, c] = run.items.map((i) => i.json);
		expect(a.eventId).toBe(b.eventId);
		expect(c.eventId).not.toBe(a.eventId);
		expect(b.warnings).toContain(
			`Event ID "${String(a.eventId)}" is used by 2 items of this run for the same event and pixel (no Event ID is mapped and the events are identical in every field the default ID is made from); TikTok keeps only one of them`,
		);
		expect(b.duplicateOfItem).toBe(0);
		expect(c).not.toHaveProperty('duplicateOfItem');
		expect(emu.state.event.received).toHaveLength(2);
	});

	it('does not call the same order id sent as two different events a repeat', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = [shopItem(1, nowS), shopItem(1, nowS)];
		const run = await runNode('tikTokConversion', webParams({ event: '={{ $itemIndex === 0 ? "InitiateCheckout" : "Purchase" }}' }), input, { credentials: creds });
		expect(run.items.map((i) => i.json.warnings ?? [])).toEqual([[], []]);
		expect(emu.state.event.received).toHaveLength(2);
	});

	describe('a batch TikTok rejects with 40002', () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = Array.from({ length: 25 }, (_, i) => shopItem(i, nowS));
		function rejectSecondBatch() {
			// A zero-length delay lets the first request through untouched; the second one gets the error.
			emu.injectFault('/event/track/', { kind: 'delay', ms: 1 });
			emu.injectFault('/event/track/', { kind: 'code', code: 40002, message: 'Invalid event_source_id' });
		}

		it('under continue-on-fail marks that batch failed and still sends the others', async () => {
			rejectSecondBatch();
			const { items, error } = await runNode('tikTokConversion', webParams({}, { batchSize: 10 }), input, {
				credentials: creds,
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			const requests = emu.requestsTo('/event/track/');
			expect(requests).toHaveLength(3);
			expect(requests.map((r) => r.response?.code)).toEqual([0, 40002, 0]);
			expect(emu.state.event.received.map((e) => e.event_id)).toEqual([
				...input.slice(0, 10).map((x) => x.order),
				...input.slice(20).map((x) => x.order),
			]);
			expect(items).toHaveLength(25);
			for (let i = 0; i < 25; i++) {
				expect(items[i].pairedItem).toEqual({ item: i });
				expect(items[i].json.status).toBe(i >= 10 && i < 20 ? 'failed' : 'sent');
			}
			expect(items[12].json).toMatchObject({
				status: 'failed',
				code: 40002,
				batch: 2,
				requestId: requests[1].response?.request_id,
				eventId: 'ORD-12',
				error: 'TikTok rejected batch 2 with code 40002: Invalid event_source_id',
			});
		});

		it('without continue-on-fail stops with an error naming the first failed item', async () => {
			rejectSecondBatch();
			const { error } = await runNode('tikTokConversion', webParams({}, { batchSize: 10 }), input, { credentials: creds });
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toBe('TikTok rejected batch 2 of 3 (items 10–19) with code 40002: Invalid event_source_id');
			expect(error?.context).toMatchObject({ itemIndex: 10 });
			expect(String(error?.description)).toMatch(/The 10 event\(s\) of earlier batches were sent/);
			expect(emu.requestsTo('/event/track/')).toHaveLength(2);
			expect(emu.state.event.received).toHaveLength(10);
		});
	});

	it('never lets a raw email or phone reach TikTok', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = [
			{ ...shopItem(1, nowS), email: 'Mai.Tran@Example.VN', phone: '+84 912 345 678' },
			{ ...shopItem(2, nowS), email: ['x@example.org', 'y@example.org'], phone: '0987654321, +1 (213) 373-4253' },
		];
		const { items, error } = await runNode('tikTokConversion', webParams(), input, { credentials: creds });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['sent', 'sent']);
		const wire = emu.requests.map((r) => r.rawBody.toString('utf8')).join('\n');
		expect(wire.length).toBeGreaterThan(0);
		for (const raw of ['mai.tran', 'example.vn', 'example.org', '912345678', '84912345678', '987654321', '2133734253', '213) 373']) {
			expect(wire.toLowerCase()).not.toContain(raw);
		}
		expect(emu.state.event.received[1].user?.email).toEqual([sha('x@example.org'), sha('y@example.org')]);
		expect(emu.state.event.received[1].user?.phone).toEqual([sha('+84987654321'), sha('+12133734253')]);
		const output = JSON.stringify(items.map((i) => i.json));
		expect(output).not.toContain('mai.tran');
		expect(output).not.toContain('912345678');
	});

	describe('per-item bad value or currency', () => {
		const nowS = Math.floor(Date.now() / 1000);
		const input = [
			{ ...shopItem(0, nowS) },
			{ ...shopItem(1, nowS), total: '1,234', currency: 'USD' },
			{ ...shopItem(2, nowS), currency: 'US$' },
			{ ...shopItem(3, nowS), total: 'free', currency: 'USD' },
			{ ...shopItem(4, nowS), total: '1.234,50 €', currency: 'EUR' },
		];

		it('under continue-on-fail rejects only those items, each with its reason, and sends the rest', async () => {
			const { items, error } = await runNode('tikTokConversion', webParams(), input, { credentials: creds, continueOnFail: true });
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.status)).toEqual(['sent', 'rejected', 'rejected', 'rejected', 'sent']);
			expect(items[1].json.error).toMatch(/^Value "1,234" is ambiguous: it could be 1234 or 1\.234/);
			expect(items[2].json.error).toBe('Currency "US$" is not an ISO 4217 code (e.g. USD, EUR, VND)');
			expect(items[3].json.error).toBe('Value "free" is not a number');
			expect(items[1].json).toMatchObject({ event: 'Purchase', eventId: 'ORD-1' });
			expect(emu.state.event.received.map((e) => e.event_id)).toEqual(['ORD-0', 'ORD-4']);
			expect(emu.state.event.received[1].properties).toMatchObject({ value: 1234.5, currency: 'EUR' });
		});

		it('otherwise stops before sending anything, naming the first bad item', async () => {
			const { error } = await runNode('tikTokConversion', webParams(), input, { credentials: creds });
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toMatch(/^Item 1 cannot be sent: Value "1,234" is ambiguous/);
			expect(error?.context).toMatchObject({ itemIndex: 1 });
			expect(String(error?.description)).toMatch(/3 of 5 item\(s\) cannot be sent; nothing was sent/);
			expect(emu.requestsTo('/event/track/')).toHaveLength(0);
		});
	});

	it('sends app events with hashed advertising IDs and keeps offline sets to standard events', async () => {
		const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
		const app = await runNode(
			'tikTokConversion',
			{
				operation: 'send',
				eventSource: 'app',
				eventSourceId: locator('7000111122223333444'),
				event: 'LaunchAPP',
				appId: '343200656',
				user: { idfa: '={{ $json.idfa }}', ip: '198.51.100.4' },
				options: { limitedDataUse: true, appName: 'Shop', appVersion: '2.4.1' },
			},
			[{ idfa }],
			{ credentials: creds, executionId: 'exec-app' },
		);
		expect(app.error).toBeUndefined();
		expect(trackBodies()[0]).toEqual({
			event_source: 'app',
			event_source_id: '7000111122223333444',
			data: [
				{
					event: 'LaunchAPP',
					event_time: expect.any(Number),
					event_id: expect.stringMatching(/^[0-9a-f]{32}$/),
					user: { idfa: sha(idfa.toLowerCase()), ip: '198.51.100.4' },
					app: { app_id: '343200656', app_name: 'Shop', app_version: '2.4.1' },
					limited_data_use: true,
				},
			],
		});

		const offline = await runNode(
			'tikTokConversion',
			{ operation: 'send', eventSource: 'offline', eventSourceId: locator('7111'), event: '={{ $json.name }}', user: { email: 'a@example.com' } },
			[{ name: 'Purchase' }, { name: 'StoreVisit' }],
			{ credentials: creds, continueOnFail: true },
		);
		expect(offline.items.map((i) => i.json.status)).toEqual(['sent', 'rejected']);
		expect(offline.items[1].json.error).toBe('Event "StoreVisit" is not a standard event; offline event sets accept standard events only');
		expect(emu.state.event.received.map((e) => [e.event_source, e.event])).toEqual([
			['app', 'LaunchAPP'],
			['offline', 'Purchase'],
		]);
	});

	it('reads Luxon DateTimes from expressions and sends per-item pixels in separate requests', async () => {
		const { items, error } = await runNode(
			'tikTokConversion',
			{
				operation: 'send',
				eventSource: 'web',
				eventSourceId: { __rl: true, mode: 'id', value: '={{ $json.pixel }}' },
				event: 'ViewContent',
				eventTime: '={{ $now.minus({ hours: 2 }) }}',
				user: { externalId: '={{ $json.id }}' },
			},
			[
				{ pixel: 'CPIXELAAAA', id: 'u1' },
				{ pixel: 'CPIXELBBBB', id: 'u2' },
				{ pixel: 'CPIXELAAAA', id: 'u3' },
			],
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		const bodies = trackBodies();
		expect(bodies.map((b) => [b.event_source_id, b.data.map((e) => (e.user as IDataObject).external_id)])).toEqual([
			['CPIXELAAAA', [[sha('u1')], [sha('u3')]]],
			['CPIXELBBBB', [[sha('u2')]]],
		]);
		const twoHoursAgo = Math.floor(Date.now() / 1000) - 7200;
		for (const e of emu.state.event.received) expect(Math.abs(e.event_time - twoHoursAgo)).toBeLessThan(120);
		expect(items.map((i) => i.json.eventSourceId)).toEqual(['CPIXELAAAA', 'CPIXELBBBB', 'CPIXELAAAA']);
	});
});

describe('plain {{ $json.x }} mappings are read without the expression engine', () => {
	it('sends exactly what the same mapping through n8n expressions sends', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const items = [0, 1, 2].map((i) => shopItem(i, nowS));
		await runNode('tikTokConversion', webParams(), items, { credentials: creds, executionId: 'fast' });
		const viaEngine = webParams({
			eventId: '={{ $json.order + "" }}',
			user: {
				email: '={{ $json.email + "" }}',
				phone: '={{ String($json.phone) }}',
				ttclid: '={{ $json.ttclid + "" }}',
				ip: '={{ $json.ip + "" }}',
				userAgent: '={{ $json.ua + "" }}',
			},
			page: { url: '={{ $json.url + "" }}' },
		});
		await runNode('tikTokConversion', viaEngine, items, { credentials: creds, executionId: 'engine' });
		const [fast, engine] = emu.requestsTo('/event/track/').map((r) => (r.body as { data: IDataObject[] }).data);
		expect(fast).toHaveLength(3);
		expect(engine).toEqual(fast);
		expect((fast[0].user as IDataObject).email).toEqual([sha('customer.0@example.com')]);
	});

	it('reads a property of a text ("{{ $json.order.length }}") the way n8n does, not as a missing field', async () => {
		const nowS = Math.floor(Date.now() / 1000);
		const items = [shopItem(7, nowS), { ...shopItem(12, nowS), order: 'ORD-12-RETRY' }];
		await runNode(
			'tikTokConversion',
			webParams({ properties: { value: '={{ $json.order.length }}', currency: '={{ $json.currency }}' } }),
			items,
			{ credentials: creds, executionId: 'length' },
		);
		const [events] = trackBodies().map((body) => body.data);
		expect(events.map((e) => (e.properties as IDataObject).value)).toEqual([5, 12]);
	});
});

describe('fields TikTok would refuse or not read', () => {
	const nowS = () => Math.floor(Date.now() / 1000);

	it('refuses app events without an App ID before sending anything, and sends app.app_id when set', async () => {
		const params = {
			operation: 'send',
			eventSource: 'app',
			eventSourceId: locator('7000111122223333444'),
			event: 'Purchase',
			appId: '={{ $json.app }}',
			user: { gaid: '={{ $json.gaid }}' },
			properties: { value: '={{ $json.total }}', currency: 'USD' },
		};
		const gaid = '38400000-8cf0-11bd-b23e-10b96e40000d';
		const { items, error } = await runNode(
			'tikTokConversion',
			params,
			[
				{ app: 'com.example.shop', gaid, total: 12 },
				{ app: '', gaid, total: 13 },
			],
			{ credentials: creds, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['sent', 'rejected']);
		expect(items[1].json.error).toMatch(/^App ID is empty; app events need the mobile app ID/);
		expect(emu.requestsTo('/event/track/').map((r) => r.response?.code)).toEqual([0]);
		expect(emu.state.event.received.map((e) => e.app)).toEqual([{ app_id: 'com.example.shop' }]);
	});

	it('sends the search text as properties.search_string, so TikTok does not lose it', async () => {
		const { items, error } = await runNode(
			'tikTokConversion',
			{
				operation: 'send',
				eventSource: 'web',
				eventSourceId: locator(PIXEL),
				event: 'Search',
				eventTime: '={{ $json.time }}',
				user: { externalId: '={{ $json.user }}' },
				properties: { query: '={{ $json.q }}' },
			},
			[{ time: nowS() - 5, user: 'u1', q: 'giày thể thao nữ' }],
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.status).toBe('sent');
		expect(emu.state.event.received[0].properties).toEqual({ search_string: 'giày thể thao nữ' });
		expect(emu.state.event.lost).toEqual([]);
	});

	it('names the field when Contents refers to itself (not JSON), instead of n8n’s stack overflow', async () => {
		const { items, error } = await runNode(
			'tikTokConversion',
			webParams({
				properties: {
					value: '={{ $json.total }}',
					currency: 'VND',
					contents: '={{ $itemIndex === 1 ? (() => { const line = { content_id: "sku-1" }; line.self = line; return [line]; })() : $json.lines }}',
				},
			}),
			[{ ...shopItem(1, nowS()) }, { ...shopItem(2, nowS()) }],
			{ credentials: creds, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['sent', 'rejected']);
		expect(items[1].json.error).toBe(
			'Properties → Contents (JSON) cannot be read: the value contains itself (circular) or nests too deeply, so it is not JSON data; map plain fields or a JSON array instead',
		);
		expect(items[1].pairedItem).toEqual({ item: 1 });

		const stopped = await runNode(
			'tikTokConversion',
			webParams({ properties: { contents: '={{ (() => { const a = []; a.push(a); return a; })() }}' } }),
			[shopItem(3, nowS())],
			{ credentials: creds },
		);
		expect(stopped.error?.message).toMatch(/^Item 0 cannot be sent: Properties → Contents \(JSON\) cannot be read: the value contains itself/);
	});

	it('names a customer field that refers to itself', async () => {
		const { items } = await runNode(
			'tikTokConversion',
			webParams({ user: { email: '={{ (() => { const e = { v: "a@example.com" }; e.me = e; return e; })() }}' } }),
			[shopItem(1, nowS())],
			{ credentials: creds, continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ status: 'rejected', error: expect.stringMatching(/^Customer Information → Email cannot be read: the value contains itself/) });
		expect(emu.requestsTo('/event/track/')).toHaveLength(0);
	});

	it('names Contents that is not JSON text, and keeps the other items', async () => {
		const { items } = await runNode(
			'tikTokConversion',
			webParams({ properties: { currency: 'VND', contents: '={{ $json.lines }}' } }),
			[
				{ ...shopItem(1, nowS()), lines: 'sku-1 x2' },
				{ ...shopItem(2, nowS()), lines: [{ content_id: 'sku-2', quantity: 1 }] },
			],
			{ credentials: creds, continueOnFail: true },
		);
		expect(items.map((i) => i.json.status)).toEqual(['rejected', 'sent']);
		expect(items[0].json.error).toMatch(/^Contents is not valid JSON; expected an array like/);
	});

	it('refuses a Description given as an object instead of dropping it', async () => {
		const { items } = await runNode(
			'tikTokConversion',
			webParams({ properties: { description: '={{ $json.note }}', value: '={{ $json.total }}', currency: 'VND' } }),
			[
				{ ...shopItem(1, nowS()), note: { vi: 'Đơn hàng online' } },
				{ ...shopItem(2, nowS()), note: 'Đơn hàng online' },
			],
			{ credentials: creds, continueOnFail: true },
		);
		expect(items.map((i) => i.json.status)).toEqual(['rejected', 'sent']);
		expect(items[0].json.error).toBe('Description must be text, got an object; map a text field (or JSON.stringify the value)');
		expect(emu.state.event.received.map((e) => e.properties?.description)).toEqual(['Đơn hàng online']);
	});
});
