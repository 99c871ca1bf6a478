import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { Emulator } from './server';
import { liveLeadSubscriptions, type Subscription } from './routes/subscription';

/**
 * TikTok's side of lead webhooks (docs/tiktok-api-contract.md#lead-webhook-delivery): builds deliveries exactly as TikTok sends them — the JSON text
 * is written by hand so 19-digit IDs travel as bare JSON numbers with every digit intact — signs them the way TikTok
 * does (HMAC-SHA256 with the app secret over the body with non-ASCII escaped as lowercase \uXXXX), and POSTs them to
 * a callback URL or hands {rawBody, headers} to the in-process trigger harness.
 */

export interface LeadChange {
	field: string;
	value: string;
}

/** One lead entry; every ID is a decimal string and is written into the JSON as a bare number. */
export interface LeadSpec {
	id: string;
	advertiserId: string;
	advertiserName?: string;
	pageId?: string;
	pageName?: string;
	/** '0' (TikTok's "none") by default. */
	libraryId?: string;
	campaignId?: string;
	campaignName?: string;
	adgroupId?: string;
	adgroupName?: string;
	adId?: string;
	adName?: string;
	leadSource?: 'INSTANT_FORM' | 'DIRECT_MESSAGE';
	/** Unix seconds. */
	createTime?: number;
	changes?: LeadChange[];
}

/**
 * How the delivery is signed:
 * - 'tiktok' (default): like TikTok — HMAC over the unicode-escaped body;
 * - 'raw-utf8': HMAC over the raw UTF-8 bytes (the "ASCII-only" mistake; differs as soon as the body has non-ASCII);
 * - 'wrong-secret': right algorithm, another key;
 * - 'none': no X-Open-Signature header;
 * - { header }: this exact header value.
 */
export type Signing = 'tiktok' | 'raw-utf8' | 'wrong-secret' | 'none' | { header: string };

export interface DeliveryOptions {
	appSecret: string;
	/** Top-level `object`; 1 = lead (default). */
	object?: number;
	/** Unix seconds of sending; default now. */
	time?: number;
	/** Top-level request_id; null leaves it out (one of TikTok's samples has none). */
	requestId?: string | null;
	signing?: Signing;
	/** Send the body with non-ASCII already escaped (\uXXXX) instead of raw UTF-8. */
	asciiBody?: boolean;
	/** Pretty-print the JSON text (whitespace must not matter to the receiver). */
	pretty?: boolean;
}

export interface Delivery {
	rawBody: Buffer;
	headers: Record<string, string>;
	/** The signature TikTok would send for this body (whatever `signing` chose to put in the header). */
	expectedSignature: string;
}

const str = (value: string) => JSON.stringify(value);

/** Every non-ASCII UTF-16 code unit → lowercase \uXXXX (astral characters become two escapes). */
export function tiktokEscape(text: string): string {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		out += unit < 0x80 ? text[i] : `\\u${unit.toString(16).padStart(4, '0')}`;
	}
	return out;
}

export function tiktokSignature(rawBody: Buffer, appSecret: string): string {
	return createHmac('sha256', appSecret).update(tiktokEscape(rawBody.toString('utf8')), 'utf8').digest('hex');
}

function assertDecimal(name: string, value: string): string {
	if (!/^\d+$/.test(value)) throw new Error(`deliverLead: ${name} must be a decimal ID string, got ${value}`);
	return value;
}

/** The JSON text of one entry, IDs as bare numbers, fields in TikTok's documented order. */
export function leadEntryJson(lead: LeadSpec): string {
	const parts: string[] = [`"id":${assertDecimal('id', lead.id)}`];
	parts.push(`"lead_source":${str(lead.leadSource ?? 'INSTANT_FORM')}`);
	if (lead.pageId !== undefined) parts.push(`"page_id":${assertDecimal('pageId', lead.pageId)}`);
	if (lead.pageName !== undefined) parts.push(`"page_name":${str(lead.pageName)}`);
	parts.push(`"advertiser_id":${assertDecimal('advertiserId', lead.advertiserId)}`);
	if (lead.advertiserName !== undefined) parts.push(`"advertiser_name":${str(lead.advertiserName)}`);
	parts.push(`"library_id":${assertDecimal('libraryId', lead.libraryId ?? '0')}`);
	const pairs: Array<[string, string | undefined, string | undefined]> = [
		['campaign', lead.campaignId, lead.campaignName],
		['adgroup', lead.adgroupId, lead.adgroupName],
		['ad', lead.adId, lead.adName],
	];
	for (const [prefix, id, name] of pairs) {
		if (id !== undefined) parts.push(`"${prefix}_id":${assertDecimal(`${prefix}Id`, id)}`);
		if (name !== undefined) parts.push(`"${prefix}_name":${str(name)}`);
	}
	parts.push(`"create_time":${lead.createTime ?? 1743639757}`);
	const changes = (lead.changes ?? []).map((c) => `{"field":${str(c.field)},"value":${str(c.value)}}`);
	parts.push(`"changes":[${changes.join(',')}]`);
	return `{${parts.join(',')}}`;
}

