import {
	maskIdentifier,
	md5Hex,
	prepareEmail,
	prepareMaid,
	preparePhone,
	type IdentifierResult,
} from '../../shared/identity';
import { DigestSet } from './digestSet';
import { FingerprintSet } from './fingerprintSet';

export type AudienceSchema = 'email' | 'phone' | 'maid' | 'multiple';
export type IdentifierType = 'email' | 'phone' | 'maid';

/**
 * Identifier types per schema. "Multiple types" is "Phone and Email together": one MULTIPLE_TYPES file whose
 * rows are people, one column per type.
 */
export const SCHEMA_TYPES: Readonly<Record<AudienceSchema, readonly IdentifierType[]>> = {
	email: ['email'],
	phone: ['phone'],
	maid: ['maid'],
	multiple: ['email', 'phone'],
};

/**
 * calculate_type used when the node creates an audience, for its files and for create alike (create takes no
 * MAID_* value and must equal every file's type: docs/tiktok-api-contract.md § /dmp/custom_audience/create/).
 * A mixed IDFA/GAID list is FIRST_SHA256.
 */
export const CALCULATE_TYPE_FOR_SCHEMA: Readonly<Record<AudienceSchema, string>> = {
	email: 'EMAIL_SHA256',
	phone: 'PHONE_SHA256',
	maid: 'FIRST_SHA256',
	multiple: 'MULTIPLE_TYPES',
};

/**
 * calculate_type values of an existing audience that a schema's files can be uploaded to. Upload accepts
 * MAID_SHA256 as an alias of FIRST_SHA256 (same internal value), and an IDFA- or GAID-only audience takes the
 * same SHA-256 of the lowercase advertising ID.
 */
export const COMPATIBLE_CALCULATE_TYPES: Readonly<Record<AudienceSchema, readonly string[]>> = {
	email: ['EMAIL_SHA256'],
	phone: ['PHONE_SHA256'],
	maid: ['FIRST_SHA256', 'MAID_SHA256', 'IDFA_SHA256', 'GAID_SHA256'],
	multiple: ['MULTIPLE_TYPES'],
};

/**
 * Header row of a single-type file, spelled as TikTok's customer-file help spells the "Required Header
 * Description" of hashed IDs. The help asks for a header row; a file without one risks its first identifier
 * being read as the header and lost (docs/tiktok-api-contract.md § Customer file rules).
 */
export const SINGLE_TYPE_HEADER: Readonly<Record<IdentifierType, string>> = {
	email: 'Email_SHA256',
	phone: 'Phone_SHA256',
	maid: 'MAID_SHA256',
};

/** Column names of a MULTIPLE_TYPES file. */
export const MULTIPLE_TYPES_COLUMNS: Readonly<Record<IdentifierType, string>> = {
	email: 'EMAIL_SHA256',
	phone: 'PHONE_SHA256',
	maid: 'MAID_SHA256',
};

/**
 * TikTok documents no file size limit; 200,000 digests make a ~13 MB file, small enough that a retried upload
 * is cheap and well under the 50-files-per-request recommendation even for 10 M identifiers.
 */
export const DEFAULT_LINES_PER_FILE = 200_000;
export const DEFAULT_MAX_SAMPLES = 5;

export interface PlanOptions {
	schema: AudienceSchema;
	defaultCountry?: string;
	maxLinesPerFile?: number;
	maxSamples?: number;
	/**
	 * Deduplicate on 64-bit keyed fingerprints (8 bytes per identifier) instead of whole digests (32 bytes):
	 * for segment files of millions of rows. See FingerprintSet for the false-duplicate odds.
	 */
	compactDedupe?: boolean;
	/** What the number passed to add() is: an input item index (default) or a file's 1-based line number. */
	position?: 'item' | 'line';
	/**
	 * Items the caller will add, when known (input items, not a stream): the dedup sets and the first file buffer
	 * are sized once for them instead of growing by doubling, which rehashes every digest and copies the file
	 * again at each step (and the discarded buffers push n8n's heap into extra garbage collections).
	 */
	expectedItems?: number;
}

