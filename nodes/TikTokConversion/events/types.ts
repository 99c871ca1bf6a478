import type { EventSource } from './standardEvents';

/** What a flow maps for one event; every field may come straight from an expression, so all are `unknown`. */
export interface TrackEventInput {
	event: unknown;
	eventTime?: unknown;
	eventId?: unknown;
	email?: unknown;
	phone?: unknown;
	externalId?: unknown;
	ttclid?: unknown;
	ttp?: unknown;
	ip?: unknown;
	userAgent?: unknown;
	idfa?: unknown;
	gaid?: unknown;
	leadId?: unknown;
	leadEventSource?: unknown;
	/** Mobile app id (App Store id / Google Play package name); required for app events. */
	appId?: unknown;
	appName?: unknown;
	appVersion?: unknown;
	value?: unknown;
	currency?: unknown;
	contentType?: unknown;
	contents?: unknown;
	orderId?: unknown;
	description?: unknown;
	/** What the customer searched for; sent as properties.search_string. */
	searchString?: unknown;
	url?: unknown;
	referrer?: unknown;
	limitedDataUse?: boolean;
}

export interface BuildEventOptions {
	eventSource: EventSource;
	/** Clock for the default event time and the plausibility window. */
	nowMs: number;
	/** Pixel code / event set id / TikTok App ID; part of the default event id (contentEventId). */
	eventSourceId?: string;
	/** ISO 3166 alpha-2 country for phone numbers written without a country code. */
	defaultCountry?: string;
	/** IANA zone for event times written without an offset. */
	timeZone?: string;
}

export interface TrackContent {
	content_id?: string;
	content_name?: string;
	content_category?: string;
	price?: number;
	quantity?: number;
	brand?: string;
}

/** One element of the /event/track/ `data` array. */
export interface TrackEvent {
	event: string;
	event_time: number;
	event_id?: string;
	user?: {
		email?: string[];
		phone?: string[];
		external_id?: string[];
		ttclid?: string;
		ttp?: string;
		ip?: string;
		user_agent?: string;
		idfa?: string;
		gaid?: string;
	};
	properties?: {
		value?: number;
		currency?: string;
		content_type?: 'product' | 'product_group';
		contents?: TrackContent[];
		order_id?: string;
		description?: string;
		search_string?: string;
	};
	page?: { url?: string; referrer?: string };
	app?: { app_id: string; app_name?: string; app_version?: string };
	lead?: { lead_id: string; lead_event_source?: string };
	limited_data_use?: boolean;
}

export type BuildEventResult =
	| {
			ok: true;
			event: TrackEvent;
			warnings: string[];
			/** 'content': no event id was mapped, so it was derived from the event (contentEventId). */
			eventIdFrom: 'input' | 'content';
			/** 'clock': no event time was mapped, so the event carries the time it was built. */
			timeFrom: 'input' | 'clock';
	  }
	| { ok: false; errors: string[]; warnings: string[] };

export interface TrackRequestOptions {
	eventSource: EventSource;
	eventSourceId: string;
	testEventCode?: string;
	partnerName?: string;
}

export interface TrackRequestBody {
	event_source: EventSource;
	event_source_id: string;
	test_event_code?: string;
	partner_name?: string;
	data: TrackEvent[];
}
