import { ApiError } from '../envelope';

/**
 * Upload's calculate_type enum (strict): SDK yml_files/dmp_custom_audience_file_upload.yml, enum package
 * DmpCalculateType (docs/tiktok-api-contract.md § /dmp/custom_audience/file/upload/).
 */
export const CALCULATE_TYPES = [
	'EMAIL_SHA256',
	'PHONE_SHA256',
	'IDFA_SHA256',
	'IDFA_MD5',
	'GAID_SHA256',
	'GAID_MD5',
	'FIRST_SHA256',
	'FIRST_MD5',
	'MAID_SHA256',
	'MAID_MD5',
	'MULTIPLE_TYPES',
] as const;

/**
 * Create's calculate_type enum (strict, no MAID_* aliases): SDK yml_files/dmp_custom_audience_create.yml, enum
 * package CalculateType (docs/tiktok-api-contract.md § /dmp/custom_audience/create/).
 */
export const CREATE_CALCULATE_TYPES = [
	'EMAIL_SHA256',
	'PHONE_SHA256',
	'IDFA_SHA256',
	'IDFA_MD5',
	'GAID_SHA256',
	'GAID_MD5',
	'FIRST_SHA256',
	'FIRST_MD5',
	'MULTIPLE_TYPES',
] as const;
export type CalculateType = (typeof CALCULATE_TYPES)[number];

/** Upload's aliases share TikTok's internal value (MAID_* = FIRST_*: both 6/7 in the SDK upload enum). */
const CANONICAL: Partial<Record<CalculateType, CalculateType>> = { MAID_SHA256: 'FIRST_SHA256', MAID_MD5: 'FIRST_MD5' };
export const canonical = (t: CalculateType): CalculateType => CANONICAL[t] ?? t;

const MULTIPLE_COLUMNS = new Set(['EMAIL_SHA256', 'PHONE_SHA256', 'IDFA_SHA256', 'GAID_SHA256', 'MAID_SHA256', 'FIRST_SHA256']);
/**
 * Header names of a single-type customer file, from TikTok's help table "Required Header Description" (Email or
 * Email_SHA256, Phone or Phone_SHA256, MAID or MAID_MD5 or MAID_SHA256; "How to create a Custom Audience with a
 * customer file" and "List of supported IDs and formats for a customer file", ads.tiktok.com help;
 * docs/tiktok-api-contract.md § Customer file rules). Whether TikTok compares them case-sensitively is not
 * published: the emulator ignores case.
 */
const SINGLE_TYPE_HEADERS = new Set(['EMAIL', 'EMAIL_SHA256', 'PHONE', 'PHONE_SHA256', 'MAID', 'MAID_MD5', 'MAID_SHA256']);

const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;
/** Longer lines cannot be a digest (nor a MULTIPLE_TYPES row of them): counted bad without being held. */
const MAX_LINE_BYTES = 64 * 1024;

function digestPattern(type: string): RegExp | undefined {
	if (type.endsWith('_SHA256')) return HEX64;
	if (type.endsWith('_MD5')) return HEX32;
	return undefined;
}

export interface ParsedCustomerFile {
	/** "<calculate type>:<digest>" entries (empty when the reader only counts). */
	identifiers: string[];
	/** Identifiers read (= identifiers.length when they are kept). */
	count: number;
	/** Order-independent checksum of the identifiers (two 32-bit sums of digest prefixes), for counts-only runs. */
	checksum: string;
	badLines: number;
	lostToHeader: number;
	/** The file breaks a rule TikTok refuses the upload for. */
	error?: ApiError;
}

/**
 * A customer file read line by line as its bytes arrive (LF or CRLF), so a file of any size is checked without
 * being held: the header rule, each line's digest format, and the identifiers (kept, or only counted).
 */
export class CustomerFileReader {
	private carry: Buffer[] = [];
	private carryBytes = 0;
	private overlong = false;
	private lineNo = 0;
	private header: string[] | undefined;
	private seenHeader = false;
	private sumHi = 0;
	private sumLo = 0;
	private readonly pattern: RegExp | undefined;
	private readonly result: ParsedCustomerFile = { identifiers: [], count: 0, checksum: '', badLines: 0, lostToHeader: 0 };

