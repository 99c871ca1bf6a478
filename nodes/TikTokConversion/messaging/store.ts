import { isEmptyConversationState } from './rules';
import { WINDOW_MS, type ClickCycle, type ConversationState, type OrderState } from './types';

export interface ConversationStore {
	get(key: string): ConversationState | undefined;
	set(key: string, state: ConversationState): void;
}

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const optNum = (x: unknown) => x === undefined || isNum(x);
const optStr = (x: unknown) => x === undefined || typeof x === 'string';

function isClick(x: unknown): x is ClickCycle {
	if (!isObj(x) || typeof x.key !== 'string' || !isNum(x.t) || !isObj(x.details)) return false;
	if (!Object.values(x.details).every((v) => typeof v === 'string')) return false;
	if (!optNum(x.conv) || !optNum(x.valid)) return false;
	if (x.msgs === undefined) return true;
	return (
		Array.isArray(x.msgs) &&
		x.msgs.every(
			(m) =>
				Array.isArray(m) &&
				m.length === 3 &&
				isNum(m[0]) &&
				(m[1] === 'c' || m[1] === 'p' || m[1] === 'g') &&
				typeof m[2] === 'string',
		)
	);
}

function isOrder(x: unknown): x is OrderState {
	return (
		isObj(x) &&
		['created', 'trigger', 'value', 'paidValue', 'ic', 'cp'].every((k) => optNum(x[k])) &&
		optStr(x.currency) &&
		optStr(x.paidCurrency)
	);
}

/**
 * Checks a state read from static data or from a user's field. Returns an explanation when it is not one
 * this version wrote, so that a corrupted or foreign value is reported instead of being half-trusted.
 */
export function parseConversationState(
	value: unknown,
): { state: ConversationState } | { state?: undefined; error: string } {
	let x = value;
	if (typeof x === 'string') {
		try {
			x = JSON.parse(x);
		} catch {
			return { error: 'it is a string but not JSON' };
		}
	}
	if (!isObj(x)) return { error: 'it is not an object' };
	if (x.v !== 1) return { error: 'unknown version (expected v: 1)' };
	if (!isNum(x.last)) return { error: '"last" is not a number' };
	if (!Array.isArray(x.clicks) || !x.clicks.every(isClick)) return { error: '"clicks" is malformed' };
	for (let i = 1; i < x.clicks.length; i++) {
		if ((x.clicks[i] as ClickCycle).t < (x.clicks[i - 1] as ClickCycle).t) {
			return { error: '"clicks" is not in time order' };
		}
	}
	if (!isObj(x.orders) || !Object.values(x.orders).every(isOrder)) return { error: '"orders" is malformed' };
	return { state: x as unknown as ConversationState };
}

/** A store over a Map: used for the item store (states come from and go back to the items). */
export class MapConversationStore implements ConversationStore {
	readonly states = new Map<string, ConversationState>();

	get(key: string): ConversationState | undefined {
		return this.states.get(key);
	}

	set(key: string, state: ConversationState): void {
		this.states.set(key, state);
	}
}

export interface MessagingStoreData {
	v: 1;
	/** Latest activity time seen by this store (ms): idle eviction is measured against it, not the wall clock. */
	clock: number;
	conversations: Record<string, ConversationState>;
}

export interface EvictionReport {
	/** Conversations with no activity for more than 7 days (store clock). */
	idle: number;
	/** Least recently active conversations removed because the store was over its size cap. */
	overCap: number;
	/** Entries that were not valid states when loaded (dropped). */
	invalid: number;
}

export const DEFAULT_MAX_CONVERSATIONS = 5000;

/**
 * The workflow store: a JSON object (n8n static data) holding conversation states, bounded by idle eviction and a
 * size cap. Conversations with nothing to remember (no click, no order) are not kept at all.
 */
export class BoundedConversationStore implements ConversationStore {
	private readonly conversations: Record<string, ConversationState> = {};
	private clock = 0;
	private invalid = 0;

	constructor(
		data: unknown,
		private readonly maxConversations = DEFAULT_MAX_CONVERSATIONS,
		private readonly idleMs = WINDOW_MS,
	) {
		if (!isObj(data) || data.v !== 1 || !isObj(data.conversations)) return;
		if (isNum(data.clock)) this.clock = data.clock;
		for (const [key, value] of Object.entries(data.conversations)) {
			const parsed = parseConversationState(value);
			if (parsed.state) this.conversations[key] = parsed.state;
			else this.invalid++;
		}
	}

	get size(): number {
		return Object.keys(this.conversations).length;
	}

	get(key: string): ConversationState | undefined {
		return this.conversations[key];
	}

	set(key: string, state: ConversationState): void {
		if (isEmptyConversationState(state)) delete this.conversations[key];
		else this.conversations[key] = state;
		if (state.last > this.clock) this.clock = state.last;
	}

	evict(): EvictionReport {
		const report: EvictionReport = { idle: 0, overCap: 0, invalid: this.invalid };
		this.invalid = 0;
		const keys = Object.keys(this.conversations);
		for (const key of keys) {
			if (this.conversations[key].last < this.clock - this.idleMs) {
				delete this.conversations[key];
				report.idle++;
			}
		}
		const left = Object.keys(this.conversations);
		if (left.length > this.maxConversations) {
			left
				.sort((a, b) => this.conversations[a].last - this.conversations[b].last)
				.slice(0, left.length - this.maxConversations)
				.forEach((key) => {
					delete this.conversations[key];
					report.overCap++;
				});
		}
		return report;
	}

	toJSON(): MessagingStoreData {
		return { v: 1, clock: this.clock, conversations: { ...this.conversations } };
	}
}
