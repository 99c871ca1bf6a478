import {
	BoundedConversationStore,
	MapConversationStore,
	parseConversationState,
	processBatch,
	type BatchOutcome,
	type ConversationState,
	type EvictionReport,
	type RulesConfig,
	DEFAULT_RULES_CONFIG,
} from '../../../nodes/TikTokConversion/messaging';
import { DAY, eventSet, HOUR, MIN, run, toActivity, type Step } from './helpers';

/** A small deterministic PRNG so shuffles are reproducible. */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
	const out = xs.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** Two customers, two clicks each, orders, Get Started; every rule fires at least once. */
const SCENARIO: Step[] = [
	{ type: 'get_started', at: 0, customer: 'A', id: 'a0' },
	{ type: 'ref_click', at: 0, customer: 'A', ttclid: 'A1' },
	{ type: 'page_message', at: MIN, customer: 'A', id: 'a1' },
	{ type: 'page_message', at: 2 * MIN, customer: 'A', id: 'a2' },
	{ type: 'customer_message', at: 3 * MIN, customer: 'A', id: 'a3' },
	{ type: 'page_message', at: 4 * MIN, customer: 'A', id: 'a4' },
	{ type: 'page_message', at: 5 * MIN, customer: 'A', id: 'a5' },
	{ type: 'customer_message', at: 6 * MIN, customer: 'A', id: 'a6' },
	{ type: 'order_created', at: HOUR, customer: 'A', order: 'A-o1', value: 100, currency: 'USD' },
	{ type: 'order_confirmed', at: 2 * HOUR, customer: 'A', order: 'A-o1' },
	{ type: 'customer_message', at: 2 * DAY, customer: 'A', id: 'a7' },
	{ type: 'ref_click', at: 3 * DAY, customer: 'A', ttclid: 'A2' },
	{ type: 'customer_message', at: 3 * DAY + MIN, customer: 'A', id: 'a8' },
	{ type: 'order_created', at: 3 * DAY + HOUR, customer: 'A', order: 'A-o2', value: 50, currency: 'USD' },
	{ type: 'order_confirmed', at: 11 * DAY, customer: 'A', order: 'A-o2' },
	{ type: 'customer_message', at: 0, customer: 'B', id: 'b0' },
	{ type: 'ref_click', at: HOUR, customer: 'B', ttclid: 'B1' },
	{ type: 'page_message', at: HOUR + MIN, customer: 'B', id: 'b1' },
	{ type: 'customer_message', at: HOUR + 2 * MIN, customer: 'B', id: 'b2' },
	{ type: 'order_created', at: 5 * DAY, customer: 'B', order: 'B-o1' },
	{ type: 'order_confirmed', at: 6 * DAY, customer: 'B', order: 'B-o1' },
	{ type: 'customer_message', at: 9 * DAY, customer: 'B', id: 'b3' },
	{ type: 'ref_click', at: 10 * DAY, customer: 'B', ttclid: 'B2' },
	{ type: 'customer_message', at: 10 * DAY + MIN, customer: 'B', id: 'b4' },
];

/** Per step (by its position in SCENARIO): the events it fired, as text. */
function perStep(steps: Step[], outcomes: BatchOutcome[]): Map<Step, string[]> {
	const map = new Map<Step, string[]>();
	outcomes.forEach((o, i) => map.set(steps[i], o.events.map((e) => `${e.rule}#${e.eventId}@${e.time}`)));
	return map;
}

/** What an item-store user does: keep each conversation's state as JSON in their own table between runs. */
class Cdp {
	rows = new Map<string, string>();

	runBatch(steps: Step[], cfg?: RulesConfig): BatchOutcome[] {
		const store = new MapConversationStore();
		for (const [key, json] of this.rows) {
			const parsed = parseConversationState(json);
			if (!parsed.state) throw new Error(parsed.error);
			store.set(key, parsed.state);
		}
		const outcomes = run(steps, cfg, store);
		for (const [key, state] of store.states) this.rows.set(key, JSON.stringify(state));
		return outcomes;
	}
}

