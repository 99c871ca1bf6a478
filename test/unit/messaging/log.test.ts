import {
	parseRecordedEventIds,
	replayActivityLog,
	replayConversation,
	type BatchEntry,
	type FiredEvent,
} from '../../../nodes/TikTokConversion/messaging';
import { DAY, HOUR, MIN, run, toActivity, type Step } from './helpers';

/** A conversation that fires all four events, plus a second customer with one Conversation. */
const STEPS: Step[] = [
	{ type: 'ref_click', at: 0, ttclid: 'ttA' },
	{ type: 'customer_message', at: MIN, id: 'a1' },
	{ type: 'page_message', at: 2 * MIN, id: 'p1' },
	{ type: 'customer_message', at: 3 * MIN, id: 'a2' },
	{ type: 'page_message', at: 4 * MIN, id: 'p2' },
	{ type: 'customer_message', at: 5 * MIN, id: 'a3' },
	{ type: 'page_message', at: 6 * MIN, id: 'p3' },
	{ type: 'customer_message', at: 7 * MIN, id: 'a4' },
	{ type: 'order_created', at: HOUR, order: 'o1', value: 450000, currency: 'VND' },
	{ type: 'order_confirmed', at: 2 * HOUR, order: 'o1' },
	{ type: 'ref_click', at: 3 * HOUR, ttclid: 'ttB', customer: 'cust2' },
	{ type: 'customer_message', at: 3 * HOUR + MIN, id: 'b1', customer: 'cust2' },
	{ type: 'customer_message', at: 4 * HOUR, id: 'c1', customer: 'cust3' },
];

const entries = (steps: Step[]): BatchEntry[] => steps.map((s, index) => ({ index, activity: toActivity(s) }));
const key = (e: FiredEvent) => `${e.name}|${e.eventId}|${e.time}`;

/** What the rules give when the activities arrive one at a time in time order (the stateful stores). */
const sequential = run(STEPS).flatMap((o) => o.events).map(key).sort();

