import { parseJsonLosslessIds } from '../shared/json';
import { idOf, isRecord, normalizeIds, toNumberOrNull, type JsonRecord } from '../shared/leads/shape';

export {
	buildFieldMapping,
	collectFields,
	leadIdOf,
	normalizeIds,
	simplifyLead,
	type FieldMapping,
	type JsonRecord,
	type SimplifiedLead,
} from '../shared/leads/shape';

/** Webhook `object` value of a lead notification (README § Lead triggers); other values are other products' events. */
export const LEAD_OBJECT = 1;

/**
 * A lead entry is nested four levels deep (body → entry[] → entry → changes[] → change); anything far deeper is not
 * TikTok's and would give n8n an item it cannot store or copy.
 */
export const MAX_DELIVERY_DEPTH = 32;
/** TikTok batches at most 1,000 leads per delivery; 16 MiB leaves room for long answers in every one of them. */
export const MAX_DELIVERY_BYTES = 16 * 1024 * 1024;

export interface LeadDelivery {
	/** Top-level `object` as a number; null when absent or not a usable number (see `objectText`). */
	object: number | null;
	/** How `object` reads in a message: "missing", "2", "a 400-digit number", "not a number". */
	objectText: string;
	/** Unix seconds TikTok stamped on the delivery, when present. */
	time: number | null;
	requestId: string | null;
	entries: unknown[];
}

export type ParsedDelivery = { ok: true; delivery: LeadDelivery } | { ok: false; reason: string };

function describeObject(value: unknown, number: number | null): string {
	if (value === undefined || value === null) return 'missing';
	if (number !== null) return String(number);
	const digits = typeof value === 'string' ? value.trim().replace(/^-/, '') : '';
	// Long integers arrive as strings from the lossless parser; say how long rather than echo hundreds of digits.
	if (/^\d+$/.test(digits)) return `a ${digits.length}-digit number`;
	return 'not a valid number';
}

/**
 * Depth of the deepest `[`/`{` nesting, counted outside strings, stopping as soon as `max` is passed: linear in the
 * body and independent of the parser (JSON.parse accepts 100,000 levels; copying such an item later does not).
 */
export function jsonNestingExceeds(text: string, max: number): boolean {
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34) {
			// Jump over the string natively: its closing quote is the next one not escaped by an odd run of backslashes.
			let end = text.indexOf('"', i + 1);
			while (end !== -1) {
				let backslashes = 0;
				for (let j = end - 1; text.charCodeAt(j) === 92; j--) backslashes++;
				if (backslashes % 2 === 0) break;
				end = text.indexOf('"', end + 1);
			}
			if (end === -1) return false;
			i = end;
		} else if (c === 123 || c === 91) {
			if (++depth > max) return true;
		} else if (c === 125 || c === 93) depth--;
	}
	return false;
}

/**
 * Parses a delivery body without losing 19-digit IDs (TikTok sends them as bare JSON numbers). A body that is not a
 * TikTok webhook envelope gives `ok: false` and a readable reason.
 */
export function parseLeadDelivery(text: string): ParsedDelivery {
	if (jsonNestingExceeds(text, MAX_DELIVERY_DEPTH)) {
		return { ok: false, reason: `The body is nested more than ${MAX_DELIVERY_DEPTH} levels deep; a TikTok lead delivery is not.` };
	}
	let body: unknown;
	try {
		body = parseJsonLosslessIds(text);
	} catch {
		// No parser message: V8 quotes part of the body in it ("Unexpected token 'o', "oops secre"..."), and this
		// reason goes to the n8n log and the response, where lead answers must not appear.
		return { ok: false, reason: 'The body is not valid JSON.' };
	}
	if (!isRecord(body)) return { ok: false, reason: 'The body is not a JSON object.' };
	const object = toNumberOrNull(body.object);
	const entry = body.entry;
	if (entry !== undefined && !Array.isArray(entry)) {
		return { ok: false, reason: 'The "entry" field is not a list.' };
	}
	if (object === LEAD_OBJECT && entry === undefined) {
		return { ok: false, reason: 'A lead notification (object 1) arrived without an "entry" list.' };
	}
	return {
		ok: true,
		delivery: {
			object,
			objectText: describeObject(body.object, object),
			time: toNumberOrNull(body.time),
			requestId: body.request_id === undefined || body.request_id === null ? null : String(body.request_id),
			entries: entry ?? [],
		},
	};
}

type Verdict = 'keep' | 'otherAdvertiser' | 'otherForm' | 'otherSource' | { reason: string };

/**
 * Each check needs its field: an entry without it is rejected with a reason instead of passing the check (an entry
 * without advertiser_id must not reach another account's workflow), and an entry without an id could never be
 * deduplicated.
 */
function judge(entry: JsonRecord, index: number, filter: LeadFilter, formId: string): Verdict {
	if (idOf(entry.id) === null) return { reason: `entry ${index} has no lead id ("id"), so it cannot be deduplicated` };
	const advertiserId = idOf(entry.advertiser_id);
	if (advertiserId === null) {
		return { reason: `entry ${index} has no "advertiser_id", so it cannot be matched to this trigger's ad account` };
	}
	if (advertiserId !== filter.advertiserId) return 'otherAdvertiser';
	if (formId !== '') {
		const pageId = idOf(entry.page_id);
		if (pageId === null) return { reason: `entry ${index} has no "page_id", so it cannot be matched to this trigger's form` };
		if (pageId !== formId) return 'otherForm';
	}
	if (filter.leadSource) {
		const source = typeof entry.lead_source === 'string' ? entry.lead_source : '';
		if (source === '') return { reason: `entry ${index} has no "lead_source", so it cannot be matched to this trigger's lead source` };
		if (source !== filter.leadSource) return 'otherSource';
	}
	return 'keep';
}

export interface LeadFilter {
	advertiserId: string;
	/** Empty = every instant form of the advertiser. */
	formId?: string;
	leadSource?: string;
}

export interface LeadSelection {
	/** Lead entries kept, IDs as strings, in delivery order. */
	leads: JsonRecord[];
	otherAdvertiser: number;
	otherForm: number;
	otherSource: number;
	invalid: Array<{ index: number; reason: string }>;
}

/** Keeps the entries meant for this trigger: its advertiser, its form (when one is chosen) and its lead source. */
export function selectLeads(entries: unknown[], filter: LeadFilter): LeadSelection {
	const selection: LeadSelection = { leads: [], otherAdvertiser: 0, otherForm: 0, otherSource: 0, invalid: [] };
	const formId = filter.formId?.trim() ?? '';
	entries.forEach((raw, index) => {
		if (!isRecord(raw)) {
			selection.invalid.push({ index, reason: `entry ${index} is not an object` });
			return;
		}
		const entry = normalizeIds(raw);
		const verdict = judge(entry, index, filter, formId);
		if (verdict === 'keep') selection.leads.push(entry);
		else if (typeof verdict === 'object') selection.invalid.push({ index, reason: verdict.reason });
		else if (verdict === 'otherAdvertiser') selection.otherAdvertiser++;
		else if (verdict === 'otherForm') selection.otherForm++;
		else selection.otherSource++;
	});
	return selection;
}