	constructor(
		private readonly type: CalculateType,
		private readonly keepIdentifiers = true,
	) {
		this.pattern = digestPattern(type);
	}

	write(chunk: Buffer): void {
		let start = 0;
		for (;;) {
			const lf = chunk.indexOf(0x0a, start);
			if (lf < 0) break;
			this.take(chunk.subarray(start, lf));
			this.flushLine();
			start = lf + 1;
		}
		if (start < chunk.length) this.take(chunk.subarray(start));
	}

	end(): ParsedCustomerFile {
		if (this.carryBytes > 0 || this.overlong || this.lineNo === 0) this.flushLine();
		this.result.checksum = `${(this.sumHi >>> 0).toString(16).padStart(8, '0')}${(this.sumLo >>> 0).toString(16).padStart(8, '0')}`;
		return this.result;
	}

	private take(piece: Buffer): void {
		if (this.overlong) return;
		this.carryBytes += piece.length;
		if (this.carryBytes > MAX_LINE_BYTES) {
			this.overlong = true;
			this.carry = [];
			return;
		}
		this.carry.push(piece);
	}

	private flushLine(): void {
		const text = this.overlong ? undefined : Buffer.concat(this.carry, this.carryBytes).toString('utf8').replace(/\r$/, '');
		this.carry = [];
		this.carryBytes = 0;
		this.overlong = false;
		this.lineNo++;
		if (this.result.error) return;
		if (text === undefined) {
			this.result.badLines++;
			return;
		}
		if (this.type === 'MULTIPLE_TYPES') this.multipleLine(text);
		else this.singleLine(text);
	}

	private add(type: CalculateType, value: string): void {
		this.result.count++;
		if (this.keepIdentifiers) this.result.identifiers.push(`${canonical(type)}:${value}`);
		else {
			this.sumHi = (this.sumHi + parseInt(value.slice(0, 8), 16)) | 0;
			this.sumLo = (this.sumLo + parseInt(value.slice(8, 16), 16)) | 0;
		}
	}

	private multipleLine(line: string): void {
		if (!this.header) {
			const header = line.split(',').map((c) => c.trim().toUpperCase());
			if (header.length === 0 || header.some((c) => !MULTIPLE_COLUMNS.has(c)) || new Set(header).size !== header.length) {
				this.result.error = new ApiError(40002, `file: the first line of a MULTIPLE_TYPES file must name the identifier columns (${[...MULTIPLE_COLUMNS].join(', ')}).`);
			}
			this.header = header;
			return;
		}
		if (line.trim() === '') return;
		const cells = line.split(',');
		if (cells.length !== this.header.length) {
			this.result.badLines++;
			return;
		}
		let any = false;
		for (let i = 0; i < cells.length; i++) {
			const value = cells[i].trim().toLowerCase();
			if (value === '' || !HEX64.test(value)) continue;
			this.add(this.header[i] as CalculateType, value);
			any = true;
		}
		if (!any) this.result.badLines++;
	}

	private singleLine(line: string): void {
		const value = line.trim().toLowerCase();
		if (value === '') return;
		// TikTok's customer-file help: "Make sure to have a header row describing the ID". The first non-empty line
		// is read as that header whatever it holds, so a file without one loses its first identifier.
		if (!this.seenHeader) {
			this.seenHeader = true;
			if (!SINGLE_TYPE_HEADERS.has(value.toUpperCase())) {
				this.result.lostToHeader = 1;
				this.result.badLines++;
			}
			return;
		}
		if (this.pattern ? this.pattern.test(value) : value.length > 0) this.add(this.type, value);
		else this.result.badLines++;
	}
}

/** Parses a whole customer file held in memory (same rules as the streaming reader). */
export function parseFile(type: CalculateType, content: Buffer): ParsedCustomerFile {
	const reader = new CustomerFileReader(type);
	reader.write(content);
	const parsed = reader.end();
	if (parsed.error) throw parsed.error;
	return parsed;
}
