import { createHmac } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import {
	buildDelivery,
	buildLeadDelivery,
	leadEntryJson,
	makeLead,
	makeLeads,
	otherObjectEntryJson,
	tiktokSignature,
	type Delivery,
	type LeadSpec,
} from '../../../emulator/deliverLead';
import { fixture, newTrigger, nodeStaticData, triggerParameters, type Harness } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

function itemsOf(result: { workflowData?: INodeExecutionData[][] }) {
	return (result.workflowData?.[0] ?? []).map((item) => item.json);
}

async function setup(options: Record<string, unknown> = {}, form: 'one' | 'all' = 'all') {
	const f = fixture(emu);
	const trig = await newTrigger(emu, triggerParameters(f.advertiserId, form === 'one' ? f.formId : '', { options }));
	const lead = (i: number, extra: Partial<LeadSpec> = {}): LeadSpec => ({
		...makeLead(i, { advertiserId: f.advertiserId, pageId: f.formId, pageName: f.formName }),
		...extra,
	});
	const sign = (leads: LeadSpec[], opts: Partial<Parameters<typeof buildLeadDelivery>[1]> = {}): Delivery =>
		buildLeadDelivery(leads, { appSecret: emu.appSecret, ...opts });
	return { ...f, trig, lead, sign };
}

async function deliver(trig: Harness, delivery: Delivery) {
	return await trig.deliver({ rawBody: delivery.rawBody, headers: delivery.headers });
}

