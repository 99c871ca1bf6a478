/**
 * The Messenger example from the outside: what Meta and the shop post to it, signed as they sign it, and which
 * events the attribution rules give for each conversation. Independent of how n8n runs (regular or queue mode):
 * every function takes the URLs and secrets of a running instance.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';

import {
	MapConversationStore,
	processBatch,
	type Activity,
	type ActivityType,
} from '../../nodes/TikTokConversion/messaging';
import type { N8nClient } from './api';

type Json = Record<string, unknown>;

/** The activity log the example keeps (Data table), with the columns its Code node writes. */
export const MESSAGING_LOG_TABLE = 'messaging_log';
export const MESSAGING_LOG_COLUMNS: Array<{ name: string; type: 'string' | 'number' }> = [
	...['conversation', 'type', 'pageId', 'customerId', 'activityId', 'ttclid', 'ref', 'orderId', 'currency', 'phone', 'email', 'eventId'].map(
		(name) => ({ name, type: 'string' as const }),
	),
	{ name: 'timestamp', type: 'number' },
	{ name: 'value', type: 'number' },
];

/** What a user sets up for the Messenger example besides the TikTok credential. */
export interface MessengerSecrets {
	appSecret: string;
	verifyToken: string;
	/** Header the shop sends with order events (Header Auth credential of the Order webhook). */
	orderHeader: { name: string; value: string };
}

export const DEMO_MESSENGER_SECRETS: MessengerSecrets = {
	appSecret: 'demo-meta-app-secret-8c1f0b7e',
	verifyToken: 'demo-verify-token',
	orderHeader: { name: 'X-Shop-Secret', value: 'demo-shop-secret-3f9a2d61' },
};

export interface MessengerSetup {
	secrets: MessengerSecrets;
	table: { id: string; name: string };
	orderCredential: { id: string; name: string };
}

/** Creates the activity-log Data table and the order webhook's Header Auth credential, as a user would. */
export async function setUpMessenger(client: N8nClient, secrets = DEMO_MESSENGER_SECRETS): Promise<MessengerSetup> {
	const table = await client.createDataTable(MESSAGING_LOG_TABLE, MESSAGING_LOG_COLUMNS);
	const orderCredential = await client.createCredential('Shop order webhook secret', 'httpHeaderAuth', {
		name: secrets.orderHeader.name,
		value: secrets.orderHeader.value,
	});
	return { secrets, table, orderCredential: { id: orderCredential.id, name: 'Shop order webhook secret' } };
}

/** Where the example listens (production URLs) and the secrets it checks. */
export interface MessengerTarget {
	messengerUrl: string;
	ordersUrl: string;
	secrets: MessengerSecrets;
}

export interface ScriptStep {
	label: string;
	/** Messenger webhooks go to the Messenger URL signed by Meta; order events to the order URL with the shop's header. */
	kind: 'messenger' | 'order';
	body: Json;
}

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/** Builds the webhooks of one page; `at` gives each step its timestamp. */
function builders(pageId: string, at: () => number) {
	const page = (messaging: Json[]): ScriptStep['body'] => ({ object: 'page', entry: [{ id: pageId, time: Date.now(), messaging }] });
	const step = (label: string, body: Json, kind: ScriptStep['kind'] = 'messenger'): ScriptStep => ({ label, kind, body });
	return {
		customer: (psid: string, text: string, mid: string) =>
			step(`${psid}: ${text}`, page([{ sender: { id: psid }, recipient: { id: pageId }, timestamp: at(), message: { mid, text } }])),
		page: (psid: string, text: string, mid: string) =>
			step(`page → ${psid}: ${text}`, page([{ sender: { id: pageId }, recipient: { id: psid }, timestamp: at(), message: { mid, text, is_echo: true } }])),
		referral: (psid: string, ref: string) =>
			step(`${psid} clicks the ad (${ref})`, page([{ sender: { id: psid }, recipient: { id: pageId }, timestamp: at(), referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } }])),
		getStarted: (psid: string, ref: string) => {
			const t = at();
			return step(`${psid}: Get Started from the ad`, page([{ sender: { id: psid }, recipient: { id: pageId }, timestamp: t, postback: { title: 'Get Started', payload: 'GET_STARTED', mid: `gs_${psid}_${t}`, referral: { ref, source: 'SHORTLINK', type: 'OPEN_THREAD' } } }]));
		},
		delivery: (psid: string, mid: string) => {
			const t = at();
			return step('delivery receipt (no activity)', page([{ sender: { id: psid }, recipient: { id: pageId }, timestamp: t, delivery: { mids: [mid], watermark: t } }]));
		},
		order: (event: string, psid: string, orderId: string, extra: Json = {}) =>
			step(`shop: ${event} ${orderId}`, { object: 'order', event, page_id: pageId, customer_id: psid, order_id: orderId, timestamp: at(), ...extra }, 'order'),
	};
}

