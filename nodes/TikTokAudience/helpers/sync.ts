import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { describeAudience } from './audience';
import { readFileSourceOptions, readSegmentFile, type FileSourceOptions, type SourceFile } from './fileSource';
import { identifierReader, readDefaultCountry } from './parameters';
import {
	AudienceUploadPlanner,
	DEFAULT_LINES_PER_FILE,
	SCHEMA_TYPES,
	type AudienceSchema,
	type IdentifierType,
	type UploadSummary,
} from '../upload/plan';
import { readId } from './common';
import { TargetUploader } from './syncTarget';

export type SegmentAction = 'CREATE' | 'APPEND' | 'REMOVE' | 'REPLACE';

/**
 * TikTok fails any update that leaves an audience under 1,000 users
 * (docs/tiktok-api-contract.md § /dmp/custom_audience/update/).
 */
export const MIN_REPLACE_IDENTIFIERS = 1000;

const FIELD_PARAMETER: Record<IdentifierType, string> = { email: 'emailField', phone: 'phoneField', maid: 'maidField' };

interface SegmentSettings {
	action: SegmentAction;
	advertiserId: string;
	schema: AudienceSchema;
	defaultCountry?: string;
	options: IDataObject;
	/** The new audience's name (create only). */
	audienceName?: string;
	/** The audience to change (append / replace / remove). */
	audienceId?: string;
	/** Set when the segment is a binary file rather than the input items. */
	file?: FileSourceOptions;
}

/** Step 1, validate: every parameter is read and checked before anything is read from the segment. */
function readSettings(context: IExecuteFunctions, action: SegmentAction): SegmentSettings {
	const advertiserId = readId(context, 'advertiserId', 'advertiser ID', 0);
	const schema = context.getNodeParameter('schema', 0) as AudienceSchema;
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const defaultCountry = SCHEMA_TYPES[schema].includes('phone') ? readDefaultCountry(context) : undefined;
	const audienceName = action === 'CREATE' ? String(context.getNodeParameter('name', 0, '') ?? '').trim() : undefined;
	if (action === 'CREATE' && (!audienceName || audienceName.length > 128)) {
		throw new NodeOperationError(
			context.getNode(),
			audienceName ? 'The audience name is longer than 128 characters' : 'The new audience needs a name',
			{ description: 'Fill in Audience Name (TikTok allows up to 128 characters).' },
		);
	}
	const audienceId = action === 'CREATE' ? undefined : readId(context, 'audienceId', 'audience ID', 0);
	const file =
		context.getNodeParameter('source', 0, 'items') === 'binaryFile'
			? readFileSourceOptions(context, SCHEMA_TYPES[schema])
			: undefined;
	return { action, advertiserId, schema, defaultCountry, options, audienceName, audienceId, file };
}

function newPlanner(settings: SegmentSettings, items: number): AudienceUploadPlanner {
	return new AudienceUploadPlanner({
		schema: settings.schema,
		defaultCountry: settings.defaultCountry,
		maxLinesPerFile: Number(settings.options.identifiersPerFile ?? DEFAULT_LINES_PER_FILE),
		// Input items are counted up front, so the exact set and the first file are sized once; a file's rows are not.
		expectedItems: settings.file ? undefined : items,
		compactDedupe: settings.file !== undefined,
		position: settings.file ? 'line' : 'item',
	});
}

/**
 * Step 2, plan: hashes and deduplicates the segment into upload files; nothing leaves the machine here except
 * through `flush`, which uploads the files that filled up. Returns what was read from binary files (if any).
 */
async function readSegment(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	settings: SegmentSettings,
	planner: AudienceUploadPlanner,
	flush: () => Promise<void>,
): Promise<SourceFile[] | undefined> {
	if (settings.file) {
		const files: SourceFile[] = [];
		for (let i = 0; i < items.length; i++) {
			planner.sampleFile = items.length > 1 ? i : undefined;
			files.push(await readSegmentFile(context, i, settings.file, planner, flush));
		}
		return files;
	}
	const types = SCHEMA_TYPES[settings.schema];
	const readers = types.map((type) => ({ type, read: identifierReader(context, FIELD_PARAMETER[type], type) }));
	const values: Partial<Record<IdentifierType, unknown>> = {};
	for (let i = 0; i < items.length; i++) {
		const json = items[i].json;
		for (const reader of readers) values[reader.type] = reader.read(json, i);
		planner.add(i, values);
		if (planner.hasFiles) await flush();
	}
	return undefined;
}

