import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readPath } from '../../../shared/fieldPath';
import { isSupportedCountry } from '../../../shared/identity';
import { checkBatchSize, checkCurrency, checkEventName, type EventSource } from '../../events';
import {
	BoundedConversationStore,
	conversationKey,
	DEFAULT_ACTIVITY_FIELDS,
	DEFAULT_EVENT_NAMES,
	DEFAULT_MAX_CONVERSATIONS,
	emptyConversationState,
	MapConversationStore,
	parseActivity,
	parseConversationState,
	processBatch,
	type Activity,
	type ActivityFields,
	type BatchOutcome,
	type ConversationState,
	type ConversationStore,
	type EventNames,
	type EvictionReport,
	type RulesConfig,
} from '../../messaging';
import { executeActivityLog } from './trackMessaging.activityLog';
import { describeEvent, sendEvents, type EventOutput, type TrackMessagingConfig } from './trackMessaging.send';
import {
	DEFAULT_EMAIL_FIELD,
	DEFAULT_PHONE_FIELD,
	DEFAULT_RECORDED_FIELD,
	DEFAULT_STATE_FIELD,
	trackMessagingDescription,
} from './trackMessaging.description';

export const description = trackMessagingDescription;

/** Where the workflow store lives inside the node's static data. */
const STATIC_KEY = 'messaging';

type Config = TrackMessagingConfig;

interface Parsed {
	activity?: Activity;
	/** State carried by the item (item store). */
	state?: ConversationState;
	error?: string;
}

export const consumes = 'items';
/** Items that cannot be sent come back marked under Continue On Fail; what is thrown would fail them all. */
export const onError = 'throw';

type Store = ConversationStore & { get(key: string): ConversationState | undefined };

/** What the rules made of the run's activities, before the output items are written. */
interface RunResult {
	parsed: Parsed[];
	store: Store;
	byIndex: Map<number, BatchOutcome>;
	eventOutputs: Map<number, EventOutput[]>;
	failedConversations: Set<string>;
	storeNote?: IDataObject;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const cfg = readConfig.call(this);
	const continueOnFail = this.continueOnFail();
	const now = Date.now();
	const timeZone = this.getTimezone();
	if (cfg.stateStore === 'activityLog') {
		return await executeActivityLog.call(this, items, cfg, { continueOnFail, now, timeZone });
	}
	const parsed = parseItems(this, items, cfg, now, timeZone);
	const staticData = cfg.stateStore === 'workflow' ? this.getWorkflowStaticData('node') : undefined;
	const store: Store = staticData
		? new BoundedConversationStore(staticData[STATIC_KEY], cfg.maxConversations)
		: loadItemStore(parsed);
	const entries = parsed.flatMap((p, index) => (p.activity ? [{ index, activity: p.activity }] : []));
	const before = statesBefore(entries, store);
	const outcomes = processBatch(entries, store, cfg.rules);
	const eventOutputs = new Map<number, EventOutput[]>();
	for (const outcome of outcomes) {
		eventOutputs.set(outcome.index, outcome.events.map((e) => describeEvent(e, cfg.send)));
	}
	const failedConversations = cfg.send
		? await sendEvents.call(this, { items, outcomes, eventOutputs, cfg, continueOnFail, now, timeZone })
		: new Set<string>();
	for (const key of failedConversations) store.set(key, before.get(key) ?? emptyConversationState());
	const storeNote = staticData ? saveWorkflowStore(store, staticData) : undefined;
	const byIndex = new Map<number, BatchOutcome>(outcomes.map((o) => [o.index, o]));
	const run: RunResult = { parsed, store, byIndex, eventOutputs, failedConversations, storeNote };
	return items.map((item, index) => ({ json: outputJson(item.json, index, run, cfg), pairedItem: { item: index } }));
}

/** Every item read as an activity; with a bad one and no Continue On Fail nothing is processed. */
function parseItems(context: IExecuteFunctions, items: INodeExecutionData[], cfg: Config, now: number, timeZone: string): Parsed[] {
	const parsed = items.map((item) => parseItem(item.json, cfg, now, timeZone));
	const bad = parsed.filter((p) => p.error);
	if (bad.length && !context.continueOnFail()) {
		const first = parsed.findIndex((p) => p.error);
		throw new NodeOperationError(context.getNode(), `Item ${first} is not a usable activity: ${parsed[first].error}`, {
			itemIndex: first,
			description: `${bad.length} of ${items.length} item(s) cannot be used; nothing was processed or sent. Fix the Input Fields mapping, or turn on "Continue On Fail" to process the valid items and get the others back with an error.`,
		});
	}
	return parsed;
}

/** States before this run, so a conversation whose events TikTok did not take can be left as it was. */
function statesBefore(entries: Array<{ activity: Activity }>, store: Store): Map<string, ConversationState | undefined> {
	const before = new Map<string, ConversationState | undefined>();
	for (const { activity } of entries) {
		const key = conversationKey(activity.pageId, activity.customerId);
		if (!before.has(key)) before.set(key, store.get(key));
	}
	return before;
}

