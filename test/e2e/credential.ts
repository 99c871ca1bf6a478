/**
 * The TikTok credential in the real n8n, driven through the same REST calls the editor's credential modal makes
 * (n8n 2.41.1, read from its editor bundle):
 * - Save of a new credential: POST /rest/credentials with the form's non-default values only (hidden fields left out);
 * - then the automatic test: POST /rest/credentials/test with `{ credentials: { id, name, type, data } }` where data is
 *   the whole form: every property, defaults included (so the hidden fields arrive empty);
 * - opening a saved credential later: GET /rest/credentials/:id?includeData=true (password fields come back blanked,
 *   empty values dropped, then filled with defaults) and the same test call with that data.
 * Tokens and the secret are never printed: failures show TikTok's message only.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';

import { TikTokAdsOAuth2Api } from '../../credentials/TikTokAdsOAuth2Api.credentials';
import { startForeignHost } from '../../emulator';
import type { Stack } from '../../scripts/n8n/stack';
import { CREDENTIAL_TYPE } from '../../scripts/n8n/stack';

type Json = Record<string, unknown>;

interface TestResult {
	status: 'OK' | 'Error';
	message: string;
}

const PROPERTIES = new TikTokAdsOAuth2Api().properties;

/** What the modal holds for a new credential: every property's default, then what the user typed. */
function formData(typed: Json): Json {
	const data: Json = {};
	for (const p of PROPERTIES) data[p.name] = p.default;
	return { ...data, ...typed };
}

/** What the modal's Save sends: only values that differ from the default. */
function savedValues(form: Json): Json {
	const defaults = new Map(PROPERTIES.map((p) => [p.name, p.default]));
	return Object.fromEntries(Object.entries(form).filter(([key, value]) => defaults.get(key) !== value));
}

function emulatorFields(stack: Stack, typed: Json): Json {
	return { environment: 'custom', baseUrl: stack.emu.baseUrl, appId: stack.emu.appId, appSecret: stack.emu.appSecret, ...typed };
}

/** Save + the automatic test, as the modal does for a new credential. */
async function saveAndTest(stack: Stack, name: string, typed: Json): Promise<{ id: string; result: TestResult }> {
	const form = formData(emulatorFields(stack, typed));
	const created = (await stack.client.rest('POST', '/credentials', { name, type: CREDENTIAL_TYPE, data: savedValues(form) })) as { id: string };
	const result = (await stack.client.rest('POST', '/credentials/test', {
		credentials: { id: created.id, name, type: CREDENTIAL_TYPE, data: form },
	})) as TestResult;
	return { id: created.id, result };
}

/** Opening the saved credential later: the modal loads it (redacted) and tests it again. */
async function reopenAndTest(stack: Stack, id: string): Promise<TestResult> {
	const stored = (await stack.client.rest('GET', `/credentials/${id}?includeData=true`)) as { name: string; data: Json };
	const loaded = Object.fromEntries(Object.entries(stored.data).filter(([, value]) => value !== ''));
	return (await stack.client.rest('POST', '/credentials/test', {
		credentials: { id, name: stored.name, type: CREDENTIAL_TYPE, data: formData(loaded) },
	})) as TestResult;
}

/** Webhook → TikTok Ads Account (Ad Account → Get Many) with the given credential; answers with the node's items. */
async function runGetManyAccounts(stack: Stack, credential: { id: string; name: string }): Promise<{ status: number; items: Json[] }> {
	const path = `tiktok-credential-${randomUUID().slice(0, 8)}`;
	const workflow = await stack.client.createWorkflow({
		name: 'probe: ad accounts with an auth-code credential',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Ad Accounts',
				type: 'n8n-nodes-tiktok-ads.tikTokAdsAccount',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'adAccount', operation: 'getAll', returnAll: true },
				credentials: { [CREDENTIAL_TYPE]: credential },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Ad Accounts', type: 'main', index: 0 }]] } },
	});
	await stack.client.activate(workflow.id);
	const url = `${stack.n8n.baseUrl}/webhook/${path}`;
	for (let attempt = 0; ; attempt++) {
		const res = await request(url, { method: 'GET' });
		const text = await res.body.text();
		// Activation returns a moment before the webhook is registered.
		if (res.statusCode === 404 && attempt < 50) {
			await new Promise((done) => setTimeout(done, 150));
			continue;
		}
		const parsed = text ? (JSON.parse(text) as Json | Json[]) : [];
		return { status: res.statusCode, items: Array.isArray(parsed) ? parsed : [parsed] };
	}
}