describe('TikTok Lead Form Trigger: deliveries (real WebhookContext)', () => {
	it('turns a signed delivery with Vietnamese and emoji into exact simplified items', async () => {
		const { trig, lead, sign, advertiserId, formId, formName } = await setup();
		const leads = [lead(0), lead(4), lead(7)];
		const result = await deliver(trig, sign(leads));

		expect(result.status).toBe(200);
		expect(result.responseBody).toEqual({
			received: 3,
			accepted: 3,
			duplicates: 0,
			otherAdvertiser: 0,
			otherForm: 0,
			otherLeadSource: 0,
			invalid: 0,
		});
		const items = itemsOf(result);
		expect(items).toHaveLength(3);
		expect(items[1]).toEqual({
			leadId: '7126711421177430277',
			formId,
			formName,
			advertiserId,
			advertiserName: 'Ph\u1edf H\u00e0 N\u1ed9i \u2013 Chi nh\u00e1nh Qu\u1eadn 1',
			libraryId: null,
			campaignId: '1790123456789012341',
			campaignName: 'Chi\u1ebfn d\u1ecbch Lead T4',
			adgroupId: '1790123456789012342',
			adgroupName: 'HCM 25-34 \u{1F3AF}',
			adId: '1790123456789012343',
			adName: 'Video 1 \u{1F525}',
			leadSource: 'INSTANT_FORM',
			createdAt: new Date((1743639757 + 4) * 1000).toISOString(),
			fields: {
				name: 'Ph\u1ea1m Qu\u1ef3nh H\u01b0\u01a1ng \u{1F469}\u200D\u{1F4BB}',
				phone_number: '+84901000004',
				email: 'lead4@example.com',
				'B\u1ea1n c\u1ea7n t\u01b0 v\u1ea5n g\u00ec?': '\u{1F600}\u{1F602}\u{1F923}',
			},
		});
		expect(items[2].fields).toMatchObject({ name: 'V\u00f5 Th\u1ecb Y\u1ebfn \u{1F1FB}\u{1F1F3}' });
		expect(items[0].fields).toMatchObject({
			'B\u1ea1n c\u1ea7n t\u01b0 v\u1ea5n g\u00ec?': 'T\u01b0 v\u1ea5n gi\u00fap m\u00ecnh g\u00f3i \u01b0u \u0111\u00e3i nh\u00e9 \u{1F64F}\u{1F3FD}',
		});
	});

	it('accepts the same delivery sent with the unicode already escaped', async () => {
		const { trig, lead, sign } = await setup();
		const result = await deliver(trig, sign([lead(1)], { asciiBody: true }));
		expect(result.status).toBe(200);
		expect(itemsOf(result)[0].fields).toMatchObject({ name: 'Tr\u1ea7n Th\u1ecb Ng\u1ecdc \u00c1nh' });
	});

	it.each([
		['forged (another secret)', { signing: 'wrong-secret' as const }],
		['missing', { signing: 'none' as const }],
		['not hex', { signing: { header: 'sha256=deadbeef' } }],
	])('refuses a %s signature with 401 and no execution', async (_name, opts) => {
		const { trig, lead, sign } = await setup();
		const result = await deliver(trig, sign([lead(0), lead(2)], opts));
		expect(result.status).toBe(401);
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData).toBeUndefined();
		expect(result.responseBody).toEqual({ code: 401, message: 'Invalid or missing X-Open-Signature.' });
		expect(nodeStaticData(trig)).not.toHaveProperty('recentLeadIds');
	});

	it('accepts a Vietnamese body signed over its raw UTF-8 bytes too: which form TikTok signs is unsettled', async () => {
		const { trig, lead, sign } = await setup();
		const result = await deliver(trig, sign([lead(0), lead(2)], { signing: 'raw-utf8' }));
		expect(result.status).toBe(200);
		expect(itemsOf(result)).toHaveLength(2);
		const name = String((itemsOf(result)[0].fields as { name?: unknown }).name);
		expect([...name].some((ch) => ch.charCodeAt(0) > 0x7f)).toBe(true);
	});

	it('accepts an ASCII-only body signed over its raw bytes (the two are the same there)', async () => {
		const { trig, lead, sign } = await setup();
		const ascii = lead(3, { advertiserName: 'Acme', pageName: 'Form', adgroupName: 'G', adName: 'A', campaignName: 'C', changes: [{ field: 'name', value: 'John Smith' }] });
		const result = await deliver(trig, sign([ascii], { signing: 'raw-utf8' }));
		expect(result.status).toBe(200);
		expect(itemsOf(result)).toHaveLength(1);
	});

	it('keeps 19-digit IDs exact in simplified and raw output', async () => {
		const { trig: simple, lead, sign } = await setup();
		const ids = ['9007199254740993', '7126711421177430274', '9223372036854775807'];
		const leads = ids.map((id, i) => lead(i, { id, campaignId: '1799999999999999999', libraryId: '7300000000000000001' }));
		const delivery = sign(leads);
		expect(delivery.rawBody.toString()).toContain('"id":9223372036854775807,');

		const simplified = itemsOf(await deliver(simple, delivery));
		expect(simplified.map((i) => i.leadId)).toEqual(ids);
		expect(simplified.map((i) => i.campaignId)).toEqual(Array(3).fill('1799999999999999999'));
		expect(simplified[0].libraryId).toBe('7300000000000000001');

		const { trig: raw } = await setup({ simplify: false });
		const rawItems = itemsOf(await deliver(raw, delivery));
		expect(rawItems.map((i) => i.id)).toEqual(ids);
		expect(rawItems[2]).toMatchObject({
			id: '9223372036854775807',
			advertiser_id: leads[2].advertiserId,
			page_id: leads[2].pageId,
			library_id: '7300000000000000001',
			campaign_id: '1799999999999999999',
			adgroup_id: '1790123456789012342',
			ad_id: '1790123456789012343',
			create_time: 1743639759,
			changes: leads[2].changes,
		});
	});

	it('raw mode gives the entry as received, short IDs as strings too', async () => {
		const { trig, lead, sign } = await setup({ simplify: false });
		const result = await deliver(trig, sign([lead(0, { libraryId: '0' })]));
		const [item] = itemsOf(result);
		expect(item.library_id).toBe('0');
		expect(Object.keys(item)).toEqual([
			'id', 'lead_source', 'page_id', 'page_name', 'advertiser_id', 'advertiser_name', 'library_id',
			'campaign_id', 'campaign_name', 'adgroup_id', 'adgroup_name', 'ad_id', 'ad_name', 'create_time', 'changes',
		]);
	});

	it('starts no second execution for a repeated delivery, and only new leads for a partial repeat', async () => {
		const { trig, lead, sign } = await setup();
		const first = await deliver(trig, sign([lead(0), lead(1)]));
		expect(itemsOf(first)).toHaveLength(2);

		const again = await deliver(trig, sign([lead(0), lead(1)]));
		expect(again.status).toBe(200);
		expect(again.workflowData).toBeUndefined();
		expect(again.responseBody).toMatchObject({ received: 2, accepted: 0, duplicates: 2 });

		const partial = await deliver(trig, sign([lead(1), lead(2), lead(2)]));
		expect(itemsOf(partial).map((i) => i.leadId)).toEqual([lead(2).id]);
		expect(partial.responseBody).toMatchObject({ accepted: 1, duplicates: 2 });
		expect(nodeStaticData(trig).recentLeadIds).toEqual([lead(0).id, lead(1).id, lead(2).id]);
	});

	it('still catches a repeat when n8n did not save the static data of the first delivery (n8n 2.x webhooks)', async () => {
		const { trig, lead, sign } = await setup();
		expect(itemsOf(await deliver(trig, sign([lead(0)])))).toHaveLength(1);
		// A real n8n 2.41.1 runs the next delivery on a fresh copy of the workflow: what webhook() stored is gone.
		delete nodeStaticData(trig).recentLeadIds;
		const again = await deliver(trig, sign([lead(0)]));
		expect(again.workflowData).toBeUndefined();
		expect(again.responseBody).toMatchObject({ received: 1, accepted: 0, duplicates: 1 });
	});

	it('with dedupe off, every delivery starts an execution', async () => {
		const { trig, lead, sign } = await setup({ dedupe: false });
		await deliver(trig, sign([lead(0)]));
		expect(itemsOf(await deliver(trig, sign([lead(0)])))).toHaveLength(1);
		expect(nodeStaticData(trig)).not.toHaveProperty('recentLeadIds');
	});

	it('turns a 1,000-entry batch into 1,000 items, and its redelivery into none', async () => {
		const { trig, sign, advertiserId, formId } = await setup();
		const leads = makeLeads(1000, { advertiserId, pageId: formId });
		const delivery = sign(leads);
		const result = await deliver(trig, delivery);
		const items = itemsOf(result);
		expect(items).toHaveLength(1000);
		expect(items[999].leadId).toBe(leads[999].id);
		expect(new Set(items.map((i) => i.leadId)).size).toBe(1000);
		expect((await deliver(trig, delivery)).workflowData).toBeUndefined();
	});

	it('applies the field mapping (case-insensitive), leaving unmapped answers as they are', async () => {
		const { trig, lead, sign } = await setup({
			fieldMapping: {
				mappings: [
					{ from: 'phone_number', to: 'phone' },
					{ from: 'EMAIL', to: 'email_address' },
					{ from: 'B\u1ea1n c\u1ea7n t\u01b0 v\u1ea5n g\u00ec?', to: 'note' },
				],
			},
		});
		const [item] = itemsOf(await deliver(trig, sign([lead(5)])));
		expect(item.fields).toEqual({
			name: '\u0110\u1eb7ng Minh Kh\u00f4i',
			phone: '+84901000005',
			email_address: 'lead5@example.com',
			note: 'T\u01b0 v\u1ea5n gi\u00fap m\u00ecnh g\u00f3i \u01b0u \u0111\u00e3i nh\u00e9 \u{1F64F}\u{1F3FD}',
		});
	});

	it('with a form chosen, drops leads of other forms and other advertisers', async () => {
		const { trig, lead, sign, otherFormId } = await setup({}, 'one');
		const result = await deliver(
			trig,
			sign([lead(0), lead(1, { pageId: otherFormId }), lead(2, { advertiserId: '7000000000000000001' }), lead(3)]),
		);
		expect(itemsOf(result).map((i) => i.leadId)).toEqual([lead(0).id, lead(3).id]);
		expect(result.responseBody).toMatchObject({ received: 4, accepted: 2, otherForm: 1, otherAdvertiser: 1 });
	});

	it('without a form, keeps every form of the advertiser', async () => {
		const { trig, lead, sign, otherFormId } = await setup();
		const result = await deliver(trig, sign([lead(0), lead(1, { pageId: otherFormId })]));
		expect(itemsOf(result).map((i) => i.formId)).toEqual([lead(0).pageId, otherFormId]);
	});

	it('answers 200 and ignores notifications that are not leads', async () => {
		const { trig, advertiserId } = await setup();
		for (const object of [2, 3, 8]) {
			const delivery = buildDelivery([otherObjectEntryJson(object, advertiserId)], { appSecret: emu.appSecret, object });
			const result = await deliver(trig, delivery);
			expect(result.status).toBe(200);
			expect(result.workflowData).toBeUndefined();
			expect(result.responseBody).toEqual({ received: true, ignored: `object ${object} is not a lead notification` });
		}
	});

	it('counts malformed entries instead of failing the whole delivery', async () => {
		const { trig, lead } = await setup();
		const delivery = buildDelivery([leadEntryJson(lead(0)), '"oops"', 'null'], { appSecret: emu.appSecret });
		const result = await deliver(trig, delivery);
		expect(itemsOf(result)).toHaveLength(1);
		expect(result.responseBody).toMatchObject({
			received: 3,
			accepted: 1,
			invalid: 2,
			invalidReasons: ['entry 1 is not an object', 'entry 2 is not an object'],
		});
	});

	it('answers 400 with the reason when a correctly signed body is not a TikTok delivery', async () => {
		const { trig } = await setup();
		const body = Buffer.from('{"object":1,"entry":{"id":1}}');
		const signed = buildDelivery([], { appSecret: emu.appSecret });
		const result = await trig.deliver({
			rawBody: body,
			headers: { ...signed.headers, 'x-open-signature': tiktokSignature(body, emu.appSecret) },
		});
		expect(result.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
		expect(result.responseBody).toEqual({ code: 400, message: 'The "entry" field is not a list.' });
	});

	it('a direct-message trigger keeps direct-message leads and ignores the hidden form setting', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId, { leadSource: 'DIRECT_MESSAGE' }));
		const dm = makeLead(0, { advertiserId, leadSource: 'DIRECT_MESSAGE' });
		const form = makeLead(1, { advertiserId, pageId: formId });
		const result = await deliver(trig, buildLeadDelivery([dm, form], { appSecret: emu.appSecret }));
		const items = itemsOf(result);
		expect(items.map((i) => [i.leadId, i.leadSource, i.formId])).toEqual([[dm.id, 'DIRECT_MESSAGE', null]]);
		expect(result.responseBody).toMatchObject({ received: 2, accepted: 1, otherLeadSource: 1, otherForm: 0 });
	});

	it('an instant-form trigger counts direct-message leads instead of emitting them', async () => {
		const { trig, lead, sign, advertiserId } = await setup();
		const dm = makeLead(9, { advertiserId, leadSource: 'DIRECT_MESSAGE' });
		const result = await deliver(trig, sign([lead(0), dm]));
		expect(itemsOf(result).map((i) => i.leadId)).toEqual([lead(0).id]);
		expect(result.responseBody).toMatchObject({ accepted: 1, otherLeadSource: 1 });
	});

	it('answers a malformed body with 400 without quoting any of it', async () => {
		const { trig } = await setup({ verifySignature: false });
		const result = await trig.deliver({
			rawBody: Buffer.from('oops {"email":"nguyen.van.duc@example.com"}'),
			headers: { 'content-type': 'application/json' },
		});
		expect(result.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
		expect(result.responseBody).toEqual({ code: 400, message: 'The body is not valid JSON.' });
	});

	it('a delivery to the test URL is verified and parsed the same way', async () => {
		const { trig, lead, sign } = await setup();
		const ok = await trig.deliver({ ...sign([lead(4)]), isTest: true });
		expect(itemsOf(ok).map((i) => i.leadId)).toEqual([lead(4).id]);
		const forged = await trig.deliver({ ...sign([lead(5)], { signing: 'wrong-secret' }), isTest: true });
		expect(forged.status).toBe(401);
		expect(forged.workflowData).toBeUndefined();
	});

	it('with verification off, accepts unsigned deliveries', async () => {
		const { trig, lead, sign } = await setup({ verifySignature: false });
		const result = await deliver(trig, sign([lead(0)], { signing: 'none' }));
		expect(itemsOf(result)).toHaveLength(1);
	});
});

