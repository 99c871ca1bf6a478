import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, loadOptionsContext, loadPackage, TestCredentialsHelper } from '../../../harness';
import { tikTokApiRequest } from '../../../nodes/shared/transport';

let emu: Emulator;

beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());

const TYPE = 'tikTokAdsOAuth2Api';

describe('TikTok Ads OAuth2 API credential', () => {
	it('exchanges the authorization code once (JSON app_id/secret/auth_code) and keeps the long-term token', async () => {
		const credentials = emulatorCredentials(emu, { accessToken: '', longTermToken: '', authCode: emu.authCode });
		const ctx = await loadOptionsContext(credentials);
		await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });
		await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });

		const exchanges = emu.requestsTo('/oauth2/access_token/');
		expect(exchanges).toHaveLength(1);
		expect(String(exchanges[0].headers['content-type'])).toMatch(/^application\/json/);
		expect(exchanges[0].body).toEqual({ app_id: emu.appId, secret: emu.appSecret, auth_code: emu.authCode });
		const issued = (exchanges[0].response as { data: { access_token: string } }).data.access_token;
		expect(credentials[TYPE].longTermToken).toBe(issued);
		const calls = emu.requestsTo('/user/info/');
		expect(calls).toHaveLength(2);
		for (const call of calls) {
			expect(call.headers['access-token']).toBe(issued);
			expect(call.headers.authorization).toBeUndefined();
		}
	});

	it('shows TikTok\'s own message when the secret is wrong, without leaking the secret', async () => {
		const credentials = emulatorCredentials(emu, { accessToken: '', longTermToken: '', authCode: emu.authCode, appSecret: 'wrong-secret-value' });
		const ctx = await loadOptionsContext(credentials);
		const error = await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' }).catch((e) => e);
		const answer = emu.requestsTo('/oauth2/access_token/')[0].response as { code: number; message: string };
		expect(answer.code).not.toBe(0);
		const text = `${error.message} ${error.description ?? ''} ${JSON.stringify(error.cause ?? '')}`;
		expect(text).toContain(answer.message);
		expect(text).not.toContain('wrong-secret-value');
		expect(emu.requestsTo('/user/info/')).toHaveLength(0);
	});

	it('uses a pasted long-term token directly (checked once with /user/info/ on first use)', async () => {
		const credentials = emulatorCredentials(emu, { longTermToken: '' });
		const ctx = await loadOptionsContext(credentials);
		await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });
		await tikTokApiRequest.call(ctx, { method: 'GET', path: '/user/info/' });
		expect(emu.requestsTo('/oauth2/access_token/')).toHaveLength(0);
		expect(credentials[TYPE].longTermToken).toBe(emu.accessToken);
		const calls = emu.requestsTo('/user/info/');
		expect(calls).toHaveLength(3);
		expect(calls.every((call) => call.headers['access-token'] === emu.accessToken)).toBe(true);
	});

	it('credential test: the test request passes with a good token and matches the 40105 rule with a revoked one', async () => {
		const { credentialTypes } = await loadPackage();
		const type = credentialTypes[TYPE];
		const request = type.test!.request;
		const helper = new TestCredentialsHelper(emulatorCredentials(emu), credentialTypes);
		const ctx = await loadOptionsContext(emulatorCredentials(emu));
		const workflow = (ctx as unknown as { workflow: import('n8n-workflow').Workflow }).workflow;
		const node = ctx.getNode();

		async function runTest(token: string) {
			const creds = { ...emulatorCredentials(emu)[TYPE], accessToken: token };
			const baseURL = workflow.expression.getSimpleParameterValue(node, request.baseURL!, 'internal', { $credentials: creds }, undefined, '');
			const signed = await helper.authenticate(creds, TYPE, { url: request.url!, headers: {} }, workflow, node);
			const response = await fetch(`${baseURL}${request.url}`, { headers: signed.headers as Record<string, string> });
			const body = (await response.json()) as { code: number };
			const failed = type.test!.rules!.find(
				(rule) => rule.type === 'responseSuccessBody' && body.code === rule.properties.value,
			);
			return { body, failed };
		}

		const good = await runTest(emu.accessToken);
		expect(good.body.code).toBe(0);
		expect(good.failed).toBeUndefined();
		const revoked = emu.createAccessToken();
		emu.revokeToken(revoked);
		const bad = await runTest(revoked);
		expect(bad.body.code).toBe(40105);
		expect(bad.failed?.properties.message).toMatch(/40105/);
	});

	it('credential test with a pasted revoked token reports TikTok\'s message from preAuthentication', async () => {
		const { credentialTypes } = await loadPackage();
		const revoked = emu.createAccessToken();
		emu.revokeToken(revoked);
		const credentials = emulatorCredentials(emu, { accessToken: revoked, longTermToken: '' });
		const helper = new TestCredentialsHelper(credentials, credentialTypes);
		const ctx = await loadOptionsContext(credentials);
		const testNode = { ...ctx.getNode(), type: 'n8n-nodes-base.noOp', parameters: { temp: '' } };
		const error = await helper
			.preAuthentication({ helpers: ctx.helpers } as never, { ...credentials[TYPE] }, TYPE, testNode, false)
			.catch((e) => e);
		const answer = emu.requestsTo('/user/info/')[0].response as { message: string };
		expect(error.message).toContain(answer.message);
		expect(error.message).not.toContain(revoked);
	});

	it('a used authorization code without its token: TikTok\'s message plus how to get a working credential again', async () => {
		const code = emu.createAuthCode();
		const first = emulatorCredentials(emu, { accessToken: '', longTermToken: '', authCode: code });
		await tikTokApiRequest.call(await loadOptionsContext(first), { method: 'GET', path: '/user/info/' });
		// What n8n holds after the editor saved the credential again with its stale form: the code, no token.
		const stale = emulatorCredentials(emu, { accessToken: '', longTermToken: '', exchangedCode: '', authCode: code });
		const error = await tikTokApiRequest
			.call(await loadOptionsContext(stale), { method: 'GET', path: '/user/info/' })
			.catch((e) => e);
		const exchanges = emu.requestsTo('/oauth2/access_token/');
		expect(exchanges).toHaveLength(2);
		const answer = exchanges[1].response as { code: number; message: string };
		expect(answer.code).toBe(40110);
		const text = `${error.message} ${error.description ?? ''}`;
		expect(text).toContain(answer.message);
		expect(text).toMatch(/paste the new code, or paste the long-term access token/);
		expect(text.includes(emu.appSecret)).toBe(false);
	});

	it('credential test with a stored token and an empty custom base URL: the base URL is refused, as a node call refuses it', async () => {
		const { credentialTypes } = await loadPackage();
		const code = emu.createAuthCode();
		const first = emulatorCredentials(emu, { accessToken: '', longTermToken: '', authCode: code });
		await tikTokApiRequest.call(await loadOptionsContext(first), { method: 'GET', path: '/user/info/' });
		// The code was exchanged and its token kept; then the user switched the base URL field to empty.
		const saved = { ...first[TYPE], environment: 'custom', baseUrl: '' };
		const credentials = { [TYPE]: saved };
		const helper = new TestCredentialsHelper(credentials, credentialTypes);
		const ctx = await loadOptionsContext(emulatorCredentials(emu));
		const testNode = { ...ctx.getNode(), type: 'n8n-nodes-base.noOp', parameters: { temp: '' } };
		const error = await helper.preAuthentication({ helpers: ctx.helpers } as never, { ...saved }, TYPE, testNode, false).catch((e) => e);
		expect(error.message).toMatch(/custom base URL but none is set/);
		const nodeCall = await tikTokApiRequest
			.call(await loadOptionsContext({ [TYPE]: { ...saved } }), { method: 'GET', path: '/user/info/' })
			.catch((e) => e);
		expect(`${nodeCall.message} ${nodeCall.description ?? ''}`).toMatch(/custom base URL but none is set/);
	});
});
