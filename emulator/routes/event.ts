import { z } from 'zod';
import { ApiError } from '../envelope';
import { routeFor } from '../route';

/**
 * Events API 2.0: POST /event/track/ (docs/tiktok-api-contract.md § /event/track/). The emulator is stricter than
 * TikTok is known to be where TikTok would silently accept data it cannot use (raw PII, millisecond timestamps,
 * misplaced test_event_code): a node bug must fail a test, not vanish. Where TikTok is known to accept a field it
 * does not read (integrators send properties.query and get code 0, while Events API 2.0 reads the search text from
 * properties.search_string), the request is accepted as TikTok would and the loss is recorded in `lost`.
 */

export const MAX_EVENTS_PER_REQUEST = 1000;
/** Accepted event_time range around the emulator clock. */
export const EVENT_TIME_MAX_AGE_S = 90 * 86400;
export const EVENT_TIME_MAX_FUTURE_S = 3600;

// The emulator keeps its own copy of TikTok's lists: importing the node's would make the tests agree with any bug.
const WEB_EVENTS = [
	'AddPaymentInfo', 'AddToCart', 'AddToWishlist', 'ApplicationApproval', 'CompleteRegistration', 'Contact',
	'CustomizeProduct', 'Download', 'FindLocation', 'InitiateCheckout', 'Lead', 'Purchase', 'Schedule', 'Search',
	'StartTrial', 'SubmitApplication', 'Subscribe', 'ViewContent',
	'CompletePayment', 'PlaceAnOrder', 'SubmitForm', 'ClickButton', 'PageView',
];
const APP_EVENTS = [
	'AchieveLevel', 'AddPaymentInfo', 'AddToCart', 'AddToWishlist', 'Checkout', 'CompleteTutorial', 'CreateGroup',
	'CreateRole', 'GenerateLead', 'InAppADClick', 'InAppADImpr', 'InstallApp', 'JoinGroup', 'LaunchAPP',
	'LoanApplication', 'LoanApproval', 'LoanDisbursal', 'Login', 'Purchase', 'Rate', 'Registration', 'Search',
	'SpendCredits', 'Subscribe', 'UnlockAchievement', 'ViewContent',
];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'Must be a lowercase SHA-256 hex digest.');
const hashedList = z.array(hex64).min(1).max(100);
// TikTok publishes no length limits; empty strings are the only shape refused here.
const text = z.string().min(1);

const userSchema = z
	.object({
		email: hashedList.optional(),
		phone: hashedList.optional(),
		external_id: z.union([hashedList, hex64]).optional(),
		ttclid: text.optional(),
		ttp: text.optional(),
		ip: z.string().ip().optional(),
		user_agent: text.optional(),
		locale: text.optional(),
		// Raw IDFA is upper-case, raw GAID lower-case; either may be a SHA-256 digest instead.
		idfa: z.union([hex64, z.string().regex(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/)]).optional(),
		idfv: text.optional(),
		gaid: z.union([hex64, z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)]).optional(),
		att_status: z.enum(['AUTHORIZED', 'DENIED', 'NOT_DETERMINED', 'RESTRICTED', 'NOT_APPLICABLE']).optional(),
		first_name: hex64.optional(),
		last_name: hex64.optional(),
		zip_code: hex64.optional(),
		city: text.optional(),
		state: text.optional(),
		country: text.optional(),
	})
	.strict();

const contentSchema = z
	.object({
		content_id: text.optional(),
		content_name: text.optional(),
		content_category: text.optional(),
		price: z.number().finite().nonnegative().optional(),
		quantity: z.number().int().nonnegative().optional(),
		brand: text.optional(),
	})
	.strict();

const propertiesSchema = z
	.object({
		contents: z.array(contentSchema).max(1000).optional(),
		content_ids: z.array(text).optional(),
		content_type: z.enum(['product', 'product_group']).optional(),
		currency: z.string().regex(/^[A-Z]{3}$/, 'Must be an ISO 4217 code.').optional(),
		value: z.number().finite().nonnegative().optional(),
		num_items: z.number().int().nonnegative().optional(),
		// Legacy /pixel/track/ name: accepted, read by nothing, recorded in `lost`.
		query: text.optional(),
		search_string: text.optional(),
		description: text.optional(),
		order_id: text.optional(),
		shop_id: text.optional(),
	})
	.strict()
	.refine((p) => p.value === undefined || p.currency !== undefined, {
		message: 'currency is required when value is set.',
		path: ['currency'],
	});

const eventSchema = z
	.object({
		event: z.string().min(1).max(200),
		event_time: z.number().int('Must be an integer (Unix seconds).'),
		event_id: text.optional(),
		user: userSchema.optional(),
		properties: propertiesSchema.optional(),
		page: z.object({ url: z.string().url().optional(), referrer: z.string().url().optional() }).strict().optional(),
		app: z.object({ app_id: text.optional(), app_name: text.optional(), app_version: text.optional() }).strict().optional(),
		ad: z.record(z.unknown()).optional(),
		lead: z
			.object({
				lead_id: z.string().regex(/^\d{1,25}$/, 'Must be a numeric ID string.'),
				lead_event_source: text.optional(),
			})
			.strict()
			.optional(),
		limited_data_use: z.boolean().optional(),
	})
	.strict();

