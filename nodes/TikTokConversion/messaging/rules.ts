import { createHash } from 'node:crypto';

import {
	DEFAULT_RULES_CONFIG,
	VALID_AFTER_MESSAGES,
	WINDOW_MS,
	type Activity,
	type ApplyResult,
	type ClickCycle,
	type ConversationState,
	type FiredEvent,
	type OrderState,
	type RuleId,
	type RulesConfig,
	type StoredMessage,
} from './types';

/** Beyond VALID_AFTER_MESSAGES + 1 stored messages no later message can change which message fires a rule. */
const KEPT_MESSAGES = VALID_AFTER_MESSAGES + 1;
const MAX_CLICKS = 20;
const MAX_ORDERS = 50;
/** An order still waiting for its CompletePayment trigger is remembered this long after its last activity. */
const PENDING_ORDER_MS = 30 * 86_400_000;

export function conversationKey(pageId: string, customerId: string): string {
	return `${pageId}:${customerId}`;
}

/**
 * Deterministic so that reprocessing the same activity yields the same id and TikTok deduplicates it. Order events
 * fire once per order, so their id leaves the click out: two executions that attribute one order to different
 * clicks (one of them had not seen the later click yet) still send one event id, which TikTok keeps once.
 */
export function messagingEventId(
	pageId: string,
	customerId: string,
	clickKey: string,
	rule: RuleId,
	orderId = '',
): string {
	const perOrder = rule === 'initiateCheckout' || rule === 'completePayment';
	return createHash('sha256')
		.update([pageId, customerId, perOrder ? '' : clickKey, rule, orderId].join('\u001f'))
		.digest('hex')
		.slice(0, 32);
}

export function emptyConversationState(): ConversationState {
	return { v: 1, last: 0, clicks: [], orders: {} };
}

export function isEmptyConversationState(state: ConversationState): boolean {
	return state.clicks.length === 0 && Object.keys(state.orders).length === 0;
}

