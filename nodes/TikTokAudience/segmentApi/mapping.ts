import { prepareEmail, prepareMaid, preparePhone, type IdentifierResult, type InvalidReason } from '../../shared/identity';

/**
 * TikTok's segment (partner) API: one request adds or removes many people, each person an array of ids aligned
 * position by position with `id_schema`, `{}` where a person lacks that id (docs/tiktok-api-contract.md,
 * POST /segment/mapping/). Pure: no n8n imports.
 */
export type SegmentIdSchema = 'EMAIL_SHA256' | 'PHONE_SHA256' | 'IDFA_SHA256' | 'AAID_SHA256';
export type SegmentIdentifier = 'email' | 'phone' | 'maid';
export type MaidKindChoice = 'auto' | 'idfa' | 'gaid';

/** No public source states a per-request maximum; 1,000 people per request keeps bodies well under 1 MB. */
export const DEFAULT_SEGMENT_BATCH = 1000;
export const MAX_SEGMENT_BATCH = 10_000;

export type MappingCell = { id: string; audience_ids: string[] } | Record<string, never>;

export interface PersonInput {
	email?: unknown;
	phone?: unknown;
	maid?: unknown;
}

export interface PreparedPerson {
	/** One hash per schema column, undefined where the person has none. */
	ids: Partial<Record<SegmentIdSchema, string>>;
	/** Why an identifier the user mapped could not be used (counted; the person may still have other ids). */
	invalid: Array<{ identifier: SegmentIdentifier; reason: InvalidReason }>;
}

/** The id_schema columns for the identifiers the user chose (fixed for a run so every request is alike). */
export function schemaFor(identifiers: SegmentIdentifier[]): SegmentIdSchema[] {
	const out: SegmentIdSchema[] = [];
	if (identifiers.includes('email')) out.push('EMAIL_SHA256');
	if (identifiers.includes('phone')) out.push('PHONE_SHA256');
	if (identifiers.includes('maid')) out.push('IDFA_SHA256', 'AAID_SHA256');
	return out;
}

function collect(result: IdentifierResult, identifier: SegmentIdentifier, person: PreparedPerson): string | undefined {
	if (result.status === 'hashed') return result.hash;
	if (result.status === 'invalid') person.invalid.push({ identifier, reason: result.reason });
	return undefined;
}

/** Normalises and hashes one person's identifiers with the customer-audience rules (email +tag dropped, E.164). */
export function preparePerson(
	input: PersonInput,
	identifiers: SegmentIdentifier[],
	options: { defaultCountry?: string; maidKind: MaidKindChoice },
): PreparedPerson {
	const person: PreparedPerson = { ids: {}, invalid: [] };
	if (identifiers.includes('email')) {
		const hash = collect(prepareEmail(input.email, 'audience'), 'email', person);
		if (hash) person.ids.EMAIL_SHA256 = hash;
	}
	if (identifiers.includes('phone')) {
		const hash = collect(preparePhone(input.phone, options.defaultCountry, 'audience'), 'phone', person);
		if (hash) person.ids.PHONE_SHA256 = hash;
	}
	if (identifiers.includes('maid')) {
		const result = prepareMaid(input.maid);
		const hash = collect(result, 'maid', person);
		if (hash) {
			// Letter case tells an IDFA (upper) from a GAID (lower); a pre-hashed value cannot tell, so it follows the choice.
			const kind = options.maidKind === 'auto' ? (('kind' in result && result.kind) || 'idfa') : options.maidKind;
			person.ids[kind === 'gaid' ? 'AAID_SHA256' : 'IDFA_SHA256'] = hash;
		}
	}
	return person;
}

/** One person's row of batch_data: a cell per schema column, `{}` where the person has no such id. */
export function mappingRow(person: PreparedPerson, schema: SegmentIdSchema[], audienceIds: string[]): MappingCell[] {
	return schema.map((column): MappingCell => {
		const id = person.ids[column];
		return id ? { id, audience_ids: [...audienceIds] } : {};
	});
}

export interface MappingBatch {
	batchData: MappingCell[][];
	/** Input item of each row, in order. */
	itemIndexes: number[];
}

/** Rows of the people who have at least one id, cut into batches of `batchSize`. */
export function planMappingBatches(
	people: Array<{ itemIndex: number; person: PreparedPerson }>,
	schema: SegmentIdSchema[],
	audienceIds: string[],
	batchSize: number,
): MappingBatch[] {
	const size = Math.min(Math.max(1, Math.floor(batchSize) || DEFAULT_SEGMENT_BATCH), MAX_SEGMENT_BATCH);
	const batches: MappingBatch[] = [];
	let current: MappingBatch = { batchData: [], itemIndexes: [] };
	for (const { itemIndex, person } of people) {
		if (Object.keys(person.ids).length === 0) continue;
		current.batchData.push(mappingRow(person, schema, audienceIds));
		current.itemIndexes.push(itemIndex);
		if (current.batchData.length >= size) {
			batches.push(current);
			current = { batchData: [], itemIndexes: [] };
		}
	}
	if (current.batchData.length) batches.push(current);
	return batches;
}
