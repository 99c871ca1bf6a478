import { sha256Hex } from '../../shared/identity';
import type { EventSource } from './standardEvents';
import type { TrackEvent } from './types';

/**
 * The fields the default event id is derived from, in hashing order (README "TikTok Conversion Event" lists the
 * same). Where: the source and its pixel / event set. What: name, time in seconds, order id, value, currency,
 * content ids, search string, page URL. Who: every customer key as sent (hashed emails, phones and external ids,
 * ttclid, ttp, IP, user agent, IDFA, GAID, lead id, app id). Left out on purpose, because they describe an event
 * rather than tell two events apart: description, content names / prices / quantities, content type, referrer.
 */
export const EVENT_ID_FIELDS = [
	'event_source',
	'event_source_id',
	'event',
	'event_time',
	'properties.order_id',
	'properties.value',
	'properties.currency',
	'properties.contents[].content_id',
	'properties.search_string',
	'page.url',
	'user.email',
	'user.phone',
	'user.external_id',
	'user.ttclid',
	'user.ttp',
	'user.ip',
	'user.user_agent',
	'user.idfa',
	'user.gaid',
	'lead.lead_id',
	'app.app_id',
] as const;

/**
 * A default `event_id` that depends only on what the event says, so re-sending the same input (a re-run after a
 * partial failure) gives the same ids and TikTok, which deduplicates on event_source_id + event_id + event, counts
 * each event once. The price: two events that agree on every field above, time to the second included, get one id
 * and TikTok keeps one of them. Same shape as the Track Messaging ids: 32 hex characters of a SHA-256.
 */
export function contentEventId(
	event: TrackEvent,
	source: { eventSource: EventSource; eventSourceId: string },
): string {
	const user = event.user ?? {};
	const props = event.properties ?? {};
	const parts: unknown[] = [
		source.eventSource,
		source.eventSourceId,
		event.event,
		event.event_time,
		props.order_id,
		props.value,
		props.currency,
		props.contents?.map((c) => c.content_id ?? null),
		props.search_string,
		event.page?.url,
		user.email,
		user.phone,
		user.external_id,
		user.ttclid,
		user.ttp,
		user.ip,
		user.user_agent,
		user.idfa,
		user.gaid,
		event.lead?.lead_id,
		event.app?.app_id,
	];
	// JSON keeps field boundaries unambiguous ("a","bc" ≠ "ab","c"); absent fields hash as null.
	return sha256Hex(JSON.stringify(parts.map((p) => p ?? null))).slice(0, 32);
}

export interface SentEventRef {
	itemIndex: number;
	eventSourceId: string;
	event: TrackEvent;
}

export interface RepeatedEventId {
	/** The first item of the run with this event source id + event + event id. */
	firstItem: number;
	/** How many items of the run share it (2 or more). */
	count: number;
}

/**
 * Items whose TikTok dedup key (event_source_id + event_id + event) is also used by another item of the same run:
 * TikTok keeps one of them. Keyed by item index; items with a unique key are absent.
 */
export function findRepeatedEventIds(events: readonly SentEventRef[]): Map<number, RepeatedEventId> {
	const first = new Map<string, number>();
	const groups = new Map<string, number[]>();
	for (const { itemIndex, eventSourceId, event } of events) {
		if (event.event_id === undefined) continue;
		// Length prefixes keep the three parts apart whatever characters they hold.
		const key = `${eventSourceId.length}:${eventSourceId}${event.event.length}:${event.event}${event.event_id}`;
		const firstItem = first.get(key);
		if (firstItem === undefined) {
			first.set(key, itemIndex);
			continue;
		}
		const list = groups.get(key);
		if (list) list.push(itemIndex);
		else groups.set(key, [firstItem, itemIndex]);
	}
	const repeated = new Map<number, RepeatedEventId>();
	for (const items of groups.values()) {
		const info = { firstItem: items[0], count: items.length };
		for (const itemIndex of items) repeated.set(itemIndex, info);
	}
	return repeated;
}
