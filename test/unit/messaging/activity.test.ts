import {
	DEFAULT_ACTIVITY_FIELDS,
	parseActivity,
	parseTimestamp,
	type ActivityFields,
} from '../../../nodes/TikTokConversion/messaging';

const base = { pageId: '1057', customerId: '7788', timestamp: 1714550400 };

describe('parseTimestamp', () => {
	test.each([
		['Unix seconds', 1714550400, 1714550400000],
		['Unix seconds as string', '1714550400', 1714550400000],
		['Unix milliseconds', 1714550400123, 1714550400123],
		['ISO with Z', '2024-05-01T08:00:00Z', 1714550400000],
		['ISO with offset', '2024-05-01T15:00:00+07:00', 1714550400000],
		['ISO without offset is UTC', '2024-05-01T08:00:00', 1714550400000],
		['Date object', new Date(1714550400000), 1714550400000],
	])('%s', (_n, input, expected) => {
		expect(parseTimestamp(input)).toBe(expected);
	});

	test('ISO without offset is read in the given time zone', () => {
		expect(parseTimestamp('2024-05-01T15:00:00', 'Asia/Ho_Chi_Minh')).toBe(1714550400000);
		expect(parseTimestamp('2024-05-01T15:00:00Z', 'Asia/Ho_Chi_Minh')).toBe(Date.UTC(2024, 4, 1, 15));
		expect(parseTimestamp(1714550400, 'Asia/Ho_Chi_Minh')).toBe(1714550400000);
		// 02:30 on the spring-forward night in New York does not exist; 01:30 exists once (EDT starts at 02:00).
		expect(parseTimestamp('2024-03-10T01:30:00', 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 6, 30));
		expect(parseTimestamp('2024-07-01T12:00:00', 'America/New_York')).toBe(Date.UTC(2024, 6, 1, 16, 0));
		expect(parseTimestamp('2024-05-01T15:00:00', 'Mars/Olympus')).toBeUndefined();
	});

	test.each([['empty', ''], ['garbage', 'yesterday'], ['zero', 0], ['negative', -5], ['object', {}]])(
		'rejects %s',
		(_n, input) => {
			expect(parseTimestamp(input)).toBeUndefined();
		},
	);
});

describe('parseActivity', () => {
	test('reads a Messenger-style customer message with defaults', () => {
		expect(parseActivity({ ...base, type: 'customer_message', id: 'm_1' })).toEqual({
			activity: {
				type: 'customer_message',
				pageId: '1057',
				customerId: '7788',
				time: 1714550400000,
				id: 'm_1',
			},
		});
	});

	test('normalises the type spelling', () => {
		expect(parseActivity({ ...base, type: 'Customer Message' }).activity?.type).toBe('customer_message');
		expect(parseActivity({ ...base, type: 'ref-click' }).activity?.type).toBe('ref_click');
	});

	test('a ref_click keeps ttclid and the ref (string or object of ids)', () => {
		expect(parseActivity({ ...base, type: 'ref_click', ttclid: 'E.C.P.x', ref: 'tt_ad_1' }).activity?.click).toEqual({
			ttclid: 'E.C.P.x',
			ref: 'tt_ad_1',
		});
		expect(
			parseActivity({ ...base, type: 'ref_click', ref: { ad_id: 1800000000000001, campaign_id: '17', nested: { x: 1 } } })
				.activity?.click,
		).toEqual({ ad_id: '1800000000000001', campaign_id: '17' });
	});

	test('orders carry id, value and currency', () => {
		expect(
			parseActivity({ ...base, type: 'order_created', orderId: 1001, value: '250000', currency: 'vnd' }).activity?.order,
		).toEqual({ id: '1001', value: 250000, currency: 'VND' });
	});

	test('custom field names with dot notation', () => {
		const fields: ActivityFields = {
			...DEFAULT_ACTIVITY_FIELDS,
			type: 'event',
			pageId: 'recipient.id',
			customerId: 'sender.id',
			timestamp: 'ts',
			activityId: 'message.mid',
		};
		const parsed = parseActivity(
			{ event: 'page_message', recipient: { id: 'P' }, sender: { id: 'C' }, ts: '2024-05-01T08:00:00Z', message: { mid: 'mid.1' } },
			fields,
		);
		expect(parsed.activity).toMatchObject({ type: 'page_message', pageId: 'P', customerId: 'C', id: 'mid.1' });
	});

	test.each([
		['no type', { ...base }, 'no activity type in field "type"'],
		['unknown type', { ...base, type: 'like' }, 'unknown activity type "like"'],
		['no page', { ...base, pageId: '', type: 'page_message' }, 'no page id in field "pageId"'],
		['no customer', { ...base, customerId: undefined, type: 'page_message' }, 'no customer id'],
		['no timestamp', { ...base, timestamp: null, type: 'page_message' }, 'no timestamp in field "timestamp"'],
		['bad timestamp', { ...base, timestamp: 'soon', type: 'page_message' }, 'is not Unix seconds, Unix milliseconds or ISO 8601'],
		['order without id', { ...base, type: 'order_confirmed' }, 'order_confirmed without an order id'],
		['bad value', { ...base, type: 'order_created', orderId: 'o', value: '1,000' }, 'is not a plain non-negative number'],
		['negative value', { ...base, type: 'order_created', orderId: 'o', value: -1 }, 'is not a plain non-negative number'],
		['bad currency', { ...base, type: 'order_created', orderId: 'o', currency: 'dollars' }, 'is not an ISO 4217 code'],
	])('explains %s', (_n, json, message) => {
		const parsed = parseActivity(json as Record<string, unknown>);
		expect(parsed.activity).toBeUndefined();
		expect(parsed.error).toContain(message);
	});

	test('refuses timestamps more than a day in the future when given the current time', () => {
		const now = 1714550400000;
		expect(parseActivity({ ...base, type: 'page_message', timestamp: now + 2 * 86_400_000 }, undefined, now).error).toContain(
			'more than a day in the future',
		);
		expect(parseActivity({ ...base, type: 'page_message', timestamp: now + 3_600_000 }, undefined, now)).toEqual({
			activity: { type: 'page_message', pageId: '1057', customerId: '7788', time: now + 3_600_000 },
		});
	});
});
