/**
 * Messaging Ads attribution: shared types. Pure module (no n8n imports); everything here is plain JSON so the
 * state can live in workflow static data or in a field of the user's own records.
 */

export const DAY_MS = 86_400_000;
/** Attribution window opened by each ref_click: a conversation more than 7 days after the click sends no event. */
export const WINDOW_MS = 7 * DAY_MS;
/** Valid Conversation needs this many messages after the click before the firing customer message. */
export const VALID_AFTER_MESSAGES = 5;

export const ACTIVITY_TYPES = [
	'ref_click',
	'get_started',
	'customer_message',
	'page_message',
	'order_created',
	'order_confirmed',
	'shipment_created',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export type CompletePaymentOn = 'order_confirmed' | 'shipment_created';

export type RuleId = 'conversation' | 'validConversation' | 'initiateCheckout' | 'completePayment';

export interface EventNames {
	conversation: string;
	validConversation: string;
	initiateCheckout: string;
	completePayment: string;
}

export const DEFAULT_EVENT_NAMES: EventNames = {
	conversation: 'Conversation',
	validConversation: 'ValidConversation',
	initiateCheckout: 'InitiateCheckout',
	completePayment: 'CompletePayment',
};

export interface RulesConfig {
	completePaymentOn: CompletePaymentOn;
	eventNames: EventNames;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = {
	completePaymentOn: 'order_confirmed',
	eventNames: DEFAULT_EVENT_NAMES,
};

/** What the ad click carried (ttclid, ad ids, the ref string…); copied onto every event of its cycle. */
export type ClickDetails = Record<string, string>;

export interface Activity {
	type: ActivityType;
	pageId: string;
	customerId: string;
	/** Unix milliseconds. */
	time: number;
	/** Source id (e.g. Messenger message id); makes duplicate detection exact for messages. */
	id?: string;
	/** ref_click only. */
	click?: ClickDetails;
	/** order_* only. */
	order?: { id: string; value?: number; currency?: string };
}

/** A message of a click cycle: [time, kind, dedupe key]; kind c = customer, p = page, g = Get Started. */
export type StoredMessage = [number, 'c' | 'p' | 'g', string];

export interface ClickCycle {
	/** Click identity used in event ids: the ttclid when there is one, else ref + time. */
	key: string;
	t: number;
	details: ClickDetails;
	/** Earliest messages since the click (at most 6); dropped once both message rules have fired. */
	msgs?: StoredMessage[];
	/** Time the Conversation event fired for this click. */
	conv?: number;
	/** Time the Valid Conversation event fired for this click. */
	valid?: number;
}

export interface OrderState {
	/** Time of order_created. */
	created?: number;
	/** Time of the configured CompletePayment trigger (order_confirmed or shipment_created). */
	trigger?: number;
	/** Value and currency of order_created (InitiateCheckout, and CompletePayment when the trigger has none). */
	value?: number;
	currency?: string;
	/** Value and currency carried by the trigger activity, if any. */
	paidValue?: number;
	paidCurrency?: string;
	/** Set once InitiateCheckout fired (time of the event). */
	ic?: number;
	/** Set once CompletePayment fired (time of the event). */
	cp?: number;
}

/**
 * Everything the rules remember about one conversation (page id + customer id). The same object is what the
 * workflow store keeps per key and what the item store writes into the user's field, so both stores give the same
 * answers: clicks of the last 7+7 days with their message counters, and orders touched in the last 7 days.
 */
export interface ConversationState {
	v: 1;
	/** Latest activity time applied (ms); drives pruning and idle eviction. */
	last: number;
	clicks: ClickCycle[];
	orders: Record<string, OrderState>;
}

export interface FiredEvent {
	rule: RuleId;
	/** Configured TikTok event name. */
	name: string;
	eventId: string;
	/** Unix milliseconds of the activity that satisfied the rule. */
	time: number;
	clickKey: string;
	click: ClickDetails;
	orderId?: string;
	value?: number;
	currency?: string;
}

export interface ApplyResult {
	state: ConversationState;
	events: FiredEvent[];
	/** Why a rule the activity concerns did not fire (empty when everything relevant fired). */
	reasons: string[];
	duplicate: boolean;
}
