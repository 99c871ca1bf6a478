import { prepareEmail, prepareExternalId, prepareMaid, preparePhone } from '../../shared/identity';
import { checkCurrency } from './currency';
import { parseEventTime } from './eventTime';
import { contentEventId } from './eventId';
import { checkEventName } from './standardEvents';
import type { BuildEventOptions, BuildEventResult, TrackContent, TrackEvent, TrackEventInput } from './types';
import { parseValue } from './value';

type IdentityResult =
	| { status: 'hashed'; hash: string; passthrough: boolean }
	| { status: 'empty' }
	| { status: 'invalid'; reason: string };

const REASON_TEXT: Record<string, string> = {
	unsupported_type: 'not text',
	invalid_email: 'not a valid email address',
	email_too_long: 'longer than 254 characters',
	phone_invalid_characters: 'contains characters a phone number cannot have',
	phone_missing_country: 'has no country code (set the Default Country option)',
	phone_unknown_country: 'the Default Country is not a known country',
	phone_unknown_country_code: 'starts with an unknown country code',
	phone_too_short: 'too short for a phone number',
	phone_too_long: 'too long for a phone number',
	phone_invalid_for_country: 'not a valid number for its country',
	invalid_maid: 'not a valid advertising ID',
	maid_zeroed: 'an all-zero advertising ID (tracking disabled on the device)',
	external_id_too_long: 'too long',
	external_id_imprecise_number: 'a number too large to be exact (map the ID as text)',
};

/**
 * Builds one `data[]` element of an Events API 2.0 request. Pure: the caller supplies the clock and defaults.
 * Personal identifiers leave this function only as SHA-256 digests; a value that cannot be used is dropped with
 * a warning, while anything that would make TikTok mis-read the event (time, value, currency, name) is an error,
 * and so is a value of the wrong kind (an object where text belongs), so that nothing vanishes unsaid.
 * Without a mapped event id, the id is derived from the event's content (contentEventId).
 */
export function buildTrackEvent(input: TrackEventInput, options: BuildEventOptions): BuildEventResult {
	const errors: string[] = [];
	const warnings: string[] = [];
	const source = options.eventSource;

	const name = checkEventName(source, input.event);
	if (!name.ok) errors.push(name.reason);
	const time = parseEventTime(input.eventTime, { nowMs: options.nowMs, timeZone: options.timeZone });
	if (!time.ok) errors.push(time.reason);
	const eventId = readId(input.eventId, 'Event ID', errors);

	const user = buildUser(input, options, errors, warnings);
	const properties = buildProperties(input, errors, warnings);
	const page = source === 'web' ? buildPage(input, errors, warnings) : undefined;
	if (source !== 'web' && (!isBlank(input.url) || !isBlank(input.referrer))) {
		warnings.push('page URL and referrer ignored: they only apply to web events');
	}
	const lead = buildLead(input, source, errors, warnings);
	const app = buildApp(input, source, errors, warnings);

	if (errors.length || !name.ok || !time.ok) return { ok: false, errors, warnings };

	if (!Object.keys(user).length && !lead) {
		warnings.push('No customer identifiers: TikTok can record this event but not match it to a person');
	}
	const event: TrackEvent = { event: name.name, event_time: time.seconds };
	if (Object.keys(user).length) event.user = user;
	if (properties && Object.keys(properties).length) event.properties = properties;
	if (page && Object.keys(page).length) event.page = page;
	if (app) event.app = app;
	if (lead) event.lead = lead;
	if (input.limitedDataUse === true && (source === 'web' || source === 'app')) event.limited_data_use = true;
	event.event_id = eventId ?? contentEventId(event, { eventSource: source, eventSourceId: options.eventSourceId ?? '' });
	return {
		ok: true,
		event: withIdAfterTime(event),
		warnings,
		eventIdFrom: eventId === undefined ? 'content' : 'input',
		timeFrom: isBlank(input.eventTime) ? 'clock' : 'input',
	};
}

/** Keeps TikTok's documented field order (event, event_time, event_id, …) in the JSON that is sent. */
function withIdAfterTime(event: TrackEvent): TrackEvent {
	const { event: name, event_time, event_id, ...rest } = event;
	return { event: name, event_time, event_id, ...rest };
}