/** A delivery of hand-written entry texts (use leadEntryJson, or any JSON text for other objects / broken entries). */
export function buildDelivery(entryTexts: string[], options: DeliveryOptions): Delivery {
	const head: string[] = [];
	if (options.requestId !== null) head.push(`"request_id":${str(options.requestId ?? `2025${Date.now()}`)}`);
	head.push(`"object":${options.object ?? 1}`, `"time":${options.time ?? Math.floor(Date.now() / 1000)}`);
	let text = options.pretty
		? `{\n  ${head.join(',\n  ')},\n  "entry": [\n    ${entryTexts.join(',\n    ')}\n  ]\n}\n`
		: `{${head.join(',')},"entry":[${entryTexts.join(',')}]}`;
	if (options.asciiBody) text = tiktokEscape(text);
	const rawBody = Buffer.from(text, 'utf8');
	const expectedSignature = tiktokSignature(rawBody, options.appSecret);
	const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'TikTok-Webhook/1.0' };
	const signing = options.signing ?? 'tiktok';
	if (signing === 'tiktok') headers['x-open-signature'] = expectedSignature;
	else if (signing === 'raw-utf8') headers['x-open-signature'] = createHmac('sha256', options.appSecret).update(rawBody).digest('hex');
	else if (signing === 'wrong-secret') headers['x-open-signature'] = tiktokSignature(rawBody, `${options.appSecret}x`);
	else if (typeof signing === 'object') headers['x-open-signature'] = signing.header;
	return { rawBody, headers, expectedSignature };
}

/** A signed lead delivery (object 1) for these leads. */
export function buildLeadDelivery(leads: LeadSpec[], options: DeliveryOptions): Delivery {
	return buildDelivery(leads.map(leadEntryJson), options);
}

/** Deliveries of other objects that share the callback URL (docs/tiktok-api-contract.md#lead-webhook-delivery): ad-group review, ad review, fatigue. */
export function otherObjectEntryJson(object: number, advertiserId: string, i = 0): string {
	const id = (base: bigint) => (base + BigInt(i)).toString();
	switch (object) {
		case 2:
			return `{"advertiser_id":${advertiserId},"adgroup_id":${id(1800000000000000100n)},"review_status":"REJECTED","reject_reasons":["Misleading claim"]}`;
		case 3:
			return `{"advertiser_id":${advertiserId},"ad_id":${id(1800000000000000200n)},"review_status":"APPROVED"}`;
		case 8:
			return `{"advertiser_id":${advertiserId},"ad_id":${id(1800000000000000300n)},"material_id":${id(1800000000000000400n)},"fatigue_status":"FATIGUED"}`;
		default:
			return `{"advertiser_id":${advertiserId},"event":"object ${object}"}`;
	}
}

// Realistic answers: Vietnamese diacritics (NFC), emoji (astral, ZWJ sequences, flags, skin tones), plain ASCII.
const NAMES = [
	'Nguy\u1ec5n V\u0103n \u0110\u1ee9c',
	'Tr\u1ea7n Th\u1ecb Ng\u1ecdc \u00c1nh',
	'L\u00ea Ho\u00e0ng Ph\u00fac \u{1F31F}',
	'John Smith',
	'Ph\u1ea1m Qu\u1ef3nh H\u01b0\u01a1ng \u{1F469}\u200D\u{1F4BB}',
	'\u0110\u1eb7ng Minh Kh\u00f4i',
	'Anna M\u00fcller',
	'V\u00f5 Th\u1ecb Y\u1ebfn \u{1F1FB}\u{1F1F3}',
];
const NOTES = [
	'T\u01b0 v\u1ea5n gi\u00fap m\u00ecnh g\u00f3i \u01b0u \u0111\u00e3i nh\u00e9 \u{1F64F}\u{1F3FD}',
	'Please call after 6pm',
	'Giao h\u00e0ng t\u1eadn n\u01a1i \u1edf \u0110\u00e0 N\u1eb5ng \u{1F69A}\u{1F4A8}',
	'"Quoted" answer with \\ backslash and\nnew line',
	'\u{1F600}\u{1F602}\u{1F923}',
];