/** The demo conversation: three customers of one page, one step a minute from `startMs`. */
export function messengerScript(pageId: string, startMs: number): ScriptStep[] {
	const anh = '6100000000000001';
	const binh = '6100000000000002';
	const chi = '6100000000000003';
	let t = startMs;
	const b = builders(pageId, () => (t += MIN));
	return [
		b.referral(anh, 'ttclid=E.C.P.v3Demo1xQ&ad_id=1790123456789012343'),
		b.customer(anh, 'Chào shop, áo này còn size M không ạ?', 'm_a1'),
		b.page(anh, 'Dạ còn ạ 😊', 'm_p1'),
		b.customer(anh, 'Giá bao nhiêu vậy shop?', 'm_a2'),
		b.page(anh, '450.000 ₫, freeship ạ', 'm_p2'),
		b.customer(anh, 'Ship ra Đà Nẵng mấy ngày?', 'm_a3'),
		b.page(anh, '2-3 ngày ạ', 'm_p3'),
		b.customer(anh, 'Ok, chốt 1 cái nhé', 'm_a4'),
		b.delivery(anh, 'm_p3'),
		b.order('order_created', anh, 'HD-1001', { total: 450000, currency: 'VND', phone: '0912 345 678' }),
		b.order('order_confirmed', anh, 'HD-1001', { phone: '0912 345 678' }),
		b.referral(binh, 'spring_sale'),
		b.customer(binh, 'Shop ơi tư vấn giúp mình', 'm_b1'),
		b.customer(chi, 'Hello shop', 'm_c1'),
	];
}

// ---------------------------------------------------------------- expected events

/** One entry of a Messenger webhook's `messaging` array (the fields the example reads). */
interface MessagingItem {
	sender: { id: string };
	recipient: { id: string };
	timestamp: number;
	message?: { mid: string; is_echo?: boolean };
	postback?: { payload?: string; mid?: string; referral?: { ref?: string } };
	referral?: { ref?: string };
}

/** The activities the example's Code node makes of a webhook body (same mapping, for the expected events). */
export function activitiesOf(body: Json): Activity[] {
	const out: Activity[] = [];
	if (body.object === 'order') {
		const o = body as { event: ActivityType; page_id: string; customer_id: string; order_id: string; timestamp: number; total?: number; currency?: string };
		out.push({ type: o.event, pageId: o.page_id, customerId: o.customer_id, time: o.timestamp, id: `${o.event}:${o.order_id}`, order: { id: o.order_id, value: o.total, currency: o.currency } });
		return out;
	}
	for (const entry of (body.entry ?? []) as Array<{ messaging?: Json[] }>) {
		for (const m of (entry.messaging ?? []) as unknown as MessagingItem[]) {
			const echo = m.message?.is_echo === true;
			const pageId = String(echo ? m.sender.id : m.recipient.id);
			const customerId = String(echo ? m.recipient.id : m.sender.id);
			const base = { pageId, customerId, time: m.timestamp as number };
			const referral = m.referral ?? m.postback?.referral;
			if (referral) {
				const ref = String(referral.ref ?? '');
				const ttclid = /(?:^|&)ttclid=([^&]*)/.exec(ref)?.[1];
				out.push({ ...base, type: 'ref_click', id: `ref:${customerId}:${m.timestamp}`, click: { ...(ttclid ? { ttclid } : {}), ref } });
			}
			if (m.postback?.payload === 'GET_STARTED') out.push({ ...base, type: 'get_started', id: m.postback.mid ?? `gs:${customerId}:${m.timestamp}` });
			else if (m.message) out.push({ ...base, type: echo ? 'page_message' : 'customer_message', id: m.message.mid });
		}
	}
	return out;
}