function buildUser(
	input: TrackEventInput,
	options: BuildEventOptions,
	errors: string[],
	warnings: string[],
): NonNullable<TrackEvent['user']> {
	const source = options.eventSource;
	const user: NonNullable<TrackEvent['user']> = {};
	const emails = hashAll('email', splitList(input.email, /[,;\s]+/), prepareEmail, warnings);
	if (emails.length) user.email = emails;
	const phones = hashAll(
		'phone',
		splitList(input.phone, /[,;]+/),
		(v) => preparePhone(v, options.defaultCountry || undefined),
		warnings,
	);
	if (phones.length) user.phone = phones;
	const externalIds = hashAll('external ID', splitList(input.externalId), prepareExternalId, warnings);
	if (externalIds.length) user.external_id = externalIds;

	const ttclid = readText(input.ttclid, 'TikTok Click ID (ttclid)', errors);
	if (ttclid) {
		if (source === 'app') warnings.push('ttclid ignored: app events are matched by advertising ID');
		else user.ttclid = ttclid;
	}
	const ttp = readText(input.ttp, 'TikTok Cookie ID (ttp)', errors);
	if (ttp) {
		if (source === 'web') user.ttp = ttp;
		else warnings.push('ttp ignored: the _ttp cookie only applies to web events');
	}
	const ip = readText(input.ip, 'IP Address', errors);
	if (ip) {
		if (isIpAddress(ip)) user.ip = ip;
		else warnings.push('IP address dropped: not a valid IPv4 or IPv6 address');
	}
	const userAgent = readText(input.userAgent, 'User Agent', errors);
	if (userAgent) user.user_agent = userAgent;
	for (const kind of ['idfa', 'gaid'] as const) {
		const raw = input[kind];
		if (isBlank(raw)) continue;
		if (source !== 'app') {
			warnings.push(`${kind.toUpperCase()} ignored: advertising IDs only apply to app events`);
			continue;
		}
		const result = prepareMaid(typeof raw === 'string' ? raw : String(raw)) as IdentityResult;
		if (result.status === 'hashed') user[kind] = result.hash;
		else if (result.status === 'invalid') warnings.push(`${kind.toUpperCase()} dropped: ${reasonText(result.reason)}`);
	}
	return user;
}

function buildLead(
	input: TrackEventInput,
	source: BuildEventOptions['eventSource'],
	errors: string[],
	warnings: string[],
): TrackEvent['lead'] {
	if (source !== 'crm') {
		if (!isBlank(input.leadId)) warnings.push('Lead ID ignored: it only applies to CRM events');
		return undefined;
	}
	const errorCount = errors.length;
	const leadId = readId(input.leadId, 'Lead ID', errors);
	if (leadId === undefined) {
		if (errors.length === errorCount) {
			errors.push('Lead ID is empty; CRM events need the TikTok lead ID (from the lead form trigger or download)');
		}
		return undefined;
	}
	if (!/^\d+$/.test(leadId)) {
		errors.push(`Lead ID "${leadId.slice(0, 30)}" is not a TikTok lead ID (digits only)`);
		return undefined;
	}
	const lead: NonNullable<TrackEvent['lead']> = { lead_id: leadId };
	const leadSource = readText(input.leadEventSource, 'CRM Name', errors);
	if (leadSource) lead.lead_event_source = leadSource;
	return lead;
}

