import type { TrackEvent, TrackRequestBody, TrackRequestOptions } from './types';

/** TikTok rejects a whole /event/track/ request above this many events. */
export const MAX_BATCH_SIZE = 1000;

/** The /event/track/ body; test_event_code belongs at the top level, never inside data[]. */
export function buildTrackRequest(events: TrackEvent[], options: TrackRequestOptions): TrackRequestBody {
	const eventSourceId = options.eventSourceId.trim();
	if (eventSourceId === '') throw new Error('Event source ID is empty');
	if (events.length === 0) throw new Error('A track request needs at least one event');
	if (events.length > MAX_BATCH_SIZE) {
		throw new Error(`A track request holds at most ${MAX_BATCH_SIZE} events, got ${events.length}`);
	}
	const body: TrackRequestBody = { event_source: options.eventSource, event_source_id: eventSourceId, data: events };
	const testEventCode = options.testEventCode?.trim();
	if (testEventCode) body.test_event_code = testEventCode;
	const partnerName = options.partnerName?.trim();
	if (partnerName) body.partner_name = partnerName;
	return body;
}

export type BatchSizeCheck = { ok: true; size: number } | { ok: false; reason: string };

export function checkBatchSize(raw: unknown): BatchSizeCheck {
	const n = typeof raw === 'string' ? Number(raw) : raw;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_BATCH_SIZE) {
		return { ok: false, reason: `Batch size must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${String(raw)}` };
	}
	return { ok: true, size: n };
}

