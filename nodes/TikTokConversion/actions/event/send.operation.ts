import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type NodeExecutionHint,
} from 'n8n-workflow';

import { isSupportedCountry } from '../../../shared/identity';
import { createParameterReader, type ParameterReader } from '../../helpers/parameters';
import {
	buildTrackEvent,
	checkBatchSize,
	findRepeatedEventIds,
	type EventSource,
	type TrackEventInput,
} from '../../events';
import { sendTrackEvents, type PendingEvent } from '../sendTrackEvents';
import { CUSTOM_EVENT, sendDescription } from './send.description';

export const description = sendDescription;

interface ItemOutcome {
	json: IDataObject;
	pending?: PendingEvent & { eventSourceId: string };
	/** No event id and no event time were mapped: a re-run of the same input is not deduplicated. */
	clockOnly?: boolean;
}

export const consumes = 'items';
/** Items that cannot be sent come back marked under Continue On Fail; what is thrown would fail them all. */
export const onError = 'throw';

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
	const run = { eventSource, nowMs: Date.now(), timeZone: this.getTimezone() };

	const read = createParameterReader(this);
	const outcomes: ItemOutcome[] = items.map((_, itemIndex) => buildItem(this, read, itemIndex, run));

	const rejected = outcomes.filter((o) => !o.pending);
	if (rejected.length && !continueOnFail) {
		const first = outcomes.findIndex((o) => !o.pending);
		throw new NodeOperationError(this.getNode(), `Item ${first} cannot be sent: ${String(outcomes[first].json.error)}`, {
			itemIndex: first,
			description: `${rejected.length} of ${items.length} item(s) cannot be sent; nothing was sent to TikTok. Fix the mapped fields, or turn on "Continue On Fail" to send the valid items and get the others back as "rejected".`,
		});
	}
	addRunHints(this, outcomes, markRepeatedEventIds(outcomes));

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

/**
 * TikTok keeps one event per event source + event id + event name, so items of one run that share all three
 * collapse into one. Each such item says so (and names the first item of its group); returns how many there are.
 */
function markRepeatedEventIds(outcomes: ItemOutcome[]): number {
	const pending = outcomes.flatMap((o) => (o.pending ? [o.pending] : []));
	const repeated = findRepeatedEventIds(pending);
	for (const [itemIndex, { firstItem, count }] of repeated) {
		const json = outcomes[itemIndex].json;
		const derived = json.eventIdFrom === 'content' ? ' (no Event ID is mapped and the events are identical in every field the default ID is made from)' : '';
		const warning = `Event ID "${String(json.eventId)}" is used by ${count} items of this run for the same event and ${sourceNoun(json.eventSource)}${derived}; TikTok keeps only one of them`;
		json.warnings = [...((json.warnings as string[] | undefined) ?? []), warning];
		if (itemIndex !== firstItem) json.duplicateOfItem = firstItem;
	}
	return repeated.size;
}

/** The run's summary, shown above the output in the n8n editor (n8n versions without hints simply skip it). */
function addRunHints(context: IExecuteFunctions, outcomes: ItemOutcome[], repeated: number): void {
	if (typeof context.addExecutionHints !== 'function') return;
	const hints: NodeExecutionHint[] = [];
	if (repeated > 0) {
		hints.push({
			type: 'warning',
			location: 'outputPane',
			message: `${repeated} of ${outcomes.length} events share their event ID with another event of this run (same event name and pixel / event set): TikTok keeps one event per ID. See "warnings" and "duplicateOfItem" in the output items.`,
		});
	}
	const clockOnly = outcomes.filter((o) => o.pending && o.clockOnly).length;
	if (clockOnly > 0) {
		hints.push({
			type: 'info',
			location: 'outputPane',
			message: `${clockOnly} event(s) have neither Event ID nor Event Time mapped: they carry the time of this run, so running the same input again counts them again. Map Event Time (or Event ID) to make re-runs safe.`,
		});
	}
	if (hints.length) context.addExecutionHints(...hints);
}

function sourceNoun(eventSource: unknown): string {
	if (eventSource === 'web') return 'pixel';
	if (eventSource === 'app') return 'app';
	return 'event set';
}

