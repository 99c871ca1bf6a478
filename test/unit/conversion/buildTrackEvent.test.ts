import { createHash } from 'node:crypto';
import { buildTrackEvent } from '../../../nodes/TikTokConversion/events/buildTrackEvent';
import type { BuildEventOptions, TrackEventInput } from '../../../nodes/TikTokConversion/events/types';

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const web: BuildEventOptions = { eventSource: 'web', nowMs: NOW, eventSourceId: 'CPIXEL1' };

function ok(input: TrackEventInput, options: Partial<BuildEventOptions> = {}) {
	const r = buildTrackEvent(input, { ...web, ...options });
	if (!r.ok) throw new Error(`expected ok, got: ${r.errors.join('; ')}`);
	return r;
}
function errors(input: TrackEventInput, options: Partial<BuildEventOptions> = {}): string[] {
	const r = buildTrackEvent(input, { ...web, ...options });
	if (r.ok) throw new Error(`expected rejection, got ${JSON.stringify(r.event)}`);
	return r.errors;
}

describe('buildTrackEvent', () => {
	it('builds a complete web event: identifiers hashed, click ids raw, time in seconds', () => {
		const { event, warnings } = ok({
			event: 'Purchase',
			eventTime: '2024-05-10T11:00:00Z',
			eventId: 'order-1001',
			email: ' Alice@Example.COM ',
			phone: '(+1) 213-373-4253',
			externalId: 'user_123',
			ttclid: ' E.C.P.abc ',
			ttp: '2Fabc',
			ip: '203.0.113.7',
			userAgent: 'Mozilla/5.0',
			value: '1,234.50',
			currency: 'usd',
			contentType: 'product',
			contents: '[{"content_id":"sku-1","content_name":"Shoe","price":"617.25","quantity":2}]',
			orderId: 'order-1001',
			description: 'Two shoes',
			searchString: 'shoes',
			url: 'https://shop.example/checkout?x=1',
			referrer: 'https://www.tiktok.com/',
			limitedDataUse: true,
		});
		expect(event).toEqual({
			event: 'Purchase',
			event_time: NOW / 1000 - 3600,
			event_id: 'order-1001',
			user: {
				email: [sha('alice@example.com')],
				phone: [sha('+12133734253')],
				external_id: [sha('user_123')],
				ttclid: 'E.C.P.abc',
				ttp: '2Fabc',
				ip: '203.0.113.7',
				user_agent: 'Mozilla/5.0',
			},
			properties: {
				value: 1234.5,
				currency: 'USD',
				content_type: 'product',
				contents: [{ content_id: 'sku-1', content_name: 'Shoe', price: 617.25, quantity: 2 }],
				order_id: 'order-1001',
				description: 'Two shoes',
				search_string: 'shoes',
			},
			page: { url: 'https://shop.example/checkout?x=1', referrer: 'https://www.tiktok.com/' },
			limited_data_use: true,
		});
		expect(warnings).toEqual([]);
	});

	it('passes already-hashed identifiers through (lowercased) and never double-hashes', () => {
		const digest = sha('bob@example.com');
		const { event } = ok({ event: 'Lead', email: digest.toUpperCase(), phone: digest, externalId: digest });
		expect(event.user).toEqual({ email: [digest], phone: [digest], external_id: [digest] });
	});

	it('splits lists, de-duplicates, drops empty values silently and invalid ones with a warning that does not echo the value', () => {
		const { event, warnings } = ok(
			{
				event: 'Lead',
				email: ['a@x.com; A@X.com', '', 'not-an-email', null],
				phone: '0912 345 678, 12',
				externalId: '   ',
			},
			{ defaultCountry: 'VN' },
		);
		expect(event.user).toEqual({ email: [sha('a@x.com')], phone: [sha('+84912345678')] });
		expect(warnings).toEqual([
			expect.stringMatching(/^Email #3 dropped: not a valid email address$/),
			expect.stringMatching(/^Phone #2 dropped: too short/),
		]);
		expect(warnings.join(' ')).not.toContain('not-an-email');
	});

	it('asks for a default country when a phone has no country code', () => {
		const { event, warnings } = ok({ event: 'Lead', phone: '0912345678', email: 'a@x.com' });
		expect(event.user?.phone).toBeUndefined();
		expect(warnings[0]).toMatch(/Phone dropped: has no country code \(set the Default Country option\)/);
	});

	it('derives the event id from the content and uses the current time when neither is mapped', () => {
		const r = ok({ event: 'ViewContent', eventId: '  ', ttclid: 'abc' });
		expect(r.event.event_id).toMatch(/^[0-9a-f]{32}$/);
		expect(r.event.event_time).toBe(NOW / 1000);
		expect([r.eventIdFrom, r.timeFrom]).toEqual(['content', 'clock']);
		const mapped = ok({ event: 'ViewContent', eventId: 'v-1', eventTime: NOW / 1000 - 5, ttclid: 'abc' });
		expect([mapped.event.event_id, mapped.eventIdFrom, mapped.timeFrom]).toEqual(['v-1', 'input', 'input']);
	});

	it('builds CRM events with lead.lead_id as a string, keeping 19 digits exact', () => {
		const { event } = ok(
			{ event: 'Lead', leadId: '7301234567890123456', leadEventSource: 'HubSpot', email: 'a@x.com' },
			{ eventSource: 'crm' },
		);
		expect(event.lead).toEqual({ lead_id: '7301234567890123456', lead_event_source: 'HubSpot' });
		expect(ok({ event: 'Lead', leadId: 12345 }, { eventSource: 'crm' }).event.lead).toEqual({ lead_id: '12345' });
	});

	it('rejects CRM events without a usable lead id', () => {
		expect(errors({ event: 'Lead' }, { eventSource: 'crm' })).toEqual([expect.stringMatching(/Lead ID is empty/)]);
		expect(errors({ event: 'Lead', leadId: Number('7301234567890123456') }, { eventSource: 'crm' })).toEqual([
			expect.stringMatching(/Lead ID .* too large to be exact; map it as text/),
		]);
		expect(errors({ event: 'Lead', leadId: 'abc-1' }, { eventSource: 'crm' })).toEqual([expect.stringMatching(/digits only/)]);
	});

	it('hashes app advertising ids and ignores fields of other sources with a warning', () => {
		const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
		const gaid = '38400000-8cf0-11bd-b23e-10b96e40000d';
		const r = ok(
			{ event: 'LaunchAPP', idfa, gaid, ttp: 'cookie', url: 'https://x.example/', leadId: '1', appId: 'com.example.shop' },
			{ eventSource: 'app' },
		);
		expect(r.event.user).toEqual({ idfa: sha(idfa.toLowerCase()), gaid: sha(gaid) });
		expect(r.event.app).toEqual({ app_id: 'com.example.shop' });
		expect(r.event.page).toBeUndefined();
		expect(r.event.lead).toBeUndefined();
		expect(r.warnings).toEqual([
			expect.stringMatching(/ttp ignored/),
			expect.stringMatching(/page URL and referrer ignored/),
			expect.stringMatching(/Lead ID ignored/),
		]);
		const web2 = ok({ event: 'Purchase', idfa, email: 'a@x.com', appId: '343200656' });
		expect(web2.event.user).toEqual({ email: [sha('a@x.com')] });
		expect(web2.event.app).toBeUndefined();
		expect(web2.warnings).toEqual([expect.stringMatching(/IDFA ignored/), expect.stringMatching(/App ID, name and version ignored/)]);
	});

	it('drops an invalid IP or URL with a warning instead of failing the whole batch at TikTok', () => {
		const r = ok({ event: 'ViewContent', ip: '999.1.1.1', url: 'shop/checkout', ttclid: 'x' });
		expect(r.event.user).toEqual({ ttclid: 'x' });
		expect(r.event.page).toBeUndefined();
		expect(r.warnings).toEqual([expect.stringMatching(/IP address dropped/), expect.stringMatching(/Page URL dropped/)]);
		expect(ok({ event: 'ViewContent', ip: '2001:db8::1' }).event.user).toEqual({ ip: '2001:db8::1' });
	});

	it('warns when nothing can match the event to a person', () => {
		expect(ok({ event: 'ViewContent' }).warnings).toEqual([expect.stringMatching(/No customer identifiers/)]);
	});

	it('keeps value 0 and takes the currency from the value text when Currency is empty', () => {
		expect(ok({ event: 'Purchase', value: 0, currency: 'EUR' }).event.properties).toEqual({ value: 0, currency: 'EUR' });
		expect(ok({ event: 'Purchase', value: '1.234.500 ₫' }).event.properties).toEqual({ value: 1234500, currency: 'VND' });
	});

	it('rejects the item for a bad value, a bad currency, or a value without currency, and says why', () => {
		expect(errors({ event: 'Purchase', value: '1,234', currency: 'USD' })).toEqual([expect.stringMatching(/ambiguous/)]);
		expect(errors({ event: 'Purchase', value: 'ten', currency: 'USD' })).toEqual([expect.stringMatching(/"ten" is not a number/)]);
		expect(errors({ event: 'Purchase', value: 10, currency: 'US$' })).toEqual([expect.stringMatching(/not an ISO 4217 code/)]);
		expect(errors({ event: 'Purchase', value: 10 })).toEqual([expect.stringMatching(/has no currency/)]);
		expect(errors({ event: 'Purchase', value: '10 €', currency: 'USD' })).toEqual([expect.stringMatching(/written in EUR but Currency is USD/)]);
	});

	it('rejects bad contents with the position and field', () => {
		expect(errors({ event: 'Purchase', contents: '[{"id":1}]' })).toEqual([expect.stringMatching(/Contents\[0\] has unknown field\(s\) id/)]);
		expect(errors({ event: 'Purchase', contents: '{oops' })).toEqual([expect.stringMatching(/not valid JSON/)]);
		expect(errors({ event: 'Purchase', contents: [{ content_id: 'a', quantity: 1.5 }] })).toEqual([expect.stringMatching(/quantity must be a whole number/)]);
		expect(errors({ event: 'Purchase', contents: [{ price: 'abc' }] })).toEqual([expect.stringMatching(/Contents\[0\]\.price/)]);
		expect(errors({ event: 'Purchase', contentType: 'sku' })).toEqual([expect.stringMatching(/product_group/)]);
		expect(ok({ event: 'Purchase', contents: { content_id: 7, quantity: '3' } }).event.properties?.contents).toEqual([
			{ content_id: '7', quantity: 3 },
		]);
	});

	it('collects every problem of an item at once', () => {
		const list = errors({ event: 'purchase', eventTime: 'soon', value: 'x', currency: 'USD' });
		expect(list).toHaveLength(3);
		expect(list[0]).toMatch(/case-sensitive/);
		expect(list[1]).toMatch(/not a recognised date/);
		expect(list[2]).toMatch(/not a number/);
	});

	it('refuses an order id that lost digits as a number', () => {
		expect(errors({ event: 'Purchase', orderId: Number('12345678901234567890') })).toEqual([expect.stringMatching(/Order ID .* too large/)]);
		expect(ok({ event: 'Purchase', orderId: 42, email: 'a@x.com' }).event.properties).toEqual({ order_id: '42' });
	});

	describe('app events', () => {
		const app = { eventSource: 'app' as const, eventSourceId: '7000111122223333444' };

		it('carry app.app_id (with name and version when given)', () => {
			const r = ok({ event: 'Purchase', appId: ' 343200656 ', appName: 'Shop', appVersion: 2.4, gaid: '38400000-8cf0-11bd-b23e-10b96e40000d' }, app);
			expect(r.event.app).toEqual({ app_id: '343200656', app_name: 'Shop', app_version: '2.4' });
			expect(ok({ event: 'LaunchAPP', appId: 343200656 }, app).event.app).toEqual({ app_id: '343200656' });
		});

		it('are refused without an app id, or with one that is not a store id, saying what to enter', () => {
			expect(errors({ event: 'LaunchAPP' }, app)).toEqual([expect.stringMatching(/^App ID is empty; app events need the mobile app ID \(App Store ID/)]);
			expect(errors({ event: 'LaunchAPP', appId: 'https://apps.apple.com/us/app/x/id343200656' }, app)).toEqual([
				expect.stringMatching(/is not a mobile app ID; use the App Store ID \(digits, without "id"\)/),
			]);
			expect(errors({ event: 'LaunchAPP', appId: { id: 1 } }, app)).toEqual(['App ID must be text or a number, got an object']);
		});
	});

	it('sends the search text as properties.search_string (the Events API 2.0 name), never query', () => {
		const r = ok({ event: 'Search', searchString: ' red shoes ', email: 'a@x.com' });
		expect(r.event.properties).toEqual({ search_string: 'red shoes' });
		expect(JSON.stringify(r.event)).not.toContain('"query"');
	});

	it('refuses an object or a list where text belongs, naming the field, instead of dropping it', () => {
		expect(errors({ event: 'Purchase', description: { a: 1 } })).toEqual([
			'Description must be text, got an object; map a text field (or JSON.stringify the value)',
		]);
		expect(errors({ event: 'Search', searchString: ['a', 'b'] })).toEqual([expect.stringMatching(/^Search String must be text, got a list/)]);
		expect(errors({ event: 'Purchase', ttclid: { id: 'x' }, userAgent: new Date(0) })).toEqual([
			expect.stringMatching(/^TikTok Click ID \(ttclid\) must be text, got an object/),
			expect.stringMatching(/^User Agent must be text, got a Date/),
		]);
		expect(errors({ event: 'Purchase', contents: [{ content_id: 'a', content_name: { en: 'Shoe' } }] })).toEqual([
			expect.stringMatching(/^Contents\[0\]\.content_name must be text, got an object/),
		]);
	});

	it('names contents that are not JSON data: a Date, a Map, a class instance or a function', () => {
		class Line {
			content_id = 'a';
		}
		expect(errors({ event: 'Purchase', contents: [new Date(0)] })).toEqual(['Contents[0] is not an object (got a Date)']);
		expect(errors({ event: 'Purchase', contents: [{ content_id: 'a' }, new Map()] })).toEqual(['Contents[1] is not an object (got a Map)']);
		expect(errors({ event: 'Purchase', contents: [new Line()] })).toEqual(['Contents[0] is not an object (got an object)']);
		expect(errors({ event: 'Purchase', contents: () => [] })).toEqual([expect.stringMatching(/^Contents must be an array of objects .*, got a function$/)]);
		expect(errors({ event: 'Purchase', contents: [{ content_id: 'a', price: () => 1 }] })).toEqual([expect.stringMatching(/^Contents\[0\]\.price: /)]);
		const circular: Record<string, unknown> = { content_id: 'a' };
		circular.self = circular;
		expect(errors({ event: 'Purchase', contents: [circular] })).toEqual([expect.stringMatching(/^Contents\[0\] has unknown field\(s\) self/)]);
	});
});