export interface PlannedFile {
	/** 1-based, in upload order. */
	index: number;
	fileName: string;
	calculateType: string;
	/** Identifiers (single type) or people (multiple types) in the file. */
	lines: number;
	content: Buffer;
	/** MD5 hex of `content`: TikTok's file_signature. */
	signature: string;
	/** Call once the content has been sent and is no longer needed: its memory is reused for a later file. */
	release?: () => void;
}

export interface TypeCounts {
	valid: number;
	invalid: number;
	duplicates: number;
	empty: number;
	alreadyHashed: number;
}

export interface InvalidSample {
	/** Input item index (items source) … */
	item?: number;
	/** … or 1-based line of the file (file source). */
	line?: number;
	field: IdentifierType;
	reason: string;
	/** Masked: shape only, never the raw value. */
	value: string;
}

export interface UploadSummary {
	/** Input items. total = valid + invalid + duplicates + empty. */
	total: number;
	/** Items that contributed at least one new identifier. */
	valid: number;
	/** Items with no usable identifier but at least one rejected value. */
	invalid: number;
	/** Items whose identifiers were all seen earlier in this run. */
	duplicates: number;
	/** Items without any identifier value. */
	empty: number;
	/** Identifiers that arrived already SHA-256 hashed and were passed through. */
	alreadyHashed: number;
	invalidReasons: Record<string, number>;
	invalidSamples: InvalidSample[];
	/** Per identifier type (one entry per type of the schema). */
	byType: Partial<Record<IdentifierType, TypeCounts>>;
}

export interface UploadPlan {
	files: PlannedFile[];
	summary: UploadSummary;
}

const DIGEST_LENGTH = 64;
const NEWLINE = 10;
const COMMA = 44;

/** Accumulates lines into one file's Buffer (grown by doubling), closing files at the line limit. */
class FileWriter {
	/** Closed files not yet taken by the caller. */
	files: PlannedFile[] = [];
	/** Buffers allocated (first one, each growth, each closing copy): the work, for tests and the bench. */
	allocations = 0;
	private closed = 0;
	private buffer: Buffer | undefined;
	/** A full-size buffer given back after its file was uploaded, reused for the next file. */
	private spare: Buffer | undefined;
	private offset = 0;
	private lines = 0;

	constructor(
		private readonly calculateType: string,
		private readonly maxLines: number,
		private readonly maxLineBytes: number,
		private readonly header?: string,
		/** Lines the first buffer is sized for. */
		private readonly initialLines = Math.min(maxLines, 4096),
	) {}

	/** Room for one more line of up to maxLineBytes; starts a new file when needed. */
	reserve(): Buffer {
		if (this.buffer && this.lines >= this.maxLines) this.close();
		if (!this.buffer) {
			// Small at first (most segments are small); once one file has filled up the next ones will too, so they
			// start at full size instead of growing through a chain of copies the GC has to catch up with.
			const initialLines = this.closed > 0 ? this.maxLines : this.initialLines;
			const size = (this.header?.length ?? 0) + initialLines * this.maxLineBytes;
			const reuse = this.spare !== undefined && this.spare.length >= size;
			if (!reuse) this.allocations++;
			this.buffer = reuse ? this.spare! : Buffer.allocUnsafe(size);
			this.spare = undefined;
			this.offset = this.header ? this.buffer.write(this.header, 0, 'latin1') : 0;
			this.lines = 0;
		}
		if (this.offset + this.maxLineBytes > this.buffer.length) {
			this.allocations++;
			const bigger = Buffer.allocUnsafe(
				Math.min(this.buffer.length * 2, (this.header?.length ?? 0) + this.maxLines * this.maxLineBytes),
			);
			this.buffer.copy(bigger, 0, 0, this.offset);
			this.buffer = bigger;
		}
		return this.buffer;
	}

