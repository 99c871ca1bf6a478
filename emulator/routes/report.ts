import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError, RawResponse } from '../envelope';
import { routeFor } from '../route';
import { createRng, randomId19, type Advertiser } from '../seed';
import type { Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';

/**
 * Reporting (docs/tiktok-api-contract.md#reporting): the synchronous integrated report
 * (/report/integrated/get/) and the asynchronous task (/report/task/create/, /report/task/check/,
 * /report/task/download/).
 *
 * Seeded data: every advertiser has 6 campaigns × 2 ad groups × 7 ads (84 ads) that delivered every day of the
 * 400 days before the emulator's start; each ad-day's numbers come from a hash of (ad, day), so any range is
 * reproducible. Every 5th ad converts nothing, so its cost per conversion is "-" as TikTok writes it.
 * Metric values are strings, as TikTok sends them.
 *
 * Rules modelled (40002 unless said): report_type / data_level / service_type enums; dimensions required, at most 4,
 * one ID dimension that matches the data level, one time dimension; start/end dates required without
 * query_lifetime; 30 days with stat_time_day, 1 day with stat_time_hour, 365 without; lifetime refuses time
 * dimensions and non-BASIC types; page_size 1–1000; filtering objects need field_name / filter_type /
 * filter_value, and IN takes a JSON array string; metrics must be known.
 * Emulator choices where sources are silent: the ID/level match and the 4-dimension cap are enforced; a task is
 * SUCCESS on its second check; the download is the CSV itself (output_format CSV_STRING).
 */

const LEVEL_ID: Record<string, string> = {
	AUCTION_ADVERTISER: 'advertiser_id',
	AUCTION_CAMPAIGN: 'campaign_id',
	AUCTION_ADGROUP: 'adgroup_id',
	AUCTION_AD: 'ad_id',
};
const ID_DIMS = ['advertiser_id', 'campaign_id', 'adgroup_id', 'ad_id'];
const TIME_DIMS = ['stat_time_day', 'stat_time_hour'];
const BUCKETS: Record<string, string[]> = {
	age: ['AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_100'],
	gender: ['FEMALE', 'MALE', 'NONE'],
	country_code: ['VN', 'US'],
	province_id: ['1566083', '1562822'],
	platform: ['ANDROID', 'IPHONE'],
	language: ['vi', 'en'],
	placement: ['PLACEMENT_TIKTOK', 'PLACEMENT_PANGLE'],
};
const COUNT_METRICS = [
	'impressions', 'reach', 'clicks', 'conversion', 'result', 'complete_payment', 'initiate_checkout',
	'messaging_total_conversation_tiktok_direct_message', 'messaging_total_conversation_instant_messaging_app',
] as const;
const RATIO_METRICS: Record<string, (m: Record<string, number>) => number | undefined> = {
	ctr: (m) => per(m.clicks * 100, m.impressions),
	cpc: (m) => per(m.spend, m.clicks),
	cpm: (m) => per(m.spend * 1000, m.impressions),
	cost_per_conversion: (m) => per(m.spend, m.conversion),
	conversion_rate: (m) => per(m.conversion * 100, m.clicks),
	cost_per_result: (m) => per(m.spend, m.result),
	cost_per_complete_payment: (m) => per(m.spend, m.complete_payment),
	cost_per_initiate_checkout: (m) => per(m.spend, m.initiate_checkout),
	messaging_cost_per_conversation_tiktok_direct_message: (m) => per(m.spend, m.messaging_total_conversation_tiktok_direct_message),
	messaging_cost_per_conversation_instant_messaging_app: (m) => per(m.spend, m.messaging_total_conversation_instant_messaging_app),
	frequency: (m) => per(m.impressions, m.reach),
};
const ATTRIBUTE_METRICS = ['campaign_name', 'adgroup_name', 'ad_name', 'objective_type', 'currency'];
export const KNOWN_METRICS = new Set<string>(['spend', ...COUNT_METRICS, ...Object.keys(RATIO_METRICS), ...ATTRIBUTE_METRICS]);

function per(a: number, b: number): number | undefined {
	return b > 0 ? a / b : undefined;
}

interface Ad {
	advertiser_id: string;
	campaign_id: string;
	campaign_name: string;
	objective_type: string;
	adgroup_id: string;
	adgroup_name: string;
	ad_id: string;
	ad_name: string;
	converts: boolean;
}

interface Task {
	advertiserId: string;
	query: ReportQuery;
	checks: number;
}

export interface ReportState {
	adsByAdvertiser: Map<string, Ad[]>;
	tasks: Map<string, Task>;
	/** The last day with data (emulator start, UTC calendar date); 400 days before it have data too. */
	lastDay: string;
}

export function createState(seed: Seed): ReportState {
	const rng = createRng((seed.options.seed ?? 42) * 31 + 7);
	const adsByAdvertiser = new Map<string, Ad[]>();
	for (const advertiser of seed.advertisers) adsByAdvertiser.set(advertiser.advertiser_id, seedAds(rng, advertiser));
	return { adsByAdvertiser, tasks: new Map(), lastDay: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) };
}