/** Step 3, rules checked before anything is sent to TikTok. */
function assertSendable(context: IExecuteFunctions, settings: SegmentSettings, summary: UploadSummary, files: number): void {
	const { action, schema } = settings;
	const of = settings.file ? 'rows' : 'items';
	if (action === 'REPLACE' && summary.valid < MIN_REPLACE_IDENTIFIERS) {
		throw new NodeOperationError(
			context.getNode(),
			`Replace refused: the segment has only ${summary.valid} valid identifiers (TikTok needs at least ${MIN_REPLACE_IDENTIFIERS})`,
			{
				description: `A replace leaves the audience with exactly this segment, and TikTok rejects audiences under ${MIN_REPLACE_IDENTIFIERS} users. Nothing was sent. Of ${summary.total} ${of}, ${summary.invalid} were invalid, ${summary.duplicates} duplicates and ${summary.empty} empty. Check the field names and Default Country, or use Add Users instead.`,
			},
		);
	}
	if (action === 'CREATE' && files === 0) {
		throw new NodeOperationError(
			context.getNode(),
			`No valid ${schema} identifiers among ${summary.total} ${of}: the audience was not created`,
			{
				description: `TikTok creates an audience from at least one file. Invalid: ${summary.invalid}, empty: ${summary.empty}. Check the field names${SCHEMA_TYPES[schema].includes('phone') ? ' and Default Country' : ''}.`,
			},
		);
	}
}

/** Step 7, summarise: the counts, every file sent and every request made. */
function summarise(
	settings: SegmentSettings,
	target: TargetUploader,
	summary: UploadSummary,
	audienceId: string | undefined,
	sources: SourceFile[] | undefined,
): IDataObject {
	const { advertiserId, action, schema, options } = settings;
	const sent = target.uploaded > 0;
	return {
		advertiserId,
		audienceId: audienceId ?? null,
		audienceName: target.name ?? null,
		action,
		schema,
		calculateType: target.calculateType,
		segmentId: options.segmentId ? String(options.segmentId) : null,
		...(sources ? { source: 'binaryFile', sourceFiles: sources as unknown as IDataObject[] } : {}),
		total: summary.total,
		valid: summary.valid,
		invalid: summary.invalid,
		duplicates: summary.duplicates,
		empty: summary.empty,
		alreadyHashed: summary.alreadyHashed,
		invalidReasons: summary.invalidReasons,
		invalidSamples: summary.invalidSamples as unknown as IDataObject[],
		byType: summary.byType as IDataObject,
		files: target.files,
		requests: target.requestIds.length,
		requestIds: target.requestIds,
		sent,
		...(sent ? {} : { note: `No valid identifiers: nothing was sent to ${describeAudience({ name: target.name }, String(audienceId))}` }),
		...(target.waitedMs > 0 ? { waitedForReadyMs: target.waitedMs } : {}),
	};
}

/**
 * create / append / replace / remove: the input items (or the binary files they carry) are the segment. Files
 * are uploaded as soon as they fill up, so a segment of any size never sits in memory whole; one summary item
 * comes out, paired with every input item.
 */
export async function syncSegment(this: IExecuteFunctions, action: SegmentAction): Promise<INodeExecutionData[]> {
	const startedAt = new Date().toISOString();
	const items = this.getInputData();
	const settings = readSettings(this, action);
	const planner = newPlanner(settings, items.length);
	const target = new TargetUploader(this, settings);
	// A replace below TikTok's minimum must fail before anything is sent, so its files wait for that minimum.
	const ready = () => action !== 'REPLACE' || planner.counts.valid >= MIN_REPLACE_IDENTIFIERS;
	const flush = async () => (ready() ? await target.upload(planner.takeFiles()) : undefined);
	const sources = await readSegment(this, items, settings, planner, flush);
	// Every file not uploaded yet: the last one, and those a replace held back.
	const { files: rest, summary } = planner.finish();
	assertSendable(this, settings, summary, target.uploaded + rest.length);
	await target.upload(rest);
	await target.check(false);
	const audienceId = await target.commit();
	const json = summarise(settings, target, summary, audienceId, sources);
	json.startedAt = startedAt;
	json.finishedAt = new Date().toISOString();
	const pairedItem: IPairedItemData[] = new Array(items.length);
	for (let i = 0; i < items.length; i++) pairedItem[i] = { item: i };
	return [{ json, pairedItem }];
}
