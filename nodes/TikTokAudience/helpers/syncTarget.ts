import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { failureCode, isOutcomeUnknown, tikTokApiRequest, type MultipartField, type TikTokRequest, type TikTokResult } from '../../shared/transport';
import { assertCompatible, describeAudience, ensureReady, fetchAudience } from './audience';
import { CALCULATE_TYPE_FOR_SCHEMA, type AudienceSchema, type PlannedFile } from '../upload/plan';

/** What the target step needs to know about the run (a subset of the sync settings). */
export interface TargetSettings {
	action: 'CREATE' | 'APPEND' | 'REMOVE' | 'REPLACE';
	advertiserId: string;
	schema: AudienceSchema;
	options: IDataObject;
	audienceName?: string;
	audienceId?: string;
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
	return isOutcomeUnknown(error);
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
	const code = failureCode(failure);
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
 * Steps 4–6 against TikTok: check the target audience (once, right before the first upload, so a segment that
 * breaks a rule sends nothing), upload each file as soon as it is full (its bytes are dropped once TikTok has
 * them), then commit every file path in ONE create or update.
 */
export class TargetUploader {
	/** Every TikTok call of the run, in order (reads and polls too), so support can trace any of them. */
	readonly requestIds: string[] = [];
	/** Uploaded files, without their content. */
	readonly files: IDataObject[] = [];
	calculateType: string;
	name: string | undefined;
	waitedMs = 0;
	private checked = false;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly settings: TargetSettings,
	) {
		this.calculateType = CALCULATE_TYPE_FOR_SCHEMA[settings.schema];
		this.name = settings.audienceName;
	}

	get uploaded(): number {
		return this.files.length;
	}

	/** Reads the audience to change (type, name) and, when files will follow, waits for it to be ready. */
	async check(willUpload: boolean): Promise<void> {
		const { audienceId, advertiserId, schema, options } = this.settings;
		if (this.checked || audienceId === undefined) return;
		this.checked = true;
		const first = await fetchAudience.call(this.context, advertiserId, audienceId);
		this.requestIds.push(first.requestId);
		this.calculateType = assertCompatible(this.context, first.details, audienceId, schema);
		this.name = first.details.name === undefined ? undefined : String(first.details.name);
		if (!willUpload) return;
		const ready = await ensureReady.call(this.context, advertiserId, audienceId, first, {
			enabled: options.waitForReady === true,
			maxWaitMs: Math.round(Math.min(Math.max(Number(options.maxWaitMinutes ?? 10) || 10, 0.05), 60) * 60_000),
		});
		this.requestIds.push(...ready.pollRequestIds);
		this.waitedMs = ready.waitedMs;
	}

	async upload(files: PlannedFile[]): Promise<void> {
		if (files.length === 0) return;
		await this.check(true);
		for (const file of files) {
			const uploaded = await uploadFile.call(this.context, this.settings.advertiserId, this.calculateType, file);
			this.requestIds.push(uploaded.requestId);
			this.files.push({
				fileName: file.fileName,
				lines: file.lines,
				bytes: file.content.length,
				signature: file.signature,
				filePath: uploaded.filePath,
			});
			// The bytes are with TikTok now: the buffer goes back to the planner for the next file.
			file.content = Buffer.alloc(0);
			file.release?.();
		}
	}

	get filePaths(): string[] {
		return this.files.map((f) => String(f.filePath));
	}

	/** Creates the audience from every file, or applies them all in one update; returns the audience ID. */
	async commit(): Promise<string | undefined> {
		const { action, advertiserId, audienceId, options } = this.settings;
		const filePaths = this.filePaths;
		if (action === 'CREATE') {
			const body: IDataObject = {
				advertiser_id: advertiserId,
				custom_audience_name: this.name,
				calculate_type: this.calculateType,
				file_paths: filePaths,
			};
			if (options.retentionInDays !== undefined) body.retention_in_days = Number(options.retentionInDays);
			// Not repeated on 5xx/timeouts: TikTok may have created the audience already, and a retry would make a twin.
			const { data, requestId } = await sendOnce(this.context, 'create', this.name ?? '', {
				method: 'POST',
				path: '/dmp/custom_audience/create/',
				body,
				idempotent: false,
			});
			this.requestIds.push(requestId);
			return String(data.custom_audience_id ?? '');
		}
		if (filePaths.length > 0) {
			// All files in ONE update, action always explicit (TikTok's default is REPLACE): a replace can never
			// leave the audience half-replaced. Not repeated on 5xx: a replay could hit "unfinished replace".
			const { requestId } = await sendOnce(this.context, 'update', describeAudience({ name: this.name }, String(audienceId)), {
				method: 'POST',
				path: '/dmp/custom_audience/update/',
				body: { advertiser_id: advertiserId, custom_audience_id: audienceId, file_paths: filePaths, action },
				idempotent: false,
			});
			this.requestIds.push(requestId);
		}
		return audienceId;
	}
}
