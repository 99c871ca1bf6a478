import { z } from 'zod';
import { NodeApiError } from 'n8n-workflow';

import { defineRoute, RawResponse, startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, loadOptionsContext } from '../../../harness';
import { tikTokApiRequest, tikTokApiRequestAllItems, TikTokApiError } from '../../../nodes/shared/transport';

// A paginated list shaped like TikTok's page_info lists, and an answer carrying 19-digit IDs as bare JSON
// numbers (what TikTok's webhook-style payloads do); both served by the emulator for this file only.
const ITEMS = Array.from({ length: 23 }, (_, i) => ({ id: `70000000000000000${String(i).padStart(2, '0')}` }));
const probeModule = {
	routes: [
		defineRoute({
			method: 'GET',
			path: '/probe/list/',
			query: z.object({ page: z.coerce.number().int().min(1), page_size: z.coerce.number().int().min(1).max(10) }),
			handler: ({ query }) => {
				const start = (query.page - 1) * query.page_size;
				return {
					list: ITEMS.slice(start, start + query.page_size),
					page_info: {
						page: query.page,
						page_size: query.page_size,
						total_number: ITEMS.length,
						total_page: Math.ceil(ITEMS.length / query.page_size),
					},
				};
			},
		}),
		defineRoute({
			method: 'GET',
			path: '/probe/bigint/',
			handler: () =>
				new RawResponse(
					'{"code":0,"message":"OK","request_id":"r-big","data":{"lead_id":7301234567890123456,"small":42,"price":12.5,"name":"7301234567890123456"}}',
					'application/json',
				),
		}),
	],
};

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator({ extraModules: { probe: probeModule } });
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());

async function context() {
	return await loadOptionsContext(emulatorCredentials(emu));
}

describe('transport against the emulator', () => {
	it('sends the token as Access-Token, JSON-encodes list parameters and returns data + request id', async () => {
		const ctx = await context();
		const ids = [...emu.state.core.advertisers.keys()].slice(0, 2);
		const result = await tikTokApiRequest.call(ctx, {
			method: 'GET',
			path: '/advertiser/info/',
			qs: { advertiser_ids: ids },
		});
		const list = result.data.list as Array<{ advertiser_id: string }>;
		expect(list.map((a) => a.advertiser_id)).toEqual(ids);
		expect(result.requestId).not.toBe('');
		const [sent] = emu.requestsTo('/advertiser/info/');
		expect(sent.headers['access-token']).toBe(emu.accessToken);
		expect(sent.headers.authorization).toBeUndefined();
		expect(sent.query.advertiser_ids).toEqual(ids);
	});

	it('turns a code != 0 envelope into NodeApiError with TikTok code, message and request id, never the token', async () => {
		const ctx = await context();
		const error = await tikTokApiRequest
			.call(ctx, { method: 'GET', path: '/advertiser/info/', qs: { advertiser_ids: ['1234'] } })
			.catch((e) => e);
		expect(error).toBeInstanceOf(TikTokApiError);
		expect(error).toBeInstanceOf(NodeApiError);
		// n8n passes errors named NodeApiError through unchanged (anything else is rewrapped without its description).
		expect(error.name).toBe('NodeApiError');
		expect([error.retryable, error.outcomeUnknown, error.credentialProblem]).toEqual([false, false, false]);
		const recorded = emu.requestsTo('/advertiser/info/')[0].response as { code: number; message: string; request_id: string };
		expect(recorded.code).not.toBe(0);
		expect(error.tiktokCode).toBe(recorded.code);
		expect(error.message).toContain(String(recorded.code));
		expect(error.message).toContain(recorded.message);
		expect(error.requestId).toBe(recorded.request_id);
		// 40001: the fix is to re-authorize with the scope, whatever TikTok's own words were.
		expect(error.description).toMatch(/Re-authorize the advertiser in TikTok with the scope this operation needs/);
		expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain(
			emu.accessToken,
		);
		expect(emu.requestsTo('/advertiser/info/')).toHaveLength(1);
	});

	it('retries 40100 three times, then returns the one result (4 requests)', async () => {
		const ctx = await context();
		emu.injectFault('/user/info/', { kind: 'code', code: 40100, times: 3 });
		const result = await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });
		expect(result.data.display_name).toBe(emu.state.core.user.display_name);
		expect(emu.requestsTo('/user/info/')).toHaveLength(4);
	});

	it('retries 5xx and a dropped connection', async () => {
		const ctx = await context();
		emu.injectFault('/user/info/', { kind: 'http', status: 503, times: 1 });
		emu.injectFault('/user/info/', { kind: 'reset', times: 1 });
		const result = await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });
		expect(result.data.core_user_id).toBe(emu.state.core.user.core_user_id);
		expect(emu.requestsTo('/user/info/')).toHaveLength(3);
	});

	it('stops at the attempt bound with a clear rate-limit error', async () => {
		const ctx = await context();
		emu.injectFault('/user/info/', { kind: 'code', code: 40100, times: 10 });
		const error = await tikTokApiRequest
			.call(ctx, { method: 'GET', path: '/user/info/', maxAttempts: 3 })
			.catch((e) => e);
		expect(error.tiktokCode).toBe(40100);
		expect(error.description).toMatch(/rate limit/i);
		expect(emu.requestsTo('/user/info/')).toHaveLength(3);
	});

	it('does not repeat a non-idempotent call after a 5xx', async () => {
		const ctx = await context();
		emu.injectFault('/user/info/', { kind: 'http', status: 500, times: 1 });
		const error = await tikTokApiRequest
			.call(ctx, { method: 'GET', path: '/user/info/', idempotent: false })
			.catch((e) => e);
		expect(error.tiktokCode).toBe(500);
		expect(emu.requestsTo('/user/info/')).toHaveLength(1);
	});

	it('reads every page of a page_info list exactly once', async () => {
		const ctx = await context();
		const all = await tikTokApiRequestAllItems.call(ctx, { method: 'GET', path: '/probe/list/' }, { pageSize: 10 });
		expect(all.map((item) => item.id)).toEqual(ITEMS.map((item) => item.id));
		expect(emu.requestsTo('/probe/list/').map((r) => r.query.page)).toEqual(['1', '2', '3']);
	});

	it('stops paging once the limit is reached', async () => {
		const ctx = await context();
		const some = await tikTokApiRequestAllItems.call(ctx, { method: 'GET', path: '/probe/list/' }, { pageSize: 10, limit: 12 });
		expect(some).toHaveLength(12);
		expect(emu.requestsTo('/probe/list/')).toHaveLength(2);
	});

	it('keeps 19-digit numeric IDs exact as strings', async () => {
		const ctx = await context();
		const { data } = await tikTokApiRequest.call(ctx, { method: 'GET', path: '/probe/bigint/' });
		expect(data).toEqual({ lead_id: '7301234567890123456', small: 42, price: 12.5, name: '7301234567890123456' });
	});

	it('sends JSON bodies with Content-Type application/json', async () => {
		const ctx = await context();
		await tikTokApiRequest
			.call(ctx, { method: 'POST', path: '/oauth2/access_token/', body: { app_id: emu.appId, secret: emu.appSecret, auth_code: emu.authCode } });
		const [sent] = emu.requestsTo('/oauth2/access_token/');
		expect(String(sent.headers['content-type'])).toMatch(/^application\/json/);
		expect(sent.body).toEqual({ app_id: emu.appId, secret: emu.appSecret, auth_code: emu.authCode });
	});
});
