import { buildTrackRequest, checkBatchSize } from '../../../nodes/TikTokConversion/events/buildTrackRequest';
import type { TrackEvent } from '../../../nodes/TikTokConversion/events/types';

const ev = (i: number): TrackEvent => ({ event: 'Purchase', event_time: 1_700_000_000 + i, event_id: `e${i}` });

describe('buildTrackRequest', () => {
	it('puts test_event_code and partner_name at the top level, never in data[]', () => {
		const body = buildTrackRequest([ev(1)], {
			eventSource: 'web',
			eventSourceId: ' CABC123 ',
			testEventCode: ' TEST123 ',
			partnerName: 'n8n',
		});
		expect(body).toEqual({
			event_source: 'web',
			event_source_id: 'CABC123',
			test_event_code: 'TEST123',
			partner_name: 'n8n',
			data: [ev(1)],
		});
		expect(body.data[0]).not.toHaveProperty('test_event_code');
	});

	it('omits an empty test code and refuses empty or oversized requests', () => {
		expect(buildTrackRequest([ev(1)], { eventSource: 'crm', eventSourceId: '123', testEventCode: '  ' })).not.toHaveProperty('test_event_code');
		expect(() => buildTrackRequest([], { eventSource: 'web', eventSourceId: 'C1' })).toThrow(/at least one/);
		expect(() => buildTrackRequest([ev(1)], { eventSource: 'web', eventSourceId: ' ' })).toThrow(/empty/);
		const many = Array.from({ length: 1001 }, (_, i) => ev(i));
		expect(() => buildTrackRequest(many, { eventSource: 'web', eventSourceId: 'C1' })).toThrow(/at most 1000/);
	});
});

describe('batching', () => {
	it('checks the batch size option', () => {
		expect(checkBatchSize(1000)).toEqual({ ok: true, size: 1000 });
		expect(checkBatchSize('250')).toEqual({ ok: true, size: 250 });
		expect(checkBatchSize(1001)).toMatchObject({ ok: false, reason: expect.stringMatching(/1 to 1000/) });
		expect(checkBatchSize(0)).toEqual({ ok: false, reason: 'Batch size must be a whole number from 1 to 1000, got 0' });
		expect(checkBatchSize(2.5)).toEqual({ ok: false, reason: 'Batch size must be a whole number from 1 to 1000, got 2.5' });
	});
});