function seedAds(rng: () => number, advertiser: Advertiser): Ad[] {
	const ads: Ad[] = [];
	const objectives = ['LEAD_GENERATION', 'ENGAGEMENT', 'WEB_CONVERSIONS'];
	for (let c = 0; c < 6; c++) {
		const campaignId = randomId19(rng);
		for (let g = 0; g < 2; g++) {
			const adgroupId = randomId19(rng);
			for (let a = 0; a < 7; a++) {
				ads.push({
					advertiser_id: advertiser.advertiser_id,
					campaign_id: campaignId,
					campaign_name: `Chiến dịch Tin nhắn ${c + 1}`,
					objective_type: objectives[c % objectives.length],
					adgroup_id: adgroupId,
					adgroup_name: `Nhóm ${c + 1}.${g + 1}`,
					ad_id: randomId19(rng),
					ad_name: `Quảng cáo ${c + 1}.${g + 1}.${a + 1}`,
					converts: ads.length % 5 !== 4,
				});
			}
		}
	}
	return ads;
}

/** Deterministic numbers for one ad on one day (or hour). */
function adNumbers(ad: Ad, slot: string): Record<string, number> {
	const h = createHash('sha256').update(`${ad.ad_id}|${slot}`).digest();
	const impressions = 500 + h.readUInt16BE(0);
	const clicks = Math.floor(impressions * (0.005 + h[2] / 5000));
	const conversion = ad.converts ? h[3] % 12 : 0;
	const conversations = ad.converts ? h[4] % 9 : 0;
	return {
		impressions,
		reach: Math.floor(impressions * 0.8),
		clicks,
		spend: Math.round((impressions * (20 + (h[5] % 40))) / 10) / 100,
		conversion,
		result: conversations,
		complete_payment: Math.floor(conversion / 3),
		initiate_checkout: Math.floor(conversion / 2),
		messaging_total_conversation_tiktok_direct_message: conversations,
		messaging_total_conversation_instant_messaging_app: Math.floor(conversations / 2),
	};
}

