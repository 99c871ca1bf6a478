import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runListSearch, runNode } from '../../../harness';
import { advertiserIds, locator, NODE, recordedIds, subscribeLeads } from './helpers';

// What each documented status and role means (docs/tiktok-api-contract.md#get-advertiserinfo), as the label a
// user reads first: the explanation after the label may be reworded, the meaning may not.
const EXPECTED_STATUS: Record<string, RegExp> = {
	STATUS_ENABLE: /^Approved: /,
	STATUS_DISABLE: /^Closed: /,
	STATUS_PENDING_CONFIRM: /^Pending review: /,
	STATUS_PENDING_VERIFIED: /^Pending verification: /,
	STATUS_CONFIRM_FAIL: /^Verification failed: /,
	STATUS_CONFIRM_FAIL_END: /^Review failed: /,
	STATUS_PENDING_CONFIRM_MODIFY: /^Change pending review: /,
	STATUS_CONFIRM_MODIFY_FAIL: /^Change rejected: /,
	STATUS_LIMIT: /^Restricted: .*penalty/,
	STATUS_WAIT_FOR_BPM_AUDIT: /^Awaiting re-verification: /,
	STATUS_WAIT_FOR_PUBLIC_AUTH: /^Awaiting bank verification: /,
	STATUS_SELF_SERVICE_UNAUDITED: /^Awaiting eligibility check: /,
	STATUS_CONTRACT_PENDING: /^Contract pending: /,
};
const EXPECTED_ROLE: Record<string, RegExp> = {
	ROLE_ADVERTISER: /^Main ad account \(direct advertiser\)$/,
	ROLE_CHILD_ADVERTISER: /^Sub ad account \(advertiser under an agency\)$/,
	ROLE_CHILD_AGENT: /^Sub agency account$/,
	ROLE_AGENT: /^Main agency account$/,
};

describe('Ad Account > Get Many with 250 advertisers', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator({ advertiserCount: 250 });
	});
	afterAll(async () => emu.close());
	beforeEach(() => emu.reset());

	it('returns 250 items from 3 info requests of at most 100 ids, in TikTok order, ids exact', async () => {
		const { items, error } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
			credentials: emulatorCredentials(emu),
		});
		expect(error).toBeUndefined();
		const ids = advertiserIds(emu);
		expect(items).toHaveLength(250);
		expect(items.map((i) => i.json.advertiser_id)).toEqual(ids);
		for (const id of ids) expect(id).toMatch(/^\d{19}$/);

		const info = emu.requestsTo('/advertiser/info/');
		expect(info).toHaveLength(3);
		expect(info.map((r) => recordedIds(r.query, 'advertiser_ids').length)).toEqual([100, 100, 50]);
		expect(info.flatMap((r) => recordedIds(r.query, 'advertiser_ids'))).toEqual(ids);
		expect(emu.requestsTo('/oauth2/advertiser/get/')).toHaveLength(1);
		expect(emu.requestsTo('/subscription/get/')).toHaveLength(1);
		for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('asks only for the accounts within the limit', async () => {
		const { items } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: false, limit: 5 }, [{}], {
			credentials: emulatorCredentials(emu),
		});
		expect(items).toHaveLength(5);
		const info = emu.requestsTo('/advertiser/info/');
		expect(info).toHaveLength(1);
		expect(recordedIds(info[0].query, 'advertiser_ids')).toEqual(advertiserIds(emu).slice(0, 5));
	});

	it('the advertiser picker pages 250 accounts 100 at a time with string tokens and string ids', async () => {
		const creds = emulatorCredentials(emu);
		const pages = [];
		let token: string | undefined;
		do {
			const page = await runListSearch(NODE, 'searchAdvertisers', { resource: 'adAccount', operation: 'get' }, creds, undefined, token);
			pages.push(page);
			token = page.paginationToken;
		} while (token !== undefined && pages.length < 5);
		expect(pages.map((p) => p.results.length)).toEqual([100, 100, 50]);
		expect(pages.map((p) => p.paginationToken)).toEqual(['100', '200', undefined]);
		const values = pages.flatMap((p) => p.results.map((r) => r.value));
		expect(values).toEqual(advertiserIds(emu));
		const first = emu.requestsTo('/oauth2/advertiser/get/')[0];
		expect(first.query).toMatchObject({ app_id: emu.appId });

		const [match] = (await runListSearch(NODE, 'searchAdvertisers', { resource: 'adAccount', operation: 'get' }, creds, String(values[137]))).results;
		expect(match.value).toBe(values[137]);
	});
});

