import { applyActivity, conversationKey } from './rules';
import type { ConversationStore } from './store';
import {
	DEFAULT_RULES_CONFIG,
	type Activity,
	type ActivityType,
	type FiredEvent,
	type RulesConfig,
} from './types';

export interface BatchEntry {
	/** Position of the activity in the input (the n8n item index). */
	index: number;
	activity: Activity;
}

export interface BatchOutcome {
	index: number;
	conversationKey: string;
	events: FiredEvent[];
	reasons: string[];
	duplicate: boolean;
}

/**
 * Order of activities that share a timestamp: Messenger delivers the referral of a first-time customer inside the
 * Get Started postback (same time), and that Get Started must count as after the click.
 */
const SAME_TIME_RANK: Record<ActivityType, number> = {
	ref_click: 0,
	get_started: 1,
	customer_message: 2,
	page_message: 2,
	order_created: 3,
	order_confirmed: 4,
	shipment_created: 4,
};

export function compareEntries(a: BatchEntry, b: BatchEntry): number {
	return (
		a.activity.time - b.activity.time ||
		SAME_TIME_RANK[a.activity.type] - SAME_TIME_RANK[b.activity.type] ||
		a.index - b.index
	);
}

/**
 * Applies a batch in timestamp order (conversations are independent, so one global order is the same as sorting
 * each conversation), reading and writing states through the store. Outcomes come back in input order.
 */
export function processBatch(
	entries: BatchEntry[],
	store: ConversationStore,
	cfg: RulesConfig = DEFAULT_RULES_CONFIG,
): BatchOutcome[] {
	const outcomes: BatchOutcome[] = [];
	for (const entry of entries.slice().sort(compareEntries)) {
		const { activity } = entry;
		const key = conversationKey(activity.pageId, activity.customerId);
		const result = applyActivity(store.get(key), activity, cfg);
		store.set(key, result.state);
		outcomes.push({
			index: entry.index,
			conversationKey: key,
			events: result.events,
			reasons: result.reasons,
			duplicate: result.duplicate,
		});
	}
	return outcomes.sort((a, b) => a.index - b.index);
}
