// The lead item both lead triggers emit (webhook deliveries and polled downloads), so a flow can switch triggers
// without changing later nodes. Pure: no n8n imports.

import { toIsoTime } from '../time';
import { textOf } from '../values';

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toNumberOrNull(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return null;
}

function isIdKey(key: string): boolean {
	return key === 'id' || key.endsWith('_id');
}

/**
 * IDs longer than 15 digits already arrive as strings from the lossless parser; the short ones are turned into
 * strings here so every ID has one type whatever its length.
 */
export function normalizeIds(entry: JsonRecord): JsonRecord {
	const out: JsonRecord = {};
	for (const [key, value] of Object.entries(entry)) {
		Object.defineProperty(out, key, {
			value: isIdKey(key) && typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return out;
}

export function idOf(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
	return null;
}

export function leadIdOf(lead: JsonRecord): string | null {
	return idOf(lead.id);
}

export type FieldMapping = Map<string, string>;

function mappingKey(name: string): string {
	return name.trim().toLowerCase();
}

/** TikTok field → output name, matched case-insensitively. Rows with an empty side are ignored. */
export function buildFieldMapping(rows: Array<{ from?: unknown; to?: unknown }>): FieldMapping {
	const mapping: FieldMapping = new Map();
	for (const row of rows) {
		const from = typeof row.from === 'string' ? row.from.trim() : '';
		const to = typeof row.to === 'string' ? row.to.trim() : '';
		if (from !== '' && to !== '') mapping.set(mappingKey(from), to);
	}
	return mapping;
}

/**
 * `changes[]` → { question: answer }. A name that appears twice (a repeated question, or two TikTok fields mapped to
 * the same output name) keeps every answer, in order, as a list instead of overwriting one with the other.
 */
export function collectFields(changes: unknown, mapping: FieldMapping = new Map()): JsonRecord {
	const values = new Map<string, unknown>();
	const repeated = new Set<string>();
	if (!Array.isArray(changes)) return {};
	changes.forEach((change, index) => {
		const field = isRecord(change) ? change.field : undefined;
		const value = isRecord(change) ? (change.value ?? null) : change;
		const tiktokName = typeof field === 'string' && field.trim() !== '' ? field : `unnamed_${index + 1}`;
		const name = mapping.get(mappingKey(tiktokName)) ?? tiktokName;
		if (!values.has(name)) {
			values.set(name, value);
		} else if (repeated.has(name)) {
			(values.get(name) as unknown[]).push(value);
		} else {
			values.set(name, [values.get(name), value]);
			repeated.add(name);
		}
	});
	// fromEntries defines own properties, so a question labelled "__proto__" stays an ordinary key.
	return Object.fromEntries(values);
}

export interface SimplifiedLead extends JsonRecord {
	leadId: string | null;
	formId: string | null;
	formName: string | null;
	advertiserId: string | null;
	advertiserName: string | null;
	libraryId: string | null;
	campaignId: string | null;
	campaignName: string | null;
	adgroupId: string | null;
	adgroupName: string | null;
	adId: string | null;
	adName: string | null;
	leadSource: string | null;
	createdAt: string | null;
	fields: JsonRecord;
}

/** The flat item users map in later nodes; IDs are exact decimal strings. */
export function simplifyLead(lead: JsonRecord, mapping: FieldMapping = new Map()): SimplifiedLead {
	const libraryId = idOf(lead.library_id);
	return {
		leadId: idOf(lead.id),
		formId: idOf(lead.page_id),
		formName: textOf(lead.page_name),
		advertiserId: idOf(lead.advertiser_id),
		advertiserName: textOf(lead.advertiser_name),
		// TikTok sends library_id 0 when the form is not in a Business Center library.
		libraryId: libraryId === '0' ? null : libraryId,
		campaignId: idOf(lead.campaign_id),
		campaignName: textOf(lead.campaign_name),
		adgroupId: idOf(lead.adgroup_id),
		adgroupName: textOf(lead.adgroup_name),
		adId: idOf(lead.ad_id),
		adName: textOf(lead.ad_name),
		leadSource: textOf(lead.lead_source),
		createdAt: toIsoTime(lead.create_time),
		fields: collectFields(lead.changes, mapping),
	};
}
