import { compareEntries, processBatch, type BatchEntry, type BatchOutcome } from './driver';
import { conversationKey } from './rules';
import { MapConversationStore } from './store';
import { DEFAULT_RULES_CONFIG, type FiredEvent, type RulesConfig } from './types';

/**
 * The activity-log store: a conversation's events are recomputed from its whole append-only log of activities,
 * and only events whose id is not yet recorded as sent are handed out. Nothing read-modify-writes shared state,
 * so executions running at the same time cannot overwrite each other; the last one to append an activity reads
 * every activity, so nothing is lost. Two executions may both hand out one event: it carries the same
 * deterministic event_id, which TikTok deduplicates.
 */

export interface OutstandingEvent {
	/** Log entry whose activity fired the event (its item supplies phone and email). */
	index: number;
	event: FiredEvent;
}

export interface ConversationReplay {
	conversationKey: string;
	pageId: string;
	customerId: string;
	/** Log entry latest in time order (its reasons say where the conversation stands). */
	latestIndex: number;
	/** Log entries of this conversation (input indexes), in input order. */
	indexes: number[];
	/** Every event the whole log gives, in time order. */
	fired: FiredEvent[];
	/** Fired events whose id is not recorded yet: the ones to send now. */
	outstanding: OutstandingEvent[];
	/** Fired events already recorded as sent. */
	alreadyRecorded: number;
	/** Entries that repeat an earlier entry exactly (e.g. a log row read twice, a webhook delivered twice). */
	repeatedEntries: number;
	/** Per entry, as the rules answered it in time order. */
	outcomes: BatchOutcome[];
}

/** Identity of an activity as the rules see it: two equal keys are the same activity read twice. */
function entryKey(entry: BatchEntry): string {
	const a = entry.activity;
	return JSON.stringify([a.type, a.time, a.id ?? '', a.order ?? null, a.click ?? null]);
}

/** Replays one conversation's log (entries of one page + customer) against the recorded event ids. */
export function replayConversation(
	entries: BatchEntry[],
	recorded: ReadonlySet<string>,
	cfg: RulesConfig = DEFAULT_RULES_CONFIG,
): ConversationReplay {
	const seen = new Set<string>();
	const unique = entries.filter((entry) => {
		const key = entryKey(entry);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	const outcomes = processBatch(unique, new MapConversationStore(), cfg);
	const fired: FiredEvent[] = [];
	const outstanding: OutstandingEvent[] = [];
	let alreadyRecorded = 0;
	for (const outcome of outcomes) {
		for (const event of outcome.events) {
			fired.push(event);
			if (recorded.has(event.eventId)) alreadyRecorded++;
			else outstanding.push({ index: outcome.index, event });
		}
	}
	fired.sort((a, b) => a.time - b.time);
	outstanding.sort((a, b) => a.event.time - b.event.time);
	const first = entries[0]?.activity;
	const latest = unique.slice().sort(compareEntries).pop();
	return {
		conversationKey: first ? conversationKey(first.pageId, first.customerId) : '',
		pageId: first?.pageId ?? '',
		customerId: first?.customerId ?? '',
		latestIndex: latest?.index ?? -1,
		indexes: entries.map((e) => e.index),
		fired,
		outstanding,
		alreadyRecorded,
		repeatedEntries: entries.length - unique.length,
		outcomes,
	};
}

/** Splits a log into conversations (in order of first appearance) and replays each. */
export function replayActivityLog(
	entries: BatchEntry[],
	recorded: ReadonlySet<string>,
	cfg: RulesConfig = DEFAULT_RULES_CONFIG,
): ConversationReplay[] {
	const groups = new Map<string, BatchEntry[]>();
	for (const entry of entries) {
		const key = conversationKey(entry.activity.pageId, entry.activity.customerId);
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	}
	return [...groups.values()].map((group) => replayConversation(group, recorded, cfg));
}

/** Event ids written in a record row: one id, or several separated by commas, spaces or new lines. */
export function parseRecordedEventIds(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(parseRecordedEventIds);
	if (typeof value !== 'string') return [];
	return value.split(/[\s,;]+/).filter((id) => id !== '');
}
