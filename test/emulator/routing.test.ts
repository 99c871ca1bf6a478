import { startEmulator, type Emulator } from '../../emulator';
import { apiUrl, call } from './http';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('paths', () => {
	it('answers 404 plain text for a path without the trailing slash, and records it', async () => {
		const res = await fetch(`${emu.baseUrl}/open_api/v1.3/user/info`, { headers: { 'Access-Token': emu.accessToken } });
		expect(res.status).toBe(404);
		expect(await res.text()).toBe('404 page not found');
		expect(emu.requests).toHaveLength(1);
		expect(emu.requests[0]).toMatchObject({ path: '/user/info', status: 404 });
		expect(emu.requestsTo('/user/info/')).toHaveLength(0);
	});

	it('answers 404 for unknown paths, paths outside the API prefix and the wrong method', async () => {
		expect((await call(emu, 'GET', '/no/such/endpoint/')).text).toBe('404 page not found');
		expect((await fetch(`${emu.baseUrl}/user/info/`)).status).toBe(404);
		const wrongMethod = await call(emu, 'POST', '/user/info/', { body: {} });
		expect(wrongMethod.status).toBe(404);
		expect(wrongMethod.text).toBe('404 page not found');
	});
});

describe('Access-Token header', () => {
	it('answers 40104 with HTTP 200 when the header is missing', async () => {
		const res = await call(emu, 'GET', '/user/info/', { token: null });
		expect(res.status).toBe(200);
		expect(res.json.code).toBe(40104);
		expect(res.json.data).toEqual({});
	});

	it('does not accept the token in an Authorization header', async () => {
		const res = await call(emu, 'GET', '/user/info/', {
			token: null,
			headers: { Authorization: `Bearer ${emu.accessToken}` },
		});
		expect(res.json.code).toBe(40104);
	});

	it('answers 40105 "Access token is invalid" for an unknown or revoked token', async () => {
		expect((await call(emu, 'GET', '/user/info/', { token: 'f'.repeat(40) })).json).toMatchObject({
			code: 40105,
			message: 'Access token is invalid',
		});
		const token = emu.createAccessToken();
		expect((await call(emu, 'GET', '/user/info/', { token })).json.code).toBe(0);
		emu.revokeToken(token);
		expect((await call(emu, 'GET', '/user/info/', { token })).json.code).toBe(40105);
	});
});

describe('envelope and recording', () => {
	it('wraps data in {code, message, request_id, data} with unique request ids', async () => {
		const a = await call(emu, 'GET', '/user/info/');
		const b = await call(emu, 'GET', '/user/info/');
		expect(Object.keys(a.json).sort()).toEqual(['code', 'data', 'message', 'request_id']);
		expect(a.json).toMatchObject({ code: 0, message: 'OK' });
		expect(typeof a.json.request_id).toBe('string');
		expect(a.json.request_id).not.toBe(b.json.request_id);
		expect(a.json.data).toMatchObject({ display_name: expect.any(String), email: expect.stringContaining('***') });
	});

	it('records method, path, JSON-decoded query, headers, raw body and the response sent', async () => {
		const [adv] = emu.state.core.advertisers.keys();
		const res = await call(emu, 'GET', '/advertiser/info/', { query: { advertiser_ids: [adv], fields: ['name'] } });
		const [rec] = emu.requestsTo('/open_api/v1.3/advertiser/info/');
		expect(rec.method).toBe('GET');
		expect(rec.query).toEqual({ advertiser_ids: [adv], fields: ['name'] });
		expect(rec.headers['access-token']).toBe(emu.accessToken);
		expect(rec.rawBody.length).toBe(0);
		expect(rec.response).toEqual(res.json);
	});

	it('requires Content-Type application/json on JSON POST bodies', async () => {
		const body = JSON.stringify({ app_id: emu.appId, secret: emu.appSecret, auth_code: emu.authCode });
		const res = await call(emu, 'POST', '/oauth2/access_token/', { body, headers: { 'Content-Type': 'text/plain' } });
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toMatch(/application\/json/);
		expect(emu.requestsTo('/oauth2/access_token/')[0].rawBody.toString()).toBe(body);
	});

	it('answers 40002 for a body that is not JSON and records the raw text', async () => {
		const res = await call(emu, 'POST', '/oauth2/access_token/', { body: '{"app_id": ', token: null });
		expect(res.json.code).toBe(40002);
		expect(emu.requests[0].body).toBe('{"app_id": ');
	});

	it('reset() forgets requests and state changes but keeps the credentials', async () => {
		const token = emu.createAccessToken();
		await call(emu, 'GET', '/user/info/', { token });
		const before = { appId: emu.appId, accessToken: emu.accessToken, ids: [...emu.state.core.advertisers.keys()] };
		emu.reset();
		expect(emu.requests).toHaveLength(0);
		expect((await call(emu, 'GET', '/user/info/', { token })).json.code).toBe(40105);
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
		expect([...emu.state.core.advertisers.keys()]).toEqual(before.ids);
		expect(emu.accessToken).toBe(before.accessToken);
	});

	it('builds URLs with JSON-encoded list parameters', () => {
		expect(apiUrl(emu, '/advertiser/info/', { advertiser_ids: ['1'] })).toContain('advertiser_ids=%5B%221%22%5D');
	});
});
