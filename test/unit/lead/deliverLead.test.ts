import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { request } from 'undici';

import { parseLeadDelivery } from '../../../nodes/TikTokLeadTrigger/lead';
import { verifyLeadSignature } from '../../../nodes/TikTokLeadTrigger/signature';
import { startEmulator, type Emulator } from '../../../emulator';
import {
	buildDelivery,
	buildLeadDelivery,
	deliverToSubscribers,
	leadEntryJson,
	makeLead,
	makeLeads,
	otherObjectEntryJson,
	tiktokEscape,
} from '../../../emulator/deliverLead';
import { formsOf } from '../../../emulator/routes/page';

const SECRET = 'emulator-app-secret';
const ADV = '7654321098765432109';

function entriesOf(rawBody: Buffer): Array<Record<string, unknown>> {
	const parsed = parseLeadDelivery(rawBody.toString('utf8'));
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.delivery.entries as Array<Record<string, unknown>>;
}

describe('deliverLead helper (TikTok side of the webhook)', () => {
	it('writes 19-digit IDs as bare JSON numbers with every digit', () => {
		const lead = makeLead(0, { advertiserId: ADV });
		const text = leadEntryJson(lead);
		expect(text).toContain(`"id":${lead.id},`);
		expect(text).toContain(`"advertiser_id":${ADV},`);
		expect(text).toContain('"library_id":0,');
		expect(lead.id).toBe('7126711421177430273');
		expect(String(Number(lead.id))).not.toBe(lead.id);
	});

	it('produces a body the trigger parses back exactly, Vietnamese and emoji included', () => {
		const leads = makeLeads(8, { advertiserId: ADV });
		const { rawBody } = buildLeadDelivery(leads, { appSecret: SECRET, pretty: true });
		const entries = entriesOf(rawBody);
		expect(entries.map((e) => e.id)).toEqual(leads.map((l) => l.id));
		expect(entries[0].changes).toEqual(leads[0].changes);
		expect(entries[4].changes).toEqual(leads[4].changes);
		expect(rawBody.toString('utf8')).toContain('\u{1F469}\u200D\u{1F4BB}');
	});

	it('signs like TikTok, independently of the trigger code', () => {
		const delivery = buildLeadDelivery(makeLeads(3, { advertiserId: ADV }), { appSecret: SECRET });
		const escaped = tiktokEscape(delivery.rawBody.toString('utf8'));
		expect([...escaped].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
		expect(delivery.headers['x-open-signature']).toBe(createHmac('sha256', SECRET).update(escaped).digest('hex'));
		expect(verifyLeadSignature(delivery.rawBody, delivery.headers['x-open-signature'], SECRET)).toBe(true);
	});

	it('offers the wrong signatures tests need', () => {
		const leads = makeLeads(2, { advertiserId: ADV });
		const raw = buildLeadDelivery(leads, { appSecret: SECRET, signing: 'raw-utf8' });
		expect(raw.headers['x-open-signature']).not.toBe(raw.expectedSignature);
		// The trigger accepts both signing forms (docs/tiktok-api-contract.md, lead webhook signature).
		expect(verifyLeadSignature(raw.rawBody, raw.headers['x-open-signature'], SECRET)).toBe(true);
		const wrong = buildLeadDelivery(leads, { appSecret: SECRET, signing: 'wrong-secret' });
		expect(verifyLeadSignature(wrong.rawBody, wrong.headers['x-open-signature'], SECRET)).toBe(false);
		expect(buildLeadDelivery(leads, { appSecret: SECRET, signing: 'none' }).headers).not.toHaveProperty(
			'x-open-signature',
		);
		expect(buildLeadDelivery(leads, { appSecret: SECRET, signing: { header: 'abc' } }).headers['x-open-signature']).toBe(
			'abc',
		);
	});

	it('for ASCII-only bodies the raw-bytes signature is the right one', () => {
		const lead = { id: '7000000000000000001', advertiserId: ADV, changes: [{ field: 'name', value: 'John' }] };
		const delivery = buildLeadDelivery([lead], { appSecret: SECRET, signing: 'raw-utf8' });
		expect(delivery.headers['x-open-signature']).toBe(delivery.expectedSignature);
	});

	it('can send the body already escaped; the signature still verifies and the text parses to the same answers', () => {
		const leads = makeLeads(5, { advertiserId: ADV });
		const delivery = buildLeadDelivery(leads, { appSecret: SECRET, asciiBody: true });
		expect(delivery.rawBody.every((b) => b < 0x80)).toBe(true);
		expect(verifyLeadSignature(delivery.rawBody, delivery.headers['x-open-signature'], SECRET)).toBe(true);
		expect(entriesOf(delivery.rawBody)[2].changes).toEqual(leads[2].changes);
	});

	it('builds 1,000-entry batches with unique IDs', () => {
		const leads = makeLeads(1000, { advertiserId: ADV });
		const entries = entriesOf(buildLeadDelivery(leads, { appSecret: SECRET }).rawBody);
		expect(entries).toHaveLength(1000);
		expect(new Set(entries.map((e) => e.id)).size).toBe(1000);
		expect(entries[999].id).toBe((7126711421177430273n + 999n).toString());
	});

	it('builds deliveries of other objects and without request_id', () => {
		const delivery = buildDelivery([otherObjectEntryJson(2, ADV)], { appSecret: SECRET, object: 2, requestId: null });
		const parsed = parseLeadDelivery(delivery.rawBody.toString('utf8'));
		expect(parsed.ok && parsed.delivery.object).toBe(2);
		expect(parsed.ok && parsed.delivery.requestId).toBeNull();
		expect((parsed.ok ? parsed.delivery.entries[0] : {}) as Record<string, unknown>).toMatchObject({
			adgroup_id: '1800000000000000100',
		});
	});

	it('refuses IDs that are not decimal strings', () => {
		expect(() => leadEntryJson({ id: '12a', advertiserId: ADV })).toThrow(/decimal ID/);
	});
});

describe('deliverToSubscribers (TikTok fanning leads out to live subscriptions)', () => {
	let emu: Emulator;
	let server: Server;
	let base: string;
	const received: Array<{ url: string; body: Buffer; signature: string | undefined }> = [];

	beforeAll(async () => {
		emu = await startEmulator();
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				received.push({
					url: req.url ?? '',
					body: Buffer.concat(chunks),
					signature: req.headers['x-open-signature'] as string | undefined,
				});
				res.writeHead(req.url?.includes('fail') ? 500 : 200, { 'content-type': 'application/json' });
				res.end('{"ok":true}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await emu.close();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('sends each subscription only its advertiser/form/source leads, signed with the app secret', async () => {
		const [adv, otherAdv] = [...emu.state.core.advertisers.keys()];
		const [formA, formB] = formsOf(emu.state, adv).map((f) => f.page_id);
		const sub = async (path: string, detail: Record<string, unknown>) => {
			const res = await request(`${emu.baseUrl}/open_api/v1.3/subscription/subscribe/`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					app_id: emu.appId,
					secret: emu.appSecret,
					subscribe_entity: 'LEAD',
					callback_url: `${base}${path}`,
					subscription_detail: { access_token: emu.accessToken, ...detail },
				}),
			});
			expect(((await res.body.json()) as { code: number }).code).toBe(0);
		};
		await sub('/all', { advertiser_id: adv });
		await sub('/form-a', { advertiser_id: adv, page_id: formA });
		await sub('/fail-other', { advertiser_id: otherAdv });

		const leads = [
			makeLead(0, { advertiserId: adv, pageId: formA }),
			makeLead(1, { advertiserId: adv, pageId: formB }),
			makeLead(2, { advertiserId: adv, leadSource: 'DIRECT_MESSAGE' }),
		];
		const results = await deliverToSubscribers(emu, leads);
		expect(results.map((r) => [new URL(r.subscription.callback_url).pathname, r.result.status])).toEqual([
			['/all', 200],
			['/form-a', 200],
		]);
		const byUrl = Object.fromEntries(received.map((r) => [r.url, r]));
		expect(entriesOf(byUrl['/all'].body).map((e) => e.id)).toEqual([leads[0].id, leads[1].id]);
		expect(entriesOf(byUrl['/form-a'].body).map((e) => e.id)).toEqual([leads[0].id]);
		for (const r of received) expect(verifyLeadSignature(r.body, r.signature, emu.appSecret)).toBe(true);
	});
});
