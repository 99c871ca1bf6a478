import { createHash } from 'node:crypto';

import { startEmulator, type Emulator } from '../../../emulator';
import { call } from '../../emulator/http';

/** The emulator's /event/track/ contract: what it refuses is what the node must never send. */

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

const nowS = () => Math.floor(emu.now() / 1000);
const event = (extra: Record<string, unknown> = {}) => ({
	event: 'Purchase',
	event_time: nowS() - 10,
	event_id: 'e1',
	user: { email: [sha('a@example.com')] },
	properties: { value: 10, currency: 'USD' },
	...extra,
});
const track = (body: Record<string, unknown>) => call(emu, 'POST', '/event/track/', { body });
const web = (data: unknown[], extra: Record<string, unknown> = {}) =>
	track({ event_source: 'web', event_source_id: 'CPIXEL1', data, ...extra });

describe('emulator /event/track/', () => {
	it('accepts a well-formed request and records the events', async () => {
		const res = await web([event(), event({ event_id: 'e2' })], { test_event_code: 'TEST1' });
		expect(res.json.code).toBe(0);
		expect(emu.state.event.received.map((e) => [e.event_id, e.test_event_code])).toEqual([
			['e1', 'TEST1'],
			['e2', 'TEST1'],
		]);
	});

	it('rejects the whole request above 1,000 events', async () => {
		const data = Array.from({ length: 1001 }, (_, i) => event({ event_id: `e${i}` }));
		const res = await web(data);
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/maximum of 1000 events/);
		expect(emu.state.event.received).toHaveLength(0);
		expect((await web(data.slice(0, 1000))).json.code).toBe(0);
	});

	it.each([
		['a raw email', { user: { email: ['a@example.com'] } }, /data\.1\.user\.email\.0: Must be a lowercase SHA-256/],
		['a raw phone', { user: { phone: ['+84912345678'] } }, /data\.1\.user\.phone\.0/],
		['an upper-case digest', { user: { external_id: [sha('x').toUpperCase()] } }, /external_id/],
		['event_time in milliseconds', { event_time: Date.now() }, /event_time: .* outside the accepted time range/],
		['a fractional event_time', { event_time: 1_700_000_000.5 }, /event_time: Must be an integer/],
		['an ISO event_time', { event_time: '2024-05-01T00:00:00Z' }, /event_time/],
		['a value as text', { properties: { value: '1.234,50', currency: 'VND' } }, /properties\.value/],
		['a value without currency', { properties: { value: 5 } }, /currency is required/],
		['a lower-case standard event', { event: 'purchase' }, /"purchase" is not a valid event\. Event names are case-sensitive/],
		['test_event_code inside an event', { test_event_code: 'TEST1' }, /Unrecognized key.*test_event_code/],
	])('rejects %s', async (_label, extra, message) => {
		const res = await web([event(), event({ event_id: 'e2', ...extra })]);
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(message);
		expect(emu.state.event.received).toHaveLength(0);
	});

	it('knows the event sources and their rules', async () => {
		expect((await track({ event_source: 'pixel', event_source_id: 'C1', data: [event()] })).json.message).toMatch(/event_source/);
		const crm = await track({ event_source: 'crm', event_source_id: '7345678901234567890', data: [event({ event: 'Lead' })] });
		expect(crm.json).toMatchObject({ code: 40002, message: expect.stringMatching(/lead\.lead_id: Missing/) });
		const crmOk = await track({
			event_source: 'crm',
			event_source_id: '7345678901234567890',
			data: [event({ event: 'Lead', lead: { lead_id: '7301234567890123457' } })],
		});
		expect(crmOk.json.code).toBe(0);
		const offlineCustom = await track({ event_source: 'offline', event_source_id: '123', data: [event({ event: 'StoreVisit' })] });
		expect(offlineCustom.json.message).toMatch(/offline events must be standard events/);
		const webCustom = await web([event({ event: 'QualifiedLead' })]);
		expect(webCustom.json.code).toBe(0);
	});

	it('refuses app events without app.app_id, and takes them with it', async () => {
		const app = (data: unknown[]) => track({ event_source: 'app', event_source_id: '7000111122223333444', data });
		const launch = { event: 'LaunchAPP', event_time: nowS() - 10, event_id: 'a1', user: { gaid: '38400000-8cf0-11bd-b23e-10b96e40000d' } };
		const missing = await app([launch]);
		expect(missing.json).toMatchObject({ code: 40002, message: 'data.0.app.app_id: Missing data for required field (app events).' });
		const emptyApp = await app([{ ...launch, app: { app_name: 'Shop' } }]);
		expect(emptyApp.json).toMatchObject({ code: 40002, message: expect.stringMatching(/^data\.0\.app\.app_id: Missing/) });
		expect(emu.state.event.received).toHaveLength(0);
		const ok = await app([{ ...launch, app: { app_id: 'com.example.shop', app_version: '2.4.1' } }]);
		expect(ok.json.code).toBe(0);
		expect(emu.state.event.received[0].app).toEqual({ app_id: 'com.example.shop', app_version: '2.4.1' });
	});

	it('accepts properties.query as TikTok does, but records that the search text was lost', async () => {
		const res = await web([
			event({ event: 'Search', properties: { query: 'red shoes' } }),
			event({ event: 'Search', event_id: 'e2', properties: { search_string: 'blue shoes' } }),
		]);
		expect(res.json.code).toBe(0);
		expect(emu.state.event.received).toHaveLength(2);
		expect(emu.state.event.lost).toEqual([
			{
				event_source_id: 'CPIXEL1',
				event_id: 'e1',
				index: 0,
				requestIndex: 0,
				field: 'properties.query',
				reason: expect.stringMatching(/reads the search text from properties\.search_string/),
			},
		]);
	});

	it('counts duplicates by event_source_id + event_id + event', async () => {
		await web([event()]);
		await web([event(), event({ event: 'AddToCart' })]);
		await track({ event_source: 'web', event_source_id: 'CPIXEL2', data: [event()] });
		expect(emu.state.event.received.map((e) => [e.event_source_id, e.event_id, e.event])).toEqual([
			['CPIXEL1', 'e1', 'Purchase'],
			['CPIXEL1', 'e1', 'AddToCart'],
			['CPIXEL2', 'e1', 'Purchase'],
		]);
		expect(emu.state.event.duplicates).toBe(1);
	});

	it('requires an access token and honours injected faults', async () => {
		const anonymous = await call(emu, 'POST', '/event/track/', { body: { event_source: 'web', event_source_id: 'C1', data: [event()] }, token: null });
		expect(anonymous.json.code).toBe(40104);
		emu.injectFault('/event/track/', { kind: 'code', code: 40100 });
		expect((await web([event()])).json.code).toBe(40100);
		expect((await web([event()])).json.code).toBe(0);
		expect(emu.state.event.received).toHaveLength(1);
	});
});
