import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError, RawResponse } from '../envelope';
import { routeFor } from '../route';
import { createRng, randomHex, randomId19, type Rng } from '../seed';
import type { Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';

/**
 * Customer File custom audiences with real state: uploaded files are parsed into identifier sets, audiences hold
 * a member set, create/update apply APPEND / REMOVE / REPLACE to it. Sources per rule: docs/tiktok-api-contract.md
 * § /dmp/custom_audience/file/upload/, § /dmp/custom_audience/create/, § /dmp/custom_audience/update/,
 * § /dmp/custom_audience/list/, § /dmp/custom_audience/get/, § /dmp/custom_audience/delete/.
 *
 * Rules modelled:
 * - upload: multipart, `.csv`/`.txt` file name, calculate_type from upload's strict enum, file_signature = MD5
 *   of the bytes (40900); a file path is usable only by the advertiser that uploaded it; a single-type file's
 *   first line is its header row (a data line there is lost and counted in the history message).
 * - create: calculate_type from create's strict enum (no MAID_*) and equal to every file's upload type.
 * - update: every file's calculate_type matches the audience's (MAID_* = FIRST_*, same internal value in the
 *   SDK enum); `action` defaults to REPLACE; any update that would leave fewer than 1,000 members fails; a
 *   replace is rejected while the previous one is unfinished.
 * - an audience is calculating (`is_valid` false) for `calculatingMs` after create and after each file update
 *   (option `audienceCalculatingMs`, default 0); file updates are rejected while it calculates.
 * Emulator choices where sources are silent: error code 40002 for the rule violations (TikTok's exact codes are
 * not public); MULTIPLE_TYPES files are CSV with a header naming one calculate type per column; members are
 * stored as "<calculate type>:<digest>" so different identifier types never merge; cover_num = member count.
 */

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
const canonical = (t: CalculateType): CalculateType => CANONICAL[t] ?? t;

const MULTIPLE_COLUMNS = new Set(['EMAIL_SHA256', 'PHONE_SHA256', 'IDFA_SHA256', 'GAID_SHA256', 'MAID_SHA256', 'FIRST_SHA256']);
export const MIN_AUDIENCE_SIZE = 1000;

export interface UploadedFile {
	filePath: string;
	advertiserId: string;
	calculateType: CalculateType;
	fileName: string;
	bytes: number;
	md5: string;
	/** "<calculate type>:<digest>" entries parsed from the file. */
	identifiers: string[];
	/** Lines that were not a well-formed digest for the calculate type (TikTok reports them in history msg). */
	badLines: number;
	/** 1 when the first line was a data line read as the header (its identifier is lost), else 0. */
	lostToHeader: number;
	uploadedAt: number;
}

export interface AudienceHistoryEntry {
	action: string;
	action_detail: string;
	editor: string;
	msg: string;
	opt_time: string;
}

export interface CustomAudience {
	audience_id: string;
	advertiser_id: string;
	name: string;
	audience_type: string;
	audience_sub_type: 'NORMAL' | 'REACH_FREQUENCY';
	calculate_type: CalculateType | null;
	members: Set<string>;
	/** Member count TikTok shows once the current calculation is done. */
	coverNum: number;
	createdAt: number;
	/** Emulator time when the current calculation finishes (is_valid turns true). */
	readyAt: number;
	lastActionWasReplace: boolean;
	retentionInDays?: number;
	expiredAt: number;
	deleted: boolean;
	history: AudienceHistoryEntry[];
	/** Every file path applied, in order. */
	filePaths: string[];
}

/** A fault on the Nth upload from now (0 = next), so a test can break a multi-file upload in the middle. */
export type UploadFault = { skip: number; times: number } & ({ code: number; message?: string } | { status: number });

export interface AudienceState {
	files: Map<string, UploadedFile>;
	audiences: Map<string, CustomAudience>;
	/** How long an audience calculates after create/update. */
	calculatingMs: number;
	uploadFaults: UploadFault[];
	rng: Rng;
}

const DAY_MS = 86_400_000;

function utc(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function createState(seed: Seed): AudienceState {
	const rng = createRng((seed.options.seed ?? 42) * 131 + 17);
	const state: AudienceState = {
		files: new Map(),
		audiences: new Map(),
		calculatingMs: Number(seed.options.audienceCalculatingMs ?? 0),
		uploadFaults: [],
		rng,
	};
	const first = seed.advertisers[0];
	if (first) {
		// A ready customer-file audience and an engagement audience, so lists and pickers have content.
		const vip = newAudience(state, first.advertiser_id, 'Khách hàng VIP – Email', 'EMAIL_SHA256', seed.now - 30 * DAY_MS);
		for (let i = 0; i < 1200; i++) vip.members.add(`EMAIL_SHA256:${sha256(`vip${i}@example.com`)}`);
		vip.coverNum = vip.members.size;
		vip.readyAt = vip.createdAt + DAY_MS;
		const engagement = newAudience(state, first.advertiser_id, 'Tương tác video 30 ngày', null, seed.now - 10 * DAY_MS);
		engagement.audience_type = 'Engagement Audience';
		engagement.readyAt = engagement.createdAt;
	}
	return state;
}

function sha256(s: string): string {
	return createHash('sha256').update(s).digest('hex');
}

function newAudience(
	state: AudienceState,
	advertiserId: string,
	name: string,
	calculateType: CalculateType | null,
	now: number,
	retentionInDays?: number,
): CustomAudience {
	let id = randomId19(state.rng);
	while (state.audiences.has(id)) id = randomId19(state.rng);
	const audience: CustomAudience = {
		audience_id: id,
		advertiser_id: advertiserId,
		name,
		audience_type: 'Customer File Audience',
		audience_sub_type: 'NORMAL',
		calculate_type: calculateType,
		members: new Set(),
		coverNum: 0,
		createdAt: now,
		readyAt: now + state.calculatingMs,
		lastActionWasReplace: false,
		retentionInDays,
		expiredAt: now + (retentionInDays ?? 365) * DAY_MS,
		deleted: false,
		history: [],
		filePaths: [],
	};
	state.audiences.set(id, audience);
	return audience;
}

/** Test helper: break the upload `skip` uploads from now, `times` times in a row. */
export function scheduleUploadFault(state: AudienceState, fault: UploadFault): void {
	state.uploadFaults.push({ ...fault });
}

/** Test helper: the member digests of an audience for one identifier type (or all, prefixed). */
export function membersOf(state: AudienceState, audienceId: string, calculateType?: string): Set<string> {
	const audience = state.audiences.get(audienceId);
	if (!audience) throw new Error(`no audience ${audienceId}`);
	if (!calculateType) return new Set(audience.members);
	const prefix = `${canonical(calculateType as CalculateType)}:`;
	return new Set([...audience.members].filter((m) => m.startsWith(prefix)).map((m) => m.slice(prefix.length)));
}

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

function digestPattern(type: string): RegExp | undefined {
	if (type.endsWith('_SHA256')) return HEX64;
	if (type.endsWith('_MD5')) return HEX32;
	return undefined;
}

/** Parses a customer file into tagged identifiers. TikTok hashes are compared lowercase. */
function parseFile(type: CalculateType, content: string): { identifiers: string[]; badLines: number; lostToHeader?: number } {
	const lines = content.split(/\r?\n/);
	const identifiers: string[] = [];
	let badLines = 0;
	if (type === 'MULTIPLE_TYPES') {
		const header = (lines.shift() ?? '').split(',').map((c) => c.trim().toUpperCase());
		if (header.length === 0 || header.some((c) => !MULTIPLE_COLUMNS.has(c)) || new Set(header).size !== header.length) {
			throw new ApiError(40002, `file: the first line of a MULTIPLE_TYPES file must name the identifier columns (${[...MULTIPLE_COLUMNS].join(', ')}).`);
		}
		for (const line of lines) {
			if (line.trim() === '') continue;
			const cells = line.split(',');
			if (cells.length !== header.length) {
				badLines++;
				continue;
			}
			let any = false;
			cells.forEach((cell, i) => {
				const value = cell.trim().toLowerCase();
				if (value === '') return;
				if (!HEX64.test(value)) return;
				identifiers.push(`${canonical(header[i] as CalculateType)}:${value}`);
				any = true;
			});
			if (!any) badLines++;
		}
		return { identifiers, badLines };
	}
	const pattern = digestPattern(type);
	// TikTok's customer-file help: "Make sure to have a header row describing the ID". The first non-empty line
	// is read as that header whatever it holds, so a file without one loses its first identifier.
	const first = lines.findIndex((line) => line.trim() !== '');
	let lostToHeader = 0;
	if (first >= 0) {
		if (!SINGLE_TYPE_HEADERS.has(lines[first].trim().toUpperCase())) lostToHeader = 1;
		lines.splice(0, first + 1);
	}
	badLines += lostToHeader;
	for (const line of lines) {
		const value = line.trim().toLowerCase();
		if (value === '') continue;
		if (pattern ? pattern.test(value) : value.length > 0) identifiers.push(`${canonical(type)}:${value}`);
		else badLines++;
	}
	return { identifiers, badLines, lostToHeader };
}

function details(audience: CustomAudience, now: number) {
	const ready = now >= audience.readyAt;
	const expired = now >= audience.expiredAt;
	return {
		audience_id: audience.audience_id,
		name: audience.name,
		audience_type: audience.audience_type,
		audience_sub_type: audience.audience_sub_type,
		calculate_type: audience.calculate_type,
		cover_num: ready ? audience.members.size : audience.coverNum,
		is_valid: ready && !expired,
		is_expiring: !expired && audience.expiredAt - now < 60 * DAY_MS,
		is_creator: true,
		shared: false,
		is_auto_refresh: false,
		owner_id: audience.advertiser_id,
		msg: ready ? '' : 'Calculating',
		error_msg: '',
		create_time: utc(audience.createdAt),
		expired_time: utc(audience.expiredAt),
	};
}

function settle(audience: CustomAudience, now: number): void {
	if (now >= audience.readyAt) audience.coverNum = audience.members.size;
}

function findAudience(state: AudienceState, advertiserId: string, audienceId: string): CustomAudience {
	const audience = state.audiences.get(audienceId);
	if (!audience || audience.deleted || audience.advertiser_id !== advertiserId) {
		throw new ApiError(40002, `Parameter error: invalid audience ID ${audienceId}.`);
	}
	return audience;
}

function filesFor(state: AudienceState, advertiserId: string, paths: string[]): UploadedFile[] {
	return paths.map((path) => {
		const file = state.files.get(path);
		if (!file || file.advertiserId !== advertiserId) {
			throw new ApiError(40002, `file_paths: ${path} is not a file uploaded by advertiser ${advertiserId}.`);
		}
		return file;
	});
}

function assertCalculateType(files: UploadedFile[], type: CalculateType): void {
	for (const file of files) {
		if (canonical(file.calculateType) !== canonical(type)) {
			throw new ApiError(
				40002,
				`calculate_type: file ${file.filePath} is ${file.calculateType} but the audience is ${type}.`,
			);
		}
	}
}

/**
 * Create: "calculate_type should be the same as all the files in the file_path" (SDK create yml). Exact
 * equality: the aliases that upload accepts (MAID_*) do not exist in create's enum, so no alias can match.
 */
function assertSameCalculateType(files: UploadedFile[], type: CalculateType): void {
	for (const file of files) {
		if (file.calculateType !== type) {
			throw new ApiError(
				40002,
				`calculate_type: must be the same as every file's; file ${file.filePath} was uploaded as ${file.calculateType}, not ${type}.`,
			);
		}
	}
}

function partialMessage(files: UploadedFile[]): string {
	const bad = files.reduce((n, f) => n + f.badLines, 0);
	return bad ? `${bad} rows failed to parse` : '';
}

const route = routeFor<AudienceState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audiencefileupload
	route({
		method: 'POST',
		path: '/dmp/custom_audience/file/upload/',
		bodyType: 'multipart',
		body: z.object({
			advertiser_id: idString,
			calculate_type: z.enum(CALCULATE_TYPES),
			file_signature: z.string().regex(/^[0-9a-fA-F]{32}$/, 'Must be the MD5 hex of the file.'),
			name: z.string().optional(),
			file_name: z.string().optional(),
		}),
		handler({ body, multipart, slice, assertAdvertiser, now }) {
			const fault = slice.uploadFaults[0];
			if (fault) {
				if (fault.skip > 0) fault.skip--;
				else {
					if (--fault.times <= 0) slice.uploadFaults.shift();
					if ('status' in fault) {
						return new RawResponse(`<html><body>${fault.status} Bad Gateway</body></html>`, 'text/html', fault.status);
					}
					throw new ApiError(fault.code, fault.message ?? 'System error.');
				}
			}
			assertAdvertiser(body.advertiser_id);
			const file = multipart?.files.find((f) => f.name === 'file');
			if (!file) throw new ApiError(40002, 'file: Missing data for required field.');
			if (!/\.(csv|txt)$/.test(file.filename ?? '')) {
				throw new ApiError(40002, `file: only .csv or .txt files are supported (got "${file.filename}").`);
			}
			const md5 = createHash('md5').update(file.data).digest('hex');
			if (md5 !== body.file_signature.toLowerCase()) {
				throw new ApiError(40900, 'File signature error: file_signature does not match the MD5 of the file.');
			}
			const { identifiers, badLines, lostToHeader = 0 } = parseFile(body.calculate_type, file.data.toString('utf8'));
			const filePath = `dmp/${body.advertiser_id}/${randomHex(slice.rng, 32)}${file.filename!.slice(-4)}`;
			slice.files.set(filePath, {
				filePath,
				advertiserId: body.advertiser_id,
				calculateType: body.calculate_type,
				fileName: file.filename!,
				bytes: file.data.length,
				md5,
				identifiers,
				badLines,
				lostToHeader,
				uploadedAt: now(),
			});
			return { file_path: filePath };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audiencecreate
	route({
		method: 'POST',
		path: '/dmp/custom_audience/create/',
		body: z.object({
			advertiser_id: idString,
			custom_audience_name: z.string().trim().min(1, 'Must not be empty.').max(128, 'At most 128 characters.'),
			calculate_type: z.enum(CREATE_CALCULATE_TYPES),
			file_paths: z.array(z.string().min(1)).min(1).max(500, 'At most 500 file paths (fewer than 50 recommended).'),
			audience_sub_type: z.enum(['NORMAL', 'REACH_FREQUENCY']).optional(),
			retention_in_days: z.number().int().min(1).max(365).optional(),
			audience_enhancement: z.boolean().optional(),
		}),
		handler({ body, slice, assertAdvertiser, now }) {
			assertAdvertiser(body.advertiser_id);
			const files = filesFor(slice, body.advertiser_id, body.file_paths);
			assertSameCalculateType(files, body.calculate_type);
			const audience = newAudience(
				slice,
				body.advertiser_id,
				body.custom_audience_name,
				body.calculate_type,
				now(),
				body.retention_in_days,
			);
			audience.audience_sub_type = body.audience_sub_type ?? 'NORMAL';
			for (const file of files) for (const id of file.identifiers) audience.members.add(id);
			audience.filePaths.push(...body.file_paths);
			audience.history.unshift({
				action: 'Create',
				action_detail: `Created with ${files.length} file(s)`,
				editor: 'open_api',
				msg: partialMessage(files),
				opt_time: utc(now()),
			});
			return { custom_audience_id: audience.audience_id };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audienceupdate
	route({
		method: 'POST',
		path: '/dmp/custom_audience/update/',
		body: z.object({
			advertiser_id: idString,
			custom_audience_id: idString,
			custom_audience_name: z.string().trim().min(1).max(128).optional(),
			file_paths: z.array(z.string().min(1)).min(1).optional(),
			action: z.enum(['APPEND', 'REMOVE', 'REPLACE']).optional(),
			audience_sub_type: z.enum(['NORMAL', 'REACH_FREQUENCY']).optional(),
		}),
		handler({ body, slice, assertAdvertiser, now }) {
			assertAdvertiser(body.advertiser_id);
			const audience = findAudience(slice, body.advertiser_id, body.custom_audience_id);
			if (body.custom_audience_name === undefined && body.file_paths === undefined && !body.audience_sub_type) {
				throw new ApiError(40002, 'custom_audience_name or file_paths is required.');
			}
			if (body.action !== undefined && body.file_paths === undefined) {
				throw new ApiError(40002, 'action: only valid together with file_paths.');
			}
			if (body.audience_sub_type) {
				// TikTok ignores other changes when audience_sub_type is sent (SDK update yml).
				if (audience.audience_sub_type === 'REACH_FREQUENCY' && body.audience_sub_type === 'NORMAL') {
					throw new ApiError(40002, 'audience_sub_type: can only change from NORMAL to REACH_FREQUENCY.');
				}
				audience.audience_sub_type = body.audience_sub_type;
				return {};
			}
			if (body.file_paths) {
				const action = body.action ?? 'REPLACE';
				settle(audience, now());
				if (now() < audience.readyAt) {
					if (action === 'REPLACE' && audience.lastActionWasReplace) {
						throw new ApiError(
							40002,
							'This replace operation is rejected as there is an existing unfinished replace operation for this audience. Please wait until the current operation completes on this audience before retrying. Recommend no more than one replace operation per day.',
						);
					}
					throw new ApiError(40002, `The audience ${audience.audience_id} is still being calculated. Please try again after it is ready.`);
				}
				const files = filesFor(slice, body.advertiser_id, body.file_paths);
				assertCalculateType(files, audience.calculate_type ?? ('' as CalculateType));
				const incoming = new Set<string>();
				for (const file of files) for (const id of file.identifiers) incoming.add(id);
				let next: Set<string>;
				if (action === 'APPEND') next = new Set([...audience.members, ...incoming]);
				else if (action === 'REMOVE') next = new Set([...audience.members].filter((m) => !incoming.has(m)));
				else next = incoming;
				if (next.size < MIN_AUDIENCE_SIZE) {
					throw new ApiError(
						40002,
						`The audience would have ${next.size} users after this ${action}; an audience needs at least ${MIN_AUDIENCE_SIZE}.`,
					);
				}
				audience.members = next;
				audience.filePaths.push(...body.file_paths);
				audience.readyAt = now() + slice.calculatingMs;
				audience.lastActionWasReplace = action === 'REPLACE';
				audience.history.unshift({
					action: action[0] + action.slice(1).toLowerCase(),
					action_detail: `${action} with ${files.length} file(s)`,
					editor: 'open_api',
					msg: partialMessage(files),
					opt_time: utc(now()),
				});
			}
			if (body.custom_audience_name !== undefined) {
				audience.name = body.custom_audience_name;
				if (!body.file_paths) {
					audience.history.unshift({ action: 'Rename', action_detail: body.custom_audience_name, editor: 'open_api', msg: '', opt_time: utc(now()) });
				}
			}
			return {};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-dmpcustom_audiencelist
	route({
		method: 'GET',
		path: '/dmp/custom_audience/list/',
		jsonQuery: ['custom_audience_ids'],
		query: z.object({
			advertiser_id: idString,
			custom_audience_ids: z.array(idString).min(1).max(100).optional(),
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 100).default(10),
		}),
		handler({ query, slice, assertAdvertiser, now }) {
			assertAdvertiser(query.advertiser_id);
			const list = [...slice.audiences.values()]
				.filter(
					(a) =>
						!a.deleted &&
						a.advertiser_id === query.advertiser_id &&
						(!query.custom_audience_ids || query.custom_audience_ids.includes(a.audience_id)),
				)
				.sort((a, b) => b.createdAt - a.createdAt)
				.map((a) => {
					settle(a, now());
					return details(a, now());
				});
			return paginate(list, query.page, query.page_size);
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-dmpcustom_audienceget
	route({
		method: 'GET',
		path: '/dmp/custom_audience/get/',
		jsonQuery: ['custom_audience_ids'],
		query: z.object({
			advertiser_id: idString,
			custom_audience_ids: z.array(idString).min(1).max(100),
			// SDK dmp_custom_audience_get.yml: 1–100, default 100.
			history_size: queryInt(1, 100).default(100),
		}),
		handler({ query, slice, assertAdvertiser, now }) {
			assertAdvertiser(query.advertiser_id);
			const list = query.custom_audience_ids.map((id) => {
				const audience = findAudience(slice, query.advertiser_id, id);
				settle(audience, now());
				return {
					audience_details: { ...details(audience, now()), enhancement_status: 'NONE', type: audience.audience_type },
					audience_history: audience.history.slice(0, query.history_size),
				};
			});
			return { list };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audiencedelete
	route({
		method: 'POST',
		path: '/dmp/custom_audience/delete/',
		body: z.object({
			advertiser_id: idString,
			custom_audience_ids: z.array(idString).min(1).max(100),
		}),
		handler({ body, slice, assertAdvertiser }) {
			assertAdvertiser(body.advertiser_id);
			const audiences = body.custom_audience_ids.map((id) => findAudience(slice, body.advertiser_id, id));
			for (const audience of audiences) audience.deleted = true;
			return {};
		},
	}),
];

/** Test helper: pretend `ms` of the audience's calculation already passed (is_valid turns true sooner). */
export function finishCalculation(state: AudienceState, audienceId: string, at: number): void {
	const audience = state.audiences.get(audienceId);
	if (audience) audience.readyAt = Math.min(audience.readyAt, at);
}

/** Test helper: a ready audience with `count` synthetic email members, owned by an advertiser. */
export function seedAudience(
	state: AudienceState,
	advertiserId: string,
	options: { name?: string; calculateType?: CalculateType; members?: string[]; now: number; readyInMs?: number },
): CustomAudience {
	const type = options.calculateType ?? 'EMAIL_SHA256';
	const audience = newAudience(state, advertiserId, options.name ?? 'Seeded audience', type, options.now);
	for (const digest of options.members ?? []) audience.members.add(`${canonical(type)}:${digest}`);
	audience.readyAt = options.now + (options.readyInMs ?? 0);
	audience.coverNum = audience.members.size;
	return audience;
}