export interface ExpectedEvent {
	name: string;
	eventId: string;
}

/** Events the rules give for these steps applied one at a time in time order (what TikTok must end up with). */
export function expectedEvents(steps: ScriptStep[]): ExpectedEvent[] {
	const entries = steps.flatMap((s) => activitiesOf(s.body)).map((activity, index) => ({ index, activity }));
	return processBatch(entries, new MapConversationStore())
		.flatMap((o) => o.events)
		.map((e) => ({ name: e.name, eventId: e.eventId }));
}

// ---------------------------------------------------------------- seeded conversations

export interface SeededConversation {
	customerId: string;
	scenario: string;
	steps: ScriptStep[];
	expected: ExpectedEvent[];
}

type Builders = ReturnType<typeof builders>;
/** The rule scenarios, one click per conversation; each gets its own customer and timeline. */
const SCENARIOS: Array<[string, (b: Builders, psid: string) => ScriptStep[]]> = [
	['click then first message: Conversation', (b, c) => [b.referral(c, `ttclid=E.C.P.${c}`), b.customer(c, 'hi', `${c}_1`)]],
	['Get Started from the ad: Conversation', (b, c) => [b.getStarted(c, `ttclid=E.C.P.${c}`)]],
	['5 messages then a customer message: Conversation + ValidConversation', (b, c) => [
		b.referral(c, `ttclid=E.C.P.${c}`), b.customer(c, 'a', `${c}_1`), b.page(c, 'b', `${c}_2`), b.customer(c, 'c', `${c}_3`),
		b.page(c, 'd', `${c}_4`), b.page(c, 'e', `${c}_5`), b.customer(c, 'f', `${c}_6`)]],
	['page messages only, then a customer message: both message rules', (b, c) => [
		b.referral(c, `ttclid=E.C.P.${c}`), ...[1, 2, 3, 4, 5].map((i) => b.page(c, `p${i}`, `${c}_${i}`)), b.customer(c, 'ok', `${c}_6`)]],
	['message without any ad click: nothing', (b, c) => [b.customer(c, 'hello', `${c}_1`), b.page(c, 'hi', `${c}_2`)]],
	['click alone: nothing', (b, c) => [b.referral(c, `ttclid=E.C.P.${c}`)]],
	['order created and confirmed: Conversation, InitiateCheckout, CompletePayment', (b, c) => [
		b.referral(c, `ttclid=E.C.P.${c}`), b.customer(c, 'buy', `${c}_1`),
		b.order('order_created', c, `HD-${c}`, { total: 199000, currency: 'VND', phone: '0912 000 111' }), b.order('order_confirmed', c, `HD-${c}`)]],
	['order created and shipped, never confirmed: no CompletePayment', (b, c) => [
		b.referral(c, `ttclid=E.C.P.${c}`), b.customer(c, 'buy', `${c}_1`),
		b.order('order_created', c, `HD-${c}`, { total: 99000, currency: 'VND' }), b.order('shipment_created', c, `HD-${c}`)]],
	['confirmation before the order is created: CompletePayment waits for it', (b, c) => [
		b.referral(c, `ttclid=E.C.P.${c}`), b.order('order_confirmed', c, `HD-${c}`), b.order('order_created', c, `HD-${c}`, { total: 50000, currency: 'VND' })]],
];

/** A random conversation of one click: messages of both sides, sometimes an order. Deterministic per seed. */
function randomMix(b: Builders, c: string, random: () => number): ScriptStep[] {
	const steps = [b.referral(c, `ttclid=E.C.P.${c}&ad_id=17`)];
	const messages = Math.floor(random() * 9);
	for (let i = 1; i <= messages; i++) steps.push(random() < 0.6 ? b.customer(c, `m${i}`, `${c}_${i}`) : b.page(c, `p${i}`, `${c}_${i}`));
	if (random() < 0.5) {
		steps.push(b.order('order_created', c, `HD-${c}`, { total: 1000 * (1 + Math.floor(random() * 900)), currency: 'VND' }));
		if (random() < 0.7) steps.push(b.order('order_confirmed', c, `HD-${c}`));
	}
	return steps;
}

