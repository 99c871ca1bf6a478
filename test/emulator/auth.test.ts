import { startEmulator, type Emulator } from '../../emulator';
import { call } from './http';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ advertiserCount: 6, authorizedAdvertiserCount: 4 });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const exchange = (authCode: string, secret = emu.appSecret) =>
	call(emu, 'POST', '/oauth2/access_token/', {
		token: null,
		body: { app_id: emu.appId, secret, auth_code: authCode },
	});

describe('POST /oauth2/access_token/', () => {
	it('exchanges the auth code once for a new token, its advertiser ids and numeric scope', async () => {
		const res = await exchange(emu.authCode);
		expect(res.json.code).toBe(0);
		const { access_token, advertiser_ids, scope } = res.json.data;
		expect(access_token).toMatch(/^[0-9a-f]{40}$/);
		expect(access_token).not.toBe(emu.accessToken);
		expect(advertiser_ids).toEqual([...emu.state.core.advertisers.keys()].slice(0, 4));
		expect(scope.every((s: unknown) => Number.isInteger(s))).toBe(true);
		expect((await call(emu, 'GET', '/user/info/', { token: access_token })).json.code).toBe(0);

		const again = await exchange(emu.authCode);
		expect(again.json).toMatchObject({ code: 40110, message: 'Authorization code has already been used.' });
	});

	it('rejects a wrong secret with 40101 and does not burn the code', async () => {
		const res = await exchange(emu.authCode, 'wrong-secret');
		expect(res.json).toMatchObject({ code: 40101, message: expect.stringMatching(/app_id and secret are inconsistent/) });
		expect((await exchange(emu.authCode)).json.code).toBe(0);
	});

	it('rejects an auth code after 1 hour and an unknown code', async () => {
		emu.advanceTime(60 * 60 * 1000 + 1);
		expect((await exchange(emu.authCode)).json).toMatchObject({ code: 40110, message: 'Authorization code is expired.' });
		expect((await exchange('nope')).json.code).toBe(40110);
		const fresh = emu.createAuthCode({ advertiserIds: [[...emu.state.core.advertisers.keys()][5]] });
		expect((await exchange(fresh)).json.data.advertiser_ids).toEqual([[...emu.state.core.advertisers.keys()][5]]);
	});

	it('needs no Access-Token and names a missing field', async () => {
		const res = await call(emu, 'POST', '/oauth2/access_token/', {
			token: null,
			body: { app_id: emu.appId, secret: emu.appSecret },
		});
		expect(res.json.code).toBe(40002);
		expect(res.json.message).toContain('auth_code');
	});
});

describe('GET /oauth2/advertiser/get/', () => {
	it('lists only the advertisers the token covers, not paginated', async () => {
		const res = await call(emu, 'GET', '/oauth2/advertiser/get/', {
			query: { app_id: emu.appId, secret: emu.appSecret },
		});
		expect(res.json.code).toBe(0);
		expect(Object.keys(res.json.data)).toEqual(['list']);
		const adv = [...emu.state.core.advertisers.values()].slice(0, 4);
		expect(res.json.data.list).toEqual(adv.map((a) => ({ advertiser_id: a.advertiser_id, advertiser_name: a.name })));
	});

	it('requires app_id/secret and the token', async () => {
		const noSecret = await call(emu, 'GET', '/oauth2/advertiser/get/', { query: { app_id: emu.appId } });
		expect(noSecret.json.code).toBe(40002);
		expect(noSecret.json.message).toContain('secret');
		const badSecret = await call(emu, 'GET', '/oauth2/advertiser/get/', { query: { app_id: emu.appId, secret: 'x' } });
		expect(badSecret.json.code).toBe(40101);
		const noToken = await call(emu, 'GET', '/oauth2/advertiser/get/', {
			token: null,
			query: { app_id: emu.appId, secret: emu.appSecret },
		});
		expect(noToken.json.code).toBe(40104);
	});
});

describe('GET /user/info/', () => {
	it('returns the user with a masked email', async () => {
		const res = await call(emu, 'GET', '/user/info/');
		expect(res.json.data).toEqual({
			display_name: expect.any(String),
			email: expect.stringMatching(/\*\*\*/),
			core_user_id: expect.stringMatching(/^\d{19}$/),
			create_time: expect.any(Number),
			avatar_url: expect.stringMatching(/^https:\/\//),
		});
	});
});
