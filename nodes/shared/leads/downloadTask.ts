import { NodeOperationError, sleep, type IDataObject } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokContext } from '../transport';

/**
 * TikTok's bulk lead download (docs/tiktok-api-contract.md § /page/lead/task/ and § /page/lead/task/download/):
 * create a task per form or ad, poll it until SUCCEED, then fetch the CSV (or zip, for files over 10 MB). Used by
 * Lead > Download and by the Lead Poll Trigger.
 */

export type LeadRegion = 'rest' | 'eu' | 'us';

export interface LeadTaskTarget {
	/** Exactly one of page_id / ad_id, or neither for direct-message leads. */
	page_id?: string;
	ad_id?: string;
	lead_source?: string;
	/** How messages name the target, e.g. "form 6873052183063953666". */
	label: string;
}

export interface LeadTaskOptions {
	advertiserId: string;
	region?: LeadRegion;
	/** Unix seconds; asks TikTok for leads created in [start, end). */
	window?: { start: number; end: number };
	intervalSeconds: number;
	maxPolls: number;
	itemIndex?: number;
	/** Adds a how-to-fix description to TikTok's refusals (the caller knows the node's wording). */
	explain?: (error: unknown, hint?: string) => unknown;
}

export interface LeadFileDownload {
	target: LeadTaskTarget;
	taskId: string;
	fileName: string;
	bytes: Buffer;
}

interface TaskState {
	target: LeadTaskTarget;
	data: IDataObject;
}

const done = (status: unknown) => status === 'SUCCEED' || status === 'FAILED';

function regionHeaders(region: LeadRegion | undefined): IDataObject | undefined {
	return region === 'eu' || region === 'us' ? { 'x-lead-region': region } : undefined;
}

async function taskCall(context: TikTokContext, options: LeadTaskOptions, body: IDataObject, hint?: string) {
	try {
		const { data } = await tikTokApiRequest.call(context, {
			method: 'POST',
			path: '/page/lead/task/',
			body: { advertiser_id: options.advertiserId, ...body },
			headers: regionHeaders(options.region),
			itemIndex: options.itemIndex,
		});
		return data;
	} catch (error) {
		throw options.explain ? options.explain(error, hint) : error;
	}
}

function targetBody(target: LeadTaskTarget): IDataObject {
	const body: IDataObject = {};
	if (target.page_id) body.page_id = target.page_id;
	if (target.ad_id) body.ad_id = target.ad_id;
	if (target.lead_source) body.lead_source = target.lead_source;
	return body;
}

async function createTasks(context: TikTokContext, targets: LeadTaskTarget[], options: LeadTaskOptions) {
	const window = options.window ? { start_time: options.window.start, end_time: options.window.end } : {};
	const tasks: TaskState[] = [];
	for (const target of targets) {
		const hint = `Check that ${target.label} belongs to ad account ${options.advertiserId}.`;
		const data = await taskCall(context, options, { ...targetBody(target), ...window }, hint);
		if (!data.task_id) {
			throw new NodeOperationError(context.getNode(), `TikTok did not return a task ID for the lead download of ${target.label}`, {
				itemIndex: options.itemIndex,
			});
		}
		tasks.push({ target, data });
	}
	return tasks;
}

/** Polls every unfinished task once per round; the wait is bounded by a poll count, not a clock. */
async function waitForTasks(context: TikTokContext, tasks: TaskState[], options: LeadTaskOptions): Promise<void> {
	for (let poll = 0; poll < options.maxPolls && tasks.some((t) => !done(t.data.status)); poll++) {
		await sleep(options.intervalSeconds * 1000);
		for (const task of tasks.filter((t) => !done(t.data.status))) {
			task.data = await taskCall(context, options, { ...targetBody(task.target), task_id: String(task.data.task_id) });
		}
	}
	const failed = tasks.find((t) => t.data.status === 'FAILED');
	if (failed) {
		throw new NodeOperationError(context.getNode(), `TikTok could not prepare the lead file (task ${String(failed.data.task_id)} FAILED)`, {
			itemIndex: options.itemIndex,
			description: `The download task for ${failed.target.label} ended in FAILED. Run again to start a new task; if it keeps failing, download the leads from TikTok Leads Center and use Lead > Import CSV.`,
		});
	}
	const pending = tasks.find((t) => t.data.status !== 'SUCCEED');
	if (pending) {
		const waited = Math.round(options.maxPolls * options.intervalSeconds);
		throw new NodeOperationError(
			context.getNode(),
			`The lead file was not ready after ${waited} s (task ${String(pending.data.task_id)}, status ${String(pending.data.status)})`,
			{ itemIndex: options.itemIndex, description: 'TikTok is still preparing the file. Raise Options > Max Wait, or run again later.' },
		);
	}
}

async function downloadFile(context: TikTokContext, task: TaskState, options: LeadTaskOptions): Promise<LeadFileDownload> {
	const taskId = String(task.data.task_id);
	let file: unknown;
	try {
		({ data: file } = await tikTokApiRequest.call(context, {
			method: 'GET',
			path: '/page/lead/task/download/',
			qs: { advertiser_id: options.advertiserId, task_id: taskId },
			headers: regionHeaders(options.region),
			itemIndex: options.itemIndex,
			raw: true,
		}));
	} catch (error) {
		const hint = `Downloading the file of task ${taskId} failed. TikTok keeps the file about 10 minutes; run again to create a new task.`;
		throw options.explain ? options.explain(error, hint) : error;
	}
	if (!Buffer.isBuffer(file)) {
		throw new NodeOperationError(context.getNode(), `TikTok answered the download of task ${taskId} without a file`, {
			itemIndex: options.itemIndex,
			description: 'Run again; if it keeps happening, download the leads from TikTok Leads Center and use Lead > Import CSV.',
		});
	}
	const extension = task.data.file_type === 'zip' ? 'zip' : 'csv';
	return { target: task.target, taskId, fileName: String(task.data.file_name || `leads_${taskId}.${extension}`), bytes: file };
}

/** One file per target, in target order. Every task is created first so they are prepared in parallel. */
export async function downloadLeadFiles(
	this: TikTokContext,
	targets: LeadTaskTarget[],
	options: LeadTaskOptions,
): Promise<LeadFileDownload[]> {
	const tasks = await createTasks(this, targets, options);
	await waitForTasks(this, tasks, options);
	const files: LeadFileDownload[] = [];
	for (const task of tasks) files.push(await downloadFile(this, task, options));
	return files;
}
