import {
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type IPollFunctions,
} from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../shared/transport';
import { downloadLeadFiles, type LeadRegion, type LeadTaskTarget } from '../shared/leads/downloadTask';
import type { LeadOutputOptions } from '../shared/leads/descriptions';
import { csvFilesIn, LeadFileProblem } from '../shared/leads/leadFile';
import { parseLeadCsv } from '../shared/leads/leadCsv';
import { buildFieldMapping, simplifyLead, type JsonRecord } from '../shared/leads/shape';
import { TextDecodeProblem } from '../shared/files/text';
import { rowToLead, type RowLead } from './rows';

/** TikTok files some leads a few minutes after they were submitted; each poll re-reads this much before its cursor. */
export const OVERLAP_SECONDS = 5 * 60;
/** Leads Center keeps leads for 90 days, so a first run cannot usefully look further back. */
export const MAX_LOOKBACK_DAYS = 90;
/** How many leads "Fetch Test Event" shows. */
export const TEST_EVENT_LEADS = 10;

interface PollOptions extends LeadOutputOptions {
	region?: LeadRegion;
	maxWaitSeconds?: number;
	pollIntervalSeconds?: number;
}

export interface PollSettings {
	advertiserId: string;
	leadSource: string;
	formId: string;
	lookbackDays: number;
	options: PollOptions;
}

export function readSettings(context: IPollFunctions): PollSettings {
	const advertiserId = String(context.getNodeParameter('advertiserId', '', { extractValue: true }) ?? '').trim();
	if (!/^\d+$/.test(advertiserId)) {
		throw new NodeOperationError(context.getNode(), 'No ad account is selected', {
			description: 'Choose the ad account whose leads start this workflow under Advertiser.',
		});
	}
	const leadSource = String(context.getNodeParameter('leadSource', 'INSTANT_FORM'));
	const formId =
		leadSource === 'INSTANT_FORM' ? String(context.getNodeParameter('formId', '', { extractValue: true }) ?? '').trim() : '';
	const lookback = Number(context.getNodeParameter('lookbackDays', 1));
	return {
		advertiserId,
		leadSource,
		formId,
		lookbackDays: Math.min(MAX_LOOKBACK_DAYS, Math.max(1 / 24, Number.isFinite(lookback) ? lookback : 1)),
		options: context.getNodeParameter('options', {}) as PollOptions,
	};
}

/** One task per form (every instant form of the account when none is chosen), or one for direct-message leads. */
async function targetsFor(context: IPollFunctions, settings: PollSettings): Promise<LeadTaskTarget[]> {
	if (settings.leadSource === 'DIRECT_MESSAGE') return [{ lead_source: 'DIRECT_MESSAGE', label: 'direct-message leads' }];
	if (settings.formId) return [{ page_id: settings.formId, label: `form ${settings.formId}` }];
	const forms = await tikTokApiRequestAllItems.call(context, {
		method: 'GET',
		path: '/page/get/',
		qs: { advertiser_id: settings.advertiserId, business_type: 'LEAD_GEN' },
	});
	return forms.map((form) => ({ page_id: String(form.page_id), label: `form ${String(form.page_id)}` }));
}

/** The wait for TikTok's file stays inside the engine's budget for one poll (n8n abandons longer polls). */
function waitPlan(context: IPollFunctions, options: PollOptions): { intervalSeconds: number; maxPolls: number } {
	const intervalSeconds = Math.max(0.5, Number(options.pollIntervalSeconds ?? 5));
	const budgetSeconds = (context.getPollBudgetMs?.() ?? 5 * 60_000) / 1000;
	const maxWait = Math.min(Math.max(1, Number(options.maxWaitSeconds ?? 120)), budgetSeconds * 0.8);
	return { intervalSeconds, maxPolls: Math.max(1, Math.floor(maxWait / intervalSeconds)) };
}

function fileProblem(context: IPollFunctions, error: unknown): never {
	if (error instanceof LeadFileProblem) {
		throw new NodeOperationError(context.getNode(), error.message, { description: error.hint });
	}
	if (error instanceof TextDecodeProblem) {
		throw new NodeOperationError(context.getNode(), `TikTok's lead file could not be read: ${error.message}`, {
			description: 'The next poll downloads it again; if this keeps happening, report it with the file from Leads Center.',
		});
	}
	throw error;
}

/** Every lead in the downloaded files, with the rows that could not be read counted by file. */
function leadsInFiles(
	context: IPollFunctions,
	files: Array<{ fileName: string; bytes: Buffer }>,
	settings: PollSettings,
): RowLead[] {
	const leads: RowLead[] = [];
	for (const file of files) {
		try {
			for (const csv of csvFilesIn(file.bytes, file.fileName)) {
				const result = parseLeadCsv(csv.bytes);
				for (const row of result.leads) leads.push(rowToLead(row.data, settings));
				if (result.problems.length > 0) {
					context.logger.warn(
						`TikTok Lead Poll Trigger skipped ${result.problems.length} malformed row(s) of ${csv.name}: ${result.problems[0].message}`,
						{ node: context.getNode().name },
					);
				}
			}
		} catch (error) {
			fileProblem(context, error);
		}
	}
	return leads;
}

export interface Window {
	start: number;
	end: number;
}

/** Downloads and reads every lead TikTok has for the window, oldest first. */
export async function fetchLeads(context: IPollFunctions, settings: PollSettings, window: Window): Promise<RowLead[]> {
	const targets = await targetsFor(context, settings);
	if (targets.length === 0) return [];
	const files = await downloadLeadFiles.call(context, targets, {
		advertiserId: settings.advertiserId,
		region: settings.options.region ?? 'rest',
		window,
		...waitPlan(context, settings.options),
	});
	const all = leadsInFiles(context, files, settings);
	const untimed = all.filter((lead) => lead.timeUnreadable).length;
	if (untimed > 0) {
		context.logger.warn(
			`TikTok Lead Poll Trigger read ${untimed} lead row(s) whose create_time is not "YYYY-MM-DD HH:MM:SS": they are emitted once (by lead id) with createdAt null`,
			{ node: context.getNode().name },
		);
	}
	const leads = all.filter((lead) => {
		const time = lead.entry.create_time as number | null;
		// Also filtered here: the task is asked for the window, but a file with older leads must not replay them.
		return time === null || (time >= window.start && time <= window.end);
	});
	return leads.sort((a, b) => Number(a.entry.create_time ?? 0) - Number(b.entry.create_time ?? 0));
}

export function toItems(leads: RowLead[], options: LeadOutputOptions): INodeExecutionData[] {
	const mapping = buildFieldMapping(options.fieldMapping?.mappings ?? []);
	const simplify = options.simplify !== false;
	return leads.map((lead) => {
		const json: JsonRecord = simplify ? simplifyLead(lead.entry, mapping) : { ...lead.entry };
		if (Object.keys(lead.extraColumns).length > 0) json.extraColumns = lead.extraColumns;
		return { json: json as IDataObject };
	});
}
