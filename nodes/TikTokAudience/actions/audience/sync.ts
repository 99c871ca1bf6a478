import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { tikTokApiRequest, type MultipartField, type TikTokRequest, type TikTokResult } from '../../../TikTokAds/transport';
import { assertCompatible, describeAudience, ensureReady, fetchAudience } from '../../helpers/audience';
import { identifierReader, readDefaultCountry } from '../../helpers/parameters';
import {
	AudienceUploadPlanner,
	CALCULATE_TYPE_FOR_SCHEMA,
	DEFAULT_LINES_PER_FILE,
	SCHEMA_TYPES,
	type AudienceSchema,
	type IdentifierType,
	type PlannedFile,
	type UploadPlan,
} from '../../upload/plan';
import { readId } from '../common';

export type SegmentAction = 'CREATE' | 'APPEND' | 'REMOVE' | 'REPLACE';

/**
 * TikTok fails any update that leaves an audience under 1,000 users
 * (docs/tiktok-api-contract.md § /dmp/custom_audience/update/).
 */
export const MIN_REPLACE_IDENTIFIERS = 1000;

const FIELD_PARAMETER: Record<IdentifierType, string> = { email: 'emailField', phone: 'phoneField', maid: 'maidField' };

interface SegmentSettings {
	advertiserId: string;
	schema: AudienceSchema;
	defaultCountry?: string;
	options: IDataObject;
}

function readSettings(context: IExecuteFunctions): SegmentSettings {
	const advertiserId = readId(context, 'advertiserId', 'advertiser ID', 0);
	const schema = context.getNodeParameter('schema', 0) as AudienceSchema;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const defaultCountry = SCHEMA_TYPES[schema].includes('phone') ? readDefaultCountry(context) : undefined;
	return { advertiserId, schema, defaultCountry, options };
}

/** Hashes and deduplicates every input item into upload files; nothing leaves the machine here. */
function planSegment(context: IExecuteFunctions, items: INodeExecutionData[], settings: SegmentSettings): UploadPlan {
	const types = SCHEMA_TYPES[settings.schema];
	const readers = types.map((type) => ({ type, read: identifierReader(context, FIELD_PARAMETER[type], type) }));
	const planner = new AudienceUploadPlanner({
		schema: settings.schema,
		defaultCountry: settings.defaultCountry,
		maxLinesPerFile: Number(settings.options.identifiersPerFile ?? DEFAULT_LINES_PER_FILE),
		expectedItems: items.length,
	});
	const values: Partial<Record<IdentifierType, unknown>> = {};
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		for (const reader of readers) values[reader.type] = reader.read(json, i);
		planner.add(i, values);
	}
	return planner.finish();
}

function textField(name: string, value: string): MultipartField {
	return { name, value };
}

async function uploadFile(
	this: IExecuteFunctions,
	advertiserId: string,
	calculateType: string,
	file: PlannedFile,
): Promise<{ filePath: string; requestId: string }> {
	const { data, requestId } = await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/dmp/custom_audience/file/upload/',
		formData: [
			textField('advertiser_id', advertiserId),
			textField('calculate_type', calculateType),
			textField('file_signature', file.signature),
			{ name: 'file', filename: file.fileName, content: file.content, contentType: 'text/csv' },
		],
	});
	const filePath = String(data.file_path ?? '');
	if (!filePath) {
		throw new NodeOperationError(this.getNode(), `TikTok accepted ${file.fileName} but returned no file path`, {
			description: 'Run the node again; if it keeps happening the upload endpoint has changed.',
		});
	}
	return { filePath, requestId };
}

/** No TikTok answer at all (connection lost, 5xx, garbage): the request may or may not have been applied. */
function outcomeUnknown(error: unknown): boolean {
	const code = (error as { tiktokCode?: unknown }).tiktokCode;
	return typeof code === 'string' || (typeof code === 'number' && code >= 500 && code < 600);
}

/**
 * Sends a request that must not be replayed blindly, and turns "no answer" into an error that says the change
 * may have happened, so the user checks before running again.
 */
async function sendOnce(
	context: IExecuteFunctions,
	kind: 'create' | 'update',
	target: string,
	req: TikTokRequest,
): Promise<TikTokResult> {
	let failure: unknown;
	try {
		return await tikTokApiRequest.call(context, req);
	} catch (error) {
		failure = error;
	}
	if (!outcomeUnknown(failure)) throw failure;
	const code = (failure as { tiktokCode?: unknown }).tiktokCode;
	const what = kind === 'create' ? `creating the audience "${target}"` : `the update of the audience ${target}`;
	throw new NodeOperationError(
		context.getNode(),
		// n8n rewrites messages that contain network error codes, so the code goes into the description.
		`No answer from TikTok to ${what} (${typeof code === 'number' ? `HTTP ${code}` : code === 'INVALID_RESPONSE' ? 'unreadable answer' : 'connection lost'}): it may or may not have been applied`,
		{
			description: `${
				kind === 'create'
					? 'Check the audience list in TikTok (Operation: Get Many) before running again, or you may get two audiences.'
					: 'Check the audience history (Operation: Get) before running again: a replay could be refused as an unfinished replace, or repeat a change.'
			} Cause: ${String(code)}.`,
		},
	);
}

/**
 * create / append / replace / remove: the input items are the segment. One summary item comes out, paired with
 * every input item.
 */
