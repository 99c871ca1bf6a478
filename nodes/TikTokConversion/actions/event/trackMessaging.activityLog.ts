import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readPath } from '../../../shared/fieldPath';
import {
	parseActivity,
	parseRecordedEventIds,
	replayActivityLog,
	type BatchEntry,
	type BatchOutcome,
	type ConversationReplay,
} from '../../messaging';
import { describeEvent, sendEvents, type EventOutput, type TrackMessagingConfig } from './trackMessaging.send';

/** Activity type of the rows that record event ids already sent (appended by the flow after this node). */
export const RECORD_ROW_TYPE = 'event_sent';

interface LogRows {
	entries: BatchEntry[];
	recorded: Set<string>;
	errors: Array<{ index: number; error: string }>;
}

function readLog(items: INodeExecutionData[], cfg: TrackMessagingConfig, now: number, timeZone: string): LogRows {
	const rows: LogRows = { entries: [], recorded: new Set(), errors: [] };
	items.forEach((item, index) => {
		const rawType = readPath(item.json, cfg.fields.type);
		if (typeof rawType === 'string' && rawType.trim().toLowerCase() === RECORD_ROW_TYPE) {
			const ids = parseRecordedEventIds(readPath(item.json, cfg.recordedField));
			if (!ids.length) rows.errors.push({ index, error: `${RECORD_ROW_TYPE} row without event ids in field "${cfg.recordedField}"` });
			for (const id of ids) rows.recorded.add(id);
			return;
		}
		const parsed = parseActivity(item.json, cfg.fields, now, timeZone);
		if (parsed.activity) rows.entries.push({ index, activity: parsed.activity });
		else rows.errors.push({ index, error: parsed.error });
	});
	return rows;
}

interface RunContext {
	continueOnFail: boolean;
	now: number;
	timeZone: string;
}

/**
 * Activity Log store: the input is a conversation log (activities plus rows recording the event ids already
 * sent). Every conversation is replayed from its whole log; events not recorded yet are sent, and their ids are
 * output for the flow to append to the log. One output item per conversation (see messaging/log.ts).
 */
export async function executeActivityLog(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	cfg: TrackMessagingConfig,
	ctx: RunContext,
): Promise<INodeExecutionData[]> {
	const log = readLog(items, cfg, ctx.now, ctx.timeZone);
	if (log.errors.length && !ctx.continueOnFail) {
		const [first] = log.errors;
		throw new NodeOperationError(this.getNode(), `Log row ${first.index} is not usable: ${first.error}`, {
			itemIndex: first.index,
			description: `${log.errors.length} of ${items.length} log row(s) cannot be used; nothing was sent. Fix the Input Fields mapping (record rows have type "${RECORD_ROW_TYPE}" and their ids in "${cfg.recordedField}"), or turn on "Continue On Fail" to process the valid rows and get the others back with an error.`,
		});
	}
	const replays = replayActivityLog(log.entries, log.recorded, cfg.rules);
	const outputs = new Map<ConversationReplay, EventOutput[]>();
	const outcomes: BatchOutcome[] = [];
	const eventOutputs = new Map<number, EventOutput[]>();
	for (const replay of replays) {
		const described = replay.outstanding.map(({ event }) => describeEvent(event, cfg.send));
		outputs.set(replay, described);
		replay.outstanding.forEach(({ index, event }, i) => {
			let outcome = outcomes.find((o) => o.index === index);
			if (!outcome) {
				outcome = { index, conversationKey: replay.conversationKey, events: [], reasons: [], duplicate: false };
				outcomes.push(outcome);
				eventOutputs.set(index, []);
			}
			outcome.events.push(event);
			eventOutputs.get(index)?.push(described[i]);
		});
	}
	if (cfg.send && outcomes.length) {
		await sendEvents.call(this, { items, outcomes, eventOutputs, cfg, continueOnFail: ctx.continueOnFail, now: ctx.now, timeZone: ctx.timeZone });
	}
	const out = replays.map((replay) => conversationItem(items, replay, outputs.get(replay) ?? []));
	for (const { index, error } of log.errors) {
		out.push({ json: { ...items[index].json, messaging: { error, events: [], recordEventIds: [] } }, pairedItem: { item: index } });
	}
	return out;
}

/** Sent, skipped (Send off: handed to the flow) and refused-for-good events are done; failed ones are retried. */
const DONE = new Set(['sent', 'skipped', 'rejected']);

function conversationItem(items: INodeExecutionData[], replay: ConversationReplay, events: EventOutput[]): INodeExecutionData {
	const latest = replay.outcomes.find((o) => o.index === replay.latestIndex);
	const reasons = latest ? latest.reasons.slice() : [];
	if (events.some((e) => !DONE.has(String(e.status)))) {
		reasons.push('TikTok did not take an event of this conversation: its id is not recorded, so the next activity of this conversation sends it again (same event ID, no double counting)');
	}
	const messaging: IDataObject = {
		conversation: replay.conversationKey,
		events,
		recordEventIds: events.filter((e) => DONE.has(String(e.status))).map((e) => e.eventId),
		firedInLog: replay.fired.length,
		alreadyRecorded: replay.alreadyRecorded,
		activities: replay.indexes.length - replay.repeatedEntries,
		repeatedRows: replay.repeatedEntries,
		reasons,
	};
	return {
		json: { pageId: replay.pageId, customerId: replay.customerId, conversation: replay.conversationKey, messaging },
		pairedItem: replay.indexes.map((item) => ({ item })),
	};
}
