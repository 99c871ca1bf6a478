import { NodeApiError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { describeTikTokCode, failureCode, tikTokApiRequest, TikTokApiError } from '../../shared/transport';
import { chunk } from '../../shared/lists';
import { buildTrackRequest, type EventSource, type TrackEvent } from '../events';

/** A built event and the input item it answers for. */
export interface PendingEvent {
	itemIndex: number;
	event: TrackEvent;
}

export interface SendTrackEventsOptions {
	eventSource: EventSource;
	eventSourceId: string;
	testEventCode?: string;
	/** 1..1000 events per /event/track/ request. */
	batchSize: number;
	/**
	 * true: the first batch TikTok keeps rejecting (after the transport's retries) throws a NodeApiError naming
	 * its first item. false (continue-on-fail): its events are marked failed and the next batch is sent.
	 */
	stopOnBatchFailure: boolean;
}

export type EventSendResult =
	| { status: 'sent'; requestId: string; batch: number }
	| { status: 'failed'; batch: number; code: string | number; message: string; requestId?: string };


/**
 * Sends built events to /event/track/ in order, in requests of at most `batchSize`. Returns one result per
 * event, in input order. Shared by the `send` and `trackMessaging` operations.
 */
export async function sendTrackEvents(
	this: IExecuteFunctions,
	events: PendingEvent[],
	options: SendTrackEventsOptions,
): Promise<EventSendResult[]> {
	const results: EventSendResult[] = [];
	const batches = chunk(events, options.batchSize);
	for (let b = 0; b < batches.length; b++) {
		const batch = batches[b];
		const body = buildTrackRequest(
			batch.map((pending) => pending.event),
			{ eventSource: options.eventSource, eventSourceId: options.eventSourceId, testEventCode: options.testEventCode },
		);
		try {
			const { requestId } = await tikTokApiRequest.call(this, {
				method: 'POST',
				path: '/event/track/',
				body: body as unknown as JsonObject,
				itemIndex: batch[0].itemIndex,
			});
			for (let i = 0; i < batch.length; i++) results.push({ status: 'sent', requestId, batch: b + 1 });
		} catch (error) {
			const fields = error instanceof TikTokApiError ? error : undefined;
			const code = failureCode(error) ?? 'REQUEST_FAILED';
			const message = fields?.tiktokMessage ?? (error as Error | undefined)?.message ?? 'the request failed';
			if (options.stopOnBatchFailure) {
				throw batchError(this, { batch: b + 1, batches: batches.length, first: batch[0].itemIndex, last: batch[batch.length - 1].itemIndex, sent: results.length, code, message, requestId: fields?.requestId });
			}
			for (let i = 0; i < batch.length; i++) {
				results.push({ status: 'failed', batch: b + 1, code, message, requestId: fields?.requestId || undefined });
			}
		}
	}
	return results;
}

function batchError(
	context: IExecuteFunctions,
	d: {
		batch: number;
		batches: number;
		first: number;
		last: number;
		sent: number;
		code: string | number;
		message: string;
		requestId?: string;
	},
): NodeApiError {
	const hint = typeof d.code === 'number' ? describeTikTokCode(d.code) : undefined;
	const sentNote =
		d.sent > 0
			? `The ${d.sent} event(s) of earlier batches were sent.`
			: 'No events were sent before this batch.';
	const error = new NodeApiError(
		context.getNode(),
		{ code: d.code, message: d.message, request_id: d.requestId ?? null } as JsonObject,
		{
			message: `TikTok rejected batch ${d.batch} of ${d.batches} (items ${d.first}–${d.last}) with code ${d.code}: ${d.message}`,
			description: [
				hint,
				sentNote,
				'Turn on "Continue On Fail" (Settings → On Error) to mark this batch failed and keep sending the others.',
				d.requestId ? `TikTok request id: ${d.requestId}` : undefined,
			]
				.filter(Boolean)
				.join(' '),
			itemIndex: d.first,
			httpCode: String(d.code),
		},
	);
	return error;
}