function shuffled<T>(list: T[], seed: number): T[] {
	const out = list.slice();
	let s = seed;
	for (let i = out.length - 1; i > 0; i--) {
		s = (s * 1103515245 + 12345) % 2147483648;
		const j = s % (i + 1);
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

describe('replayActivityLog', () => {
	test('a log in any order gives exactly the events of the sequential run', () => {
		expect(sequential).toHaveLength(5);
		for (let seed = 1; seed <= 25; seed++) {
			const log = shuffled(entries(STEPS), seed);
			const replays = replayActivityLog(log, new Set());
			expect(replays.flatMap((r) => r.outstanding.map((o) => key(o.event))).sort()).toEqual(sequential);
		}
	});

	test('one item per conversation, in order of first appearance, with the latest activity named', () => {
		const replays = replayActivityLog(entries(STEPS), new Set());
		expect(replays.map((r) => [r.conversationKey, r.fired.map((e) => e.name)])).toEqual([
			['page1:cust1', ['Conversation', 'ValidConversation', 'InitiateCheckout', 'CompletePayment']],
			['page1:cust2', ['Conversation']],
			['page1:cust3', []],
		]);
		expect(replays[0].latestIndex).toBe(9);
		expect(replays[2].outcomes[0].reasons.join(' ')).toMatch(/no ref_click/);
	});

	test('recorded event ids are not handed out again, and are counted', () => {
		const all = replayActivityLog(entries(STEPS), new Set())[0];
		const recorded = new Set([all.fired[0].eventId, all.fired[2].eventId]);
		const again = replayActivityLog(entries(STEPS), recorded)[0];
		expect(again.alreadyRecorded).toBe(2);
		expect(again.outstanding.map((o) => o.event.name)).toEqual(['ValidConversation', 'CompletePayment']);
		const done = replayActivityLog(entries(STEPS), new Set(all.fired.map((e) => e.eventId)))[0];
		expect(done.outstanding).toEqual([]);
		expect(done.fired).toHaveLength(4);
	});

	test('rows read twice (one Get per input item) count once', () => {
		const log = entries(STEPS.slice(0, 3));
		const twice = [...log, ...log.map((e) => ({ ...e, index: e.index + 100 }))];
		const replay = replayConversation(twice, new Set());
		expect(replay.repeatedEntries).toBe(3);
		expect(replay.outstanding.map((o) => o.event.name)).toEqual(['Conversation']);
		expect(replay.outcomes.every((o) => !o.duplicate)).toBe(true);
	});

	test('each outstanding event points at the log entry whose activity fired it', () => {
		const [replay] = replayActivityLog(shuffled(entries(STEPS.slice(0, 10)), 7), new Set());
		const firedBy = replay.outstanding.map((o) => STEPS[o.index].type);
		expect(firedBy).toEqual(['customer_message', 'customer_message', 'order_created', 'order_confirmed']);
	});

	test('racing executions: each sees a subset that contains its own activity and everything appended before its read; the union of what they send is exactly the sequential events', () => {
		for (let seed = 1; seed <= 40; seed++) {
			// Insertion order of a burst; each execution reads after its own insert, possibly before earlier
			// executions' reads, so its view is a prefix of the insertion order ending at or after its own row.
			const inserted = shuffled(entries(STEPS), seed);
			const recorded = new Set<string>();
			const sent: string[] = [];
			const reads = shuffled(inserted.map((_, i) => i), seed + 1000);
			// Execution i reads at "time" max(i, position in reads): the view is inserted[0..readAt].
			const views = inserted.map((_, i) => Math.max(i, reads[i]));
			// Recording lags: an execution's record rows land after all reads of the burst (the worst case).
			for (const end of views) {
				for (const replay of replayActivityLog(inserted.slice(0, end + 1), recorded)) {
					sent.push(...replay.outstanding.map((o) => key(o.event)));
				}
			}
			// By event id: exactly the sequential events, none missing, none extra.
			const id = (k: string) => k.split('|').slice(0, 2).join('|');
			expect([...new Set(sent.map(id))].sort()).toEqual(sequential.map(id).sort());
			// A view that missed an earlier message fires at a later one of the same click: never earlier.
			const seqTime = new Map(sequential.map((k) => [id(k), Number(k.split('|')[2])]));
			for (const k of sent) expect(Number(k.split('|')[2])).toBeGreaterThanOrEqual(seqTime.get(id(k)) ?? Infinity);
		}
	});

	test('an order attributed to different clicks by two partial views is still one event id', () => {
		const steps: Step[] = [
			{ type: 'ref_click', at: 0, ttclid: 't1' },
			{ type: 'ref_click', at: DAY, ttclid: 't2' },
			{ type: 'order_created', at: DAY + HOUR, order: 'o7', value: 1, currency: 'VND' },
		];
		const partial = replayConversation(entries([steps[0], steps[2]]), new Set()).outstanding;
		const full = replayConversation(entries(steps), new Set()).outstanding;
		expect(partial.map((o) => o.event.clickKey)).toEqual(['t1']);
		expect(full.map((o) => o.event.clickKey)).toEqual(['t2']);
		expect(partial[0].event.eventId).toBe(full[0].event.eventId);
	});
});

describe('parseRecordedEventIds', () => {
	test('one id, several separated by commas or spaces, arrays; anything else gives none', () => {
		expect(parseRecordedEventIds('abc')).toEqual(['abc']);
		expect(parseRecordedEventIds('a, b\nc;d')).toEqual(['a', 'b', 'c', 'd']);
		expect(parseRecordedEventIds(['a', 'b,c'])).toEqual(['a', 'b', 'c']);
		expect(parseRecordedEventIds(undefined)).toEqual([]);
		expect(parseRecordedEventIds(42)).toEqual([]);
		expect(parseRecordedEventIds('')).toEqual([]);
	});
});
