import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readPath } from '../../../TikTokAds/fieldPath';
import { isSupportedCountry } from '../../../TikTokAds/identity';
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

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const cfg = readConfig.call(this);
	const continueOnFail = this.continueOnFail();
	const now = Date.now();
	const timeZone = this.getTimezone();

	if (cfg.stateStore === 'activityLog') {
		return await executeActivityLog.call(this, items, cfg, { continueOnFail, now, timeZone });
	}
	const parsed = items.map((item) => parseItem(item.json, cfg, now, timeZone));
	const bad = parsed.filter((p) => p.error);
	if (bad.length && !continueOnFail) {
		const first = parsed.findIndex((p) => p.error);
		throw new NodeOperationError(this.getNode(), `Item ${first} is not a usable activity: ${parsed[first].error}`, {
			itemIndex: first,
			description: `${bad.length} of ${items.length} item(s) cannot be used; nothing was processed or sent. Fix the Input Fields mapping, or turn on "Continue On Fail" to process the valid items and get the others back with an error.`,
		});
	}

	const staticData = cfg.stateStore === 'workflow' ? this.getWorkflowStaticData('node') : undefined;
	const store: ConversationStore & { get(key: string): ConversationState | undefined } = staticData
		? new BoundedConversationStore(staticData[STATIC_KEY], cfg.maxConversations)
		: loadItemStore(parsed);
	const entries = parsed.flatMap((p, index) => (p.activity ? [{ index, activity: p.activity }] : []));
	// States before this run, so a conversation whose events TikTok did not take can be left as it was.
	const before = new Map<string, ConversationState | undefined>();
	for (const { activity } of entries) {
		const key = conversationKey(activity.pageId, activity.customerId);
		if (!before.has(key)) before.set(key, store.get(key));
	}

	const outcomes = processBatch(entries, store, cfg.rules);
	const byIndex = new Map<number, BatchOutcome>(outcomes.map((o) => [o.index, o]));
	const eventOutputs = new Map<number, EventOutput[]>();
	for (const outcome of outcomes) {
		eventOutputs.set(outcome.index, outcome.events.map((e) => describeEvent(e, cfg.send)));
	}
	const failedConversations = cfg.send
		? await sendEvents.call(this, items, outcomes, eventOutputs, cfg, continueOnFail, now, timeZone)
		: new Set<string>();

	for (const key of failedConversations) store.set(key, before.get(key) ?? emptyConversationState());
	let eviction: EvictionReport | undefined;
	if (store instanceof BoundedConversationStore && staticData) {
		eviction = store.evict();
		staticData[STATIC_KEY] = store.toJSON() as unknown as IDataObject;
	}
	const storeNote = eviction && eviction.idle + eviction.overCap + eviction.invalid > 0
		? {
				conversationsKept: (store as BoundedConversationStore).size,
				evictedIdle: eviction.idle,
				evictedOverCap: eviction.overCap,
				droppedInvalid: eviction.invalid,
			}
		: undefined;

	return items.map((item, index) => {
		const p = parsed[index];
		const json: IDataObject = { ...item.json };
		const messaging: IDataObject = {};
		const outcome = byIndex.get(index);
		if (!outcome) {
			messaging.error = p.error;
		} else {
			messaging.conversation = outcome.conversationKey;
			messaging.activity = p.activity?.type;
			messaging.events = eventOutputs.get(index) ?? [];
			messaging.reasons = outcome.reasons.slice();
			messaging.duplicate = outcome.duplicate;
			if (failedConversations.has(outcome.conversationKey)) {
				(messaging.reasons as string[]).push(
					'TikTok did not take an event of this conversation, so its state was left as before this run: running these activities again resends it (same event IDs, no double counting)',
				);
			}
			if (cfg.stateStore === 'item') {
				json[cfg.stateField] = (store.get(outcome.conversationKey) ?? emptyConversationState()) as unknown as IDataObject;
			}
		}
		if (storeNote) messaging.stateStore = storeNote;
		json.messaging = messaging;
		return { json, pairedItem: { item: index } };
	});
}

