import type { IDataObject } from 'n8n-workflow';

import { startEmulator, startForeignHost, FOREIGN_REQUEST_ID, type Emulator, type ForeignHost } from '../../../emulator';
import { emulatorCredentials, loadOptionsContext, loadPackage, TestCredentialsHelper } from '../../../harness';
import { tikTokApiRequest, tikTokApiRequestAllItems } from '../../../nodes/shared/transport';

// The shared transport driven from n8n-core's real LoadOptionsContext (real HTTP helpers, real credential
// authentication) against the emulator and a second local server standing in for a foreign host.

let emu: Emulator;
let foreign: ForeignHost;

beforeAll(async () => {
	emu = await startEmulator();
	foreign = await startForeignHost();
});
afterAll(async () => {
	await emu.close();
	await foreign.close();
});
beforeEach(() => {
	emu.reset();
	foreign.requests.length = 0;
});

const TYPE = 'tikTokAdsOAuth2Api';

async function context(overrides: IDataObject = {}) {
	return await loadOptionsContext(emulatorCredentials(emu, overrides));
}

async function failure(promise: Promise<unknown>): Promise<Error & IDataObject> {
	return (await promise.then(
		() => {
			throw new Error('expected the call to fail');
		},
		(error: unknown) => error,
	)) as Error & IDataObject;
}

/** Every text an error carries that n8n shows or stores. */
function errorText(error: Error & IDataObject): string {
	return JSON.stringify({ ...error, message: error.message, description: error.description, cause: error.cause });
}