export async function syncSegment(this: IExecuteFunctions, action: SegmentAction): Promise<INodeExecutionData[]> {
	const startedAt = new Date().toISOString();
	const items = this.getInputData();
	const settings = readSettings(this);
	const { advertiserId, schema, options } = settings;
	const audienceName = action === 'CREATE' ? String(this.getNodeParameter('name', 0, '') ?? '').trim() : undefined;
	if (action === 'CREATE' && (!audienceName || audienceName.length > 128)) {
		throw new NodeOperationError(
			this.getNode(),
			audienceName ? 'The audience name is longer than 128 characters' : 'The new audience needs a name',
			{ description: 'Fill in Audience Name (TikTok allows up to 128 characters).' },
		);
	}
	const audienceId = action === 'CREATE' ? undefined : readId(this, 'audienceId', 'audience ID', 0);

	const plan = planSegment(this, items, settings);
	const { summary } = plan;

	// Rules checked before anything is sent to TikTok.
	if (action === 'REPLACE' && summary.valid < MIN_REPLACE_IDENTIFIERS) {
		throw new NodeOperationError(
			this.getNode(),
			`Replace refused: the segment has only ${summary.valid} valid identifiers (TikTok needs at least ${MIN_REPLACE_IDENTIFIERS})`,
			{
				description: `A replace leaves the audience with exactly this segment, and TikTok rejects audiences under ${MIN_REPLACE_IDENTIFIERS} users. Nothing was sent. Of ${summary.total} items, ${summary.invalid} were invalid, ${summary.duplicates} duplicates and ${summary.empty} empty. Check the field names and Default Country, or use Add Users instead.`,
			},
		);
	}
	if (action === 'CREATE' && plan.files.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`No valid ${schema} identifiers among ${summary.total} items: the audience was not created`,
			{
				description: `TikTok creates an audience from at least one file. Invalid: ${summary.invalid}, empty: ${summary.empty}. Check the field names${SCHEMA_TYPES[schema].includes('phone') ? ' and Default Country' : ''}.`,
			},
		);
	}

	// Every TikTok call of the run, in order (reads and polls too), so support can trace any of them and
	// `requests` is simply their count.
	const requestIds: string[] = [];
	let calculateType = CALCULATE_TYPE_FOR_SCHEMA[schema];
	let name = audienceName;
	let waitedMs = 0;
	if (audienceId !== undefined) {
		const first = await fetchAudience.call(this, advertiserId, audienceId);
		requestIds.push(first.requestId);
		calculateType = assertCompatible(this, first.details, audienceId, schema);
		name = first.details.name === undefined ? undefined : String(first.details.name);
		if (plan.files.length > 0) {
			const ready = await ensureReady.call(this, advertiserId, audienceId, first, {
				enabled: options.waitForReady === true,
				maxWaitMs: Math.round(Math.min(Math.max(Number(options.maxWaitMinutes ?? 10) || 10, 0.05), 60) * 60_000),
			});
			requestIds.push(...ready.pollRequestIds);
			waitedMs = ready.waitedMs;
		}
	}

	const files: IDataObject[] = [];
	for (const file of plan.files) {
		const uploaded = await uploadFile.call(this, advertiserId, calculateType, file);
		requestIds.push(uploaded.requestId);
		files.push({
			fileName: file.fileName,
			lines: file.lines,
			bytes: file.content.length,
			signature: file.signature,
			filePath: uploaded.filePath,
		});
		// The bytes are with TikTok now; let the GC have them before the next file is read.
		file.content = Buffer.alloc(0);
	}
	const filePaths = files.map((f) => String(f.filePath));

	let resultAudienceId = audienceId;
	if (action === 'CREATE') {
		const body: IDataObject = {
			advertiser_id: advertiserId,
			custom_audience_name: name,
			calculate_type: calculateType,
			file_paths: filePaths,
		};
		if (options.retentionInDays !== undefined) body.retention_in_days = Number(options.retentionInDays);
		// Not repeated on 5xx/timeouts: TikTok may have created the audience already, and a retry would make a twin.
		const { data, requestId } = await sendOnce(this, 'create', name ?? '', {
			method: 'POST',
			path: '/dmp/custom_audience/create/',
			body,
			idempotent: false,
		});
		requestIds.push(requestId);
		resultAudienceId = String(data.custom_audience_id ?? '');
	} else if (filePaths.length > 0) {
		// All files in ONE update, action always explicit (TikTok's default is REPLACE): a replace can never
		// leave the audience half-replaced. Not repeated on 5xx: a replay could hit "unfinished replace".
		const { requestId } = await sendOnce(this, 'update', describeAudience({ name }, String(audienceId)), {
			method: 'POST',
			path: '/dmp/custom_audience/update/',
			body: { advertiser_id: advertiserId, custom_audience_id: audienceId, file_paths: filePaths, action },
			idempotent: false,
		});
		requestIds.push(requestId);
	}

	const json: IDataObject = {
		advertiserId,
		audienceId: resultAudienceId ?? null,
		audienceName: name ?? null,
		action,
		schema,
		calculateType,
		segmentId: options.segmentId ? String(options.segmentId) : null,
		total: summary.total,
		valid: summary.valid,
		invalid: summary.invalid,
		duplicates: summary.duplicates,
		empty: summary.empty,
		alreadyHashed: summary.alreadyHashed,
		invalidReasons: summary.invalidReasons,
		invalidSamples: summary.invalidSamples as unknown as IDataObject[],
		byType: summary.byType as IDataObject,
		files,
		requests: requestIds.length,
		requestIds,
		sent: filePaths.length > 0,
		...(filePaths.length === 0
			? { note: `No valid identifiers: nothing was sent to ${describeAudience({ name }, String(audienceId))}` }
			: {}),
		...(waitedMs > 0 ? { waitedForReadyMs: waitedMs } : {}),
		startedAt,
		finishedAt: new Date().toISOString(),
	};
	const pairedItem: IPairedItemData[] = new Array(items.length);
	for (let i = 0; i < items.length; i++) pairedItem[i] = { item: i };
	return [{ json, pairedItem }];
}