/** Writes the workflow store back (after eviction); says what was evicted, if anything. */
function saveWorkflowStore(store: Store, staticData: IDataObject): IDataObject | undefined {
	if (!(store instanceof BoundedConversationStore)) return undefined;
	const eviction: EvictionReport = store.evict();
	staticData[STATIC_KEY] = store.toJSON() as unknown as IDataObject;
	if (eviction.idle + eviction.overCap + eviction.invalid === 0) return undefined;
	return {
		conversationsKept: store.size,
		evictedIdle: eviction.idle,
		evictedOverCap: eviction.overCap,
		droppedInvalid: eviction.invalid,
	};
}

/** The input item with what happened to its activity under `messaging` (and its state, for the item store). */
function outputJson(input: IDataObject, index: number, run: RunResult, cfg: Config): IDataObject {
	const json: IDataObject = { ...input };
	const messaging: IDataObject = {};
	const outcome = run.byIndex.get(index);
	if (!outcome) {
		messaging.error = run.parsed[index].error;
	} else {
		messaging.conversation = outcome.conversationKey;
		messaging.activity = run.parsed[index].activity?.type;
		messaging.events = run.eventOutputs.get(index) ?? [];
		messaging.reasons = outcome.reasons.slice();
		messaging.duplicate = outcome.duplicate;
		if (run.failedConversations.has(outcome.conversationKey)) {
			(messaging.reasons as string[]).push(
				'TikTok did not take an event of this conversation, so its state was left as before this run: running these activities again resends it (same event IDs, no double counting)',
			);
		}
		if (cfg.stateStore === 'item') {
			json[cfg.stateField] = (run.store.get(outcome.conversationKey) ?? emptyConversationState()) as unknown as IDataObject;
		}
	}
	if (run.storeNote) messaging.stateStore = run.storeNote;
	json.messaging = messaging;
	return json;
}

function readConfig(this: IExecuteFunctions): Config {
	const fieldParams = this.getNodeParameter('fields', 0, {}) as IDataObject;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	// Checked in this order, so the first problem named is the same whatever else is wrong.
	const eventNames = readEventNames(this);
	const sendOptions = readSendOptions(this, options);
	const target = readTarget(this);
	if (target.send) checkEventNames.call(this, eventNames, target.eventSource);
	const stateStore = readStateStore(this);
	const textField = (key: string, fallback: string) => {
		const value = fieldParams[key];
		return typeof value === 'string' && value.trim() ? value.trim() : fallback;
	};
	return {
		rules: {
			completePaymentOn: this.getNodeParameter('completePaymentOn', 0, 'order_confirmed') as RulesConfig['completePaymentOn'],
			eventNames,
		},
		fields: readActivityFields(fieldParams),
		phoneField: textField('phone', DEFAULT_PHONE_FIELD),
		emailField: textField('email', DEFAULT_EMAIL_FIELD),
		...stateStore,
		recordedField: textField('recordedEventIds', DEFAULT_RECORDED_FIELD),
		...target,
		...sendOptions,
		maxConversations:
			typeof options.maxConversations === 'number' && options.maxConversations >= 1
				? Math.floor(options.maxConversations)
				: DEFAULT_MAX_CONVERSATIONS,
	};
}

function readActivityFields(fieldParams: IDataObject): ActivityFields {
	const fields = { ...DEFAULT_ACTIVITY_FIELDS };
	for (const key of Object.keys(fields) as Array<keyof ActivityFields>) {
		const value = fieldParams[key];
		if (typeof value === 'string' && value.trim()) fields[key] = value.trim();
	}
	return fields;
}

function readEventNames(context: IExecuteFunctions): EventNames {
	const names = context.getNodeParameter('eventNames', 0, {}) as IDataObject;
	const eventNames = { ...DEFAULT_EVENT_NAMES };
	for (const key of Object.keys(eventNames) as Array<keyof EventNames>) {
		const value = names[key];
		if (value === undefined) continue;
		if (typeof value !== 'string' || !value.trim()) {
			throw new NodeOperationError(context.getNode(), `Event name for ${DEFAULT_EVENT_NAMES[key]} is empty`, {
				description: 'Enter a name under Event Names, or remove the entry to use the default.',
			});
		}
		eventNames[key] = value.trim();
	}
	return eventNames;
}