	writeDigest(hex: string): void {
		this.buffer!.write(hex, this.offset, DIGEST_LENGTH, 'latin1');
		this.offset += DIGEST_LENGTH;
	}

	writeByte(byte: number): void {
		this.buffer![this.offset++] = byte;
	}

	endLine(): void {
		this.writeByte(NEWLINE);
		// Closed at once, so the caller can upload a full file before the next row is read.
		if (++this.lines >= this.maxLines) this.close();
	}

	close(): void {
		if (!this.buffer || this.lines === 0) {
			this.buffer = undefined;
			return;
		}
		// A mostly empty working buffer is copied down to its used bytes, so its spare capacity is released; a
		// mostly full one (every full file) is kept as it is, so a full file never exists twice.
		const working = this.buffer;
		const used = working.subarray(0, this.offset);
		const kept = this.offset * 2 >= working.length;
		const content = kept ? used : Buffer.from(used);
		if (!kept) this.allocations++;
		this.buffer = undefined;
		const index = ++this.closed;
		this.files.push({
			index,
			fileName: `${this.calculateType.toLowerCase()}-${String(index).padStart(3, '0')}.csv`,
			calculateType: this.calculateType,
			lines: this.lines,
			content,
			signature: md5Hex(content),
			// Full files of a large segment reuse one buffer instead of leaving 13–26 MB of garbage each.
			...(kept ? { release: () => (this.spare = working) } : {}),
		});
	}
}

function emptyCounts(): TypeCounts {
	return { valid: 0, invalid: 0, duplicates: 0, empty: 0, alreadyHashed: 0 };
}

/**
 * Streams a segment into upload files: every item's identifiers are normalised and hashed (identity module),
 * deduplicated across the whole run and written as newline-delimited digests — never one giant string.
 * Call add() once per input item, then finish().
 */
export class AudienceUploadPlanner {
	private readonly types: readonly IdentifierType[];
	private readonly seen = new Map<IdentifierType, { add(hex: string): boolean; readonly rehashes: number }>();
	private readonly writer: FileWriter;
	private readonly summary: UploadSummary;
	private readonly maxSamples: number;
	private readonly multiple: boolean;
	private readonly row: (string | undefined)[];

	constructor(private readonly options: PlanOptions) {
		this.types = SCHEMA_TYPES[options.schema];
		this.multiple = options.schema === 'multiple';
		this.maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
		const calculateType = CALCULATE_TYPE_FOR_SCHEMA[options.schema];
		const maxLines = Math.max(1, Math.floor(options.maxLinesPerFile ?? DEFAULT_LINES_PER_FILE));
		const expected = Math.max(0, Math.floor(options.expectedItems ?? 0));
		const header = this.multiple
			? `${this.types.map((t) => MULTIPLE_TYPES_COLUMNS[t]).join(',')}\n`
			: `${SINGLE_TYPE_HEADER[this.types[0]]}\n`;
		const initialLines = Math.min(maxLines, Math.max(4096, expected));
		this.writer = new FileWriter(calculateType, maxLines, this.types.length * (DIGEST_LENGTH + 1), header, initialLines);
		this.row = new Array(this.types.length);
		const byType: Partial<Record<IdentifierType, TypeCounts>> = {};
		for (const type of this.types) {
			this.seen.set(
				type,
				options.compactDedupe ? new FingerprintSet() : expected > 0 ? new DigestSet(expected) : new DigestSet(),
			);
			byType[type] = emptyCounts();
		}
		this.summary = {
			total: 0,
			valid: 0,
			invalid: 0,
			duplicates: 0,
			empty: 0,
			alreadyHashed: 0,
			invalidReasons: {},
			invalidSamples: [],
			byType,
		};
	}

	private prepare(type: IdentifierType, value: unknown): IdentifierResult {
		// The customer-file rules: "+tag" dropped from emails, phones kept in E.164 (China included).
		if (type === 'email') return prepareEmail(value, 'audience');
		if (type === 'phone') return preparePhone(value, this.options.defaultCountry, 'audience');
		return prepareMaid(value);
	}