/** What the workflow store does: static data (plain JSON) between runs, bounded after each run. */
class StaticData {
	data: unknown = {};
	evictions: EvictionReport[] = [];

	constructor(private readonly idleMs?: number) {}

	runBatch(steps: Step[], cfg?: RulesConfig): BatchOutcome[] {
		const store = new BoundedConversationStore(JSON.parse(JSON.stringify(this.data)), undefined, this.idleMs);
		const outcomes = run(steps, cfg, store);
		this.evictions.push(store.evict());
		this.data = JSON.parse(JSON.stringify(store.toJSON()));
		return outcomes;
	}
}

function splitIntoBatches<T>(xs: T[], rand: () => number): T[][] {
	const batches: T[][] = [];
	let current: T[] = [];
	for (const x of xs) {
		current.push(x);
		if (rand() < 0.35) {
			batches.push(current);
			current = [];
		}
	}
	if (current.length) batches.push(current);
	return batches;
}

/** Time order as a source would deliver it; a click shares its timestamp with the Get Started that carries it. */
const byTime = (steps: Step[]) =>
	steps.slice().sort((a, b) => a.at - b.at || Number(b.type === 'ref_click') - Number(a.type === 'ref_click'));

describe('processBatch: order of input does not matter within a batch', () => {
	const reference = perStep(SCENARIO, run(SCENARIO));

	test('the scenario fires every rule', () => {
		const rules = [...reference.values()].flat().map((e) => e.split('#')[0]);
		expect(new Set(rules)).toEqual(
			new Set(['conversation', 'validConversation', 'initiateCheckout', 'completePayment']),
		);
		expect(rules).toHaveLength(10);
	});

	test.each([1, 2, 3, 4, 5, 6, 7, 8])('shuffle seed %i gives the same events on the same activities', (seed) => {
		const shuffled = shuffle(SCENARIO, rng(seed));
		expect(perStep(shuffled, run(shuffled))).toEqual(reference);
	});

	test('outcomes come back in input order with their conversation key', () => {
		const outcomes = run(SCENARIO);
		expect(outcomes.map((o) => o.index)).toEqual(SCENARIO.map((_, i) => i));
		expect(outcomes[0].conversationKey).toBe('page1:A');
		expect(outcomes[15].conversationKey).toBe('page1:B');
	});

	test('replaying the whole batch on the resulting state fires nothing (all duplicates)', () => {
		const store = new MapConversationStore();
		run(SCENARIO, undefined, store);
		const again = run(SCENARIO, undefined, store);
		expect(eventSet(again)).toEqual([]);
		again.forEach((o) => expect(o.reasons.length).toBeGreaterThan(0));
	});
});