function buildItem(
	context: IExecuteFunctions,
	read: ParameterReader,
	itemIndex: number,
	run: { eventSource: EventSource; nowMs: number; timeZone: string },
): ItemOutcome {
	const base: IDataObject = { eventSource: run.eventSource };
	try {
		const get = safeReader(context, read, itemIndex);
		const options = get('options', {}) as IDataObject;
		const input = readInput(get, run.eventSource, options);
		const eventSourceId = String(get('eventSourceId', '', true) ?? '').trim();
		base.eventSourceId = eventSourceId;
		const defaultCountry = typeof options.defaultCountry === 'string' ? options.defaultCountry.trim() : '';
		const problems: string[] = [];
		if (!eventSourceId) problems.push('Pixel or Event Set is empty');
		if (defaultCountry && !isSupportedCountry(defaultCountry)) {
			problems.push(`Default Country "${defaultCountry.slice(0, 10)}" is not a two-letter country code (e.g. VN, US)`);
		}
		const built = buildTrackEvent(input, {
			eventSource: run.eventSource,
			eventSourceId,
			nowMs: run.nowMs,
			timeZone: run.timeZone,
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
			eventIdFrom: built.eventIdFrom,
			eventTime: built.event.event_time,
			...warningsOf(built.warnings),
		};
		const clockOnly = built.eventIdFrom === 'content' && built.timeFrom === 'clock';
		return { json, pending: { itemIndex, event: built.event, eventSourceId }, clockOnly };
	} catch (error) {
		const message = (error as Error).message ?? String(error);
		return { json: { ...base, status: 'rejected', error: message, errors: [message] } };
	}
}

type SafeGet = (name: string, fallback: unknown, extractValue?: boolean) => unknown;

/**
 * n8n resolves a parameter before the node sees it, and throws while doing so for some values (a structure that
 * contains itself overflows its stack): such a failure is reported with the name of the field, not n8n's words.
 */
function safeReader(context: IExecuteFunctions, read: ParameterReader, itemIndex: number): SafeGet {
	return (name, fallback, extractValue) => {
		try {
			return read(name, itemIndex, fallback, extractValue);
		} catch (error) {
			throw new NodeOperationError(context.getNode(), unreadableField(context, name, itemIndex, error), { itemIndex });
		}
	};
}

function unreadableField(context: IExecuteFunctions, name: string, itemIndex: number, error: unknown): string {
	const raw = context.getNode().parameters[name];
	const keys = raw && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
	for (const key of keys) {
		try {
			context.getNodeParameter(`${name}.${key}`, itemIndex);
		} catch (inner) {
			return `${fieldLabel(name, key)} cannot be read: ${whyUnreadable(inner)}`;
		}
	}
	return `${fieldLabel(name)} cannot be read: ${whyUnreadable(error)}`;
}

function whyUnreadable(error: unknown): string {
	const e = error as Error;
	if (e?.name === 'RangeError') {
		return 'the value contains itself (circular) or nests too deeply, so it is not JSON data; map plain fields or a JSON array instead';
	}
	return e?.message ?? String(error);
}

/** "Properties → Contents (JSON)": the names the editor shows. */
function fieldLabel(name: string, key?: string): string {
	const parameter = sendDescription.find((p) => p.name === name);
	const group = parameter?.displayName ?? name;
	if (key === undefined) return group;
	const option = (parameter?.options as Array<{ name?: string; displayName?: string }> | undefined)?.find((o) => o.name === key);
	return `${group} → ${option?.displayName ?? key}`;
}

function readInput(get: SafeGet, eventSource: EventSource, options: IDataObject): TrackEventInput {
	const chosen = get('event', '') as string;
	const event = chosen === CUSTOM_EVENT ? get('customEvent', '') : chosen;
	const user = (get('user', {}) ?? {}) as IDataObject;
	const props = (get('properties', {}) ?? {}) as IDataObject;
	const page = eventSource === 'web' ? ((get('page', {}) ?? {}) as IDataObject) : {};
	return {
		event,
		eventTime: get('eventTime', ''),
		eventId: get('eventId', ''),
		email: user.email,
		phone: user.phone,
		externalId: user.externalId,
		ttclid: user.ttclid,
		ttp: user.ttp,
		ip: user.ip,
		userAgent: user.userAgent,
		idfa: user.idfa,
		gaid: user.gaid,
		leadId: eventSource === 'crm' ? get('leadId', '') : undefined,
		leadEventSource: options.leadEventSource,
		appId: eventSource === 'app' ? get('appId', '') : undefined,
		appName: options.appName,
		appVersion: options.appVersion,
		value: props.value,
		currency: props.currency,
		contentType: props.contentType,
		contents: mergeContents(props.contents, props.contentItems as IDataObject | undefined),
		orderId: props.orderId,
		description: props.description,
		// The parameter keeps its first name ("query") so saved workflows keep their mapping.
		searchString: props.query,
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