export interface MakeLeadOptions {
	advertiserId: string;
	advertiserName?: string;
	pageId?: string;
	pageName?: string;
	/** Base of the 19-digit lead IDs; lead i gets base + i. */
	idBase?: bigint;
	createTime?: number;
	leadSource?: 'INSTANT_FORM' | 'DIRECT_MESSAGE';
}

/** Lead number i of a realistic batch: unique 19-digit IDs that a JS number cannot hold exactly. */
export function makeLead(i: number, options: MakeLeadOptions): LeadSpec {
	const base = options.idBase ?? 7126711421177430273n;
	return {
		id: (base + BigInt(i)).toString(),
		advertiserId: options.advertiserId,
		advertiserName: options.advertiserName ?? 'Ph\u1edf H\u00e0 N\u1ed9i \u2013 Chi nh\u00e1nh Qu\u1eadn 1',
		pageId: options.leadSource === 'DIRECT_MESSAGE' ? undefined : (options.pageId ?? '6873052183063953666'),
		pageName: options.leadSource === 'DIRECT_MESSAGE' ? undefined : (options.pageName ?? '\u0110\u0103ng k\u00fd t\u01b0 v\u1ea5n \u{1F4DD}'),
		campaignId: '1790123456789012341',
		campaignName: 'Chi\u1ebfn d\u1ecbch Lead T4',
		adgroupId: '1790123456789012342',
		adgroupName: 'HCM 25-34 \u{1F3AF}',
		adId: '1790123456789012343',
		adName: `Video ${i % 3} \u{1F525}`,
		leadSource: options.leadSource ?? 'INSTANT_FORM',
		createTime: (options.createTime ?? 1743639757) + i,
		changes: [
			{ field: 'name', value: NAMES[i % NAMES.length] },
			{ field: 'phone_number', value: `+8490${String(1000000 + i).padStart(7, '0')}` },
			{ field: 'email', value: `lead${i}@example.com` },
			{ field: 'B\u1ea1n c\u1ea7n t\u01b0 v\u1ea5n g\u00ec?', value: NOTES[i % NOTES.length] },
		],
	};
}

export function makeLeads(count: number, options: MakeLeadOptions): LeadSpec[] {
	return Array.from({ length: count }, (_, i) => makeLead(i, options));
}

export interface PostResult {
	status: number;
	body: string;
}

/** POSTs a delivery to a callback URL (an n8n webhook URL, or any local server). */
export async function postDelivery(url: string, delivery: Delivery): Promise<PostResult> {
	const res = await request(url, { method: 'POST', headers: delivery.headers, body: delivery.rawBody });
	return { status: res.statusCode, body: await res.body.text() };
}

/**
 * What TikTok does when leads come in: every live subscription of the app whose advertiser (and form, and lead
 * source) match gets its own signed delivery. Returns one result per subscription.
 */
export async function deliverToSubscribers(
	emu: Emulator,
	leads: LeadSpec[],
	options: Omit<DeliveryOptions, 'appSecret'> & { appSecret?: string } = {},
): Promise<Array<{ subscription: Subscription; result: PostResult }>> {
	const out: Array<{ subscription: Subscription; result: PostResult }> = [];
	for (const subscription of liveLeadSubscriptions(emu.state)) {
		const detail = subscription.subscription_detail;
		const matching = leads.filter(
			(lead) =>
				lead.advertiserId === detail.advertiser_id &&
				(detail.page_id === undefined || lead.pageId === detail.page_id) &&
				(lead.leadSource ?? 'INSTANT_FORM') === detail.lead_source,
		);
		if (matching.length === 0) continue;
		const delivery = buildLeadDelivery(matching, { ...options, appSecret: options.appSecret ?? emu.appSecret });
		out.push({ subscription, result: await postDelivery(subscription.callback_url, delivery) });
	}
	return out;
}
