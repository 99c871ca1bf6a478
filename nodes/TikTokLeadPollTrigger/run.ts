import { NodeOperationError, type INodeExecutionData, type IPollFunctions } from 'n8n-workflow';

import { dedupeLeads, readRecentLeadIds } from '../shared/leads/recentLeads';
import { leadIdOf } from '../shared/leads/shape';
import {
	fetchLeads,
	MAX_LOOKBACK_DAYS,
	OVERLAP_SECONDS,
	readSettings,
	TEST_EVENT_LEADS,
	toItems,
	type PollSettings,
} from './poll';
import type { RowLead } from './rows';

const DAY = 86_400;

function scope(settings: PollSettings): string {
	if (settings.leadSource === 'DIRECT_MESSAGE') return `direct-message leads of ad account ${settings.advertiserId}`;
	return settings.formId
		? `form ${settings.formId} of ad account ${settings.advertiserId}`
		: `the instant forms of ad account ${settings.advertiserId}`;
}

/** "Fetch Test Event": the newest leads of the lookback period, without touching the cursor or the emitted list. */
async function testEvent(context: IPollFunctions, settings: PollSettings, now: number): Promise<INodeExecutionData[][]> {
	const leads = await fetchLeads(context, settings, { start: now - Math.round(settings.lookbackDays * DAY), end: now });
	if (leads.length === 0) {
		throw new NodeOperationError(context.getNode(), `No leads in the last ${settings.lookbackDays} day(s) for ${scope(settings)}`, {
			description:
				'Raise First Run Lookback, check Lead Region, or create a test lead (TikTok Ads Account > Lead > Create Test Lead) and fetch again.',
		});
	}
	return [toItems(leads.slice(-TEST_EVENT_LEADS), settings.options)];
}

/**
 * One scheduled poll. Static data holds `cursor` (Unix seconds up to which leads were read) and `recentLeadIds`;
 * both change only once the whole poll succeeded, so a failed poll leaves the next one the same window and more.
 */
export async function pollForLeads(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings(this);
	const now = Math.floor(Date.now() / 1000);
	if (this.getMode() === 'manual') return await testEvent(this, settings, now);

	const staticData = this.getWorkflowStaticData('node');
	const cursor = typeof staticData.cursor === 'number' && Number.isFinite(staticData.cursor) ? staticData.cursor : null;
	const oldest = now - Math.round(settings.lookbackDays * DAY);
	const start = cursor === null ? oldest : Math.max(now - MAX_LOOKBACK_DAYS * DAY, Math.min(cursor, now) - OVERLAP_SECONDS);
	const leads = await fetchLeads(this, settings, { start, end: now });

	const result = dedupeLeads<RowLead>(leads, (lead) => leadIdOf(lead.entry), readRecentLeadIds(staticData.recentLeadIds));
	if (result.withoutId > 0) {
		this.logger.warn(
			`TikTok Lead Poll Trigger skipped ${result.withoutId} lead row(s) without a lead_id: they could not be told apart from leads already emitted`,
			{ node: this.getNode().name },
		);
	}
	// Reassigned, not mutated: n8n stores static data whose top-level keys changed.
	staticData.cursor = now;
	staticData.recentLeadIds = result.recent;
	return result.fresh.length > 0 ? [toItems(result.fresh, settings.options)] : null;
}
