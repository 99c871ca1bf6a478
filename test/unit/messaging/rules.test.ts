import {
	applyActivity,
	DEFAULT_RULES_CONFIG,
	messagingEventId,
	type RuleId,
	type RulesConfig,
} from '../../../nodes/TikTokConversion/messaging';
import { DAY, firedRules, HOUR, MIN, run, T0, toActivity, type Step } from './helpers';

const SHIPMENT: RulesConfig = { ...DEFAULT_RULES_CONFIG, completePaymentOn: 'shipment_created' };

interface Case {
	name: string;
	cfg?: RulesConfig;
	/** Each step with the rules it must fire and, optionally, a text its reasons must contain. */
	steps: Array<[Step, RuleId[], string?]>;
}

const click = (at: number, ttclid?: string): Step => ({ type: 'ref_click', at, ttclid });
const cust = (at: number, id?: string): Step => ({ type: 'customer_message', at, id });
const page = (at: number, id?: string): Step => ({ type: 'page_message', at, id });
const getStarted = (at: number): Step => ({ type: 'get_started', at });
const created = (at: number, order = 'o1', value = 250000): Step => ({
	type: 'order_created',
	at,
	order,
	value,
	currency: 'VND',
});
const confirmed = (at: number, order = 'o1'): Step => ({ type: 'order_confirmed', at, order });
const shipped = (at: number, order = 'o1'): Step => ({ type: 'shipment_created', at, order });