describe('Ad Account', () => {
	let emu: Emulator;
	let creds: ReturnType<typeof emulatorCredentials>;
	beforeAll(async () => {
		emu = await startEmulator();
		creds = emulatorCredentials(emu);
	});
	afterAll(async () => emu.close());
	beforeEach(() => emu.reset());

	it('describes every status and role in plain English and shapes the ad account columns the README lists', async () => {
		const { items, error } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
			credentials: creds,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(13);
		const statuses = new Set(items.map((i) => i.json.status));
		const roles = new Set(items.map((i) => i.json.role));
		expect([...statuses].sort()).toEqual(Object.keys(EXPECTED_STATUS).sort());
		expect([...roles].sort()).toEqual(Object.keys(EXPECTED_ROLE).sort());
		for (const { json } of items) {
			const adv = emu.state.core.advertisers.get(json.advertiser_id as string)!;
			expect(json.statusDescription).toMatch(EXPECTED_STATUS[adv.status]);
			expect(json.roleDescription).toMatch(EXPECTED_ROLE[adv.role]);
			expect(json).toMatchObject({
				name: adv.name,
				company: adv.company,
				currency: adv.currency,
				timezone: adv.timezone,
				country: adv.country,
				balance: adv.balance,
				create_time: new Date(adv.create_time * 1000).toISOString(),
				leadWebhook: { subscribed: false, callbackUrls: [], subscriptions: [] },
			});
			// Simplified: masked contact data stays out unless Simplify is off.
			expect(json).not.toHaveProperty('email');
		}
	});

	it('passes an unknown status through with "Unknown status"', async () => {
		const [first] = advertiserIds(emu);
		const adv = emu.state.core.advertisers.get(first)!;
		(adv as unknown as IDataObject).status = 'STATUS_SOMETHING_NEW';
		(adv as unknown as IDataObject).role = 'ROLE_PARTNER';
		const { items } = await runNode(NODE, { resource: 'adAccount', operation: 'get', advertiserId: locator(first) }, [{}], {
			credentials: creds,
		});
		expect(items[0].json).toMatchObject({
			advertiser_id: first,
			status: 'STATUS_SOMETHING_NEW',
			statusDescription: 'Unknown status',
			role: 'ROLE_PARTNER',
			roleDescription: 'Unknown role',
		});
	});

	it('shows each account\'s lead webhook (its `webhook` field) without the token', async () => {
		const [first, second] = advertiserIds(emu);
		const a = await subscribeLeads(emu, first, 'https://n8n.example.com/webhook/leads');
		const formId = [...emu.state.page.forms.values()].find((f) => f.advertiser_id === first)!.page_id;
		const b = await subscribeLeads(emu, first, 'https://n8n.example.com/webhook/leads', formId);
		const { items } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
			credentials: creds,
		});
		const byId = new Map(items.map((i) => [i.json.advertiser_id, i.json]));
		expect(byId.get(first)!.leadWebhook).toEqual({
			subscribed: true,
			callbackUrls: ['https://n8n.example.com/webhook/leads'],
			subscriptions: [
				{ subscription_id: a, callback_url: 'https://n8n.example.com/webhook/leads', lead_source: 'INSTANT_FORM' },
				{ subscription_id: b, callback_url: 'https://n8n.example.com/webhook/leads', page_id: formId, lead_source: 'INSTANT_FORM' },
			],
		});
		expect(byId.get(second)!.leadWebhook).toEqual({ subscribed: false, callbackUrls: [], subscriptions: [] });
		expect(JSON.stringify(items)).not.toContain(emu.accessToken);
		const sub = emu.requestsTo('/subscription/get/')[0];
		expect(sub.query).toMatchObject({ app_id: emu.appId, subscribe_entity: 'LEAD', page_size: '1000' });
	});

	it('skips the subscription read when the webhook column is off, and keeps raw fields when not simplified', async () => {
		const { items } = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'getAll', returnAll: true, options: { includeLeadWebhook: false, simplify: false } },
			[{}],
			{ credentials: creds },
		);
		expect(emu.requestsTo('/subscription/get/')).toHaveLength(0);
		expect(items[0].json).not.toHaveProperty('leadWebhook');
		expect(items[0].json.email).toMatch(/\*\*\*\*/);
		const adv = emu.state.core.advertisers.get(items[0].json.advertiser_id as string)!;
		expect(items[0].json.statusDescription).toMatch(EXPECTED_STATUS[adv.status]);
	});

	it('filters by name ignoring Vietnamese accents, and by id list', async () => {
		const byName = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'getAll', returnAll: true, filters: { name: 'pho ha noi' } },
			[{}],
			{ credentials: creds },
		);
		expect(byName.items.map((i) => i.json.name)).toEqual(['Phở Hà Nội – Chi nhánh Quận 1', 'Phở Hà Nội – Chi nhánh Quận 1 #2']);

		const ids = advertiserIds(emu);
		const byId = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'getAll', returnAll: true, filters: { advertiserIds: `${ids[3]},\n${ids[1]}` } },
			[{}],
			{ credentials: creds },
		);
		expect(byId.items.map((i) => i.json.advertiser_id)).toEqual([ids[1], ids[3]]);
	});

	it('names an id the credential is not authorized for instead of dropping it', async () => {
		const { error, items } = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'getAll', returnAll: true, filters: { advertiserIds: '7000000000000000001' } },
			[{}],
			{ credentials: creds },
		);
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('Ad account 7000000000000000001 is not authorized for this credential');
		expect(emu.requestsTo('/advertiser/info/')).toHaveLength(0);
	});

	it('returns no items (not an error) when nothing matches', async () => {
		const { items, error } = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'getAll', returnAll: true, filters: { name: 'không có tài khoản này' } },
			[{}],
			{ credentials: creds },
		);
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	it('gets one account per input item', async () => {
		const ids = advertiserIds(emu);
		const { items } = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'get', advertiserId: locator('={{ $json.id }}') },
			[{ id: ids[2] }, { id: ids[0] }],
			{ credentials: creds },
		);
		expect(items.map((i) => [i.json.advertiser_id, i.pairedItem])).toEqual([
			[ids[2], { item: 0 }],
			[ids[0], { item: 1 }],
		]);
	});

	it('surfaces TikTok 40001 for an unknown advertiser with a description, or an error item under continue-on-fail', async () => {
		const params = { resource: 'adAccount', operation: 'get', advertiserId: locator('7000000000000000001') };
		const failed = await runNode(NODE, params, [{}], { credentials: creds });
		expect(failed.error?.message).toMatch(/code 40001/);
		expect(failed.error?.description).toMatch(/Ad account 7000000000000000001 is not authorized for this credential/);

		const ids = advertiserIds(emu);
		const soft = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'get', advertiserId: locator('={{ $json.id }}') },
			[{ id: '7000000000000000001' }, { id: ids[0] }],
			{ credentials: creds, continueOnFail: true },
		);
		expect(soft.error).toBeUndefined();
		expect(soft.items[0].json.error).toMatch(/code 40001/);
		expect(soft.items[0].pairedItem).toEqual({ item: 0 });
		expect(soft.items[1].json.advertiser_id).toBe(ids[0]);
	});

	it('rejects a non-numeric advertiser id (mapped from data) before calling TikTok', async () => {
		const { error } = await runNode(
			NODE,
			{ resource: 'adAccount', operation: 'get', advertiserId: locator('={{ $json.id }}') },
			[{ id: 'abc' }],
			{ credentials: creds },
		);
		expect(error?.message).toBe('The advertiser ID "abc" is not a TikTok ID');
		expect(emu.requestsTo('/advertiser/info/')).toHaveLength(0);
	});

	it('blames the credential only when TikTok refuses it, keeping TikTok\'s own fix-it text', async () => {
		emu.injectFault('/oauth2/advertiser/get/', { kind: 'code', code: 40105, message: 'Access token is invalid.' });
		const revoked = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], { credentials: creds });
		expect(revoked.error?.message).toBe('TikTok answered oauth2/advertiser/get with code 40105: Access token is invalid.');
		expect(revoked.error?.description).toMatch(/^Listing the authorized ad accounts needs the App ID and Secret/);
		expect(revoked.error?.description).toMatch(/invalid or was revoked/);
		for (const secret of [emu.appSecret, emu.accessToken]) expect(JSON.stringify(revoked.error)).not.toContain(secret);

		emu.reset();
		emu.injectFault('/oauth2/advertiser/get/', { kind: 'http', status: 503, times: 5 });
		const outage = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], { credentials: creds });
		expect(outage.error?.message).toMatch(/code 503/);
		expect(String(outage.error?.description ?? '')).not.toMatch(/App ID/);
		expect(emu.requestsTo('/oauth2/advertiser/get/')).toHaveLength(5);
	});

	it('says how to get accounts without the webhook column when the app keys cannot read subscriptions', async () => {
		emu.injectFault('/subscription/get/', { kind: 'code', code: 40101, message: 'The app_id and secret are inconsistent.' });
		const { error, items } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
			credentials: creds,
		});
		expect(items).toHaveLength(0);
		expect(error?.message).toBe('TikTok answered subscription/get with code 40101: The app_id and secret are inconsistent.');
		expect(error?.description).toMatch(/turn off the option 'Include Lead Webhook State'/);
		for (const secret of [emu.appSecret, emu.accessToken]) expect(JSON.stringify(error)).not.toContain(secret);
	});

	it('rides out a rate-limit burst on /advertiser/info/', async () => {
		emu.injectFault('/advertiser/info/', { kind: 'code', code: 40100, times: 2 });
		const { items, error } = await runNode(NODE, { resource: 'adAccount', operation: 'getAll', returnAll: true }, [{}], {
			credentials: creds,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(13);
		expect(emu.requestsTo('/advertiser/info/')).toHaveLength(3);
	});
});