const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date in the format YYYY-MM-DD.');
const FILTER_TYPES = ['IN', 'MATCH', 'GREATER_EQUAL', 'GREATER_THAN', 'LOWER_EQUAL', 'LOWER_THAN', 'BETWEEN'] as const;
const filterSchema = z.object({
	field_name: z.string().min(1),
	filter_type: z.enum(FILTER_TYPES),
	filter_value: z.string(),
});
// The task spec's strict filter_type list also has RANGE (SDK report_task_create.yml).
const taskFilterSchema = filterSchema.extend({ filter_type: z.enum([...FILTER_TYPES, 'RANGE']) });
const commonShape = {
	advertiser_id: idString,
	service_type: z.enum(['AUCTION', 'RESERVATION']).optional(),
	data_level: z.enum(['AUCTION_AD', 'AUCTION_ADGROUP', 'AUCTION_ADVERTISER', 'AUCTION_CAMPAIGN', 'RESERVATION_AD', 'RESERVATION_ADGROUP', 'RESERVATION_ADVERTISER', 'RESERVATION_CAMPAIGN']),
	dimensions: z.array(z.string()).min(1),
	metrics: z.array(z.string()).optional(),
	start_date: dateString.optional(),
	end_date: dateString.optional(),
	filtering: z.array(filterSchema).optional(),
};
const syncQuery = z.object({
	...commonShape,
	report_type: z.enum(['AUDIENCE', 'BASIC', 'BC', 'CATALOG', 'PLAYABLE_MATERIAL', 'TT_SHOP']),
	query_lifetime: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
	page: queryInt(1, 1_000_000).default(1),
	page_size: queryInt(1, 1000).default(10),
});
const taskBody = z.object({
	...commonShape,
	filtering: z.array(taskFilterSchema).optional(),
	// SDK report_task_create.yml: strict enum, no RESERVATION (that is a service_type).
	report_type: z.enum(['AUDIENCE', 'BASIC', 'CATALOG']),
	query_lifetime: z.boolean().optional(),
	output_format: z.enum(['CSV_DOWNLOAD', 'CSV_STRING', 'XLSX_DOWNLOAD']).default('CSV_STRING'),
	enable_report_title_translation: z.boolean().optional(),
});

type ReportQuery = z.output<typeof syncQuery> | z.output<typeof taskBody>;

const DAY_MS = 86_400_000;
const days = (start: string, end: string) => Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS) + 1;

/** TikTok's combination rules; throws 40002 with a TikTok-like message. */
function checkQuery(q: ReportQuery): void {
	const dims = q.dimensions;
	const time = dims.filter((d) => TIME_DIMS.includes(d));
	const ids = dims.filter((d) => ID_DIMS.includes(d));
	if (dims.length > 4) throw new ApiError(40002, 'dimensions: Too many dimensions. At most 4 dimensions are supported.');
	for (const d of dims) {
		if (!ID_DIMS.includes(d) && !TIME_DIMS.includes(d) && !(d in BUCKETS)) throw new ApiError(40002, `dimensions: Invalid dimension ${d}.`);
	}
	if (time.length > 1) throw new ApiError(40002, 'dimensions: Only one time dimension is supported.');
	if (ids.length > 1 || (ids.length === 1 && ids[0] !== LEVEL_ID[q.data_level])) {
		throw new ApiError(40002, `dimensions: ID dimension does not match data_level ${q.data_level}.`);
	}
	if (q.report_type === 'BASIC' && dims.some((d) => d in BUCKETS && d !== 'country_code')) {
		throw new ApiError(40002, 'dimensions: Audience dimensions are not supported in the BASIC report.');
	}
	for (const m of q.metrics ?? []) if (!KNOWN_METRICS.has(m)) throw new ApiError(40002, `metrics: Invalid metric ${m}.`);
	for (const f of q.filtering ?? []) {
		if (f.filter_type !== 'IN' && f.filter_type !== 'BETWEEN') continue;
		let parsed: unknown;
		try {
			parsed = JSON.parse(f.filter_value);
		} catch {
			parsed = undefined;
		}
		if (!Array.isArray(parsed)) {
			throw new ApiError(40002, `filtering.filter_value: Must be a JSON array string when filter_type is ${f.filter_type}.`);
		}
		// BB model/report/integrated_get.go: BETWEEN takes a JSON array of exactly two values.
		if (f.filter_type === 'BETWEEN' && parsed.length !== 2) {
			throw new ApiError(40002, 'filtering.filter_value: BETWEEN needs a JSON array of two values.');
		}
	}
	if (q.query_lifetime) {
		if (time.length) throw new ApiError(40002, 'query_lifetime: Time dimensions are not supported for lifetime metrics.');
		if (q.report_type !== 'BASIC') throw new ApiError(40002, 'query_lifetime: Only the BASIC report supports lifetime metrics.');
		return;
	}
	if (!q.start_date || !q.end_date) throw new ApiError(40002, 'start_date: Missing data for required field.');
	if (Number.isNaN(Date.parse(q.start_date)) || Number.isNaN(Date.parse(q.end_date))) throw new ApiError(40002, 'start_date: Invalid date.');
	const span = days(q.start_date, q.end_date);
	if (span < 1) throw new ApiError(40002, 'end_date: end_date must not be earlier than start_date.');
	const max = time[0] === 'stat_time_hour' ? 1 : time[0] === 'stat_time_day' ? 30 : 365;
	if (span > max) throw new ApiError(40002, `The query time range cannot exceed ${max} days with these dimensions.`);
}

