import { startEmulator, type Emulator } from '../../emulator';
import { apiUrl, call } from './http';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('injected faults', () => {
	it('answers the injected code N times, then normally, and records each attempt', async () => {
		emu.injectFault('/user/info/', { kind: 'code', code: 40100, times: 3 });
		const codes = [];
		for (let i = 0; i < 4; i++) codes.push((await call(emu, 'GET', '/user/info/')).json.code);
		expect(codes).toEqual([40100, 40100, 40100, 0]);
		const recs = emu.requestsTo('/user/info/');
		expect(recs.map((r) => r.fault)).toEqual(['code', 'code', 'code', undefined]);
		expect(recs[0].response?.message).toMatch(/too many requests/i);
		expect(emu.pendingFaults()).toEqual({});
	});

	it('uses a custom message and applies only to its own path', async () => {
		emu.injectFault('/open_api/v1.3/advertiser/info/', { kind: 'code', code: 50000, message: 'boom' });
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
		const res = await call(emu, 'GET', '/advertiser/info/', { query: { advertiser_ids: ['1'] } });
		expect(res.json).toMatchObject({ code: 50000, message: 'boom', data: {} });
	});

	it('consumes queued faults in order', async () => {
		emu.injectFault('/user/info/', { kind: 'code', code: 40700 });
		emu.injectFault('/user/info/', { kind: 'http', status: 503 });
		emu.injectFault('*', { kind: 'code', code: 60001 });
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(40700);
		expect((await call(emu, 'GET', '/user/info/')).status).toBe(503);
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(60001);
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
	});

	it('answers 5xx with a non-JSON body by default, or a JSON body when given', async () => {
		emu.injectFault('/user/info/', { kind: 'http', status: 502 });
		emu.injectFault('/user/info/', { kind: 'http', status: 500, body: { error: 'internal' } });
		const html = await call(emu, 'GET', '/user/info/');
		expect(html.status).toBe(502);
		expect(() => JSON.parse(html.text)).toThrow();
		const json = await call(emu, 'GET', '/user/info/');
		expect(json.status).toBe(500);
		expect(JSON.parse(json.text)).toEqual({ error: 'internal' });
		expect(emu.requestsTo('/user/info/').map((r) => r.status)).toEqual([502, 500]);
	});

	it('resets the connection without answering', async () => {
		emu.injectFault('/user/info/', { kind: 'reset', times: 2 });
		await expect(call(emu, 'GET', '/user/info/')).rejects.toThrow();
		await expect(call(emu, 'GET', '/user/info/')).rejects.toThrow();
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
		const recs = emu.requestsTo('/user/info/');
		expect(recs.map((r) => r.fault)).toEqual(['reset', 'reset', undefined]);
		expect(recs[0].status).toBeUndefined();
	});

	it('delays the answer: a client with a short timeout gives up, a patient one gets the normal answer', async () => {
		emu.injectFault('/user/info/', { kind: 'delay', ms: 400 });
		await expect(
			fetch(apiUrl(emu, '/user/info/'), {
				headers: { 'Access-Token': emu.accessToken },
				signal: AbortSignal.timeout(50),
			}),
		).rejects.toThrow();
		emu.injectFault('/user/info/', { kind: 'delay', ms: 100 });
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
		expect(emu.requestsTo('/user/info/').map((r) => r.fault)).toEqual(['delay', 'delay']);
	});

	it('refuses faults for paths the emulator does not serve and bad times', () => {
		expect(() => emu.injectFault('/user/info', { kind: 'reset' })).toThrow(/no emulator route/);
		expect(() => emu.injectFault('/user/info/', { kind: 'reset', times: 0 })).toThrow(/times/);
	});

	it('reset() drops pending faults', async () => {
		emu.injectFault('/user/info/', { kind: 'code', code: 40100, times: 5 });
		emu.reset();
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
	});
});

describe('QPS limiter', () => {
	it('answers 40100 to requests beyond the bucket and nothing when unlimited', async () => {
		const limited = await startEmulator({ qps: 2 });
		try {
			const results = await Promise.all(Array.from({ length: 10 }, () => call(limited, 'GET', '/user/info/')));
			const codes = results.map((r) => r.json.code);
			const ok = codes.filter((c) => c === 0).length;
			expect(ok).toBeGreaterThanOrEqual(2);
			expect(ok).toBeLessThan(10);
			expect(codes.filter((c) => c !== 0).every((c) => c === 40100)).toBe(true);
			expect(results.find((r) => r.json.code === 40100)?.json.message).toContain(limited.appId);
			expect(results.every((r) => r.status === 200)).toBe(true);
			limited.setQps(undefined);
			const free = await Promise.all(Array.from({ length: 10 }, () => call(limited, 'GET', '/user/info/')));
			expect(free.every((r) => r.json.code === 0)).toBe(true);
		} finally {
			await limited.close();
		}
	});
});

describe('faults for untrusted servers', () => {
	it('redirect: answers the status with the Location given, without handling the request', async () => {
		emu.injectFault('/user/info/', { kind: 'redirect', status: 307, location: 'http://127.0.0.1:9/elsewhere' });
		const res = await fetch(apiUrl(emu, '/user/info/'), { headers: { 'Access-Token': emu.accessToken }, redirect: 'manual' });
		expect(res.status).toBe(307);
		expect(res.headers.get('location')).toBe('http://127.0.0.1:9/elsewhere');
		expect(emu.requestsTo('/user/info/')[0]).toMatchObject({ fault: 'redirect', status: 307 });
	});

	it('echo: the query as JSON with an HTTP status, the headers, or the body quoted in a TikTok message', async () => {
		emu.injectFault('/user/info/', { kind: 'echo', status: 400, echo: 'query' });
		const query = await call(emu, 'GET', '/user/info/', { query: { secret: 'echo-me' } });
		expect(query.status).toBe(400);
		expect(JSON.parse(query.text).echo).toEqual({ secret: 'echo-me' });

		emu.injectFault('/user/info/', { kind: 'echo', status: 403, echo: 'headers' });
		const headers = await call(emu, 'GET', '/user/info/');
		expect(headers.status).toBe(403);
		expect(JSON.parse(headers.text).echo['access-token']).toBe(emu.accessToken);

		emu.injectFault('/oauth2/access_token/', { kind: 'echo', status: 200, echo: 'body', code: 40101 });
		const body = await call(emu, 'POST', '/oauth2/access_token/', { body: { secret: 'in-the-body' }, token: null });
		expect(body.json.code).toBe(40101);
		expect(body.json.message).toContain('in-the-body');
	});

	it('hang: no answer until the client gives up', async () => {
		emu.injectFault('/user/info/', { kind: 'hang' });
		const outcome = await fetch(apiUrl(emu, '/user/info/'), { signal: AbortSignal.timeout(300) }).then(
			() => 'answered',
			(error: Error) => error.name,
		);
		expect(outcome).toBe('TimeoutError');
		expect(emu.requestsTo('/user/info/')[0].fault).toBe('hang');
		expect((await call(emu, 'GET', '/user/info/')).json.code).toBe(0);
	});
});