function cloneState(state: ConversationState): ConversationState {
	return JSON.parse(JSON.stringify(state)) as ConversationState;
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function clickKeyOf(activity: Activity): string {
	const details = activity.click ?? {};
	if (details.ttclid) return details.ttclid;
	if (activity.id) return activity.id;
	return `${details.ref ?? 'click'}@${activity.time}`;
}

export function messageKeyOf(activity: Activity): string {
	return activity.id ?? `${activity.type}@${activity.time}`;
}

/** The click whose cycle covers time t: the latest click at or before t. */
function cycleAt(state: ConversationState, t: number): ClickCycle | undefined {
	let found: ClickCycle | undefined;
	for (const click of state.clicks) {
		if (click.t <= t) found = click;
		else break;
	}
	return found;
}

function outsideWindow(cycle: ClickCycle, t: number): string {
	const days = Math.floor((t - cycle.t) / 86_400_000);
	return `outside 7-day window (latest ref_click ${iso(cycle.t)}, ${plural(days, 'day')} earlier)`;
}

interface Ctx {
	state: ConversationState;
	activity: Activity;
	cfg: RulesConfig;
	events: FiredEvent[];
	reasons: string[];
	duplicate: boolean;
}

function fire(
	ctx: Ctx,
	rule: RuleId,
	time: number,
	cycle: ClickCycle,
	order?: { id: string; value?: number; currency?: string },
): void {
	const { pageId, customerId } = ctx.activity;
	const event: FiredEvent = {
		rule,
		name: ctx.cfg.eventNames[rule],
		eventId: messagingEventId(pageId, customerId, cycle.key, rule, order?.id),
		time,
		clickKey: cycle.key,
		click: { ...cycle.details },
	};
	if (order) {
		event.orderId = order.id;
		if (order.value !== undefined) event.value = order.value;
		if (order.currency !== undefined) event.currency = order.currency;
	}
	ctx.events.push(event);
}

function insertMessage(msgs: StoredMessage[], msg: StoredMessage): StoredMessage[] {
	const out = msgs.slice();
	let i = out.length;
	while (i > 0 && out[i - 1][0] > msg[0]) i--;
	out.splice(i, 0, msg);
	return out;
}

/** Fires Conversation / Valid Conversation for a cycle from its sorted messages; idempotent. */
function evaluateCycle(ctx: Ctx, cycle: ClickCycle, msgs: StoredMessage[]): void {
	const end = cycle.t + WINDOW_MS;
	if (cycle.conv === undefined) {
		const first = msgs.find((m) => m[1] !== 'p' && m[0] <= end);
		if (first) {
			cycle.conv = first[0];
			fire(ctx, 'conversation', first[0], cycle);
		}
	}
	if (cycle.valid === undefined) {
		for (let i = VALID_AFTER_MESSAGES; i < msgs.length; i++) {
			if (msgs[i][1] === 'p') continue;
			if (msgs[i][0] <= end) {
				cycle.valid = msgs[i][0];
				fire(ctx, 'validConversation', msgs[i][0], cycle);
			}
			break;
		}
	}
	cycle.msgs =
		cycle.conv !== undefined && cycle.valid !== undefined ? undefined : msgs.slice(0, KEPT_MESSAGES);
}

function applyMessage(ctx: Ctx): void {
	const { activity: a, state } = ctx;
	const kind: StoredMessage[1] =
		a.type === 'page_message' ? 'p' : a.type === 'get_started' ? 'g' : 'c';
	const cycle = cycleAt(state, a.time);
	if (!cycle) {
		ctx.reasons.push(
			a.type === 'get_started'
				? 'Get Started came before any ref_click, so it does not count: Conversation waits for 1 more customer message after the click'
				: 'no ref_click before this message: nothing to attribute',
		);
		return;
	}
	if (a.time > cycle.t + WINDOW_MS) {
		ctx.reasons.push(outsideWindow(cycle, a.time));
		return;
	}
	if (cycle.msgs === undefined) {
		ctx.reasons.push('already fired for this click (Conversation and Valid Conversation)');
		return;
	}
	const key = messageKeyOf(a);
	if (cycle.msgs.some((m) => m[2] === key)) {
		ctx.duplicate = true;
		ctx.reasons.push('duplicate activity: this message was already counted for this click');
		return;
	}
	const convBefore = cycle.conv;
	const validBefore = cycle.valid;
	const msgs = insertMessage(cycle.msgs, [a.time, kind, key]);
	const position = msgs.findIndex((m) => m[2] === key) + 1;
	evaluateCycle(ctx, cycle, msgs);

	if (convBefore !== undefined) {
		if (kind !== 'p') ctx.reasons.push('Conversation already fired for this click');
	} else if (cycle.conv === undefined) {
		ctx.reasons.push('Conversation: waiting for 1 more customer message after the click');
	}
	if (validBefore !== undefined) {
		ctx.reasons.push('Valid Conversation already fired for this click');
	} else if (cycle.valid === undefined) {
		const missing = VALID_AFTER_MESSAGES - position;
		ctx.reasons.push(
			missing > 0
				? `Valid Conversation: ${position} of ${VALID_AFTER_MESSAGES} messages since the click; waiting for ${plural(missing, 'more message')}, then 1 more customer message`
				: `Valid Conversation: ${VALID_AFTER_MESSAGES} messages exchanged since the click; waiting for 1 more customer message`,
		);
	}
}

function applyClick(ctx: Ctx): void {
	const { activity: a, state } = ctx;
	const key = clickKeyOf(a);
	if (state.clicks.some((c) => c.key === key)) {
		ctx.duplicate = true;
		ctx.reasons.push('duplicate ref_click: this click is already recorded');
		return;
	}
	const previous = cycleAt(state, a.time);
	const cycle: ClickCycle = { key, t: a.time, details: { ...(a.click ?? {}) }, msgs: [] };
	let at = state.clicks.length;
	while (at > 0 && state.clicks[at - 1].t > a.time) at--;
	state.clicks.splice(at, 0, cycle);

	// A click that arrives after later activity takes over the messages of the previous cycle from its time on.
	if (previous?.msgs) {
		const moved = previous.msgs.filter((m) => m[0] >= a.time);
		if (moved.length) {
			previous.msgs = previous.msgs.filter((m) => m[0] < a.time);
			evaluateCycle(ctx, cycle, moved);
		}
	}
	for (const orderId of Object.keys(state.orders)) evaluateOrder(ctx, orderId, false);
	if (ctx.events.length === 0) {
		ctx.reasons.push(
			`ref_click recorded: attribution window open until ${iso(a.time + WINDOW_MS)}; events fire on later activity`,
		);
	}
}

function evaluateOrder(ctx: Ctx, orderId: string, explain: boolean): void {
	const { state, cfg } = ctx;
	const order = state.orders[orderId];
	if (order.created !== undefined && order.ic === undefined) {
		const cycle = cycleAt(state, order.created);
		if (cycle && order.created <= cycle.t + WINDOW_MS) {
			order.ic = order.created;
			fire(ctx, 'initiateCheckout', order.created, cycle, {
				id: orderId,
				value: order.value,
				currency: order.currency,
			});
		} else if (explain) {
			ctx.reasons.push(
				`InitiateCheckout: ${cycle ? outsideWindow(cycle, order.created) : 'no ref_click before this order'}`,
			);
		}
	}
	if (order.cp !== undefined) return;
	if (order.trigger === undefined) {
		if (explain) ctx.reasons.push(`CompletePayment: waiting for ${cfg.completePaymentOn} of order ${orderId}`);
		return;
	}
	if (order.created === undefined) {
		if (explain) ctx.reasons.push(`CompletePayment: waiting for order_created of order ${orderId}`);
		return;
	}
	const cycle = cycleAt(state, order.trigger);
	if (cycle && order.trigger <= cycle.t + WINDOW_MS) {
		order.cp = order.trigger;
		fire(ctx, 'completePayment', order.trigger, cycle, {
			id: orderId,
			value: order.paidValue ?? order.value,
			currency: order.paidValue !== undefined ? order.paidCurrency : order.currency,
		});
	} else if (explain) {
		ctx.reasons.push(
			`CompletePayment: ${cycle ? outsideWindow(cycle, order.trigger) : `no ref_click before ${cfg.completePaymentOn}`}`,
		);
	}
}

function applyOrder(ctx: Ctx): void {
	const { activity: a, state, cfg } = ctx;
	const info = a.order;
	if (!info) {
		ctx.reasons.push(`${a.type} without an order id: nothing to attribute`);
		return;
	}
	const stage: 'created' | 'trigger' | undefined =
		a.type === 'order_created' ? 'created' : a.type === cfg.completePaymentOn ? 'trigger' : undefined;
	if (!stage) {
		ctx.reasons.push(
			`${a.type} is not used: CompletePayment is set to fire on ${cfg.completePaymentOn}`,
		);
		return;
	}
	const order: OrderState = state.orders[info.id] ?? {};
	const recorded = order[stage];
	if (recorded !== undefined) {
		ctx.duplicate = true;
		const fired = stage === 'created' ? order.ic !== undefined : order.cp !== undefined;
		ctx.reasons.push(
			`${fired ? 'already fired for this order' : 'duplicate activity'}: ${a.type} of order ${info.id} was recorded at ${iso(recorded)}`,
		);
		return;
	}
	order[stage] = a.time;
	if (stage === 'created') {
		if (info.value !== undefined) order.value = info.value;
		if (info.currency !== undefined) order.currency = info.currency;
	} else {
		if (info.value !== undefined) order.paidValue = info.value;
		if (info.currency !== undefined) order.paidCurrency = info.currency;
	}
	state.orders[info.id] = order;
	evaluateOrder(ctx, info.id, true);
}

/** Drops what no activity accepted from now on can reach (see README in this folder). */
function prune(state: ConversationState): void {
	const horizon = state.last - WINDOW_MS;
	let first = 0;
	state.clicks.forEach((click, i) => {
		if (click.t <= horizon) first = i;
	});
	state.clicks = state.clicks.slice(first).slice(-MAX_CLICKS);
	for (const click of state.clicks) {
		if (click.t + WINDOW_MS < horizon) delete click.msgs;
	}
	const touched = (o: OrderState) => Math.max(o.created ?? -Infinity, o.trigger ?? -Infinity);
	const ids = Object.keys(state.orders).filter((id) => {
		const order = state.orders[id];
		const keepFor = order.cp === undefined ? PENDING_ORDER_MS : WINDOW_MS;
		if (touched(order) < state.last - keepFor) {
			delete state.orders[id];
			return false;
		}
		return true;
	});
	if (ids.length > MAX_ORDERS) {
		ids
			.sort((x, y) => touched(state.orders[x]) - touched(state.orders[y]))
			.slice(0, ids.length - MAX_ORDERS)
			.forEach((id) => delete state.orders[id]);
	}
}

/**
 * The rules engine: applies one activity to one conversation's state. Pure: the input state is not modified.
 */
export function applyActivity(
	previous: ConversationState | undefined,
	activity: Activity,
	cfg: RulesConfig = DEFAULT_RULES_CONFIG,
): ApplyResult {
	// An empty state is treated like no state so that the workflow store, which does not keep empty states,
	// answers exactly like the item store, which does.
	const known = previous && !isEmptyConversationState(previous) ? previous : undefined;
	const state = known ? cloneState(known) : emptyConversationState();
	if (known && activity.time < known.last - WINDOW_MS) {
		return {
			state,
			events: [],
			reasons: [
				`arrived more than 7 days after newer activity of this conversation (latest ${iso(known.last)}): too late to attribute`,
			],
			duplicate: false,
		};
	}
	const ctx: Ctx = { state, activity, cfg, events: [], reasons: [], duplicate: false };
	switch (activity.type) {
		case 'ref_click':
			applyClick(ctx);
			break;
		case 'get_started':
		case 'customer_message':
		case 'page_message':
			applyMessage(ctx);
			break;
		default:
			applyOrder(ctx);
	}
	if (!ctx.duplicate) state.last = Math.max(state.last, activity.time);
	prune(state);
	return { state, events: ctx.events, reasons: ctx.reasons, duplicate: ctx.duplicate };
}