describe('both state stores give identical results', () => {
	const single = eventSet(run(SCENARIO));

	test.each([11, 12, 13, 14, 15, 16])('time-ordered batches, split seed %i: item store = workflow store = one batch', (seed) => {
		const batches = splitIntoBatches(byTime(SCENARIO), rng(seed));
		const cdp = new Cdp();
		const statics = new StaticData();
		const viaItems = batches.flatMap((b) => cdp.runBatch(b));
		const viaStatic = batches.flatMap((b) => statics.runBatch(b));
		expect(viaItems.map((o) => [o.events, o.reasons, o.duplicate])).toEqual(
			viaStatic.map((o) => [o.events, o.reasons, o.duplicate]),
		);
		expect(eventSet(viaItems)).toEqual(single);
		// The per-conversation state is the same object in both stores, except the conversations the workflow store
		// evicted (idle for 7 days of store time): exactly as many are missing as its evictions reported.
		const fromStatic = (statics.data as { conversations: Record<string, ConversationState> }).conversations;
		const fromItems = Object.fromEntries([...cdp.rows].map(([key, json]) => [key, JSON.parse(json) as ConversationState]));
		const kept = Object.fromEntries(Object.entries(fromItems).filter(([key]) => key in fromStatic));
		const evicted = statics.evictions.reduce((n, e) => n + e.idle + e.overCap + e.invalid, 0);
		expect(fromStatic).toEqual(kept);
		expect(Object.keys(fromItems).length - Object.keys(kept).length).toBe(evicted);
		expect(Object.keys(kept).length).toBeGreaterThan(0);
	});

	// Out of order across runs, the workflow store's idle eviction (store clock moved on by another customer) is the
	// one thing that can differ, so these runs keep idle conversations; the next test shows the eviction case.
	test.each([21, 22, 23, 24, 25, 26])('shuffled batches, seed %i: item store = workflow store, no double firing', (seed) => {
		const rand = rng(seed);
		const batches = splitIntoBatches(shuffle(SCENARIO, rand), rand);
		const cdp = new Cdp();
		const statics = new StaticData(365 * DAY);
		const a = batches.flatMap((b) => cdp.runBatch(b));
		const b = batches.flatMap((b2) => statics.runBatch(b2));
		expect(a.map((o) => [o.events, o.reasons, o.duplicate])).toEqual(b.map((o) => [o.events, o.reasons, o.duplicate]));
		const ids = a.flatMap((o) => o.events.map((e) => e.eventId));
		expect(new Set(ids).size).toBe(ids.length);
	});

	test('after idle eviction a late activity of that conversation is answered as a fresh conversation', () => {
		const cdp = new Cdp();
		const statics = new StaticData();
		const first: Step[] = [
			{ type: 'ref_click', at: 0, customer: 'quiet', ttclid: 'q' },
			{ type: 'ref_click', at: 8 * DAY, customer: 'busy', ttclid: 'b' },
		];
		cdp.runBatch(first);
		statics.runBatch(first);
		expect(statics.evictions).toEqual([{ idle: 1, overCap: 0, invalid: 0 }]);
		const late: Step[] = [{ type: 'customer_message', at: 6 * DAY, customer: 'quiet', id: 'late' }];
		expect(cdp.runBatch(late)[0].events.map((e) => e.rule)).toEqual(['conversation']);
		expect(statics.runBatch(late)[0].reasons).toEqual(['no ref_click before this message: nothing to attribute']);
	});

	test('reprocessing every batch a second time fires nothing new in either store', () => {
		const batches = splitIntoBatches(byTime(SCENARIO), rng(99));
		const cdp = new Cdp();
		const statics = new StaticData();
		for (const batch of batches) {
			expect(eventSet(cdp.runBatch(batch)).length).toBe(eventSet(statics.runBatch(batch)).length);
			expect(eventSet(cdp.runBatch(batch))).toEqual([]);
			expect(eventSet(statics.runBatch(batch))).toEqual([]);
		}
	});
});

