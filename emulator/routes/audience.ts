import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiError, RawResponse } from '../envelope';
import { routeFor } from '../route';
import { createRng, randomHex, randomId19, type Rng } from '../seed';
import type { Seed } from '../state';
import {
	CALCULATE_TYPES,
	CREATE_CALCULATE_TYPES,
	canonical,
	CustomerFileReader,
	parseFile,
	type CalculateType,
	type ParsedCustomerFile,
} from './customerFile';
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
 * - upload bodies are read as they arrive (multipart parsed in a stream, the file checked line by line and
 *   MD5-hashed on the way), so multi-GB files work; option `audienceRecording: 'counts'` keeps only counts and
 *   checksums instead of identifiers and member sets (benches).
 * Emulator choices where sources are silent: error code 40002 for the rule violations (TikTok's exact codes are
 * not public); MULTIPLE_TYPES files are CSV with a header naming one calculate type per column; members are
 * stored as "<calculate type>:<digest>" so different identifier types never merge; cover_num = member count.
 */

export { CALCULATE_TYPES, CREATE_CALCULATE_TYPES, type CalculateType } from './customerFile';

export const MIN_AUDIENCE_SIZE = 1000;

export interface UploadedFile {
	filePath: string;
	advertiserId: string;
	calculateType: CalculateType;
	fileName: string;
	bytes: number;
	md5: string;
	/** "<calculate type>:<digest>" entries parsed from the file (empty when the emulator only counts). */
	identifiers: string[];
	/** Identifiers in the file, and their order-independent checksum (kept in both recording modes). */
	count: number;
	checksum: string;
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
	/** Recording 'counts': the member count (files are taken as distinct members; overlaps are not modelled). */
	countedMembers: number;
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
	/**
	 * 'members' (default): uploads keep their identifiers and audiences their member sets, for tests.
	 * 'counts' (option `audienceRecording: 'counts'`): only counts and checksums, so a bench can push tens of
	 * millions of identifiers through without the emulator holding them.
	 */
	recording: 'members' | 'counts';
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
		recording: seed.options.audienceRecording === 'counts' ? 'counts' : 'members',
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
		countedMembers: 0,
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

function sizeOf(audience: CustomAudience): number {
	return audience.members.size + audience.countedMembers;
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
		cover_num: ready ? sizeOf(audience) : audience.coverNum,
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
	if (now >= audience.readyAt) audience.coverNum = sizeOf(audience);
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


/** A file part the upload route read as it arrived. */
interface StreamedUpload {
	type: CalculateType;
	bytes: number;
	md5: string;
	parsed: ParsedCustomerFile;
}

/**
 * The upload's `file` part, streamed when calculate_type came before it (as TikTok's SDK and this package send
 * it); otherwise undefined, and the part is kept and parsed whole.
 */
function streamCustomerFile(name: string, fields: Record<string, string>, slice: AudienceState) {
	const type = fields.calculate_type as CalculateType;
	if (name !== 'file' || !(CALCULATE_TYPES as readonly string[]).includes(type)) return undefined;
	const md5 = createHash('md5');
	const reader = new CustomerFileReader(type, slice.recording === 'members');
	// Tests look at the file as sent; a counts-only run keeps nothing.
	const kept: Buffer[] = [];
	let bytes = 0;
	return {
		write(chunk: Buffer) {
			bytes += chunk.length;
			md5.update(chunk);
			reader.write(chunk);
			if (slice.recording === 'members') kept.push(Buffer.from(chunk));
		},
		end: (): StreamedUpload => ({ type, bytes, md5: md5.digest('hex'), parsed: reader.end() }),
		kept: () => Buffer.concat(kept),
	};
}

/** Recording 'counts': the member count after an update (files taken as distinct members). */
function countedAfter(slice: AudienceState, audience: CustomAudience, files: UploadedFile[], action: string): number {
	if (slice.recording !== 'counts') return 0;
	const incoming = files.reduce((n, f) => n + f.count, 0);
	if (action === 'APPEND') return audience.countedMembers + incoming;
	if (action === 'REMOVE') return Math.max(0, audience.countedMembers - incoming);
	return incoming;
}

const route = routeFor<AudienceState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audiencefileupload
	route({
		method: 'POST',
		path: '/dmp/custom_audience/file/upload/',
		bodyType: 'multipart',
		// The file is read line by line as it arrives (multi-GB files are never held), once calculate_type is known.
		streamFile: ({ head, fields, slice }) => streamCustomerFile(head.name, fields, slice),
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
			const streamed = file.streamed as StreamedUpload | undefined;
			const md5 = streamed?.md5 ?? createHash('md5').update(file.data).digest('hex');
			if (md5 !== body.file_signature.toLowerCase()) {
				throw new ApiError(40900, 'File signature error: file_signature does not match the MD5 of the file.');
			}
			// Streamed under the calculate_type sent before the file; that must be the type the upload declares.
			const parsed = streamed?.type === body.calculate_type ? streamed.parsed : parseFile(body.calculate_type, file.data);
			if (parsed.error) throw parsed.error;
			const { identifiers, count, checksum, badLines, lostToHeader } = parsed;
			const filePath = `dmp/${body.advertiser_id}/${randomHex(slice.rng, 32)}${file.filename!.slice(-4)}`;
			slice.files.set(filePath, {
				filePath,
				advertiserId: body.advertiser_id,
				calculateType: body.calculate_type,
				fileName: file.filename!,
				bytes: streamed?.bytes ?? file.data.length,
				md5,
				identifiers,
				count,
				checksum,
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
			if (slice.recording === 'counts') audience.countedMembers += files.reduce((n, f) => n + f.count, 0);
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
				const counted = countedAfter(slice, audience, files, action);
				if (next.size + counted < MIN_AUDIENCE_SIZE) {
					throw new ApiError(
						40002,
						`The audience would have ${next.size + counted} users after this ${action}; an audience needs at least ${MIN_AUDIENCE_SIZE}.`,
					);
				}
				audience.members = next;
				audience.countedMembers = counted;
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