describe('TikTok Lead Form Trigger: hostile and incomplete deliveries (real WebhookContext)', () => {
	const signed = (text: string) => {
		const rawBody = Buffer.from(text);
		return { rawBody, headers: { 'content-type': 'application/json', 'x-open-signature': tiktokSignature(rawBody, emu.appSecret) } };
	};

	it('rejects entries without an id or advertiser_id with a reason instead of emitting them', async () => {
		const { trig, advertiserId, formId } = await setup();
		const noId = `{"lead_source":"INSTANT_FORM","advertiser_id":${advertiserId},"page_id":${formId},"changes":[]}`;
		const noAdvertiser = `{"id":7126711421177430999,"lead_source":"INSTANT_FORM","page_id":${formId},"changes":[]}`;
		const body = `{"object":1,"entry":[${noId},${noAdvertiser}]}`;
		for (let attempt = 0; attempt < 2; attempt++) {
			const result = await trig.deliver(signed(body));
			expect(result.status).toBe(200);
			expect(result.workflowData).toBeUndefined();
			expect(result.responseBody).toMatchObject({
				received: 2,
				accepted: 0,
				invalid: 2,
				invalidReasons: [
					'entry 0 has no lead id ("id"), so it cannot be deduplicated',
					'entry 1 has no "advertiser_id", so it cannot be matched to this trigger\'s ad account',
				],
			});
		}
	});

	it('states the limits of its dedupe window in the node', async () => {
		const { loadPackage } = await import('../../../harness');
		const { nodeTypes } = await loadPackage();
		const type = nodeTypes.getByNameAndVersion('n8n-nodes-tiktok-ads.tikTokLeadTrigger');
		const options = type.description.properties.find((p) => p.name === 'options');
		const dedupe = (options?.options as Array<{ name: string; description?: string }>).find((o) => o.name === 'dedupe');
		expect(dedupe?.description).toContain('remembers the last 5,000 lead IDs');
		expect(dedupe?.description).toContain('forgets them when n8n restarts');
		expect(dedupe?.description).toContain('not shared between n8n processes');
	});

	it('answers 400 to a signed delivery nested 100,000 levels deep, without starting the workflow', async () => {
		const { trig, advertiserId, formId } = await setup();
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const entry = `{"id":7126711421177430998,"lead_source":"INSTANT_FORM","advertiser_id":${advertiserId},"page_id":${formId},"changes":[{"field":"x","value":${deep}}]}`;
		const result = await trig.deliver(signed(`{"object":1,"entry":[${entry}]}`));
		expect(result.status).toBe(400);
		expect(result.workflowData).toBeUndefined();
		expect(result.responseBody).toEqual({
			code: 400,
			message: 'The body is nested more than 32 levels deep; a TikTok lead delivery is not.',
		});
	});

	it('answers 400 to a body over 16 MiB before checking its signature', async () => {
		const { trig } = await setup();
		const big = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
		// ASCII only, so TikTok's signature is the plain HMAC of the bytes.
		const valid = createHmac('sha256', emu.appSecret).update(big).digest('hex');
		for (const headers of [{ 'x-open-signature': 'f'.repeat(64) }, { 'x-open-signature': valid }]) {
			const result = await trig.deliver({ rawBody: big, headers });
			expect(result.status).toBe(400);
			expect(result.workflowData).toBeUndefined();
			expect(result.responseBody).toEqual({
				code: 400,
				message: 'The body is 16777217 bytes; a TikTok lead delivery is at most 16777216 bytes.',
			});
		}
	});

	it('says a 400-digit object is not 1 instead of calling it missing', async () => {
		const { trig } = await setup();
		const result = await trig.deliver(signed(`{"object":1${'0'.repeat(399)},"entry":[]}`));
		expect(result.status).toBe(200);
		expect(result.workflowData).toBeUndefined();
		expect(result.responseBody).toEqual({
			received: true,
			ignored: 'object is a 400-digit number, not 1, so it is not a lead notification',
		});
		const missing = await trig.deliver(signed('{"entry":[]}'));
		expect(missing.responseBody).toEqual({ received: true, ignored: 'object missing is not a lead notification' });
	});
});