describe('activity arriving in a later run than newer activity', () => {
	const stepsA: Step[] = [
		{ type: 'ref_click', at: 0, ttclid: 'T' },
		{ type: 'customer_message', at: 1 * MIN, id: 'm1' },
		{ type: 'page_message', at: 2 * MIN, id: 'm2' },
		{ type: 'page_message', at: 3 * MIN, id: 'm3' },
		{ type: 'page_message', at: 5 * MIN, id: 'm5' },
		{ type: 'customer_message', at: 6 * MIN, id: 'm6' },
	];

	test('a late page message that pushes a customer message to position 6 fires Valid Conversation at its time', () => {
		const store = new MapConversationStore();
		const first = run(stepsA, undefined, store);
		expect(first[5].reasons.join()).toContain('waiting for 1 more customer message');
		const late = run([{ type: 'page_message', at: 4 * MIN, id: 'm4' }], undefined, store);
		expect(late[0].events).toHaveLength(1);
		expect(late[0].events[0]).toMatchObject({ rule: 'validConversation', time: toActivity(stepsA[5]).time });
	});

	test('a late order confirmation is attributed to the click of its own time', () => {
		const store = new MapConversationStore();
		run(
			[
				{ type: 'ref_click', at: 0, ttclid: 'first' },
				{ type: 'order_created', at: HOUR, order: 'o' },
				{ type: 'ref_click', at: 2 * DAY, ttclid: 'second' },
			],
			undefined,
			store,
		);
		const [late] = run([{ type: 'order_confirmed', at: 3 * HOUR, order: 'o' }], undefined, store);
		expect(late.events.map((e) => [e.rule, e.clickKey])).toEqual([['completePayment', 'first']]);
	});

	test('a late click takes over the stored messages after it and re-evaluates orders', () => {
		const store = new MapConversationStore();
		run(
			[
				{ type: 'ref_click', at: 0, ttclid: 'old' },
				{ type: 'customer_message', at: 8 * DAY, id: 'x' },
				{ type: 'order_created', at: 8 * DAY + HOUR, order: 'o' },
			],
			undefined,
			store,
		);
		// Both were outside the old click's window; the late click at day 7.9 covers them.
		const [late] = run([{ type: 'ref_click', at: 8 * DAY - 2 * HOUR, ttclid: 'new' }], undefined, store);
		expect(late.events.map((e) => [e.rule, e.clickKey])).toEqual([['initiateCheckout', 'new']]);
		const [msg] = run([{ type: 'customer_message', at: 8 * DAY + 2 * HOUR, id: 'y' }], undefined, store);
		expect(msg.events.map((e) => e.rule)).toEqual(['conversation']);
	});

	test('a late click picks up messages still stored for the previous cycle', () => {
		const store = new MapConversationStore();
		run(
			[
				{ type: 'ref_click', at: 0, ttclid: 'old' },
				{ type: 'page_message', at: 8 * DAY, id: 'p' },
			],
			undefined,
			store,
		);
		// The old cycle keeps no message outside its window, so nothing moves, but the new cycle starts counting.
		run([{ type: 'ref_click', at: 7 * DAY + HOUR, ttclid: 'new' }], undefined, store);
		const [msg] = run([{ type: 'customer_message', at: 8 * DAY + MIN, id: 'c' }], undefined, store);
		expect(msg.events.map((e) => [e.rule, e.clickKey])).toEqual([['conversation', 'new']]);

		const store2 = new MapConversationStore();
		run(
			[
				{ type: 'ref_click', at: 0, ttclid: 'old' },
				{ type: 'page_message', at: HOUR, id: 'p1' },
				{ type: 'customer_message', at: 2 * HOUR, id: 'c1' },
			],
			undefined,
			store2,
		);
		const [late] = run([{ type: 'ref_click', at: 90 * MIN, ttclid: 'new' }], undefined, store2);
		expect(late.events.map((e) => [e.rule, e.clickKey])).toEqual([['conversation', 'new']]);
	});

	test('activity more than 7 days older than the newest one is refused as too late', () => {
		const store = new MapConversationStore();
		run([{ type: 'ref_click', at: 0 }, { type: 'customer_message', at: 10 * DAY }], undefined, store);
		const [late] = run([{ type: 'customer_message', at: 2 * DAY, id: 'old' }], undefined, store);
		expect(late.events).toEqual([]);
		expect(late.reasons.join()).toContain('too late to attribute');
	});
});

