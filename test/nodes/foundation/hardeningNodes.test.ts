import type { IDataObject } from 'n8n-workflow';

import { startEmulator, startForeignHost, FOREIGN_REQUEST_ID, type Emulator, type ForeignHost } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { MAX_PAGES } from '../../../nodes/shared/transport';

// The same hardening seen from whole nodes run in the real engine: what the node returned or threw, and what the
// emulator (and a foreign host) received.

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

const locator = (value: string) => ({ __rl: true, mode: 'id', value });
const PIXEL = 'CPIXEL0123456789ABCD';
const firstAdvertiser = () => [...emu.state.core.advertisers.keys()][0];

function purchaseParams(): IDataObject {
	return {
		operation: 'send',
		eventSource: 'web',
		eventSourceId: locator(PIXEL),
		event: 'Purchase',
		eventTime: '={{ $json.time }}',
		eventId: '={{ $json.order }}',
		user: { email: '={{ $json.email }}' },
	};
}

const purchases = () => {
	const now = Math.floor(Date.now() / 1000);
	return [0, 1, 2].map((i) => ({ order: `ORD-${i}`, time: now - 60, email: `buyer${i}@example.com` }));
};

const audienceList = (overrides: IDataObject = {}) =>
	runNode('tikTokAudience', { operation: 'getAll', advertiserId: locator(firstAdvertiser()), returnAll: true }, [{}], {
		credentials: emulatorCredentials(emu, overrides),
	});

describe('Conversion node and a redirect to another host', () => {
	it('does not report events "sent" with a foreign request id; nothing reaches the other host', async () => {
		emu.injectFault('/event/track/', { kind: 'redirect', status: 307, location: `${foreign.baseUrl}/open_api/v1.3/event/track/` });
		const { items, error } = await runNode('tikTokConversion', purchaseParams(), purchases(), {
			credentials: emulatorCredentials(emu),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(foreign.requests).toHaveLength(0);
		expect(items).toHaveLength(3);
		expect(JSON.stringify(items)).not.toContain(FOREIGN_REQUEST_ID);
		for (const item of items) {
			expect(item.json.status).not.toBe('sent');
			expect(JSON.stringify(item.json)).toMatch(/REDIRECT_REFUSED/);
		}
		expect(emu.state.event.received ?? []).toHaveLength(0);
	});

	it('without continue-on-fail the node fails naming the host', async () => {
		emu.injectFault('/event/track/', { kind: 'redirect', status: 302, location: `${foreign.baseUrl}/elsewhere` });
		const { error } = await runNode('tikTokConversion', purchaseParams(), purchases(), { credentials: emulatorCredentials(emu) });
		expect(error?.message).toContain(new URL(foreign.baseUrl).host);
		expect(foreign.requests).toHaveLength(0);
	});
});

describe('secret echoes through a node with continue-on-fail', () => {
	it('Ads Account > Get Many: a 400 echoing the query (app secret) and a 403 echoing headers (token) leave no secret in the output', async () => {
		for (const fault of [
			{ kind: 'echo', status: 400, echo: 'query' },
			{ kind: 'echo', status: 403, echo: 'headers' },
			{ kind: 'echo', status: 200, echo: 'query', code: 40001 },
		] as const) {
			emu.reset();
			emu.injectFault('/oauth2/advertiser/get/', fault);
			const run = await runNode('tikTokAdsAccount', { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
				credentials: emulatorCredentials(emu),
				continueOnFail: true,
			});
			const echoed = JSON.stringify(emu.requestsTo('/oauth2/advertiser/get/')[0]);
			expect(echoed).toContain(fault.echo === 'headers' ? emu.accessToken : emu.appSecret);
			expect(run.items).toHaveLength(1);
			const code = 'code' in fault ? fault.code : fault.status;
			expect(run.items[0].json.error).toMatch(new RegExp(`^TikTok answered oauth2/advertiser/get with code ${code}\\b`));
			const output = JSON.stringify({ items: run.items, error: run.error, runData: run.run.data.resultData.runData });
			expect(output).not.toContain(emu.appSecret);
			expect(output).not.toContain(emu.accessToken);
		}
	});
});

describe('base URL', () => {
	it.each([
		['user:pass@ in the URL', (url: string) => url.replace('http://', 'http://user:pass@'), /user name or password/],
		['http:// to a public host', () => 'http://api.example.com', /unencrypted/],
		['an empty custom URL', () => '', /none is set/],
	])('%s: refused with the reason, nothing sent', async (_name, make, why) => {
		const { error } = await audienceList({ baseUrl: make(emu.baseUrl) });
		expect(error?.message).toMatch(why);
		expect(emu.requests).toHaveLength(0);
	});

	it('http:// to the local emulator still works', async () => {
		const { error } = await audienceList();
		expect(error).toBeUndefined();
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(1);
	});
});

describe('Audience > Get Many pagination', () => {
	it('a server claiming 1e9 pages stops at the page bound with a message', async () => {
		const page = { list: [{ audience_id: '1', name: 'x' }], page_info: { page: 1, page_size: 100, total_page: 1e9 } };
		emu.injectFault('/dmp/custom_audience/list/', { kind: 'code', code: 0, data: page, times: MAX_PAGES + 50 });
		const { error } = await audienceList();
		expect(error?.message).toMatch(new RegExp(`still reported more after ${MAX_PAGES} pages`));
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(MAX_PAGES);
	});

	it('an empty page ends the list whatever total_page claims', async () => {
		emu.injectFault('/dmp/custom_audience/list/', { kind: 'code', code: 0, data: { list: [], page_info: { page: 1, total_page: 1e9 } } });
		const { items, error } = await audienceList();
		expect(error).toBeUndefined();
		expect(items).toHaveLength(0);
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(1);
	});
});

describe('credential failures name the credential step, not the API path', () => {
	it('a spent authorization code: "authorization code exchange", not REQUEST_FAILED', async () => {
		const code = emu.createAuthCode();
		await audienceList({ accessToken: '', longTermToken: '', authCode: code });
		const { error } = await audienceList({ accessToken: '', longTermToken: '', exchangedCode: '', authCode: code });
		expect(error?.message).toMatch(/credential failed at its authorization code exchange/);
		expect(error?.message).toMatch(/code 40110/);
		expect(error?.message).not.toMatch(/REQUEST_FAILED/);
		expect(String(error?.description)).toMatch(/credential/);
	});

	it('an HTML 200 from the token check: "not TikTok\'s JSON", not "code undefined"', async () => {
		emu.injectFault('/user/info/', { kind: 'http', status: 200, body: '<!doctype html><title>Sign in</title>' });
		const { error } = await audienceList({ longTermToken: '' });
		expect(error?.message).toMatch(/token check/);
		expect(error?.message).toMatch(/not TikTok's JSON/);
		expect(error?.message).not.toMatch(/code undefined|REQUEST_FAILED/);
		expect(emu.requestsTo('/dmp/custom_audience/list/')).toHaveLength(0);
	});
});