/**
 * `count` conversations of one page: the nine rule scenarios first, then random mixes. Timestamps start at
 * `startMs`, one minute apart within a conversation (all inside TikTok's 28-day limit when startMs is recent).
 */
export function seedConversations(pageId: string, count: number, startMs: number, seed = 1): SeededConversation[] {
	let s = seed;
	const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
	return Array.from({ length: count }, (_, i) => {
		const customerId = `62${String(i).padStart(14, '0')}`;
		let t = startMs + i * 1000;
		const b = builders(pageId, () => (t += MIN));
		const [scenario, make] = i < SCENARIOS.length ? SCENARIOS[i] : ['random mix', (bb: Builders, c: string) => randomMix(bb, c, random)];
		const steps = make(b, customerId);
		return { customerId, scenario, steps, expected: expectedEvents(steps) };
	});
}

/** A start time that keeps every seeded timestamp in the past and inside TikTok's limits. */
export const recentStart = (now = Date.now()) => now - DAY;

// ---------------------------------------------------------------- sending

/** Meta's wire format: non-ASCII characters written as \uXXXX escapes, so the signed bytes are pure ASCII. */
export function metaBody(body: Json): string {
	return JSON.stringify(body).replace(/[\u0080-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

export interface SendResult {
	step: ScriptStep;
	status: number;
	body: string;
}

/** Posts one step as its sender would: Messenger signed with the app secret, orders with the shop's header. */
export async function sendStep(target: MessengerTarget, step: ScriptStep, headers: Record<string, string> = {}): Promise<SendResult> {
	const raw = metaBody(step.body);
	const auth: Record<string, string> =
		step.kind === 'order'
			? { [target.secrets.orderHeader.name.toLowerCase()]: target.secrets.orderHeader.value }
			: { 'x-hub-signature-256': `sha256=${createHmac('sha256', target.secrets.appSecret).update(raw).digest('hex')}` };
	const res = await request(step.kind === 'order' ? target.ordersUrl : target.messengerUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...auth, ...headers },
		body: raw,
	});
	return { step, status: res.statusCode, body: await res.body.text() };
}

/** Sends steps all at once (no waiting between them), as a busy page or a batching Messenger does. */
export async function sendBurst(target: MessengerTarget, steps: ScriptStep[]): Promise<SendResult[]> {
	return await Promise.all(steps.map((step) => sendStep(target, step)));
}

/**
 * Sends one conversation's webhooks in a burst. A 5xx answer is retried after a short pause, as Meta and shops
 * retry failed deliveries (n8n on SQLite refuses webhooks it cannot queue with 500 under a large burst); other
 * non-200 answers are errors. Returns how many retries were needed.
 */
export async function sendConversation(target: MessengerTarget, conversation: SeededConversation, maxRetries = 8): Promise<number> {
	let retries = 0;
	await Promise.all(
		conversation.steps.map(async (step) => {
			for (let attempt = 0; ; attempt++) {
				const r = await sendStep(target, step);
				if (r.status === 200) return;
				if (r.status < 500 || attempt >= maxRetries) {
					throw new Error(`"${step.label}" of ${conversation.customerId} answered ${r.status}: ${r.body.slice(0, 200)}`);
				}
				retries++;
				await delay(500 * (attempt + 1));
			}
		}),
	);
	return retries;
}

/** Meta's subscription check as Meta sends it. */
export async function metaHandshake(target: MessengerTarget, verifyToken: string, challenge: string): Promise<{ status: number; body: string }> {
	const qs = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge });
	const res = await request(`${target.messengerUrl}?${qs}`, { method: 'GET' });
	return { status: res.statusCode, body: await res.body.text() };
}

/** Event names and counts, e.g. { Conversation: 2, CompletePayment: 1 }. */
export function countByName(events: Array<{ name?: string; event?: string }>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const e of events) {
		const name = String(e.name ?? e.event);
		counts[name] = (counts[name] ?? 0) + 1;
	}
	return counts;
}