const cases: Case[] = [
	{
		name: 'first-time customer: Get Started at the click (same timestamp, listed first) fires Conversation',
		steps: [
			[getStarted(0), ['conversation']],
			[click(0), [], 'ref_click recorded'],
			[page(1 * MIN), [], 'Valid Conversation: 2 of 5 messages'],
		],
	},
	{
		name: 'first-time customer: Get Started after the click fires Conversation',
		steps: [
			[click(0), []],
			[getStarted(30_000), ['conversation']],
		],
	},
	{
		name: 'Get Started before the click does not count; the next customer message fires',
		steps: [
			[getStarted(0), [], 'Get Started came before any ref_click'],
			[click(2_000), []],
			[page(3_000), [], 'waiting for 1 more customer message'],
			[cust(5 * MIN), ['conversation']],
		],
	},
	{
		name: 'returning customer: the click alone fires nothing, the next customer message does',
		steps: [
			[cust(-3 * DAY), [], 'no ref_click before this message'],
			[click(0), [], 'attribution window open until 2024-05-08T08:00:00.000Z'],
			[page(1 * MIN), [], 'Conversation: waiting for 1 more customer message'],
			[cust(2 * MIN), ['conversation']],
			[cust(3 * MIN), [], 'Conversation already fired for this click'],
		],
	},
	{
		name: '5 messages then a customer message fires Valid Conversation at that message',
		steps: [
			[click(0), []],
			[cust(1 * MIN), ['conversation'], 'Valid Conversation: 1 of 5 messages'],
			[page(2 * MIN), [], 'waiting for 3 more messages, then 1 more customer message'],
			[cust(3 * MIN), []],
			[page(4 * MIN), []],
			[page(5 * MIN), [], '5 messages exchanged since the click; waiting for 1 more customer message'],
			[cust(6 * MIN), ['validConversation']],
			[cust(7 * MIN), [], 'already fired for this click'],
		],
	},
	{
		name: 'a page message at position 6 does not fire; the next customer message does',
		steps: [
			[click(0), []],
			[cust(1 * MIN), ['conversation']],
			[page(2 * MIN), []],
			[page(3 * MIN), []],
			[cust(4 * MIN), []],
			[page(5 * MIN), []],
			[page(6 * MIN), [], 'waiting for 1 more customer message'],
			[page(7 * MIN), [], 'waiting for 1 more customer message'],
			[cust(8 * MIN), ['validConversation']],
		],
	},
	{
		name: 'page messages only, then the first customer message fires both rules',
		steps: [
			[click(0), []],
			...[1, 2, 3, 4, 5, 6, 7].map((m): [Step, RuleId[]] => [page(m * MIN), []]),
			[cust(8 * MIN), ['conversation', 'validConversation']],
		],
	},
	{
		name: 'Get Started counts as a customer message of the cycle',
		steps: [
			[click(0), []],
			[getStarted(1_000), ['conversation']],
			[page(2_000), []],
			[page(3_000), []],
			[page(4_000), []],
			[page(5_000), []],
			[cust(6_000), ['validConversation']],
		],
	},
	{
		name: 'two clicks: each cycle fires again and counting restarts at the new click',
		steps: [
			[click(0, 'ttA'), []],
			[cust(1 * MIN), ['conversation']],
			[page(2 * MIN), []],
			[cust(3 * MIN), []],
			[click(1 * DAY, 'ttB'), []],
			[page(1 * DAY + 1 * MIN), [], 'Conversation: waiting for 1 more customer message'],
			[cust(1 * DAY + 2 * MIN), ['conversation'], 'Valid Conversation: 2 of 5 messages'],
			[page(1 * DAY + 3 * MIN), []],
			[page(1 * DAY + 4 * MIN), []],
			[page(1 * DAY + 5 * MIN), []],
			[cust(1 * DAY + 6 * MIN), ['validConversation']],
			[click(2 * DAY, 'ttC'), []],
			[cust(2 * DAY + 1 * MIN), ['conversation']],
		],
	},
	{
		name: 'day 6 fires, day 8 does not',
		steps: [
			[click(0), []],
			[cust(6 * DAY), ['conversation']],
			[created(6 * DAY + HOUR), ['initiateCheckout']],
			[cust(8 * DAY), [], 'outside 7-day window (latest ref_click 2024-05-01T08:00:00.000Z, 8 days earlier)'],
			[created(8 * DAY, 'o2'), [], 'InitiateCheckout: outside 7-day window'],
		],
	},
	{
		name: 'the window bound is inclusive: exactly 7 days fires, 1 ms later does not',
		steps: [
			[click(0), []],
			[page(1_000), []],
			[created(7 * DAY, 'in'), ['initiateCheckout']],
			[cust(7 * DAY + 1), [], 'outside 7-day window'],
		],
	},
	{
		name: 'a new click reopens the window after it expired',
		steps: [
			[click(0, 'ttA'), []],
			[cust(8 * DAY), [], 'outside 7-day window'],
			[click(9 * DAY, 'ttB'), []],
			[cust(9 * DAY + MIN), ['conversation']],
		],
	},
	{
		name: 'order created then confirmed (completePaymentOn = order_confirmed)',
		steps: [
			[click(0), []],
			[created(HOUR), ['initiateCheckout'], 'CompletePayment: waiting for order_confirmed of order o1'],
			[shipped(3 * HOUR), [], 'shipment_created is not used: CompletePayment is set to fire on order_confirmed'],
			[confirmed(2 * HOUR), ['completePayment']],
		],
	},
	{
		name: 'order created then shipped (completePaymentOn = order_confirmed): never fires CompletePayment',
		steps: [
			[click(0), []],
			[created(HOUR), ['initiateCheckout']],
			[shipped(2 * HOUR), [], 'is not used'],
		],
	},
	{
		name: 'order created then confirmed then shipped (completePaymentOn = shipment_created)',
		cfg: SHIPMENT,
		steps: [
			[click(0), []],
			[created(HOUR), ['initiateCheckout'], 'CompletePayment: waiting for shipment_created of order o1'],
			[confirmed(2 * HOUR), [], 'order_confirmed is not used: CompletePayment is set to fire on shipment_created'],
			[shipped(3 * HOUR), ['completePayment']],
		],
	},
	{
		name: 'order only created never fires CompletePayment',
		steps: [
			[click(0), []],
			[created(HOUR), ['initiateCheckout'], 'waiting for order_confirmed'],
			[cust(2 * DAY), ['conversation']],
		],
	},
	{
		name: 'each order fires its own InitiateCheckout and CompletePayment',
		steps: [
			[click(0), []],
			[created(HOUR, 'a'), ['initiateCheckout']],
			[created(2 * HOUR, 'b'), ['initiateCheckout']],
			[confirmed(3 * HOUR, 'b'), ['completePayment']],
			[confirmed(4 * HOUR, 'a'), ['completePayment']],
		],
	},
	{
		name: 'order created on day 6 fires InitiateCheckout; confirmed on day 8 is outside the window',
		steps: [
			[click(0), []],
			[created(6 * DAY), ['initiateCheckout']],
			[confirmed(8 * DAY), [], 'CompletePayment: outside 7-day window'],
		],
	},
	{
		name: 'order created before any click, confirmed inside a window: CompletePayment only',
		steps: [
			[created(0), [], 'InitiateCheckout: no ref_click before this order'],
			[click(HOUR), []],
			[confirmed(2 * HOUR), ['completePayment']],
		],
	},
	{
		name: 'confirmation seen before the order is created waits, then fires at the confirmation time',
		steps: [
			[click(0), []],
			[confirmed(HOUR), [], 'CompletePayment: waiting for order_created of order o1'],
			[created(2 * HOUR), ['initiateCheckout', 'completePayment']],
		],
	},
	{
		name: 'duplicates never fire twice',
		steps: [
			[click(0, 'tt1'), []],
			[click(0, 'tt1'), [], 'duplicate ref_click'],
			[cust(MIN, 'm1'), ['conversation']],
			[cust(MIN, 'm1'), [], 'duplicate activity: this message was already counted'],
			[page(2 * MIN, 'm2'), []],
			[page(2 * MIN, 'm2'), [], 'duplicate activity'],
			[created(HOUR), ['initiateCheckout']],
			[created(HOUR), [], 'already fired for this order'],
			[confirmed(2 * HOUR), ['completePayment']],
			[confirmed(3 * HOUR), [], 'already fired for this order'],
		],
	},
	{
		name: 'duplicate messages do not count twice toward Valid Conversation',
		steps: [
			[click(0), []],
			[cust(1_000, 'a'), ['conversation']],
			[cust(1_000, 'a'), []],
			[page(2_000, 'b'), []],
			[page(2_000, 'b'), []],
			[page(3_000, 'c'), []],
			[page(4_000, 'd'), []],
			[cust(5_000, 'e'), [], 'waiting for 1 more customer message'],
			[cust(6_000, 'f'), ['validConversation']],
			[cust(6_000, 'f'), [], 'already fired for this click'],
		],
	},
];

