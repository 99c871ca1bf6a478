/**
 * What the synchronous integrated report accepts, as this node offers it (docs/tiktok-api-contract.md, report
 * section). Only the BASIC and AUDIENCE report types are offered: the other types need a Business Center or a
 * catalog and are not what a CDP flow asks for.
 */

export const REPORT_TYPES = ['BASIC', 'AUDIENCE'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const DATA_LEVELS = ['AUCTION_ADVERTISER', 'AUCTION_CAMPAIGN', 'AUCTION_ADGROUP', 'AUCTION_AD'] as const;
export type DataLevel = (typeof DATA_LEVELS)[number];

/** The one ID dimension that matches each data level: TikTok groups rows by it. */
export const ID_DIMENSION_OF_LEVEL: Readonly<Record<DataLevel, string>> = {
	AUCTION_ADVERTISER: 'advertiser_id',
	AUCTION_CAMPAIGN: 'campaign_id',
	AUCTION_ADGROUP: 'adgroup_id',
	AUCTION_AD: 'ad_id',
};

export const ID_DIMENSIONS = ['advertiser_id', 'campaign_id', 'adgroup_id', 'ad_id'] as const;
export const TIME_DIMENSIONS = ['stat_time_day', 'stat_time_hour'] as const;
/** Breakdowns of the AUDIENCE report; the BASIC report takes none of them except country_code. */
export const AUDIENCE_DIMENSIONS = ['age', 'gender', 'country_code', 'province_id', 'platform', 'language', 'placement'] as const;
export const BASIC_BREAKDOWNS = ['country_code'] as const;

/** ID, time and breakdown dimensions together; TikTok refuses wider groupings. */
export const MAX_DIMENSIONS = 4;

/** Days one request may cover: TikTok's limits per time dimension (30 days daily, 1 day hourly, 365 without). */
export const MAX_DAYS = { stat_time_day: 30, stat_time_hour: 1, none: 365 } as const;

export const MAX_PAGE_SIZE = 1000;

/** Metrics offered in the picker; any other metric can be typed in Other Metrics. */
export const COMMON_METRICS: ReadonlyArray<{ name: string; value: string }> = [
	{ name: 'Spend', value: 'spend' },
	{ name: 'Impressions', value: 'impressions' },
	{ name: 'Reach', value: 'reach' },
	{ name: 'Clicks', value: 'clicks' },
	{ name: 'CTR (%)', value: 'ctr' },
	{ name: 'CPC', value: 'cpc' },
	{ name: 'CPM', value: 'cpm' },
	{ name: 'Conversions', value: 'conversion' },
	{ name: 'Cost per Conversion', value: 'cost_per_conversion' },
	{ name: 'Conversion Rate (%)', value: 'conversion_rate' },
	{ name: 'Results', value: 'result' },
	{ name: 'Cost per Result', value: 'cost_per_result' },
	{ name: 'Conversations (TikTok Direct Message)', value: 'messaging_total_conversation_tiktok_direct_message' },
	{ name: 'Cost per Conversation (TikTok Direct Message)', value: 'messaging_cost_per_conversation_tiktok_direct_message' },
	{ name: 'Conversations (Messaging App)', value: 'messaging_total_conversation_instant_messaging_app' },
	{ name: 'Cost per Conversation (Messaging App)', value: 'messaging_cost_per_conversation_instant_messaging_app' },
	{ name: 'Complete Payments (Orders)', value: 'complete_payment' },
	{ name: 'Cost per Complete Payment', value: 'cost_per_complete_payment' },
	{ name: 'Initiate Checkouts', value: 'initiate_checkout' },
	{ name: 'Cost per Initiate Checkout', value: 'cost_per_initiate_checkout' },
];

/** Attribute metrics are names and settings, not numbers: they stay text in the output. */
export const TEXT_METRICS: ReadonlySet<string> = new Set([
	'advertiser_name',
	'campaign_name',
	'adgroup_name',
	'ad_name',
	'ad_text',
	'objective_type',
	'currency',
	'timezone',
	'placement_type',
	'promotion_type',
	'opt_status',
	'campaign_budget',
	'adgroup_budget',
	'bid_strategy',
	'optimization_goal',
	'call_to_action',
	'tt_app_id',
	'tt_app_name',
	'mobile_app_id',
	'secondary_goal_result',
	'cost_per_secondary_goal_result',
	'secondary_goal_result_rate',
	'budget',
]);