/** Batch size, default country and currency, test event code: checked once, before any item. */
function readSendOptions(
	context: IExecuteFunctions,
	options: IDataObject,
): Pick<Config, 'batchSize' | 'defaultCountry' | 'defaultCurrency' | 'testEventCode'> {
	const batchSize = checkBatchSize(options.batchSize ?? 1000);
	if (!batchSize.ok) {
		throw new NodeOperationError(context.getNode(), batchSize.reason, { description: 'Set Options → Batch Size between 1 and 1000.' });
	}
	const defaultCountry = typeof options.defaultCountry === 'string' ? options.defaultCountry.trim().toUpperCase() : '';
	if (defaultCountry && !isSupportedCountry(defaultCountry)) {
		throw new NodeOperationError(context.getNode(), `Default Country "${defaultCountry.slice(0, 10)}" is not a two-letter country code`, {
			description: 'Use an ISO 3166 code such as VN or US, or remove the option.',
		});
	}
	const defaultCurrency = typeof options.defaultCurrency === 'string' ? options.defaultCurrency.trim() : '';
	if (defaultCurrency) {
		const currency = checkCurrency(defaultCurrency);
		if (!currency.ok) {
			throw new NodeOperationError(context.getNode(), `Default Currency: ${currency.reason}`, {
				description: 'Use an ISO 4217 code such as VND or USD, or remove the option.',
			});
		}
	}
	return {
		testEventCode: typeof options.testEventCode === 'string' && options.testEventCode.trim() ? options.testEventCode.trim() : undefined,
		batchSize: batchSize.size,
		defaultCountry: defaultCountry || undefined,
		defaultCurrency: defaultCurrency ? defaultCurrency.toUpperCase() : undefined,
	};
}

/** Whether to send, and to which pixel or event set. */
function readTarget(context: IExecuteFunctions): Pick<Config, 'send' | 'eventSource' | 'eventSourceId'> {
	const send = context.getNodeParameter('send', 0, true) as boolean;
	const eventSourceId = send
		? String(context.getNodeParameter('eventSourceId', 0, '', { extractValue: true }) ?? '').trim()
		: '';
	if (send && !eventSourceId) {
		throw new NodeOperationError(context.getNode(), 'Pixel or Event Set is empty', {
			description: 'Pick the event set that receives the events, or turn off Send to TikTok.',
		});
	}
	return { send, eventSource: context.getNodeParameter('eventSource', 0, 'web') as EventSource, eventSourceId };
}

function readStateStore(context: IExecuteFunctions): Pick<Config, 'stateStore' | 'stateField'> {
	const stateStore = context.getNodeParameter('stateStore', 0, 'workflow') as Config['stateStore'];
	const stateField =
		stateStore === 'item' ? String(context.getNodeParameter('stateField', 0, DEFAULT_STATE_FIELD)).trim() : DEFAULT_STATE_FIELD;
	if (!stateField) {
		throw new NodeOperationError(context.getNode(), 'State Field is empty', {
			description: 'Name the item field that holds each conversation’s state (e.g. messagingState).',
		});
	}
	return { stateStore, stateField };
}

const RULE_LABELS: Record<keyof EventNames, string> = {
	conversation: 'Conversation',
	validConversation: 'Valid Conversation',
	initiateCheckout: 'InitiateCheckout',
	completePayment: 'CompletePayment',
};

/**
 * A name TikTok refuses for this source would be refused for every conversation while the rules still mark it
 * fired, so a later fix could never resend those events: stop before any state changes instead.
 */
function checkEventNames(this: IExecuteFunctions, names: EventNames, eventSource: EventSource): void {
	const problems = (Object.keys(names) as Array<keyof EventNames>).flatMap((key) => {
		const check = checkEventName(eventSource, names[key]);
		return check.ok ? [] : [{ key, name: names[key], reason: check.reason }];
	});
	if (!problems.length) return;
	const offline = eventSource === 'offline' && problems.some((p) => !/letter case/.test(p.reason));
	const list = problems.map((p) => `"${p.name}" (${RULE_LABELS[p.key]})`).join(', ');
	throw new NodeOperationError(
		this.getNode(),
		offline
			? `Offline event sets accept TikTok standard event names only, and ${list} ${problems.length === 1 ? 'is' : 'are'} not`
			: `TikTok would reject the event name${problems.length === 1 ? '' : 's'} ${list}: ${problems.map((p) => p.reason).join('; ')}`,
		{
			description: offline
				? 'Under Event Names, rename them to standard events (e.g. Conversation → Contact, Valid Conversation → Lead), or set Event Source to Web (Pixel), which takes custom names, or turn off Send to TikTok. Nothing was processed, so no conversation state changed.'
				: 'Fix the spelling under Event Names (TikTok names are case-sensitive), or turn off Send to TikTok. Nothing was processed, so no conversation state changed.',
		},
	);
}

function parseItem(json: IDataObject, cfg: Config, now: number, timeZone: string): Parsed {
	const result = parseActivity(json, cfg.fields, now, timeZone);
	if (!result.activity) return { error: result.error };
	if (cfg.stateStore !== 'item') return { activity: result.activity };
	const raw = readPath(json, cfg.stateField);
	if (raw === undefined || raw === null || raw === '') return { activity: result.activity };
	const state = parseConversationState(raw);
	if (!state.state) return { error: `field "${cfg.stateField}" does not hold a messaging state: ${state.error}` };
	return { activity: result.activity, state: state.state };
}

/** Items of one conversation normally carry the same state; if not, the most advanced one wins. */
function loadItemStore(parsed: Parsed[]): MapConversationStore {
	const store = new MapConversationStore();
	for (const p of parsed) {
		if (!p.activity || !p.state) continue;
		const key = conversationKey(p.activity.pageId, p.activity.customerId);
		const current = store.get(key);
		if (!current || p.state.last > current.last) store.set(key, p.state);
	}
	return store;
}