	/**
	 * A row that never got as far as its identifiers (a broken CSV quote, a line that is not JSON): counted as
	 * invalid under `reason`, with the position as its sample.
	 */
	reject(position: number, reason: string): void {
		const s = this.summary;
		s.total++;
		s.invalid++;
		s.invalidReasons[reason] = (s.invalidReasons[reason] ?? 0) + 1;
		if (s.invalidSamples.length < this.maxSamples) {
			s.invalidSamples.push({
				...(this.sampleFile === undefined ? {} : { item: this.sampleFile }),
				[this.options.position ?? 'item']: position,
				field: this.types[0],
				reason,
				value: '(unreadable row)',
			});
		}
	}

	/** Set while reading the file of one of several input items: invalid samples then name that item too. */
	sampleFile: number | undefined;

	/** Whether a file reached the line limit and waits to be taken. */
	get hasFiles(): boolean {
		return this.writer.files.length > 0;
	}

	/** Files that reached the line limit since the last call: upload them now, they are not kept. */
	takeFiles(): PlannedFile[] {
		const files = this.writer.files;
		this.writer.files = [];
		return files;
	}

	/** Counts so far (final after finish()). */
	get counts(): UploadSummary {
		return this.summary;
	}

	/** One input item: its raw values by identifier type (missing keys count as empty). */
	add(itemIndex: number, values: Partial<Record<IdentifierType, unknown>>): void {
		const s = this.summary;
		s.total++;
		let fresh = 0;
		let repeated = 0;
		let rejected = 0;
		for (let t = 0; t < this.types.length; t++) {
			const type = this.types[t];
			const counts = s.byType[type]!;
			const raw = values[type];
			const result = this.prepare(type, raw);
			this.row[t] = undefined;
			if (result.status === 'empty') {
				counts.empty++;
			} else if (result.status === 'invalid') {
				counts.invalid++;
				rejected++;
				s.invalidReasons[result.reason] = (s.invalidReasons[result.reason] ?? 0) + 1;
				if (s.invalidSamples.length < this.maxSamples) {
					s.invalidSamples.push({
						...(this.sampleFile === undefined ? {} : { item: this.sampleFile }),
						[this.options.position ?? 'item']: itemIndex,
						field: type,
						reason: result.reason,
						value: maskIdentifier(raw),
					});
				}
			} else if (this.seen.get(type)!.add(result.hash)) {
				counts.valid++;
				if (result.passthrough) {
					counts.alreadyHashed++;
					s.alreadyHashed++;
				}
				this.row[t] = result.hash;
				fresh++;
			} else {
				counts.duplicates++;
				repeated++;
			}
		}
		if (fresh > 0) {
			s.valid++;
			this.writeRow();
		} else if (repeated > 0) s.duplicates++;
		else if (rejected > 0) s.invalid++;
		else s.empty++;
	}

	private writeRow(): void {
		this.writer.reserve();
		if (!this.multiple) {
			this.writer.writeDigest(this.row[0]!);
		} else {
			for (let t = 0; t < this.row.length; t++) {
				if (t > 0) this.writer.writeByte(COMMA);
				const digest = this.row[t];
				if (digest !== undefined) this.writer.writeDigest(digest);
			}
		}
		this.writer.endLine();
	}

	/** Dedup-set rehashes and file-buffer allocations so far: the work, for tests and the bench. */
	get work(): { rehashes: number; bufferAllocations: number } {
		let rehashes = 0;
		for (const set of this.seen.values()) rehashes += set.rehashes;
		return { rehashes, bufferAllocations: this.writer.allocations };
	}

	/** Closes the last file; `files` are those not taken yet. */
	finish(): UploadPlan {
		this.writer.close();
		return { files: this.takeFiles(), summary: this.summary };
	}
}
