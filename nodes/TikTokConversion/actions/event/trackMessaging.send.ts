import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { buildTrackEvent, type EventSource } from '../../events';
import { readPath } from '../../../shared/fieldPath';
import type { ActivityFields, BatchOutcome, FiredEvent, RulesConfig } from '../../messaging';
import { sendTrackEvents, type PendingEvent } from '../sendTrackEvents';

/** Track Messaging Ads settings, read once per run (see trackMessaging.operation.ts readConfig). */
export interface TrackMessagingConfig {
	rules: RulesConfig;
	fields: ActivityFields;
	phoneField: string;
	emailField: string;
	stateStore: 'workflow' | 'item' | 'activityLog';
	stateField: string;
	/** Activity log: field of record rows holding the event ids already sent. */
	recordedField: string;
	send: boolean;
	eventSource: EventSource;
	eventSourceId: string;
	testEventCode?: string;
	batchSize: number;
	defaultCountry?: string;
	defaultCurrency?: string;
	maxConversations: number;
}

export type EventOutput = IDataObject & { status?: string };

export function describeEvent(event: FiredEvent, send: boolean): EventOutput {
	const out: EventOutput = {
		name: event.name,
		eventId: event.eventId,
		time: new Date(event.time).toISOString(),
		rule: event.rule,
	};
	if (event.orderId !== undefined) out.orderId = event.orderId;
	if (event.value !== undefined) out.value = event.value;
	if (event.currency !== undefined) out.currency = event.currency;
	if (!send) out.status = 'skipped';
	return out;
}

/** One run's fired events, ready to be built and sent. */
export interface SendEventsRun {
	items: INodeExecutionData[];
	outcomes: BatchOutcome[];
	/** Per input item, the output entry of each of its fired events (statuses are filled in here). */
	eventOutputs: Map<number, EventOutput[]>;
	cfg: TrackMessagingConfig;
	continueOnFail: boolean;
	now: number;
	timeZone: string;
}

interface Target {
	out: EventOutput;
	conversation: string;
}

/**
 * Builds and sends every fired event; fills in each event's status. Returns the conversations with an event that
 * TikTok did not take (their state is then not advanced, so a rerun resends). Events the builder refuses (e.g. an
 * activity older than TikTok's 28 days) would be refused again on a rerun: they count as handled. Names are
 * checked before anything runs (checkEventNames).
 */
export async function sendEvents(this: IExecuteFunctions, run: SendEventsRun): Promise<Set<string>> {
	const { pending, targets } = buildEvents(run);
	const failed = new Set<string>();
	if (!pending.length) return failed;
	const { cfg } = run;
	const results = await sendTrackEvents.call(this, pending, {
		eventSource: cfg.eventSource,
		eventSourceId: cfg.eventSourceId,
		testEventCode: cfg.testEventCode,
		batchSize: cfg.batchSize,
		stopOnBatchFailure: !run.continueOnFail,
	});
	results.forEach((result, i) => {
		const { out, conversation } = targets[i];
		if (result.status === 'sent') {
			Object.assign(out, { status: 'sent', requestId: result.requestId, batch: result.batch });
		} else {
			failed.add(conversation);
			Object.assign(out, {
				status: 'failed',
				error: `TikTok rejected batch ${result.batch} with code ${result.code}: ${result.message}`,
				batch: result.batch,
				...(result.requestId ? { requestId: result.requestId } : {}),
			});
		}
	});
	return failed;
}

/** The events the builder accepts, each with the output entry its send status goes to; refusals are marked. */
function buildEvents(run: SendEventsRun): { pending: PendingEvent[]; targets: Target[] } {
	const pending: PendingEvent[] = [];
	const targets: Target[] = [];
	for (const outcome of run.outcomes) {
		const json = run.items[outcome.index].json;
		outcome.events.forEach((event, i) => {
			const out = (run.eventOutputs.get(outcome.index) ?? [])[i];
			const built = buildOne(run, json, event, out);
			if (!built) return;
			pending.push({ itemIndex: outcome.index, event: built });
			targets.push({ out, conversation: outcome.conversationKey });
		});
	}
	return { pending, targets };
}

function buildOne(run: SendEventsRun, json: IDataObject, event: FiredEvent, out: EventOutput): PendingEvent['event'] | undefined {
	const { cfg } = run;
	let value = event.value;
	let currency = event.currency ?? (value !== undefined ? cfg.defaultCurrency : undefined);
	const warnings: string[] = [];
	if (value !== undefined && !currency) {
		warnings.push('value not sent: the order has no currency (set Options → Default Currency)');
		value = undefined;
		currency = undefined;
	}
	const built = buildTrackEvent(
		{
			event: event.name,
			eventTime: event.time,
			eventId: event.eventId,
			email: readPath(json, cfg.emailField),
			phone: readPath(json, cfg.phoneField),
			ttclid: event.click.ttclid,
			value,
			currency,
			orderId: event.orderId,
		},
		{ eventSource: cfg.eventSource, nowMs: run.now, timeZone: run.timeZone, defaultCountry: cfg.defaultCountry },
	);
	warnings.push(...built.warnings);
	if (warnings.length) out.warnings = warnings;
	if (!built.ok) {
		out.status = 'rejected';
		out.error = built.errors.join('; ');
		return undefined;
	}
	out.eventTime = built.event.event_time;
	return built.event;
}