function readConfig(this: IExecuteFunctions): Config {
	const fieldParams = this.getNodeParameter('fields', 0, {}) as IDataObject;
	const fields = { ...DEFAULT_ACTIVITY_FIELDS };
	for (const key of Object.keys(fields) as Array<keyof ActivityFields>) {
		const value = fieldParams[key];
		if (typeof value === 'string' && value.trim()) fields[key] = value.trim();
	}
	const names = this.getNodeParameter('eventNames', 0, {}) as IDataObject;
	const eventNames = { ...DEFAULT_EVENT_NAMES };
	for (const key of Object.keys(eventNames) as Array<keyof EventNames>) {
		const value = names[key];
		if (value === undefined) continue;
		if (typeof value !== 'string' || !value.trim()) {
			throw new NodeOperationError(this.getNode(), `Event name for ${DEFAULT_EVENT_NAMES[key]} is empty`, {
				description: 'Enter a name under Event Names, or remove the entry to use the default.',
			});
		}
		eventNames[key] = value.trim();
	}
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = checkBatchSize(options.batchSize ?? 1000);
	if (!batchSize.ok) {
		throw new NodeOperationError(this.getNode(), batchSize.reason, { description: 'Set Options → Batch Size between 1 and 1000.' });
	}
	const defaultCountry = typeof options.defaultCountry === 'string' ? options.defaultCountry.trim().toUpperCase() : '';
	if (defaultCountry && !isSupportedCountry(defaultCountry)) {
		throw new NodeOperationError(this.getNode(), `Default Country "${defaultCountry.slice(0, 10)}" is not a two-letter country code`, {
			description: 'Use an ISO 3166 code such as VN or US, or remove the option.',
		});
	}
	const defaultCurrency = typeof options.defaultCurrency === 'string' ? options.defaultCurrency.trim() : '';
	if (defaultCurrency) {
		const currency = checkCurrency(defaultCurrency);
		if (!currency.ok) {
			throw new NodeOperationError(this.getNode(), `Default Currency: ${currency.reason}`, {
				description: 'Use an ISO 4217 code such as VND or USD, or remove the option.',
			});
		}
	}
	const send = this.getNodeParameter('send', 0, true) as boolean;
	const eventSourceId = send
		? String(this.getNodeParameter('eventSourceId', 0, '', { extractValue: true }) ?? '').trim()
		: '';
	if (send && !eventSourceId) {
		throw new NodeOperationError(this.getNode(), 'Pixel or Event Set is empty', {
			description: 'Pick the event set that receives the events, or turn off Send to TikTok.',
		});
	}
	const eventSource = this.getNodeParameter('eventSource', 0, 'web') as EventSource;
	if (send) checkEventNames.call(this, eventNames, eventSource);
	const stateStore = this.getNodeParameter('stateStore', 0, 'workflow') as Config['stateStore'];
	const stateField = stateStore === 'item' ? String(this.getNodeParameter('stateField', 0, DEFAULT_STATE_FIELD)).trim() : DEFAULT_STATE_FIELD;
	if (!stateField) {
		throw new NodeOperationError(this.getNode(), 'State Field is empty', {
			description: 'Name the item field that holds each conversation’s state (e.g. messagingState).',
		});
	}
	const textField = (key: string, fallback: string) => {
		const value = fieldParams[key];
		return typeof value === 'string' && value.trim() ? value.trim() : fallback;
	};
	return {
		rules: {
			completePaymentOn: this.getNodeParameter('completePaymentOn', 0, 'order_confirmed') as RulesConfig['completePaymentOn'],
			eventNames,
		},
		fields,
		phoneField: textField('phone', DEFAULT_PHONE_FIELD),
		emailField: textField('email', DEFAULT_EMAIL_FIELD),
		stateStore,
		stateField,
		recordedField: textField('recordedEventIds', DEFAULT_RECORDED_FIELD),
		send,
		eventSource,
		eventSourceId,
		testEventCode: typeof options.testEventCode === 'string' && options.testEventCode.trim() ? options.testEventCode.trim() : undefined,
		batchSize: batchSize.size,
		defaultCountry: defaultCountry || undefined,
		defaultCurrency: defaultCurrency ? defaultCurrency.toUpperCase() : undefined,
		maxConversations:
			typeof options.maxConversations === 'number' && options.maxConversations >= 1
				? Math.floor(options.maxConversations)
				: DEFAULT_MAX_CONVERSATIONS,
	};
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