describe('redirects', () => {
	it('refuses a 302 to another host, naming it; nothing reaches that host and the call is not retried', async () => {
		emu.injectFault('/user/info/', { kind: 'redirect', status: 302, location: `${foreign.baseUrl}/open_api/v1.3/user/info/` });
		const error = await failure(tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' }));
		expect(error.tiktokCode).toBe('REDIRECT_REFUSED');
		expect(error.message).toContain(new URL(foreign.baseUrl).host);
		expect(error.message).toMatch(/another host/);
		expect(foreign.requests).toHaveLength(0);
		expect(emu.requestsTo('/user/info/')).toHaveLength(1);
	});

	it('a 307 on the subscribe call does not resend the app secret and token in the body to the other host', async () => {
		emu.injectFault('/subscription/subscribe/', { kind: 'redirect', status: 307, location: `${foreign.baseUrl}/steal` });
		const error = await failure(
			tikTokApiRequest.call(await context(), {
				method: 'POST',
				path: '/subscription/subscribe/',
				body: { app_id: emu.appId, secret: emu.appSecret, access_token: emu.accessToken, subscribe_entity: 'LEAD' },
			}),
		);
		expect(error.tiktokCode).toBe('REDIRECT_REFUSED');
		expect(foreign.requests).toHaveLength(0);
		expect(errorText(error)).not.toContain(emu.appSecret);
	});

	it('follows a same-origin redirect (token sent only to the same origin), up to 3 hops', async () => {
		const here = `/open_api/v1.3/user/info/`;
		emu.injectFault('/user/info/', { kind: 'redirect', status: 302, location: here, times: 3 });
		const result = await tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' });
		expect(result.requestId).not.toBe(FOREIGN_REQUEST_ID);
		expect(result.data.display_name).toBe(emu.state.core.user.display_name);
		const calls = emu.requestsTo('/user/info/');
		expect(calls).toHaveLength(4);
		expect(calls.every((call) => call.headers['access-token'] === emu.accessToken)).toBe(true);
	});

	it('stops after 3 same-origin hops, and refuses a 302 that would turn a POST into a GET', async () => {
		emu.injectFault('/user/info/', { kind: 'redirect', status: 302, location: '/open_api/v1.3/user/info/', times: 10 });
		const loop = await failure(tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' }));
		expect(loop.message).toMatch(/more than 3 times/);
		expect(emu.requestsTo('/user/info/')).toHaveLength(4);

		emu.reset();
		emu.injectFault('/event/track/', { kind: 'redirect', status: 302, location: '/open_api/v1.3/event/track/' });
		const post = await failure(
			tikTokApiRequest.call(await context(), { method: 'POST', path: '/event/track/', body: { event_source: 'web' } }),
		);
		expect(post.message).toMatch(/turn this POST into a GET/);
		expect(emu.requestsTo('/event/track/')).toHaveLength(1);
	});
});

describe('secrets echoed by a server never reach an error text', () => {
	const subscriptionQuery = () => ({ app_id: emu.appId, secret: emu.appSecret });

	it('HTTP 400 echoing the query as JSON (app secret in it)', async () => {
		emu.injectFault('/subscription/get/', { kind: 'echo', status: 400, echo: 'query' });
		const error = await failure(
			tikTokApiRequest.call(await context(), { method: 'GET', path: '/subscription/get/', qs: subscriptionQuery() }),
		);
		expect(emu.requestsTo('/subscription/get/')[0].responseText).toContain(emu.appSecret);
		expect(error.tiktokCode).toBe(400);
		expect(errorText(error)).not.toContain(emu.appSecret);
		expect(error.message).toContain('***');
	});

	it('HTTP 403 echoing the headers (Access-Token in them)', async () => {
		emu.injectFault('/user/info/', { kind: 'echo', status: 403, echo: 'headers' });
		const error = await failure(tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' }));
		expect(emu.requestsTo('/user/info/')[0].responseText).toContain(emu.accessToken);
		expect(errorText(error)).not.toContain(emu.accessToken);
	});

	it('a TikTok envelope whose message quotes the request (token, secret and auth code by value)', async () => {
		const ctx = await context({ authCode: emu.authCode });
		emu.injectFault('/subscription/subscribe/', { kind: 'echo', status: 200, echo: 'body', code: 40002 });
		const body = { app_id: emu.appId, secret: emu.appSecret, access_token: emu.accessToken, note: emu.authCode };
		const error = await failure(tikTokApiRequest.call(ctx, { method: 'POST', path: '/subscription/subscribe/', body }));
		const answer = emu.requestsTo('/subscription/subscribe/')[0].response!;
		expect(answer.message).toContain(emu.accessToken);
		expect(error.tiktokCode).toBe(40002);
		const text = errorText(error);
		for (const secret of [emu.appSecret, emu.accessToken, emu.authCode]) expect(text).not.toContain(secret);
	});
});

describe('a gateway that puts the token in request_id', () => {
	it('the error\'s request id, payload and description carry no secret', async () => {
		emu.injectFault('/user/info/', {
			kind: 'http',
			status: 200,
			body: { code: 40002, message: 'refused', request_id: `gw-${emu.accessToken}` },
			contentType: 'application/json',
		});
		const error = await failure(tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' }));
		expect(emu.requestsTo('/user/info/')[0].responseText).toContain(emu.accessToken);
		expect(error.tiktokCode).toBe(40002);
		expect(errorText(error)).not.toContain(emu.accessToken);
		expect(error.requestId).toBe('gw-***');
	});

	it('a successful answer\'s request id (passed on in output items) carries no secret either', async () => {
		emu.injectFault('/user/info/', {
			kind: 'http',
			status: 200,
			body: { code: 0, message: 'OK', request_id: `gw-${emu.accessToken}`, data: {} },
			contentType: 'application/json',
		});
		const result = await tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/' });
		expect(result.requestId).toBe('gw-***');
	});
});

describe('timeouts', () => {
	it('a hanging server: each attempt waits the credential\'s Request Timeout, one retry, then a clear error', async () => {
		emu.injectFault('/user/info/', { kind: 'hang', times: 5 });
		const error = await failure(tikTokApiRequest.call(await context({ requestTimeout: 1 }), { method: 'GET', path: '/user/info/' }));
		expect(error.tiktokCode).toBe('TIMEOUT');
		expect(error.message).toMatch(/no answer within 1 s/);
		expect(String(error.description)).toMatch(/Request Timeout/);
		expect(emu.requestsTo('/user/info/')).toHaveLength(2);
	});

	it('the auth-code exchange gets a short timeout and names the credential step', async () => {
		emu.injectFault('/oauth2/access_token/', { kind: 'hang' });
		const ctx = await context({ accessToken: '', longTermToken: '', authCode: emu.authCode, requestTimeout: 1 });
		const error = await failure(tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' }));
		expect(error.tiktokCode).toBe('CREDENTIAL_FAILED');
		expect(error.message).toMatch(/authorization code exchange/);
		expect(error.message).toMatch(/did not answer within 1 s/);
		expect(errorText(error)).not.toContain(emu.authCode);
		expect(emu.requestsTo('/user/info/')).toHaveLength(0);
	});
});

describe('rate limit (40100) once the short backoff is spent', () => {
	const run = async (message: string) => {
		emu.injectFault('/user/info/', { kind: 'code', code: 40100, message, times: 10 });
		const error = await failure(tikTokApiRequest.call(await context(), { method: 'GET', path: '/user/info/', maxAttempts: 3 }));
		expect(emu.requestsTo('/user/info/')).toHaveLength(3);
		expect(error.tiktokCode).toBe(40100);
		return String(error.description);
	};

	it('per-minute limit: wait about 5 minutes', async () => {
		const text = await run('Requests exceeded the limit per minute (QPM). Please retry later.');
		expect(text).toMatch(/about 5 minutes \(retry after \d\d:\d\d UTC\)/);
		expect(text).not.toMatch(/00:00 UTC/);
	});

	it('daily limit: until 00:00 UTC', async () => {
		const text = await run('Requests exceeded the daily limit (QPD).');
		expect(text).toMatch(/resets at 00:00 UTC \(in \d+ h \d+ min/);
		expect(text).not.toMatch(/5 minutes/);
	});

	it('TikTok does not say which: both waits, and the node stops instead of sleeping', async () => {
		const text = await run('Too many requests. Please retry in some time.');
		expect(text).toMatch(/does not say which/);
		expect(text).toMatch(/5 minutes/);
		expect(text).toMatch(/00:00 UTC/);
		expect(text).toMatch(/stopped instead of sleeping/);
	});
});

describe('pagination', () => {
	it('a repeated cursor stops the list with a message', async () => {
		const page = { list: [{ audience_id: '1' }], page_info: { has_more: true, cursor: 'same-cursor' } };
		emu.injectFault('/dmp/custom_audience/list/', { kind: 'code', code: 0, data: page, times: 10 });
		const error = await failure(
			tikTokApiRequestAllItems.call(await context(), { method: 'GET', path: '/dmp/custom_audience/list/', qs: { advertiser_id: '1' } }),
		);
		expect(error.tiktokCode).toBe('PAGINATION_STOPPED');
		expect(error.message).toMatch(/cursor same-cursor a second time/);
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(2);
	});

	it('an empty page ends the list even when has_more says otherwise', async () => {
		emu.injectFault('/dmp/custom_audience/list/', { kind: 'code', code: 0, data: { list: [{ audience_id: '1' }], page_info: { has_more: true, cursor: 'a' } } });
		emu.injectFault('/dmp/custom_audience/list/', { kind: 'code', code: 0, data: { list: [], page_info: { has_more: true, cursor: 'b' } } });
		const all = await tikTokApiRequestAllItems.call(await context(), { method: 'GET', path: '/dmp/custom_audience/list/' });
		expect(all).toEqual([{ audience_id: '1' }]);
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(2);
	});
});

describe('credential calls', () => {
	async function preAuthenticate(overrides: IDataObject) {
		const { credentialTypes } = await loadPackage();
		const credentials = emulatorCredentials(emu, { longTermToken: '', ...overrides });
		const helper = new TestCredentialsHelper(credentials, credentialTypes);
		const ctx = await loadOptionsContext(credentials);
		// What n8n's credential test does: preAuthentication forced by the tester's mock noOp node.
		const testNode = { ...ctx.getNode(), type: 'n8n-nodes-base.noOp', parameters: { temp: '' } };
		return await failure(helper.preAuthentication({ helpers: ctx.helpers } as never, { ...credentials[TYPE] }, TYPE, testNode, false));
	}

	it('an HTML page answering 200 to the token check is called what it is, not "code undefined"', async () => {
		emu.injectFault('/user/info/', { kind: 'http', status: 200, body: '<html><body>Welcome to our proxy</body></html>' });
		const error = await preAuthenticate({});
		expect(error.message).toMatch(/token check/);
		expect(error.message).toMatch(/was not TikTok's JSON/);
		expect(error.message).not.toMatch(/undefined/);
	});

	it('the credential test message never carries the token TikTok\'s message quoted', async () => {
		emu.injectFault('/user/info/', { kind: 'echo', status: 200, echo: 'headers', code: 40105 });
		const error = await preAuthenticate({});
		expect(emu.requestsTo('/user/info/')[0].response!.message).toContain(emu.accessToken);
		expect(error.message).toMatch(/token check: TikTok refused it \(code 40105\)/);
		expect(error.message).not.toContain(emu.accessToken);
	});

	it('a redirect of the auth-code exchange to another host is refused: the secret stays home', async () => {
		emu.injectFault('/oauth2/access_token/', { kind: 'redirect', status: 307, location: `${foreign.baseUrl}/x` });
		const error = await preAuthenticate({ accessToken: '', authCode: emu.authCode });
		expect(error.message).toMatch(/authorization code exchange/);
		expect(error.message).toContain(new URL(foreign.baseUrl).host);
		expect(foreign.requests).toHaveLength(0);
	});

	it('40110 (code used or expired) explains how to get a new authorization code', async () => {
		const code = emu.createAuthCode({ ttlMs: 1_000 });
		emu.advanceTime(60_000);
		const error = await preAuthenticate({ accessToken: '', authCode: code });
		const answer = emu.requestsTo('/oauth2/access_token/')[0].response!;
		expect(answer.code).toBe(40110);
		expect(error.message).toContain(answer.message);
		expect(error.message).toMatch(/Open TikTok's authorization link again/);
		expect(error.message).toMatch(/works once, within one hour/);
		expect(error.message).not.toContain(code);
	});

	it('refuses a bad base URL before anything is sent', async () => {
		const error = await preAuthenticate({ baseUrl: emu.baseUrl.replace('http://', 'http://user:pass@') });
		expect(error.message).toMatch(/base URL: .*user name or password/);
		expect(emu.requests).toHaveLength(0);
	});
});