export function describeCredential(getStack: () => Stack): void {
	describe('the TikTok credential, as the editor saves and tests it', () => {
		const exchangesOf = (code: string) =>
			getStack().emu.requestsTo('/oauth2/access_token/').filter((r) => (r.body as Json | undefined)?.auth_code === code);

		it('a pasted valid token tests OK', async () => {
			const stack = getStack();
			const token = stack.emu.createAccessToken();
			const { result } = await saveAndTest(stack, 'TikTok pasted token', { accessToken: token });
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			const checks = stack.emu.requestsTo('/user/info/').filter((r) => r.headers['access-token'] === token);
			expect(checks.length).toBeGreaterThan(0);
		});

		it('a revoked token fails, and the message is TikTok\'s own (without the token)', async () => {
			const stack = getStack();
			const token = stack.emu.createAccessToken();
			stack.emu.revokeToken(token);
			const { result } = await saveAndTest(stack, 'TikTok revoked token', { accessToken: token });
			const answers = stack.emu.requestsTo('/user/info/').filter((r) => r.headers['access-token'] === token);
			expect(answers.length).toBeGreaterThan(0);
			const answer = answers[0].response as { code: number; message: string };
			expect(answer.code).toBe(40105);
			expect(result.status).toBe('Error');
			expect(result.message).toContain(answer.message);
			expect(result.message.includes(token)).toBe(false);
		});

		it('a server quoting the token back in its message: the test result never shows the token', async () => {
			const stack = getStack();
			const token = stack.emu.createAccessToken();
			stack.emu.injectFault('/user/info/', { kind: 'echo', status: 200, echo: 'headers', code: 40105 });
			const { result } = await saveAndTest(stack, 'TikTok echoed token', { accessToken: token });
			const echoed = stack.emu.requestsTo('/user/info/').filter((r) => r.fault === 'echo');
			expect(echoed).toHaveLength(1);
			expect(echoed[0].response?.message).toContain(token);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/token check: TikTok refused it \(code 40105\)/);
			expect(result.message.includes(token)).toBe(false);
		});

		it('an HTML page answering the token check: the test says it was not TikTok\'s JSON', async () => {
			const stack = getStack();
			stack.emu.injectFault('/user/info/', { kind: 'http', status: 200, body: '<html><body>Captive portal</body></html>' });
			const { result } = await saveAndTest(stack, 'TikTok behind a portal', { accessToken: stack.emu.createAccessToken() });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/token check: the answer .* was not TikTok's JSON/);
			expect(result.message).not.toMatch(/code undefined/);
		});

		it('a redirect of the code exchange to another host: refused, nothing reaches that host', async () => {
			const stack = getStack();
			const foreign = await startForeignHost();
			try {
				stack.emu.injectFault('/oauth2/access_token/', { kind: 'redirect', status: 307, location: `${foreign.baseUrl}/token` });
				const { result } = await saveAndTest(stack, 'TikTok redirected exchange', { authCode: stack.emu.createAuthCode() });
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/authorization code exchange: .*another host/);
				expect(result.message).toContain(new URL(foreign.baseUrl).host);
				expect(foreign.requests).toHaveLength(0);
			} finally {
				await foreign.close();
			}
		});

		it('saved again in the same window right after its first test: n8n drops the token; the test says what to do', async () => {
			// The modal keeps its stale form (hidden fields empty) and Save sends only non-default values, which n8n
			// stores in place of the data: the token from the first test is gone and the code is spent.
			const stack = getStack();
			const code = stack.emu.createAuthCode();
			const form = formData(emulatorFields(stack, { authCode: code }));
			const saved = await saveAndTest(stack, 'TikTok auth code, saved twice', { authCode: code });
			expect(saved.result.status).toBe('OK');
			const renamed = 'TikTok auth code, renamed';
			await stack.client.rest('PATCH', `/credentials/${saved.id}`, { id: saved.id, name: renamed, type: CREDENTIAL_TYPE, data: savedValues(form) });
			const result = (await stack.client.rest('POST', '/credentials/test', {
				credentials: { id: saved.id, name: renamed, type: CREDENTIAL_TYPE, data: form },
			})) as TestResult;
			const exchanges = exchangesOf(code);
			expect(exchanges).toHaveLength(2);
			const refusal = exchanges[1].response as { code: number; message: string };
			expect(refusal.code).toBe(40110);
			expect(result.status).toBe('Error');
			expect(result.message).toContain(refusal.message);
			expect(result.message).toMatch(/paste the new code, or paste the long-term access token/);
		});

		describe('a credential with only an authorization code', () => {
			let code: string;
			let id: string;
			let issued: string;
			const name = 'TikTok auth code';

			beforeAll(async () => {
				const stack = getStack();
				code = stack.emu.createAuthCode();
				const saved = await saveAndTest(stack, name, { authCode: code });
				id = saved.id;
				expect(saved.result).toEqual({ status: 'OK', message: 'Connection successful!' });
			});

			it('tests OK after exactly one exchange of the code (JSON app_id, secret, auth_code)', () => {
				const exchanges = exchangesOf(code);
				expect(exchanges).toHaveLength(1);
				expect(String(exchanges[0].headers['content-type'])).toMatch(/^application\/json/);
				expect(Object.keys(exchanges[0].body as Json).sort()).toEqual(['app_id', 'auth_code', 'secret']);
				const response = exchanges[0].response as { code: number; data: { access_token: string } };
				expect(response.code).toBe(0);
				issued = response.data.access_token;
				const checks = getStack().emu.requestsTo('/user/info/').filter((r) => r.headers['access-token'] === issued);
				expect(checks.length).toBeGreaterThan(0);
			});

			it('tests OK again when reopened later, without spending the code again', async () => {
				const result = await reopenAndTest(getStack(), id);
				expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
				expect(exchangesOf(code)).toHaveLength(1);
			});

			it('runs a workflow (Ad Account → Get Many) with Access-Token = the exchanged token', async () => {
				const stack = getStack();
				const before = stack.emu.requestsTo('/oauth2/advertiser/get/').length;
				const run = await runGetManyAccounts(stack, { id, name });
				expect(run.status).toBe(200);
				expect(run.items.length).toBeGreaterThan(0);
				expect(run.items[0]).toHaveProperty('advertiser_id');
				const calls = stack.emu.requestsTo('/oauth2/advertiser/get/').slice(before);
				expect(calls.length).toBeGreaterThan(0);
				for (const call of calls) expect(call.headers['access-token'] === issued).toBe(true);
				expect(exchangesOf(code)).toHaveLength(1);
			});
		});
	});
}