describe('BoundedConversationStore (workflow static data)', () => {
	const click = (customer: string, at: number): Step => ({ type: 'ref_click', at, customer, ttclid: customer });

	test('is plain JSON and round-trips', () => {
		const store = new BoundedConversationStore({});
		run([click('a', 0), { type: 'customer_message', at: 1, customer: 'a' }], undefined, store);
		const json = JSON.parse(JSON.stringify(store.toJSON()));
		const again = new BoundedConversationStore(json);
		expect(again.toJSON()).toEqual(json);
		expect(json.v).toBe(1);
		expect(Object.keys(json.conversations)).toEqual(['page1:a']);
	});

	test('keeps no state for conversations with nothing to remember', () => {
		const store = new BoundedConversationStore({});
		run([{ type: 'customer_message', at: 0, customer: 'organic' }], undefined, store);
		expect(store.size).toBe(0);
	});

	test('evicts conversations idle for more than 7 days of store time', () => {
		const store = new BoundedConversationStore({});
		run([click('old', 0), click('recent', 3 * DAY), click('now', 8 * DAY)], undefined, store);
		expect(store.evict()).toEqual({ idle: 1, overCap: 0, invalid: 0 });
		expect(Object.keys(store.toJSON().conversations).sort()).toEqual(['page1:now', 'page1:recent']);
	});

	test('evicts the least recently active conversations beyond the cap, and reports it', () => {
		const store = new BoundedConversationStore({}, 2);
		run([click('c', 3 * HOUR), click('a', HOUR), click('d', 4 * HOUR), click('b', 2 * HOUR)], undefined, store);
		expect(store.evict()).toEqual({ idle: 0, overCap: 2, invalid: 0 });
		expect(Object.keys(store.toJSON().conversations).sort()).toEqual(['page1:c', 'page1:d']);
	});

	test('drops and counts entries that are not valid states', () => {
		const good = new BoundedConversationStore({});
		run([click('a', 0)], undefined, good);
		const data = good.toJSON() as unknown as { conversations: Record<string, unknown> };
		data.conversations['page1:bad'] = { v: 1, last: 'yesterday', clicks: [], orders: {} };
		const store = new BoundedConversationStore(data);
		expect(store.size).toBe(1);
		expect(store.evict().invalid).toBe(1);
	});

	test('ignores data that is not a store', () => {
		expect(new BoundedConversationStore('nonsense').size).toBe(0);
		expect(new BoundedConversationStore({ v: 2, conversations: {} }).size).toBe(0);
	});
});

describe('parseConversationState', () => {
	test.each([
		['not JSON', 'not json', 'not JSON'],
		['not an object', 42, 'not an object'],
		['wrong version', { v: 2 }, 'unknown version'],
		['bad clicks', { v: 1, last: 0, clicks: [{ key: 1 }], orders: {} }, '"clicks" is malformed'],
		[
			'unsorted clicks',
			{
				v: 1,
				last: 5,
				clicks: [
					{ key: 'b', t: 5, details: {} },
					{ key: 'a', t: 1, details: {} },
				],
				orders: {},
			},
			'not in time order',
		],
		['bad orders', { v: 1, last: 0, clicks: [], orders: { o: { created: 'x' } } }, '"orders" is malformed'],
	])('rejects %s', (_n, value, message) => {
		const parsed = parseConversationState(value);
		expect(parsed.state).toBeUndefined();
		expect('error' in parsed && parsed.error).toContain(message);
	});

	test('accepts a state the engine wrote, also as a JSON string', () => {
		const store = new MapConversationStore();
		run(SCENARIO.slice(0, 10), DEFAULT_RULES_CONFIG, store);
		const state = store.get('page1:A') as ConversationState;
		expect(parseConversationState(state).state).toEqual(state);
		expect(parseConversationState(JSON.stringify(state)).state).toEqual(state);
	});
});

test('processBatch applies conversations independently even when interleaved', () => {
	const steps: Step[] = [
		{ type: 'ref_click', at: 0, customer: 'x' },
		{ type: 'customer_message', at: 1, customer: 'y' },
		{ type: 'customer_message', at: 2, customer: 'x' },
	];
	const outcomes = processBatch(
		steps.map((s, index) => ({ index, activity: toActivity(s) })),
		new MapConversationStore(),
	);
	expect(outcomes.map((o) => o.events.length)).toEqual([0, 0, 1]);
});
