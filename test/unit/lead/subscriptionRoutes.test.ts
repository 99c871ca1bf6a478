import { request } from 'undici';

import { startEmulator, type Emulator } from '../../../emulator';
import { formsOf } from '../../../emulator/routes/page';
import { dropSubscription, liveLeadSubscriptions } from '../../../emulator/routes/subscription';

const API = '/open_api/v1.3';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

async function call(method: 'GET' | 'POST', path: string, payload: Record<string, unknown>) {
	const url = new URL(`${emu.baseUrl}${API}${path}`);
	if (method === 'GET') for (const [k, v] of Object.entries(payload)) url.searchParams.set(k, String(v));
	const res = await request(url, {
		method,
		headers: method === 'POST' ? { 'content-type': 'application/json' } : {},
		body: method === 'POST' ? JSON.stringify(payload) : undefined,
	});
	return (await res.body.json()) as { code: number; message: string; data: Record<string, unknown> };
}

const adv = () => emu.state.core.advertisers.keys().next().value as string;
const formOfAdv = (): string => formsOf(emu.state, adv())[0].page_id;
const app = () => ({ app_id: emu.appId, secret: emu.appSecret });
const subscribe = (detail: Record<string, unknown>, callback = 'https://n8n.example/webhook/abc/webhook') =>
	call('POST', '/subscription/subscribe/', {
		...app(),
		subscribe_entity: 'LEAD',
		callback_url: callback,
		subscription_detail: { access_token: emu.accessToken, ...detail },
	});

describe('emulator: /subscription/*', () => {
	it('subscribes, lists (without the token) and unsubscribes', async () => {
		const form = formOfAdv();
		const created = await subscribe({ advertiser_id: adv(), page_id: form });
		expect(created.code).toBe(0);
		const id = created.data.subscription_id as string;
		expect(id).toMatch(/^\d{19}$/);

		const listed = await call('GET', '/subscription/get/', { ...app(), subscribe_entity: 'LEAD', page_size: 1000 });
		expect(listed.code).toBe(0);
		expect(listed.data.subscriptions).toEqual([
			{
				app_id: emu.appId,
				subscription_id: id,
				subscribe_entity: 'LEAD',
				callback_url: 'https://n8n.example/webhook/abc/webhook',
				subscription_detail: { advertiser_id: adv(), page_id: form, lead_source: 'INSTANT_FORM' },
			},
		]);
		expect(listed.data.page_info).toMatchObject({ page: 1, total_number: 1, total_page: 1 });
		expect(liveLeadSubscriptions(emu.state, { advertiserId: adv() })).toHaveLength(1);

		const removed = await call('POST', '/subscription/unsubscribe/', { ...app(), subscription_id: id });
		expect(removed.code).toBe(0);
		expect(liveLeadSubscriptions(emu.state)).toEqual([]);
		const again = await call('POST', '/subscription/unsubscribe/', { ...app(), subscription_id: id });
		expect(again.code).toBe(40002);
		expect(again.message).toMatch(/does not exist/);
	});

	it('paginates the list', async () => {
		for (let i = 0; i < 5; i++) await subscribe({ advertiser_id: adv() }, `https://n8n.example/webhook/${i}/webhook`);
		const page2 = await call('GET', '/subscription/get/', { ...app(), subscribe_entity: 'LEAD', page: 2, page_size: 2 });
		expect((page2.data.subscriptions as unknown[]).length).toBe(2);
		expect(page2.data.page_info).toMatchObject({ page: 2, page_size: 2, total_number: 5, total_page: 3 });
	});

	it.each([
		['wrong secret', { secret: 'nope' }, 40101, /inconsistent/],
		['old v1.2 field names', { subscribe_entity: undefined, object: 'LEAD' }, 40002, /subscribe_entity/],
		['relative callback', { callback_url: '/webhook' }, 40002, /callback_url/],
		['unmodelled entity', { subscribe_entity: 'AD_GROUP' }, 40002, /not supported/],
	])('rejects %s', async (_name, override, code, message) => {
		const res = await call('POST', '/subscription/subscribe/', {
			...app(),
			subscribe_entity: 'LEAD',
			callback_url: 'https://n8n.example/webhook/x/webhook',
			subscription_detail: { access_token: emu.accessToken, advertiser_id: adv() },
			...override,
		});
		expect(res.code).toBe(code);
		expect(res.message).toMatch(message);
	});

	it.each([
		['no advertiser or library', () => ({}), 40002, /Exactly one of advertiser_id and library_id/],
		['both advertiser and library', () => ({ advertiser_id: adv(), library_id: '1' }), 40002, /Exactly one/],
		['page with DIRECT_MESSAGE', () => ({ advertiser_id: adv(), page_id: '1', lead_source: 'DIRECT_MESSAGE' }), 40002, /page_id/],
		['numeric advertiser id', () => ({ advertiser_id: 7 }), 40002, /advertiser_id/],
		['unknown key', () => ({ advertiser_id: adv(), form_id: '1' }), 40002, /Unrecognized key/],
		['bad token', () => ({ advertiser_id: adv(), access_token: 'bad' }), 40105, /access_token/],
	])('rejects a subscription_detail with %s', async (_name, detail, code, message) => {
		const res = await subscribe(detail());
		expect(res.code).toBe(code);
		expect(res.message).toMatch(message);
	});

	it('refuses advertisers the token does not cover', async () => {
		const limited = emu.createAccessToken({ advertiserIds: [] });
		const res = await subscribe({ advertiser_id: adv(), access_token: limited });
		expect(res.code).toBe(40001);
	});

	it('needs the ADMIN role on the ad account and a form of that advertiser', async () => {
		const operator = [...emu.state.bc.roles].find(([, role]) => role !== 'ADMIN')![0];
		const res = await subscribe({ advertiser_id: operator });
		expect(res.code).toBe(40001);
		expect(res.message).toMatch(/requires the ADMIN role/);
		const foreignForm = [...emu.state.page.forms.values()].find((f) => f.advertiser_id !== adv())!.page_id;
		const wrongForm = await subscribe({ advertiser_id: adv(), page_id: foreignForm });
		expect(wrongForm.code).toBe(40002);
		expect(wrongForm.message).toMatch(/does not belong to advertiser/);
	});

	it('forgets subscriptions whose token was revoked, and those TikTok dropped', async () => {
		const token = emu.createAccessToken();
		const a = await subscribe({ advertiser_id: adv(), access_token: token });
		const b = await subscribe({ advertiser_id: adv() });
		emu.revokeToken(token);
		const listed = await call('GET', '/subscription/get/', { ...app(), subscribe_entity: 'LEAD' });
		expect((listed.data.subscriptions as Array<{ subscription_id: string }>).map((s) => s.subscription_id)).toEqual([
			b.data.subscription_id,
		]);
		expect(emu.state.subscription.removed.map((r) => [r.subscription.subscription_id, r.reason])).toEqual([
			[a.data.subscription_id, 'token_revoked'],
		]);
		expect(dropSubscription(emu.state, b.data.subscription_id as string)).toBe(true);
		expect(liveLeadSubscriptions(emu.state)).toEqual([]);
	});
});
