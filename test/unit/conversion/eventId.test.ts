import { createHash } from 'node:crypto';

import {
	contentEventId,
	EVENT_ID_FIELDS,
	findRepeatedEventIds,
} from '../../../nodes/TikTokConversion/events/eventId';
import type { TrackEvent } from '../../../nodes/TikTokConversion/events/types';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const source = { eventSource: 'web' as const, eventSourceId: 'CPIXEL1' };

const purchase: TrackEvent = {
	event: 'Purchase',
	event_time: 1_715_000_000,
	user: {
		email: [sha('a@example.com')],
		phone: [sha('+84912345678')],
		external_id: [sha('user_1')],
		ttclid: 'E.C.P.x',
		ttp: 'ttp-1',
		ip: '203.0.113.7',
		user_agent: 'Mozilla/5.0',
	},
	properties: {
		value: 120000,
		currency: 'VND',
		order_id: 'ORD-1',
		contents: [{ content_id: 'sku-1', content_name: 'Shoe', price: 60000, quantity: 2 }],
		content_type: 'product',
		description: 'Two shoes',
		search_string: 'shoes',
	},
	page: { url: 'https://shop.example/checkout', referrer: 'https://www.tiktok.com/' },
};

/** Sets the value at a dotted path ("user.ip", "properties.contents[].content_id") on a copy. */
function changed(event: TrackEvent, path: string, value: unknown): TrackEvent {
	const copy = structuredClone(event) as unknown as Record<string, unknown>;
	const keys = path.replace('[]', '.0').split('.');
	let node = copy;
	for (const key of keys.slice(0, -1)) {
		node[key] ??= {};
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
	return copy as unknown as TrackEvent;
}

describe('contentEventId (the default event id)', () => {
	it('is 32 hex characters of a SHA-256 over the documented fields, in their documented order', () => {
		const id = contentEventId(purchase, source);
		expect(id).toMatch(/^[0-9a-f]{32}$/);
		const documented = [
			'web', 'CPIXEL1', 'Purchase', 1_715_000_000, 'ORD-1', 120000, 'VND', ['sku-1'], 'shoes',
			'https://shop.example/checkout', [sha('a@example.com')], [sha('+84912345678')], [sha('user_1')], 'E.C.P.x',
			'ttp-1', '203.0.113.7', 'Mozilla/5.0', null, null, null, null,
		];
		expect(documented).toHaveLength(EVENT_ID_FIELDS.length);
		expect(id).toBe(sha(JSON.stringify(documented)).slice(0, 32));
	});

	it('is the same for the same event content, whatever the run', () => {
		expect(contentEventId(structuredClone(purchase), { ...source })).toBe(contentEventId(purchase, source));
	});

	it.each(EVENT_ID_FIELDS.filter((f) => f !== 'event_source' && f !== 'event_source_id'))(
		'changes when %s changes',
		(field) => {
			const other = changed(purchase, field, field === 'event_time' || field === 'properties.value' ? 1 : 'other');
			expect(contentEventId(other, source)).not.toBe(contentEventId(purchase, source));
		},
	);

	it('changes with the event source and its id', () => {
		const id = contentEventId(purchase, source);
		expect(contentEventId(purchase, { ...source, eventSourceId: 'CPIXEL2' })).not.toBe(id);
		expect(contentEventId(purchase, { eventSource: 'offline', eventSourceId: 'CPIXEL1' })).not.toBe(id);
	});

	it.each(['properties.description', 'properties.content_type', 'properties.contents[].content_name', 'properties.contents[].price', 'properties.contents[].quantity', 'page.referrer'])(
		'ignores %s, which describes an event rather than telling two apart',
		(field) => {
			expect(contentEventId(changed(purchase, field, 'x'), source)).toBe(contentEventId(purchase, source));
		},
	);

	it('keeps field boundaries: moving text from one field to the next gives another id', () => {
		const a = { event: 'Lead', event_time: 1, user: { ttclid: 'ab', ttp: 'c' } } as TrackEvent;
		const b = { event: 'Lead', event_time: 1, user: { ttclid: 'a', ttp: 'bc' } } as TrackEvent;
		expect(contentEventId(a, source)).not.toBe(contentEventId(b, source));
	});
});

describe('findRepeatedEventIds', () => {
	const at = (itemIndex: number, eventSourceId: string, event: string, id?: string) => ({
		itemIndex,
		eventSourceId,
		event: { event, event_time: 1, event_id: id } as TrackEvent,
	});

	it('groups by TikTok’s dedup key: event source id + event id + event name', () => {
		const repeated = findRepeatedEventIds([
			at(0, 'P1', 'Purchase', 'x'),
			at(1, 'P1', 'Purchase', 'y'),
			at(2, 'P1', 'Purchase', 'x'),
			at(3, 'P1', 'AddToCart', 'x'),
			at(4, 'P2', 'Purchase', 'x'),
			at(5, 'P1', 'Purchase', 'x'),
			at(6, 'P1', 'Purchase'),
			at(7, 'P1', 'Purchase'),
		]);
		expect([...repeated.entries()]).toEqual([
			[0, { firstItem: 0, count: 3 }],
			[2, { firstItem: 0, count: 3 }],
			[5, { firstItem: 0, count: 3 }],
		]);
	});

	it('finds 1,001 items mapped to one id in one pass', () => {
		const events = Array.from({ length: 1001 }, (_, i) => at(i, 'P1', 'Purchase', 'same'));
		const repeated = findRepeatedEventIds(events);
		expect(repeated.size).toBe(1001);
		expect(repeated.get(1000)).toEqual({ firstItem: 0, count: 1001 });
	});
});
