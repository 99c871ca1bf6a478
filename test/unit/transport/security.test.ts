import { Workflow, type INode } from 'n8n-workflow';

import { hostExpression, isLocalHost, resolveApiHost } from '../../../nodes/shared/transport/baseUrl';
import { rateLimitAdvice } from '../../../nodes/shared/transport/errors';
import { redactText, secretValues } from '../../../nodes/shared/transport/redact';
import { credentialTimeoutMs, requestTimeoutMs } from '../../../nodes/shared/transport/timeouts';

const custom = (baseUrl: string) => ({ environment: 'custom', baseUrl });

describe('resolveApiHost (one resolver for credential and transport)', () => {
	it('production, sandbox and the default', () => {
		expect(resolveApiHost({ environment: 'production' })).toBe('https://business-api.tiktok.com');
		expect(resolveApiHost({ environment: 'sandbox' })).toBe('https://sandbox-ads.tiktok.com');
		expect(resolveApiHost({})).toBe('https://business-api.tiktok.com');
	});

	it.each([
		['https://proxy.example.com/', 'https://proxy.example.com'],
		['https://proxy.example.com/tiktok/open_api/v1.3/', 'https://proxy.example.com/tiktok'],
		['  http://127.0.0.1:8787/open_api/v1.3  ', 'http://127.0.0.1:8787'],
		['http://localhost:8787', 'http://localhost:8787'],
		['http://emulator:8787', 'http://emulator:8787'],
		['http://10.1.2.3', 'http://10.1.2.3'],
		['http://172.20.0.5:81', 'http://172.20.0.5:81'],
		['http://192.168.1.10', 'http://192.168.1.10'],
		['http://[::1]:8787', 'http://[::1]:8787'],
		['http://tiktok-proxy.internal', 'http://tiktok-proxy.internal'],
	])('accepts %s', (input, host) => {
		expect(resolveApiHost(custom(input))).toBe(host);
	});

	it.each([
		['', /none is set/],
		['   ', /none is set/],
		['not a url', /not a URL/],
		['https://user:pass@proxy.example.com', /user name or password/],
		['http://user@127.0.0.1:8787', /user name or password/],
		['http://api.example.com', /unencrypted/],
		['http://8.8.8.8', /unencrypted/],
		['http://172.32.0.1', /unencrypted/],
		['ftp://proxy.example.com', /must start with https/],
		['https://proxy.example.com/?token=x', /query/],
	])('refuses %j with the reason', (input, why) => {
		let thrown: unknown;
		try {
			resolveApiHost(custom(input));
		} catch (error) {
			thrown = error;
		}
		expect((thrown as { credentialStep?: string }).credentialStep).toBe('base URL');
		expect((thrown as Error).message).toMatch(why);
	});

	it('local hosts for plain http', () => {
		for (const host of ['localhost', 'api.localhost', '127.0.0.1', '127.8.9.1', '::1', '[::1]', 'fd12:3456::1', 'printer.local', 'emulator'])
			expect([host, isLocalHost(host)]).toEqual([host, true]);
		for (const host of ['example.com', '1.1.1.1', '172.15.0.1', '192.169.0.1', '2001:db8::1', 'local.example.com'])
			expect([host, isLocalHost(host)]).toEqual([host, false]);
	});

	it('the credential test\'s expression yields the resolver\'s host for every URL the resolver accepts', () => {
		const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never });
		const node = { name: 'x', type: 'x', typeVersion: 1, parameters: {}, position: [0, 0], id: 'x' } as INode;
		const evaluate = (credentials: object) =>
			workflow.expression.getSimpleParameterValue(node, hostExpression(), 'internal', { $credentials: credentials }, undefined, '');
		for (const credentials of [
			{ environment: 'production' },
			{ environment: 'sandbox' },
			custom('http://127.0.0.1:8787/open_api/v1.3/'),
			custom(' https://proxy.example.com/tiktok/ '),
			custom('http://emulator:8787'),
		]) {
			expect(evaluate(credentials)).toBe(resolveApiHost(credentials));
		}
	});
});

describe('redaction by value', () => {
	const credentials = {
		accessToken: 'tok/en+with=chars&1234',
		longTermToken: 'L'.repeat(12),
		appSecret: 'app"secret\\value',
		authCode: 'auth-code-abcdef',
	};

	it('finds each secret as sent, URL-encoded and JSON-escaped, whatever the key around it', () => {
		const secrets = secretValues(credentials);
		const text = [
			`headers {"access-token":"${credentials.accessToken}"}`,
			`query ?x=${encodeURIComponent(credentials.accessToken)}`,
			`body ${JSON.stringify({ note: credentials.appSecret })}`,
			`plain ${credentials.longTermToken} and ${credentials.authCode}`,
			`url-encoded secret ${encodeURIComponent(credentials.appSecret)}`,
		].join('\n');
		const out = redactText(text, secrets);
		for (const value of Object.values(credentials)) {
			expect(out).not.toContain(value);
			expect(out).not.toContain(encodeURIComponent(value));
			expect(out).not.toContain(JSON.stringify(value).slice(1, -1));
		}
		expect(out).toContain('headers {"access-token":"***"}');
	});

	it('ignores empty and very short values, which would match ordinary text', () => {
		expect(secretValues({ accessToken: '', appSecret: 'abc' })).toEqual([]);
		expect(redactText('code abc', secretValues({ appSecret: 'abc' }))).toBe('code abc');
	});
});

describe('timeouts', () => {
	it('30 s per API call by default, at least 120 s for uploads, at most 15 s for credential calls', () => {
		expect(requestTimeoutMs({}, false)).toBe(30_000);
		expect(requestTimeoutMs({}, true)).toBe(120_000);
		expect(requestTimeoutMs({ requestTimeout: 600 }, true)).toBe(600_000);
		expect(requestTimeoutMs({ requestTimeout: 5 }, false)).toBe(5_000);
		expect(requestTimeoutMs({ requestTimeout: 0 }, false)).toBe(30_000);
		expect(requestTimeoutMs({ requestTimeout: 'x' }, false)).toBe(30_000);
		expect(credentialTimeoutMs({})).toBe(15_000);
		expect(credentialTimeoutMs({ requestTimeout: 600 })).toBe(15_000);
		expect(credentialTimeoutMs({ requestTimeout: 2 })).toBe(2_000);
	});
});

describe('40100 advice once the short backoff is spent', () => {
	const now = new Date('2026-12-06T21:10:00Z');

	it('per-minute: about 5 minutes, with the time to retry', () => {
		const text = rateLimitAdvice('Too many requests per minute', now);
		expect(text).toMatch(/wait about 5 minutes \(retry after 21:15 UTC\)/);
		expect(text).not.toMatch(/00:00 UTC/);
	});

	it('daily: until 00:00 UTC, with how long that is', () => {
		const text = rateLimitAdvice('daily quota (QPD) exceeded', now);
		expect(text).toMatch(/resets at 00:00 UTC \(in 2 h 50 min, 2026-12-07T00:00:00.000Z\)/);
		expect(text).not.toMatch(/5 minutes/);
	});

	it('unknown: both', () => {
		const text = rateLimitAdvice('Due to too many requests, requests from App 123 are temporarily restricted.', now);
		expect(text).toMatch(/does not say which/);
		expect(text).toMatch(/5 minutes/);
		expect(text).toMatch(/00:00 UTC/);
	});
});
