// Plain-English meaning of TikTok's advertiser enums, for people who do not read TikTok's enum names. Every
// documented status and role has an entry (docs/tiktok-api-contract.md#get-advertiserinfo).

import { toIsoTimeOrAsIs } from '../../shared/time';
import { idToString } from '../../shared/values';

export const ADVERTISER_STATUS_DESCRIPTIONS: Readonly<Record<string, string>> = {
	STATUS_ENABLE: 'Approved: the account passed verification and can run ads',
	STATUS_DISABLE: 'Closed: the account has been closed',
	STATUS_PENDING_CONFIRM: 'Pending review: the account is on hold while TikTok reviews it',
	STATUS_PENDING_VERIFIED: 'Pending verification: account verification is on hold',
	STATUS_CONFIRM_FAIL: 'Verification failed: the account did not pass verification',
	STATUS_CONFIRM_FAIL_END: 'Review failed: the CRM system review of the account failed',
	STATUS_PENDING_CONFIRM_MODIFY: 'Change pending review: a change to the account is waiting for review',
	STATUS_CONFIRM_MODIFY_FAIL: 'Change rejected: the CRM system review of an account change failed',
	STATUS_LIMIT: 'Restricted: the account is under a penalty',
	STATUS_WAIT_FOR_BPM_AUDIT: 'Awaiting re-verification: on hold for another CRM system review',
	STATUS_WAIT_FOR_PUBLIC_AUTH: 'Awaiting bank verification: on hold until the bank account is verified',
	STATUS_SELF_SERVICE_UNAUDITED: 'Awaiting eligibility check: on hold until service eligibility is verified',
	STATUS_CONTRACT_PENDING: 'Contract pending: the account contract is not in effect yet',
};

export const ADVERTISER_ROLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
	ROLE_ADVERTISER: 'Main ad account (direct advertiser)',
	ROLE_CHILD_ADVERTISER: 'Sub ad account (advertiser under an agency)',
	ROLE_CHILD_AGENT: 'Sub agency account',
	ROLE_AGENT: 'Main agency account',
};

export const UNKNOWN_STATUS = 'Unknown status';
export const UNKNOWN_ROLE = 'Unknown role';

function lookup(table: Readonly<Record<string, string>>, value: unknown, unknown: string): string {
	if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(table, value)) return unknown;
	return table[value];
}

export function describeAdvertiserStatus(status: unknown): string {
	return lookup(ADVERTISER_STATUS_DESCRIPTIONS, status, UNKNOWN_STATUS);
}

export function describeAdvertiserRole(role: unknown): string {
	return lookup(ADVERTISER_ROLE_DESCRIPTIONS, role, UNKNOWN_ROLE);
}

export interface LeadWebhookSubscription {
	subscription_id: string;
	callback_url: string;
	page_id?: string;
	lead_source?: string;
}

export interface LeadWebhookState {
	subscribed: boolean;
	callbackUrls: string[];
	subscriptions: LeadWebhookSubscription[];
}

export interface AdvertiserRecord {
	[key: string]: unknown;
}

const SIMPLE_FIELDS = ['company', 'currency', 'timezone', 'display_timezone', 'country', 'balance'] as const;

/**
 * One output item per ad account: the sync's columns (id, name, status, webhook, company, role) plus the
 * money/time fields users filter on. `raw` keeps every other field TikTok returned.
 */
export function shapeAdvertiser(
	info: AdvertiserRecord,
	options: { webhook?: LeadWebhookState; simplify?: boolean } = {},
): Record<string, unknown> {
	const simplify = options.simplify !== false;
	const out: Record<string, unknown> = simplify ? {} : { ...info };
	out.advertiser_id = idToString(info.advertiser_id);
	out.name = info.name ?? info.advertiser_name ?? '';
	out.status = info.status ?? null;
	out.statusDescription = describeAdvertiserStatus(info.status);
	out.role = info.role ?? null;
	out.roleDescription = describeAdvertiserRole(info.role);
	for (const field of SIMPLE_FIELDS) out[field] = info[field] ?? null;
	out.create_time = toIsoTimeOrAsIs(info.create_time);
	if (info.owner_bc_id !== undefined && info.owner_bc_id !== null) out.owner_bc_id = idToString(info.owner_bc_id);
	if (options.webhook) out.leadWebhook = options.webhook;
	return out;
}

/** Groups LEAD subscriptions (from /subscription/get/) by advertiser, never copying the access token they carry. */
export function groupLeadSubscriptions(subscriptions: Array<Record<string, unknown>>): Map<string, LeadWebhookState> {
	const byAdvertiser = new Map<string, LeadWebhookState>();
	for (const sub of subscriptions) {
		if (sub.subscribe_entity !== undefined && sub.subscribe_entity !== 'LEAD') continue;
		const detail = (sub.subscription_detail ?? {}) as Record<string, unknown>;
		const advertiserId = idToString(detail.advertiser_id);
		if (!advertiserId) continue;
		let state = byAdvertiser.get(advertiserId);
		if (!state) {
			state = { subscribed: true, callbackUrls: [], subscriptions: [] };
			byAdvertiser.set(advertiserId, state);
		}
		const callbackUrl = String(sub.callback_url ?? '');
		const entry: LeadWebhookSubscription = {
			subscription_id: idToString(sub.subscription_id),
			callback_url: callbackUrl,
		};
		if (detail.page_id !== undefined && detail.page_id !== null && detail.page_id !== '') {
			entry.page_id = idToString(detail.page_id);
		}
		if (typeof detail.lead_source === 'string') entry.lead_source = detail.lead_source;
		state.subscriptions.push(entry);
		if (callbackUrl && !state.callbackUrls.includes(callbackUrl)) state.callbackUrls.push(callbackUrl);
	}
	return byAdvertiser;
}

export function noLeadWebhook(): LeadWebhookState {
	return { subscribed: false, callbackUrls: [], subscriptions: [] };
}


export const BC_ADVERTISER_ROLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
	ADMIN: 'Admin: full access, including lead download, test leads and lead webhooks',
	OPERATOR: 'Operator: can manage ads but cannot download leads or create test leads',
	ANALYST: 'Analyst: read-only access to ads and reports',
};

export function describeBcAdvertiserRole(role: unknown): string {
	return lookup(BC_ADVERTISER_ROLE_DESCRIPTIONS, role, UNKNOWN_ROLE);
}