// An App Store id (digits) or an Android application id / package name (letters, digits, _ in dotted segments).
const APP_ID = /^(?:\d{1,20}|[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)$/;

/** Events API 2.0 requires `app.app_id` on app events: the store id of the mobile app, not the TikTok App ID. */
function buildApp(
	input: TrackEventInput,
	source: BuildEventOptions['eventSource'],
	errors: string[],
	warnings: string[],
): TrackEvent['app'] {
	const errorCount = errors.length;
	const appId = readId(input.appId, 'App ID', errors);
	const appName = readText(input.appName, 'App Name', errors);
	const appVersion = readText(input.appVersion, 'App Version', errors);
	if (source !== 'app') {
		if (appId !== undefined || appName || appVersion) warnings.push('App ID, name and version ignored: they only apply to app events');
		return undefined;
	}
	if (appId === undefined) {
		if (errors.length === errorCount) {
			errors.push(
				'App ID is empty; app events need the mobile app ID (App Store ID such as 343200656, or the Android package name such as com.example.shop)',
			);
		}
		return undefined;
	}
	if (!APP_ID.test(appId)) {
		errors.push(
			`App ID "${appId.slice(0, 40)}" is not a mobile app ID; use the App Store ID (digits, without "id") or the Android package name (e.g. com.example.shop)`,
		);
		return undefined;
	}
	const app: NonNullable<TrackEvent['app']> = { app_id: appId };
	if (appName) app.app_name = appName;
	if (appVersion) app.app_version = appVersion;
	return app;
}

function buildProperties(
	input: TrackEventInput,
	errors: string[],
	warnings: string[],
): TrackEvent['properties'] {
	const props: NonNullable<TrackEvent['properties']> = {};
	const currency = checkCurrency(input.currency);
	if (!currency.ok) {
		errors.push(currency.reason);
		return undefined;
	}
	let code = currency.code;
	const value = parseValue(input.value, code);
	if (!value.ok) {
		errors.push(value.reason);
	} else if (value.value !== undefined) {
		if (value.currencyHint && code && value.currencyHint !== code) {
			errors.push(`Value is written in ${value.currencyHint} but Currency is ${code}`);
		} else {
			code = code ?? value.currencyHint;
			if (!code) errors.push(`Value ${value.value} has no currency; set Currency to an ISO 4217 code (e.g. USD, VND)`);
			props.value = value.value;
		}
	}
	if (code) props.currency = code;

	const contentType = readText(input.contentType, 'Content Type', errors);
	if (contentType) {
		if (contentType === 'product' || contentType === 'product_group') props.content_type = contentType;
		else errors.push(`Content type "${contentType.slice(0, 30)}" must be "product" or "product_group"`);
	}
	const contents = parseContents(input.contents, code, errors);
	if (contents?.length) props.contents = contents;

	const orderId = readId(input.orderId, 'Order ID', errors);
	if (orderId !== undefined) props.order_id = orderId;
	const description = readText(input.description, 'Description', errors);
	if (description) props.description = description;
	// Events API 2.0 reads the search text from search_string; `query` is the legacy /pixel/track/ name
	// (docs/tiktok-api-contract.md § /event/track/).
	const searchString = readText(input.searchString, 'Search String', errors);
	if (searchString) props.search_string = searchString;
	if (props.value === undefined && contents?.length && props.currency === undefined) {
		warnings.push('Contents have no currency; prices cannot be used for value optimisation');
	}
	return props;
}

const CONTENT_KEYS = ['content_id', 'content_name', 'content_category', 'price', 'quantity', 'brand'];

/** Contents arrive as JSON text or as values from an expression; anything that is not JSON data is named. */
function parseContents(raw: unknown, currency: string | undefined, errors: string[]): TrackContent[] | undefined {
	if (isBlank(raw)) return undefined;
	let list: unknown = raw;
	if (typeof raw === 'string') {
		try {
			list = JSON.parse(raw);
		} catch {
			errors.push('Contents is not valid JSON; expected an array like [{"content_id":"sku-1","price":10,"quantity":1}]');
			return undefined;
		}
	}
	if (isPlainObject(list)) list = [list];
	if (!Array.isArray(list)) {
		errors.push(`Contents must be an array of objects with content_id, content_name, price, quantity…, got ${kindOf(list)}`);
		return undefined;
	}
	const out: TrackContent[] = [];
	list.forEach((entry: unknown, i: number) => {
		const where = `Contents[${i}]`;
		if (!isPlainObject(entry)) {
			errors.push(`${where} is not an object (got ${kindOf(entry)})`);
			return;
		}
		const obj = entry as Record<string, unknown>;
		const unknownKeys = Object.keys(obj).filter((k) => !CONTENT_KEYS.includes(k));
		if (unknownKeys.length) {
			errors.push(`${where} has unknown field(s) ${unknownKeys.join(', ')}; allowed: ${CONTENT_KEYS.join(', ')}`);
			return;
		}
		const item: TrackContent = {};
		for (const key of ['content_id', 'content_name', 'content_category', 'brand'] as const) {
			const label = `${where}.${key}`;
			const v = key === 'content_id' ? readId(obj[key], label, errors) : readText(obj[key], label, errors);
			if (v !== undefined && v !== '') item[key] = v;
		}
		if (!isBlank(obj.price)) {
			const price = parseValue(obj.price, currency);
			if (!price.ok) errors.push(`${where}.price: ${price.reason}`);
			else if (price.value !== undefined) item.price = price.value;
		}
		if (!isBlank(obj.quantity)) {
			const q = typeof obj.quantity === 'string' ? Number(obj.quantity.trim()) : obj.quantity;
			if (typeof q !== 'number' || !Number.isInteger(q) || q < 0) {
				errors.push(`${where}.quantity must be a whole number of 0 or more`);
			} else {
				item.quantity = q;
			}
		}
		out.push(item);
	});
	return out;
}

function buildPage(input: TrackEventInput, errors: string[], warnings: string[]): TrackEvent['page'] {
	const page: NonNullable<TrackEvent['page']> = {};
	for (const key of ['url', 'referrer'] as const) {
		const v = readText(input[key], key === 'url' ? 'Page URL' : 'Page Referrer', errors);
		if (!v) continue;
		if (isHttpUrl(v)) page[key] = v;
		else warnings.push(`Page ${key === 'url' ? 'URL' : 'referrer'} dropped: not an absolute http(s) URL`);
	}
	return page;
}

function hashAll(
	label: string,
	values: unknown[],
	prepare: (value: unknown) => unknown,
	warnings: string[],
): string[] {
	const hashes: string[] = [];
	values.forEach((value, i) => {
		const result = prepare(value) as IdentityResult;
		if (result.status === 'hashed') {
			if (!hashes.includes(result.hash)) hashes.push(result.hash);
		} else if (result.status === 'invalid') {
			// The raw value is personal data: say which one and why, never echo it.
			const which = values.length > 1 ? ` #${i + 1}` : '';
			warnings.push(`${capitalize(label)}${which} dropped: ${reasonText(result.reason)}`);
		}
	});
	return hashes;
}

function splitList(raw: unknown, separator?: RegExp): unknown[] {
	if (isBlank(raw)) return [];
	const list = Array.isArray(raw) ? raw : [raw];
	const out: unknown[] = [];
	for (const entry of list) {
		if (isBlank(entry)) continue;
		if (typeof entry === 'number' || typeof entry === 'bigint') out.push(String(entry));
		else if (typeof entry === 'string' && separator) out.push(...entry.split(separator).filter((s) => s.trim() !== ''));
		else out.push(entry);
	}
	return out;
}

/** IDs may arrive as numbers; above 2^53 a number has already lost digits, so it is refused, not sent wrong. */
function readId(raw: unknown, label: string, errors: string[]): string | undefined {
	if (isBlank(raw)) return undefined;
	if (typeof raw === 'number') {
		if (!Number.isSafeInteger(raw) && Number.isInteger(raw)) {
			errors.push(`${label} ${raw} is a number too large to be exact; map it as text (string) instead`);
			return undefined;
		}
		return String(raw);
	}
	if (typeof raw === 'bigint') return raw.toString();
	if (typeof raw === 'string') return raw.trim();
	errors.push(`${label} must be text or a number, got ${kindOf(raw)}`);
	return undefined;
}

/** Text fields take text, numbers and booleans; an object or a list is refused by name, never dropped unsaid. */
function readText(raw: unknown, label: string, errors: string[]): string | undefined {
	if (isBlank(raw)) return undefined;
	if (typeof raw === 'string') return raw.trim() || undefined;
	if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
	errors.push(`${label} must be text, got ${kindOf(raw)}; map a text field (or JSON.stringify the value)`);
	return undefined;
}

function kindOf(raw: unknown): string {
	if (raw === null) return 'null';
	if (Array.isArray(raw)) return 'a list';
	if (typeof raw !== 'object') return typeof raw === 'undefined' ? 'nothing' : `a ${typeof raw}`;
	const tag = Object.prototype.toString.call(raw).slice(8, -1);
	return tag === 'Object' ? 'an object' : `a ${tag}`;
}

/** Plain data objects only: a Date, Map or class instance would serialise to something else (or to {}). */
function isPlainObject(raw: unknown): raw is Record<string, unknown> {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
	// The tag check works across realms (n8n evaluates expressions in a sandbox with its own Object).
	if (Object.prototype.toString.call(raw) !== '[object Object]') return false;
	const proto = Object.getPrototypeOf(raw) as object | null;
	return proto === null || Object.getPrototypeOf(proto) === null;
}

function isBlank(raw: unknown): boolean {
	return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function isIpAddress(s: string): boolean {
	const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
	if (v4.test(s)) return true;
	if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
	try {
		return new URL(`http://[${s}]/`).hostname.length > 2;
	} catch {
		return false;
	}
}

function isHttpUrl(s: string): boolean {
	try {
		const u = new URL(s);
		return u.protocol === 'http:' || u.protocol === 'https:';
	} catch {
		return false;
	}
}

function reasonText(reason: string): string {
	return REASON_TEXT[reason] ?? reason.replace(/_/g, ' ');
}

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}
