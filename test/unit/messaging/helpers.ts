import {
	MapConversationStore,
	processBatch,
	type Activity,
	type ActivityType,
	type BatchOutcome,
	type ConversationStore,
	type RulesConfig,
} from '../../../nodes/TikTokConversion/messaging';

export const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export interface Step {
	type: ActivityType;
	at: number;
	id?: string;
	order?: string;
	value?: number;
	currency?: string;
	ttclid?: string;
	customer?: string;
}

export function toActivity(step: Step): Activity {
	const a: Activity = {
		type: step.type,
		pageId: 'page1',
		customerId: step.customer ?? 'cust1',
		time: T0 + step.at,
	};
	if (step.id) a.id = step.id;
	if (step.type === 'ref_click') a.click = { ttclid: step.ttclid ?? `tt-${step.at}`, ad_id: 'ad42' };
	if (step.order) {
		a.order = { id: step.order };
		if (step.value !== undefined) a.order.value = step.value;
		if (step.currency) a.order.currency = step.currency;
	}
	return a;
}

/** Processes steps as one batch; outcomes in input order. */
export function run(
	steps: Step[],
	cfg?: RulesConfig,
	store: ConversationStore = new MapConversationStore(),
): BatchOutcome[] {
	return processBatch(
		steps.map((s, index) => ({ index, activity: toActivity(s) })),
		store,
		cfg,
	);
}

/** Compact view: rule ids fired by each step. */
export const firedRules = (outcomes: BatchOutcome[]) => outcomes.map((o) => o.events.map((e) => e.rule));

/** Every event as `rule@offset#eventId`, sorted, for order-independent comparison. */
export function eventSet(outcomes: BatchOutcome[]): string[] {
	return outcomes
		.flatMap((o) => o.events.map((e) => `${e.rule}@${e.time - T0}#${e.eventId}`))
		.sort();
}