describe('messaging rules (one batch, listed order = input order)', () => {
	test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
		const outcomes = run(
			c.steps.map(([step]) => step),
			c.cfg,
		);
		expect(firedRules(outcomes)).toEqual(c.steps.map(([, rules]) => rules));
		c.steps.forEach(([, rules, reason], i) => {
			if (reason) expect(outcomes[i].reasons.join(' | ')).toContain(reason);
			// When nothing fired the output must say why.
			if (rules.length === 0) expect(outcomes[i].reasons.length).toBeGreaterThan(0);
		});
	});
});

describe('fired events', () => {
	test('carry the time of the satisfying activity, the click details and the order value', () => {
		const outcomes = run([
			click(0, 'ttX'),
			cust(10 * MIN),
			created(HOUR, 'o9', 199000),
			{ ...confirmed(2 * HOUR, 'o9'), value: 189000, currency: 'VND' },
		]);
		const [conv] = outcomes[1].events;
		expect(conv).toMatchObject({
			rule: 'conversation',
			name: 'Conversation',
			time: T0 + 10 * MIN,
			clickKey: 'ttX',
			click: { ttclid: 'ttX', ad_id: 'ad42' },
		});
		expect(conv.orderId).toBeUndefined();
		expect(outcomes[2].events[0]).toMatchObject({ name: 'InitiateCheckout', orderId: 'o9', value: 199000, currency: 'VND' });
		expect(outcomes[3].events[0]).toMatchObject({ name: 'CompletePayment', orderId: 'o9', value: 189000, time: T0 + 2 * HOUR });
	});

	test('event names are configurable', () => {
		const cfg: RulesConfig = {
			completePaymentOn: 'order_confirmed',
			eventNames: {
				conversation: 'MsgConversation',
				validConversation: 'MsgValid',
				initiateCheckout: 'InitiateOrder',
				completePayment: 'Shopping',
			},
		};
		const outcomes = run([click(0), cust(1), page(2), page(3), page(4), page(5), cust(6), created(7), confirmed(8)], cfg);
		expect(outcomes.flatMap((o) => o.events.map((e) => e.name))).toEqual([
			'MsgConversation',
			'MsgValid',
			'InitiateOrder',
			'Shopping',
		]);
	});

	test('event_id is deterministic: conversation + click + rule + order', () => {
		const a = run([click(0, 'tt1'), cust(1), created(2, 'o1')]);
		const b = run([click(0, 'tt1'), cust(1), created(2, 'o1')]);
		const ids = (o: typeof a) => o.flatMap((x) => x.events.map((e) => e.eventId));
		expect(ids(a)).toEqual(ids(b));
		expect(ids(a)[0]).toBe(messagingEventId('page1', 'cust1', 'tt1', 'conversation'));
		expect(ids(a)[1]).toBe(messagingEventId('page1', 'cust1', 'tt1', 'initiateCheckout', 'o1'));
		expect(ids(a)[0]).toMatch(/^[0-9a-f]{32}$/);
		const all = new Set([
			messagingEventId('page1', 'cust1', 'tt1', 'conversation'),
			messagingEventId('page1', 'cust2', 'tt1', 'conversation'),
			messagingEventId('page2', 'cust1', 'tt1', 'conversation'),
			messagingEventId('page1', 'cust1', 'tt2', 'conversation'),
			messagingEventId('page1', 'cust1', 'tt1', 'validConversation'),
			messagingEventId('page1', 'cust1', 'tt1', 'initiateCheckout', 'o1'),
			messagingEventId('page1', 'cust1', 'tt1', 'initiateCheckout', 'o2'),
		]);
		expect(all.size).toBe(7);
	});

	test('order events are keyed by the order, not the click: one order attributed to two clicks is one event id', () => {
		expect(messagingEventId('page1', 'cust1', 'tt1', 'initiateCheckout', 'o1')).toBe(
			messagingEventId('page1', 'cust1', 'tt2', 'initiateCheckout', 'o1'),
		);
		expect(messagingEventId('page1', 'cust1', 'tt1', 'completePayment', 'o1')).toBe(
			messagingEventId('page1', 'cust1', 'tt2', 'completePayment', 'o1'),
		);
		expect(messagingEventId('page1', 'cust1', 'tt1', 'completePayment', 'o1')).not.toBe(
			messagingEventId('page1', 'cust1', 'tt1', 'initiateCheckout', 'o1'),
		);
		// Without the later click the order goes to the earlier one; with it, to the later one: same id both ways.
		const partial = run([click(0, 'tt1'), created(2 * HOUR, 'o1')]);
		const full = run([click(0, 'tt1'), click(HOUR, 'tt2'), created(2 * HOUR, 'o1')]);
		const ic = (o: typeof partial) => o.flatMap((x) => x.events).filter((e) => e.rule === 'initiateCheckout');
		expect(ic(partial)[0].clickKey).toBe('tt1');
		expect(ic(full)[0].clickKey).toBe('tt2');
		expect(ic(partial)[0].eventId).toBe(ic(full)[0].eventId);
	});

	test('a click without ttclid or id is keyed by ref and time, so one ref reused by two clicks opens two cycles', () => {
		const act = (at: number) => ({ ...toActivity(click(at)), click: { ref: 'tiktok_ad' } });
		let state = applyActivity(undefined, act(0)).state;
		state = applyActivity(state, { ...toActivity(cust(1)) }).state;
		const second = applyActivity(state, act(DAY));
		expect(second.duplicate).toBe(false);
		const conv2 = applyActivity(second.state, toActivity(cust(DAY + 1)));
		expect(conv2.events.map((e) => e.clickKey)).toEqual([`tiktok_ad@${T0 + DAY}`]);
	});
});

describe('applyActivity purity', () => {
	test('does not modify the state it is given', () => {
		const s1 = applyActivity(undefined, toActivity(click(0))).state;
		const snapshot = JSON.stringify(s1);
		applyActivity(s1, toActivity(cust(1)));
		applyActivity(s1, toActivity(created(2)));
		expect(JSON.stringify(s1)).toBe(snapshot);
	});
});
