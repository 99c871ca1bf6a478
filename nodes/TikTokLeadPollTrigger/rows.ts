// A row of TikTok's lead download turned into the entry a lead webhook carries, so both triggers shape leads with
// the same code (nodes/shared/leads/shape.ts). Pure: no n8n imports.

import type { JsonRecord } from '../shared/leads/shape';
import { tikTokTimeToMs } from '../shared/time';

/** CSV column → webhook entry key. Leads Center exports name some columns differently; both spellings are read. */
const META_COLUMNS = new Map<string, string>(
	Object.entries({
		lead_id: 'id',
		id: 'id',
		create_time: 'create_time',
		created_time: 'create_time',
		ad_id: 'ad_id',
		ad_name: 'ad_name',
		adgroup_id: 'adgroup_id',
		adgroup_name: 'adgroup_name',
		campaign_id: 'campaign_id',
		campaign_name: 'campaign_name',
		page_id: 'page_id',
		form_id: 'page_id',
		page_name: 'page_name',
		form_name: 'page_name',
		advertiser_id: 'advertiser_id',
		advertiser_name: 'advertiser_name',
		lead_source: 'lead_source',
	}),
);

/**
 * Columns TikTok adds to exports that are not answers to the form; they go under `extraColumns`, not `fields`, so
 * `fields` holds the same answers a webhook delivery carries.
 */
const GENERATED_COLUMNS = new Set(['ai-generated overview', 'ai generated overview']);

/**
 * "YYYY-MM-DD HH:MM:SS" (UTC, as TikTok's download writes it; a "(UTC+07:00)" suffix is honoured) → Unix seconds,
 * or null for anything else.
 */
function csvTimeToUnix(text: string | undefined): number | null {
	const ms = tikTokTimeToMs(text);
	return ms === null ? null : Math.floor(ms / 1000);
}

export interface RowContext {
	advertiserId: string;
	leadSource: string;
}

export interface RowLead {
	/** Webhook-shaped entry: ids as strings, create_time in Unix seconds, answers in `changes`. */
	entry: JsonRecord;
	/** Non-answer columns TikTok generated (e.g. "AI-generated overview"), when present. */
	extraColumns: Record<string, string>;
	/** create_time could not be read; such a lead is not windowed, only deduplicated. */
	timeUnreadable: boolean;
}

export function rowToLead(row: Record<string, string>, context: RowContext): RowLead {
	const entry: JsonRecord = { advertiser_id: context.advertiserId, lead_source: context.leadSource };
	const changes: Array<{ field: string; value: string }> = [];
	const extraColumns: Record<string, string> = {};
	let timeUnreadable = false;
	for (const [column, value] of Object.entries(row)) {
		const key = META_COLUMNS.get(column.trim().toLowerCase());
		if (key === 'create_time') {
			const unix = csvTimeToUnix(value);
			timeUnreadable = unix === null;
			entry.create_time = unix;
		} else if (key !== undefined) {
			if (value.trim() !== '') entry[key] = value.trim();
		} else if (GENERATED_COLUMNS.has(column.trim().toLowerCase())) {
			Object.defineProperty(extraColumns, column, { value, enumerable: true, writable: true, configurable: true });
		} else {
			changes.push({ field: column, value });
		}
	}
	entry.changes = changes;
	return { entry, extraColumns, timeUnreadable };
}