/** Every row of the query, aggregated and formatted as TikTok does (values as strings, "-" for n/a). */
function buildRows(state: ReportState, q: ReportQuery): Array<{ dimensions: Record<string, string>; metrics: Record<string, string> }> {
	const ads = (state.adsByAdvertiser.get(q.advertiser_id) ?? []).filter((ad) => matchesFilters(ad, q.filtering ?? []));
	const firstDay = new Date(Date.parse(state.lastDay) - 400 * DAY_MS).toISOString().slice(0, 10);
	const start = q.query_lifetime ? firstDay : q.start_date! < firstDay ? firstDay : q.start_date!;
	const end = q.query_lifetime ? state.lastDay : q.end_date! > state.lastDay ? state.lastDay : q.end_date!;
	const hourly = q.dimensions.includes('stat_time_hour');
	const groups = new Map<string, { dims: Record<string, string>; sums: Record<string, number>; ad: Ad }>();
	for (let t = Date.parse(start); t <= Date.parse(end); t += DAY_MS) {
		const day = new Date(t).toISOString().slice(0, 10);
		for (const slot of hourly ? Array.from({ length: 24 }, (_, h) => `${day} ${String(h).padStart(2, '0')}:00:00`) : [`${day} 00:00:00`]) {
			for (const ad of ads) addAdSlot(groups, q, ad, slot, hourly);
		}
	}
	const metrics = q.metrics ?? ['spend', 'impressions'];
	return [...groups.values()].map(({ dims, sums, ad }) => ({ dimensions: dims, metrics: formatMetrics(metrics, sums, ad) }));
}

function matchesFilters(ad: Ad, filters: Array<z.output<typeof taskFilterSchema>>): boolean {
	for (const f of filters) {
		const values = f.filter_type === 'IN' ? (JSON.parse(f.filter_value) as string[]).map(String) : [f.filter_value];
		const field = { campaign_ids: 'campaign_id', adgroup_ids: 'adgroup_id', ad_ids: 'ad_id', objective_type: 'objective_type' }[f.field_name];
		if (field && !values.includes(String(ad[field as keyof Ad]))) return false;
	}
	return true;
}

function addAdSlot(
	groups: Map<string, { dims: Record<string, string>; sums: Record<string, number>; ad: Ad }>,
	q: ReportQuery,
	ad: Ad,
	slot: string,
	hourly: boolean,
): void {
	const base = adNumbers(ad, hourly ? slot : slot.slice(0, 10));
	const breakdowns = q.dimensions.filter((d) => d in BUCKETS);
	for (const combo of combinations(breakdowns)) {
		const dims: Record<string, string> = {};
		for (const d of q.dimensions) {
			if (ID_DIMS.includes(d)) dims[d] = String(ad[d as keyof Ad]);
			else if (d === 'stat_time_day') dims[d] = `${slot.slice(0, 10)} 00:00:00`;
			else if (d === 'stat_time_hour') dims[d] = slot;
		}
		Object.assign(dims, combo.values);
		const key = JSON.stringify(dims);
		const group = groups.get(key) ?? { dims, sums: {}, ad };
		for (const [name, value] of Object.entries(base)) {
			const share = name === 'spend' ? Math.round(value * combo.share * 100) / 100 : Math.floor(value * combo.share);
			group.sums[name] = (group.sums[name] ?? 0) + share;
		}
		groups.set(key, group);
	}
}

