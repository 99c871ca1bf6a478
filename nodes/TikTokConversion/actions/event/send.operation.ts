import { randomUUID } from 'node:crypto';

import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { isSupportedCountry } from '../../../TikTokAds/identity';
import { createParameterReader, type ParameterReader } from '../../../TikTokAds/parameters';
import {
	buildTrackEvent,
	checkBatchSize,
	type EventSource,
	type TrackEventInput,
} from '../../events';
import { sendTrackEvents, type PendingEvent } from '../sendTrackEvents';
import { CUSTOM_EVENT, sendDescription } from './send.description';

export const description = sendDescription;

interface ItemOutcome {
	json: IDataObject;
	pending?: PendingEvent & { eventSourceId: string };
}

/** Builds every item first (nothing is sent if a bad item stops the run), then sends in batches. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const eventSource = this.getNodeParameter('eventSource', 0) as EventSource;
	const runOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
	const batchSize = checkBatchSize(runOptions.batchSize ?? 1000);
	if (!batchSize.ok) {
		throw new NodeOperationError(this.getNode(), batchSize.reason, { itemIndex: 0, description: 'Set Options → Batch Size between 1 and 1000.' });
	}
	const testEventCode = typeof runOptions.testEventCode === 'string' ? runOptions.testEventCode : undefined;
	const nowMs = Date.now();
	const timeZone = this.getTimezone();
	// Stable across the transport's retries of this run, so TikTok deduplicates a batch that is sent twice.
	const runId = this.getExecutionId() || randomUUID();

	const read = createParameterReader(this);
	const outcomes: ItemOutcome[] = items.map((_, itemIndex) =>
		buildItem(read, itemIndex, { eventSource, nowMs, timeZone, runId }),
	);

	const rejected = outcomes.filter((o) => !o.pending);
	if (rejected.length && !continueOnFail) {
		const first = outcomes.findIndex((o) => !o.pending);
		throw new NodeOperationError(this.getNode(), `Item ${first} cannot be sent: ${String(outcomes[first].json.error)}`, {
			itemIndex: first,
			description: `${rejected.length} of ${items.length} item(s) cannot be sent; nothing was sent to TikTok. Fix the mapped fields, or turn on "Continue On Fail" to send the valid items and get the others back as "rejected".`,
		});
	}

	// Items may map different pixels / event sets: one request stream per event source ID, order kept inside.
	const groups = new Map<string, PendingEvent[]>();
	for (const outcome of outcomes) {
		if (!outcome.pending) continue;
		const list = groups.get(outcome.pending.eventSourceId) ?? [];
		list.push(outcome.pending);
		groups.set(outcome.pending.eventSourceId, list);
	}
	for (const [eventSourceId, pending] of groups) {
		const results = await sendTrackEvents.call(this, pending, {
			eventSource,
			eventSourceId,
			testEventCode,
			batchSize: batchSize.size,
			stopOnBatchFailure: !continueOnFail,
		});
		pending.forEach((p, i) => {
			const json = outcomes[p.itemIndex].json;
			const result = results[i];
			if (result.status === 'sent') {
				Object.assign(json, { status: 'sent', requestId: result.requestId, batch: result.batch });
			} else {
				Object.assign(json, {
					status: 'failed',
					error: `TikTok rejected batch ${result.batch} with code ${result.code}: ${result.message}`,
					code: result.code,
					requestId: result.requestId,
					batch: result.batch,
				});
			}
		});
	}

	return outcomes.map((outcome, itemIndex) => ({ json: outcome.json, pairedItem: { item: itemIndex } }));
}

function buildItem(
	read: ParameterReader,
	itemIndex: number,
	run: { eventSource: EventSource; nowMs: number; timeZone: string; runId: string },
): ItemOutcome {
	const base: IDataObject = { eventSource: run.eventSource };
	try {
		const options = read('options', itemIndex, {}) as IDataObject;
		const input = readInput(read, itemIndex, run.eventSource, options);
		const eventSourceId = String(read('eventSourceId', itemIndex, '', true) ?? '').trim();
		base.eventSourceId = eventSourceId;
		const defaultCountry = typeof options.defaultCountry === 'string' ? options.defaultCountry.trim() : '';
		const problems: string[] = [];
		if (!eventSourceId) problems.push('Pixel or Event Set is empty');
		if (defaultCountry && !isSupportedCountry(defaultCountry)) {
			problems.push(`Default Country "${defaultCountry.slice(0, 10)}" is not a two-letter country code (e.g. VN, US)`);
		}
		const built = buildTrackEvent(input, {
			eventSource: run.eventSource,
			nowMs: run.nowMs,
			timeZone: run.timeZone,
			defaultEventId: `${run.runId}-${itemIndex}`,
			defaultCountry: defaultCountry || undefined,
		});
		if (!built.ok || problems.length) {
			const errors = [...problems, ...(built.ok ? [] : built.errors)];
			return { json: { ...base, ...describeInput(input), status: 'rejected', error: errors.join('; '), errors, ...warningsOf(built.warnings) } };
		}
		const json: IDataObject = {
			...base,
			status: 'pending',
			event: built.event.event,
			eventId: built.event.event_id,
			eventTime: built.event.event_time,
			...warningsOf(built.warnings),
		};
		return { json, pending: { itemIndex, event: built.event, eventSourceId } };
	} catch (error) {
		const message = (error as Error).message ?? String(error);
		return { json: { ...base, status: 'rejected', error: message, errors: [message] } };
	}
}

function readInput(
	read: ParameterReader,
	i: number,
	eventSource: EventSource,
	options: IDataObject,
): TrackEventInput {
	const chosen = read('event', i, '') as string;
	const event = chosen === CUSTOM_EVENT ? read('customEvent', i, '') : chosen;
	const user = read('user', i, {}) as IDataObject;
	const props = read('properties', i, {}) as IDataObject;
	const page = eventSource === 'web' ? (read('page', i, {}) as IDataObject) : {};
	return {
		event,
		eventTime: read('eventTime', i, ''),
		eventId: read('eventId', i, ''),
		email: user.email,
		phone: user.phone,
		externalId: user.externalId,
		ttclid: user.ttclid,
		ttp: user.ttp,
		ip: user.ip,
		userAgent: user.userAgent,
		idfa: user.idfa,
		gaid: user.gaid,
		leadId: eventSource === 'crm' ? read('leadId', i, '') : undefined,
		leadEventSource: options.leadEventSource,
		value: props.value,
		currency: props.currency,
		contentType: props.contentType,
		contents: mergeContents(props.contents, props.contentItems as IDataObject | undefined),
		orderId: props.orderId,
		description: props.description,
		query: props.query,
		url: page.url,
		referrer: page.referrer,
		limitedDataUse: options.limitedDataUse === true,
	};
}

/** JSON contents first, then the items entered field by field; anything unreadable goes to the builder as is. */
function mergeContents(json: unknown, fields: IDataObject | undefined): unknown {
	const fromFields = ((fields?.item as IDataObject[] | undefined) ?? []).map((entry) =>
		Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== '' && v !== null && v !== undefined)),
	);
	if (!fromFields.length) return json;
	if (json === undefined || json === null || (typeof json === 'string' && /^(?:\[\s*\])?$/.test(json.trim()))) {
		return fromFields;
	}
	let parsed = json;
	if (typeof json === 'string') {
		try {
			parsed = JSON.parse(json);
		} catch {
			return json;
		}
	}
	if (Array.isArray(parsed)) return [...parsed, ...fromFields];
	if (parsed && typeof parsed === 'object') return [parsed, ...fromFields];
	return json;
}

function describeInput(input: TrackEventInput): IDataObject {
	const out: IDataObject = {};
	if (typeof input.event === 'string' && input.event.trim()) out.event = input.event.trim();
	if (typeof input.eventId === 'string' && input.eventId.trim()) out.eventId = input.eventId.trim();
	return out;
}

function warningsOf(warnings: string[]): IDataObject {
	return warnings.length ? { warnings } : {};
}
