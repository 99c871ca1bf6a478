import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { parseIdList } from '../../shared/lists';
import { tikTokApiRequest } from '../../shared/transport';
import { identifierReader, readDefaultCountry } from './parameters';
import {
	DEFAULT_SEGMENT_BATCH,
	MAX_SEGMENT_BATCH,
	planMappingBatches,
	preparePerson,
	schemaFor,
	type MaidKindChoice,
	type PreparedPerson,
	type SegmentIdentifier,
} from '../segmentApi/mapping';
import { readId } from './common';

/** Add / Remove People (real time): POST /segment/mapping/ with action add | delete (docs/tiktok-api-contract.md). */
interface MemberSettings {
	advertiserIds: string[];
	audienceId: string;
	identifiers: SegmentIdentifier[];
	defaultCountry?: string;
	maidKind: MaidKindChoice;
	batchSize: number;
}

const FIELD: Record<SegmentIdentifier, string> = { email: 'emailField', phone: 'phoneField', maid: 'maidField' };

function readSettings(context: IExecuteFunctions): MemberSettings {
	const advertiserId = readId(context, 'advertiserId', 'advertiser ID', 0);
	const audienceId = readId(context, 'segmentAudienceId', 'segment audience ID', 0);
	const options = context.getNodeParameter('segmentOptions', 0, {}) as IDataObject;
	const { ids: others, invalid: bad } = parseIdList(String(options.otherAdvertiserIds ?? ''));
	if (bad.length) {
		throw new NodeOperationError(context.getNode(), `Not an advertiser ID: ${bad.slice(0, 3).join(', ')}`, {
			description: "'Also for Advertiser IDs' takes digit-only IDs separated by commas.",
		});
	}
	const identifiers = context.getNodeParameter('segmentIdentifiers', 0, ['email']) as SegmentIdentifier[];
	const unknown = identifiers.filter((i) => !(i in FIELD));
	const maidKind = options.maidKind ?? 'auto';
	if (unknown.length || !['auto', 'idfa', 'gaid'].includes(String(maidKind))) {
		// An expression can hand over anything; an unknown choice must not quietly drop a column or pick IDFA.
		throw new NodeOperationError(context.getNode(), `Unknown choice: ${JSON.stringify(unknown.length ? unknown[0] : maidKind).slice(0, 60)}`, {
			description: "Identifiers take 'email', 'phone' or 'maid'; Advertising ID Type takes 'auto', 'idfa' or 'gaid'.",
		});
	}
	if (identifiers.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No identifier was chosen', {
			description: 'Pick at least one of Email, Phone or Mobile Advertising ID.',
		});
	}
	const defaultCountry = identifiers.includes('phone') ? readDefaultCountry(context) : undefined;
	return {
		advertiserIds: [...new Set([advertiserId, ...others])],
		audienceId,
		identifiers,
		defaultCountry,
		maidKind: maidKind as MaidKindChoice,
		batchSize: readBatchSize(context, options.batchSize),
	};
}

/** An expression bypasses the editor's bounds; NaN or -5 must not quietly become 1,000 or one request per person. */
function readBatchSize(context: IExecuteFunctions, value: unknown): number {
	if (value === undefined || value === null || value === '') return DEFAULT_SEGMENT_BATCH;
	const n = typeof value === 'number' ? value : Number(String(value).trim());
	if (Number.isInteger(n) && n >= 1 && n <= MAX_SEGMENT_BATCH) return n;
	throw new NodeOperationError(context.getNode(), `People per Request must be a whole number from 1 to ${MAX_SEGMENT_BATCH}, not ${JSON.stringify(String(value).slice(0, 40))}`, {
		description: `Set 'People per Request' to a number between 1 and ${MAX_SEGMENT_BATCH} (default ${DEFAULT_SEGMENT_BATCH}), or check the expression that fills it.`,
	});
}

function resultItem(itemIndex: number, person: PreparedPerson, settings: MemberSettings, extra: IDataObject): INodeExecutionData {
	return {
		json: {
			audienceId: settings.audienceId,
			advertiserIds: settings.advertiserIds,
			sentIds: Object.keys(person.ids),
			...(person.invalid.length ? { invalid: person.invalid.map((p) => `${p.identifier}: ${p.reason}`) } : {}),
			...extra,
		},
		pairedItem: { item: itemIndex },
	};
}

/** TikTok's own errors keep their code and request id; anything else is named as this node's failure. */
function asOperationError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * Add People / Remove People (segment audience): every input item is one person, sent in batches of up to 1,000;
 * each person comes back as one item saying what happened to them.
 */
export async function syncMembers(this: IExecuteFunctions, action: 'add' | 'delete'): Promise<INodeExecutionData[]> {
	const done = action === 'add' ? 'added' : 'removed';
	const settings = readSettings(this);
	const items = this.getInputData();
	const readers = settings.identifiers.map((identifier) => ({ identifier, read: identifierReader(this, FIELD[identifier], identifier) }));
	const people = items.map((item, itemIndex) => {
		const input: Record<string, unknown> = {};
		for (const { identifier, read } of readers) input[identifier] = read(item.json, itemIndex);
		return { itemIndex, person: preparePerson(input, settings.identifiers, settings) };
	});
	const schema = schemaFor(settings.identifiers);
	const out: INodeExecutionData[] = new Array(items.length);
	for (const { itemIndex, person } of people) {
		if (Object.keys(person.ids).length === 0) {
			const reason = person.invalid.length ? 'no valid identifier' : 'no identifier';
			out[itemIndex] = resultItem(itemIndex, person, settings, { status: 'rejected', reason });
		}
	}
	for (const batch of planMappingBatches(people, schema, [settings.audienceId], settings.batchSize)) {
		let extra: IDataObject;
		try {
			const { requestId } = await tikTokApiRequest.call(this, {
				method: 'POST',
				path: '/segment/mapping/',
				body: { advertiser_ids: settings.advertiserIds, action, id_schema: schema, batch_data: batch.batchData },
				itemIndex: batch.itemIndexes[0],
			});
			extra = { status: done, requestId };
		} catch (error) {
			if (!this.continueOnFail()) throw asOperationError(this, error, batch.itemIndexes[0]);
			extra = { status: 'failed', error: (error as Error).message };
		}
		for (const itemIndex of batch.itemIndexes) out[itemIndex] = resultItem(itemIndex, people[itemIndex].person, settings, extra);
	}
	return out;
}