function combinations(dims: string[]): Array<{ values: Record<string, string>; share: number }> {
	let out = [{ values: {} as Record<string, string>, share: 1 }];
	for (const d of dims) {
		const buckets = BUCKETS[d];
		out = out.flatMap((c) => buckets.map((b) => ({ values: { ...c.values, [d]: b }, share: c.share / buckets.length })));
	}
	return out;
}

function formatMetrics(metrics: string[], sums: Record<string, number>, ad: Ad): Record<string, string> {
	const out: Record<string, string> = {};
	for (const m of metrics) {
		if (m === 'spend') out[m] = (sums.spend ?? 0).toFixed(2);
		else if (m in RATIO_METRICS) {
			const value = RATIO_METRICS[m](sums);
			out[m] = value === undefined ? '-' : value.toFixed(2);
		} else if (ATTRIBUTE_METRICS.includes(m)) out[m] = m === 'currency' ? 'VND' : String(ad[m as keyof Ad] ?? '-');
		else out[m] = String(sums[m] ?? 0);
	}
	return out;
}

function csvOf(query: ReportQuery, rows: ReturnType<typeof buildRows>): string {
	const metrics = query.metrics ?? ['spend', 'impressions'];
	const header = [...query.dimensions, ...metrics];
	const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
	const lines = rows.map((r) => header.map((h) => quote(r.dimensions[h] ?? r.metrics[h] ?? '')).join(','));
	return `\uFEFF${[header.join(','), ...lines].join('\n')}\n`;
}

const route = routeFor<ReportState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#get-reportintegratedget
	route({
		method: 'GET',
		path: '/report/integrated/get/',
		jsonQuery: ['dimensions', 'metrics', 'filtering', 'advertiser_ids'],
		query: syncQuery,
		handler(ctx) {
			ctx.assertAdvertiser(ctx.query.advertiser_id);
			checkQuery(ctx.query);
			const rows = buildRows(ctx.slice, ctx.query);
			return paginate(rows, ctx.query.page, ctx.query.page_size);
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-reporttaskcreate
	route({
		method: 'POST',
		path: '/report/task/create/',
		body: taskBody,
		handler(ctx) {
			ctx.assertAdvertiser(ctx.body.advertiser_id);
			checkQuery(ctx.body);
			const taskId = randomId19(createRng(ctx.slice.tasks.size + 1000));
			ctx.slice.tasks.set(taskId, { advertiserId: ctx.body.advertiser_id, query: ctx.body, checks: 0 });
			return { task_id: taskId };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-reporttaskcheck
	route({
		method: 'GET',
		path: '/report/task/check/',
		query: z.object({ advertiser_id: idString, task_id: idString }),
		handler(ctx) {
			ctx.assertAdvertiser(ctx.query.advertiser_id);
			const task = ctx.slice.tasks.get(ctx.query.task_id);
			if (!task || task.advertiserId !== ctx.query.advertiser_id) throw new ApiError(40002, 'task_id: Task does not exist.');
			task.checks++;
			return { status: task.checks >= 2 ? 'SUCCESS' : 'PROCESSING', message: '' };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-reporttaskdownload
	route({
		method: 'GET',
		path: '/report/task/download/',
		query: z.object({ advertiser_id: idString, task_id: idString }),
		handler(ctx) {
			ctx.assertAdvertiser(ctx.query.advertiser_id);
			const task = ctx.slice.tasks.get(ctx.query.task_id);
			if (!task || task.advertiserId !== ctx.query.advertiser_id) throw new ApiError(40002, 'task_id: Task does not exist.');
			if (task.checks < 2) throw new ApiError(40201, 'The task is not finished yet.');
			return new RawResponse(csvOf(task.query, buildRows(ctx.slice, task.query)), 'text/csv; charset=utf-8');
		},
	}),
] as const;