const trackBody = z
	.object({
		event_source: z.enum(['web', 'app', 'offline', 'crm']),
		event_source_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Must be a pixel code or event set ID.'),
		test_event_code: text.optional(),
		partner_name: text.optional(),
		data: z.array(z.unknown()).min(1, 'Must contain at least one event.'),
	})
	.strict();

export type TrackedEvent = z.output<typeof eventSchema>;

export interface ReceivedEvent extends TrackedEvent {
	event_source: string;
	event_source_id: string;
	test_event_code?: string;
	requestIndex: number;
}

/** A field TikTok accepts without reading it: what the sender meant to share and TikTok never saw. */
export interface LostField {
	event_source_id: string;
	event_id?: string;
	/** Position in its request's data[]. */
	index: number;
	requestIndex: number;
	field: string;
	reason: string;
}

export interface EventState {
	/** First-time events in arrival order (dedup key event_source_id + event_id + event). */
	received: ReceivedEvent[];
	/** Events whose key was already received (TikTok counts them once). */
	duplicates: number;
	/** /event/track/ requests that were accepted. */
	acceptedRequests: number;
	keys: Set<string>;
	/** Accepted fields that TikTok would not read (e.g. properties.query instead of search_string). */
	lost: LostField[];
}

export function createState(): EventState {
	return { received: [], duplicates: 0, acceptedRequests: 0, keys: new Set(), lost: [] };
}

export function dedupKey(eventSourceId: string, eventId: string, event: string): string {
	return JSON.stringify([eventSourceId, eventId, event]);
}

const route = routeFor<EventState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-eventtrack
	route({
		method: 'POST',
		path: '/event/track/',
		body: trackBody,
		handler(ctx) {
			const { event_source, event_source_id, test_event_code, data } = ctx.body;
			if (data.length > MAX_EVENTS_PER_REQUEST) {
				throw new ApiError(40002, `data: A maximum of ${MAX_EVENTS_PER_REQUEST} events per request is allowed, got ${data.length}.`);
			}
			const nowS = Math.floor(ctx.now() / 1000);
			const events = data.map((raw, i) => checkEvent(raw, i, event_source, nowS));
			events.forEach((event, index) => {
				if (event.properties?.query === undefined) return;
				ctx.slice.lost.push({
					event_source_id,
					event_id: event.event_id,
					index,
					requestIndex: ctx.slice.acceptedRequests,
					field: 'properties.query',
					reason: 'Events API 2.0 reads the search text from properties.search_string; query is the legacy /pixel/track/ name',
				});
			});
			for (const event of events) {
				if (event.event_id === undefined) {
					ctx.slice.received.push({ ...event, event_source, event_source_id, test_event_code, requestIndex: ctx.slice.acceptedRequests });
					continue;
				}
				const key = dedupKey(event_source_id, event.event_id, event.event);
				if (ctx.slice.keys.has(key)) {
					ctx.slice.duplicates++;
					continue;
				}
				ctx.slice.keys.add(key);
				ctx.slice.received.push({ ...event, event_source, event_source_id, test_event_code, requestIndex: ctx.slice.acceptedRequests });
			}
			ctx.slice.acceptedRequests++;
			return {};
		},
	}),
] as const;

function checkEvent(raw: unknown, index: number, source: string, nowS: number): TrackedEvent {
	const parsed = eventSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = ['data', index, ...issue.path].join('.');
		throw new ApiError(40002, `${field}: ${issue.message}`);
	}
	const event = parsed.data;
	const at = `data.${index}`;
	if (event.event_time < nowS - EVENT_TIME_MAX_AGE_S || event.event_time > nowS + EVENT_TIME_MAX_FUTURE_S) {
		throw new ApiError(40002, `${at}.event_time: ${event.event_time} is outside the accepted time range (Unix seconds).`);
	}
	const known = source === 'app' ? APP_EVENTS : WEB_EVENTS;
	if (!known.includes(event.event)) {
		const caseMiss = known.find((name) => name.toLowerCase() === event.event.toLowerCase());
		if (caseMiss) throw new ApiError(40002, `${at}.event: "${event.event}" is not a valid event. Event names are case-sensitive.`);
		if (source === 'offline') throw new ApiError(40002, `${at}.event: offline events must be standard events.`);
	}
	if (source === 'crm' && !event.lead?.lead_id) {
		throw new ApiError(40002, `${at}.lead.lead_id: Missing data for required field (CRM events).`);
	}
	// "App events need this field": the mobile app's store id, next to the TikTok App ID in event_source_id.
	if (source === 'app' && !event.app?.app_id) {
		throw new ApiError(40002, `${at}.app.app_id: Missing data for required field (app events).`);
	}
	return event;
}
