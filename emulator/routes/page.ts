import { crc32, deflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { ApiError, RawResponse } from '../envelope';
import { routeFor, type RouteContext } from '../route';
import { createRng, randomDigits, randomId19, type Rng } from '../seed';
import type { BaseState, Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';
import { userRoleOn } from './bc';

/**
 * Instant forms and leads (docs/tiktok-api-contract.md#lead-generation): /page/get/, /page/field/get/, test leads
 * (/page/lead/mock/create|get|delete/) and the bulk lead download (/page/lead/task/, /page/lead/task/download/).
 *
 * Rules modelled:
 * - Test leads, lead tasks and downloads need the ADMIN role on the ad account (bc module's `userRoleOn`),
 *   else 40001. One test lead per form: a second create answers 40002 until the first is deleted.
 * - Leads live in a region (rest | eu | us). A task sees the region of its `x-lead-region` header (none → rest);
 *   polling or downloading a task from another region answers 40002 (the task does not exist there).
 * - A task moves CREATED → RUNNING → SUCCEED on successive polls (`options.pollsUntilDone`, default 2), or
 *   ends FAILED / stays RUNNING when `options.taskOutcome` says so. The file is CSV, or zip when the CSV is larger
 *   than `options.zipThresholdBytes` (TikTok: 10 MB). It expires 10 minutes (emulator clock) after success.
 *
 * Emulator choices where the public sources conflict or are silent:
 * - /page/lead/task/ is POST with a JSON body for both create and poll (BB; PP uses GET — see docs/tiktok-api-contract.md#post-pageleadtask).
 * - A task may ask for a time window: `start_time` / `end_time` in Unix seconds, both inclusive, given together
 *   (public integrations send these; one reports TikTok returning the whole history anyway, so the Lead Poll
 *   Trigger filters by create_time as well). The file lists the leads of the window as they are when the task
 *   finishes, so a lead filed between two tasks appears in the later one.
 * - `lead_source: DIRECT_MESSAGE` tasks take no page_id; the emulator stores no direct-message leads, so their file
 *   has the header only.
 * - mock delete accepts `lead_id` (GP/PP and BB's own field comment) or `page_id` (BB's JSON tag).
 * - mock get answers code 0 with an empty object when the form has no test lead.
 * - The CSV header uses the webhook's field names (lead_id, create_time, ad_id, …, page_id, page_name) followed by
 *   the form's questions; it starts with a UTF-8 BOM (`options.csvBom`).
 * - library_id (form libraries in a Business Center) is not modelled: 40002.
 */

export type Region = 'rest' | 'eu' | 'us';
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export const BUSINESS_TYPES = [
	'LEAD_GEN',
	'STORE_FRONT',
	'APP_PROFILE_PAGE',
	'TIKTOK_INSTANT_PAGE',
	'SHOP_ADS_PLP',
	'SHOP_ADS_PDP',
	'POP_UP_FORM',
] as const;

export interface Form {
	advertiser_id: string;
	page_id: string;
	title: string;
	status: 'EDITED' | 'PUBLISHED';
	business_type: BusinessType;
	create_time: string;
	update_time: string;
	publish_time: string;
	preview_url: string;
	thumbnail: string;
	destination_urls: string[];
	transfer_status: 'UNSET';
	user_id: string;
	fields: string[];
}

export interface StoredLead {
	lead_id: string;
	page_id: string;
	region: Region;
	create_time: string;
	ad_id: string;
	ad_name: string;
	adgroup_id: string;
	adgroup_name: string;
	campaign_id: string;
	campaign_name: string;
	answers: Record<string, string>;
}

export interface TestLead {
	advertiser_id: string;
	page_id: string;
	lead_data: Record<string, string>;
	meta_data: Record<string, string | number>;
}

export interface LeadTask {
	task_id: string;
	advertiser_id: string;
	page_id?: string;
	ad_id?: string;
	lead_source: 'INSTANT_FORM' | 'DIRECT_MESSAGE';
	/** Unix seconds, both inclusive, when the task asked for a time window. */
	start_time?: number;
	end_time?: number;
	region: Region;
	status: 'CREATED' | 'RUNNING' | 'SUCCEED' | 'FAILED';
	polls: number;
	file?: { name: string; type: 'csv' | 'zip'; bytes: Buffer; expiresAt: number };
}

export interface PageOptions {
	pollsUntilDone: number;
	taskOutcome: 'SUCCEED' | 'FAILED' | 'STUCK';
	zipThresholdBytes: number;
	/** How the zip entry is written: 'deflate' (TikTok's likely choice) or 'store'. */
	zipMethod: 'deflate' | 'store';
	csvBom: boolean;
	/** Append the "AI-generated overview" column Leads Center exports carry (a summary, not a form answer). */
	aiOverviewColumn: boolean;
	/** Serve these bytes instead of the file a finished task built (crafted or damaged files). */
	fileOverride?: { bytes: Buffer; type: 'csv' | 'zip' };
}

export interface PageState {
	forms: Map<string, Form>;
	leads: StoredLead[];
	testLeads: Map<string, TestLead>;
	tasks: Map<string, LeadTask>;
	options: PageOptions;
	rng: Rng;
}

const FILE_TTL_MS = 10 * 60 * 1000;

const FORM_TITLES = [
	'Đăng ký tư vấn khóa học tiếng Anh',
	'Nhận báo giá nội thất trọn gói',
	'Đặt lịch khám răng miễn phí',
	'Đăng ký lái thử xe VinFast',
	'Nhận ưu đãi thẻ tín dụng',
	'Tư vấn căn hộ Thủ Đức',
];
const QUESTIONS = ['Tỉnh/Thành phố', 'Bạn quan tâm sản phẩm nào?'];
const PEOPLE = [
	['Nguyễn Văn An', '+84901234567', 'an.nguyen@example.vn', 'Hồ Chí Minh', 'Gói cơ bản, giao nhanh'],
	['Trần Thị Bích Ngọc', '+84912345678', 'ngoc.tran@example.vn', 'Hà Nội', 'Căn hộ "2 phòng ngủ"'],
	['Lê Hoàng Phúc', '+84987654321', 'phuc.le@example.vn', 'Đà Nẵng', 'Gọi sau 17h\nhoặc nhắn Zalo'],
	['Phạm Ngọc Ánh', '+84934567890', 'anh.pham@example.vn', 'Cần Thơ', 'Ưu đãi, trả góp 0%'],
	['Đỗ Minh Đức', '+84976543210', 'duc.do@example.vn', 'Huế', 'Khác'],
	['Hans Müller', '+4915123456789', 'hans@example.de', 'Berlin', 'Premium'],
	['Emily Carter', '+12025550143', 'emily@example.com', 'New York', 'Basic, monthly'],
];

function utc(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function makeForm(rng: Rng, advertiserId: string, k: number, now: number, businessType: BusinessType = 'LEAD_GEN'): Form {
	const created = now - 86400_000 * (60 - k);
	const title =
		businessType === 'LEAD_GEN'
			? `${FORM_TITLES[k % FORM_TITLES.length]}${k >= FORM_TITLES.length ? ` (${k + 1})` : ''}`
			: `Trang cửa hàng ${k + 1}`;
	const published = businessType !== 'LEAD_GEN' || k % 8 !== 7;
	const pageId = randomId19(rng, '6');
	return {
		advertiser_id: advertiserId,
		page_id: pageId,
		title,
		status: published ? 'PUBLISHED' : 'EDITED',
		business_type: businessType,
		create_time: utc(created),
		update_time: utc(created + 3600_000),
		publish_time: published ? utc(created + 7200_000) : '',
		preview_url: published ? `https://ads.tiktok.com/instant-page/preview/${pageId}` : '',
		thumbnail: `https://example.invalid/thumb/${pageId}.jpg`,
		destination_urls: [],
		transfer_status: 'UNSET',
		user_id: randomId19(rng),
		fields: ['name', 'phone_number', 'email', ...QUESTIONS],
	};
}

function makeLead(rng: Rng, form: Form, n: number, region: Region, now: number): StoredLead {
	const person = PEOPLE[region === 'eu' ? 5 : region === 'us' ? 6 : n % 5];
	return {
		lead_id: randomId19(rng),
		page_id: form.page_id,
		region,
		create_time: utc(now - 3600_000 * (n + 1)),
		ad_id: '1790000000000000001',
		ad_name: 'Video ưu đãi tháng 3',
		adgroup_id: '1790000000000000002',
		adgroup_name: 'Nhóm quảng cáo HCM 25-45',
		campaign_id: '1790000000000000003',
		campaign_name: 'Chiến dịch thu thập khách hàng',
		answers: {
			name: person[0],
			phone_number: person[1],
			email: person[2],
			[QUESTIONS[0]]: person[3],
			[QUESTIONS[1]]: person[4],
		},
	};
}

export function createState(seed: Seed): PageState {
	const rng = createRng((seed.options.seed ?? 42) * 7919 + 202);
	const forms = new Map<string, Form>();
	const leads: StoredLead[] = [];
	seed.advertisers.forEach((adv, i) => {
		const count = i === 0 ? 23 : 2;
		for (let k = 0; k < count; k++) {
			const form = makeForm(rng, adv.advertiser_id, k, seed.now);
			forms.set(form.page_id, form);
			if (i === 0 && k === 0) {
				for (let n = 0; n < 5; n++) leads.push(makeLead(rng, form, n, 'rest', seed.now));
				leads.push(makeLead(rng, form, 5, 'eu', seed.now));
				leads.push(makeLead(rng, form, 6, 'us', seed.now));
			} else if (k === 0) {
				leads.push(makeLead(rng, form, i, 'rest', seed.now));
			}
		}
		if (i === 0) {
			for (let k = 0; k < 2; k++) {
				const page = makeForm(rng, adv.advertiser_id, k, seed.now, 'STORE_FRONT');
				forms.set(page.page_id, page);
			}
		}
	});
	return {
		forms,
		leads,
		testLeads: new Map(),
		tasks: new Map(),
		options: {
			pollsUntilDone: 2,
			taskOutcome: 'SUCCEED',
			zipThresholdBytes: 10 * 1024 * 1024,
			zipMethod: 'deflate',
			csvBom: true,
			aiOverviewColumn: false,
		},
		rng,
	};
}

/** Forms of one advertiser, for tests. Pass emu.state. */
export function formsOf(state: BaseState, advertiserId: string, businessType: BusinessType = 'LEAD_GEN'): Form[] {
	const slice = (state as BaseState & { page: PageState }).page;
	return [...slice.forms.values()].filter((f) => f.advertiser_id === advertiserId && f.business_type === businessType);
}

/** Adds leads to a form (tests of big exports, odd values). */
export function addLeads(state: BaseState, pageId: string, leads: Array<Partial<StoredLead> & { answers: Record<string, string> }>): StoredLead[] {
	const slice = (state as BaseState & { page: PageState }).page;
	const form = slice.forms.get(pageId);
	if (!form) throw new Error(`addLeads: no form ${pageId}`);
	const added = leads.map((partial, n) => ({ ...makeLead(slice.rng, form, n, 'rest', Date.now()), ...partial }));
	slice.leads.push(...added);
	return added;
}

function regionOf(headers: RouteContext<unknown, unknown, unknown>['headers']): Region {
	const raw = headers['x-lead-region'];
	const value = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
	if (!value) return 'rest';
	if (value === 'eu' || value === 'us') return value;
	throw new ApiError(40002, `x-lead-region: Invalid value "${value}". Use eu or us, or omit the header.`);
}

function requireAdvertiserId(input: { advertiser_id?: string; library_id?: string }): string {
	if (input.library_id) throw new ApiError(40002, `library_id: Form library ${input.library_id} does not exist.`);
	if (!input.advertiser_id) throw new ApiError(40002, 'advertiser_id: Either advertiser_id or library_id is required.');
	return input.advertiser_id;
}

function assertAdmin(state: BaseState, advertiserId: string, what: string): void {
	const role = userRoleOn(state, advertiserId);
	if (role !== 'ADMIN') {
		throw new ApiError(
			40001,
			`No permission: ${what} requires the Admin role on ad account ${advertiserId} (your role: ${role}).`,
		);
	}
}

function leadForm(slice: PageState, advertiserId: string, pageId: string): Form {
	const form = slice.forms.get(pageId);
	if (!form || form.advertiser_id !== advertiserId) {
		throw new ApiError(40002, `page_id: Page ${pageId} does not exist in ad account ${advertiserId}.`);
	}
	if (form.business_type !== 'LEAD_GEN') {
		throw new ApiError(40002, `page_id: Page ${pageId} is not an instant form (business_type ${form.business_type}).`);
	}
	return form;
}

function csvCell(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const LEAD_CSV_COLUMNS = [
	'lead_id',
	'create_time',
	'ad_id',
	'ad_name',
	'adgroup_id',
	'adgroup_name',
	'campaign_id',
	'campaign_name',
	'page_id',
	'page_name',
] as const;

export const AI_OVERVIEW_COLUMN = 'AI-generated overview';

function buildCsv(slice: PageState, form: Form | undefined, leads: StoredLead[]): Buffer {
	const fields = form?.fields ?? [];
	const extra = slice.options.aiOverviewColumn ? [AI_OVERVIEW_COLUMN] : [];
	const header = [...LEAD_CSV_COLUMNS, ...fields, ...extra];
	const lines = [header.map(csvCell).join(',')];
	for (const lead of leads) {
		const meta: Record<string, string> = { ...lead, page_name: form?.title ?? '' } as unknown as Record<string, string>;
		const overview = extra.length ? [`Khách quan tâm: ${lead.answers[QUESTIONS[1]] ?? ''}`] : [];
		const row = [...LEAD_CSV_COLUMNS.map((c) => meta[c] ?? ''), ...fields.map((f) => lead.answers[f] ?? ''), ...overview];
		lines.push(row.map(csvCell).join(','));
	}
	const text = `${slice.options.csvBom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
	return Buffer.from(text, 'utf8');
}

/** A one-entry zip, written with node:zlib (independent of the node's own reader). */
export function zipOne(name: string, content: Buffer, method: 'deflate' | 'store' = 'deflate'): Buffer {
	const data = method === 'deflate' ? deflateRawSync(content) : content;
	const nameBytes = Buffer.from(name, 'utf8');
	const crc = crc32(content);
	const local = Buffer.alloc(30);
	local.writeUInt32LE(0x04034b50, 0);
	local.writeUInt16LE(20, 4);
	local.writeUInt16LE(0x800, 6);
	local.writeUInt16LE(method === 'deflate' ? 8 : 0, 8);
	local.writeUInt32LE(crc, 14);
	local.writeUInt32LE(data.length, 18);
	local.writeUInt32LE(content.length, 22);
	local.writeUInt16LE(nameBytes.length, 26);
	const central = Buffer.alloc(46);
	central.writeUInt32LE(0x02014b50, 0);
	central.writeUInt16LE(20, 4);
	central.writeUInt16LE(20, 6);
	central.writeUInt16LE(0x800, 8);
	central.writeUInt16LE(method === 'deflate' ? 8 : 0, 10);
	central.writeUInt32LE(crc, 16);
	central.writeUInt32LE(data.length, 20);
	central.writeUInt32LE(content.length, 24);
	central.writeUInt16LE(nameBytes.length, 28);
	central.writeUInt32LE(0, 42);
	const cdOffset = local.length + nameBytes.length + data.length;
	const cdSize = central.length + nameBytes.length;
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(1, 8);
	end.writeUInt16LE(1, 10);
	end.writeUInt32LE(cdSize, 12);
	end.writeUInt32LE(cdOffset, 16);
	return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

function createdSeconds(lead: StoredLead): number {
	return Math.floor(Date.parse(`${lead.create_time.replace(' ', 'T')}Z`) / 1000);
}

/** The leads a task covers, read when the task finishes (so leads filed between two tasks show up in the later one). */
function taskLeads(slice: PageState, task: LeadTask): StoredLead[] {
	// Stored leads are instant-form leads; the emulator models no direct-message conversations.
	if (task.lead_source === 'DIRECT_MESSAGE') return [];
	return slice.leads.filter(
		(l) =>
			l.region === task.region &&
			(task.page_id ? l.page_id === task.page_id : l.ad_id === task.ad_id) &&
			(task.start_time === undefined || createdSeconds(l) >= task.start_time) &&
			(task.end_time === undefined || createdSeconds(l) <= task.end_time),
	);
}

function finishTask(slice: PageState, task: LeadTask, now: number): void {
	const form = task.page_id ? slice.forms.get(task.page_id) : undefined;
	const leads = taskLeads(slice, task);
	const csvForm =
		task.lead_source === 'DIRECT_MESSAGE' ? undefined : (form ?? slice.forms.get(leads[0]?.page_id ?? '') ?? [...slice.forms.values()][0]);
	const csv = buildCsv(slice, csvForm, leads);
	const base = `leads_${task.page_id ?? task.ad_id ?? 'direct_message'}_${task.task_id}`;
	const zipped = csv.length > slice.options.zipThresholdBytes;
	task.status = 'SUCCEED';
	const override = slice.options.fileOverride;
	if (override) {
		task.file = { name: `${base}.${override.type}`, type: override.type, bytes: override.bytes, expiresAt: now + FILE_TTL_MS };
		return;
	}
	task.file = zipped
		? { name: `${base}.zip`, type: 'zip', bytes: zipOne(`${base}.csv`, csv, slice.options.zipMethod), expiresAt: now + FILE_TTL_MS }
		: { name: `${base}.csv`, type: 'csv', bytes: csv, expiresAt: now + FILE_TTL_MS };
}

function findTask(slice: PageState, taskId: string, advertiserId: string, region: Region): LeadTask {
	const task = slice.tasks.get(taskId);
	if (!task || task.advertiser_id !== advertiserId || task.region !== region) {
		throw new ApiError(40002, `task_id: Task ${taskId} does not exist.`);
	}
	return task;
}

function mockLead(slice: PageState, form: Form, now: number): TestLead {
	const leadId = randomId19(slice.rng);
	const sample: Record<string, string> = {
		name: 'Nguyễn Văn Thử',
		phone_number: `+8490${randomDigits(slice.rng, 7)}`,
		email: 'test.lead@example.vn',
	};
	const lead_data = Object.fromEntries(form.fields.map((f) => [f, sample[f] ?? 'Câu trả lời thử nghiệm']));
	return {
		advertiser_id: form.advertiser_id,
		page_id: form.page_id,
		lead_data,
		meta_data: {
			lead_id: leadId,
			page_id: form.page_id,
			lead_source: 'INSTANT_FORM',
			campaign_id: '0',
			campaign_name: '',
			adgroup_id: '0',
			adgroup_name: '',
			ad_id: '0',
			ad_name: '',
			create_time: Math.floor(now / 1000),
		},
	};
}

/** A form as /page/get/ shows it: without the emulator's own bookkeeping (owner, questions, type). */
function publicPage(form: Form): Record<string, unknown> {
	const page: Partial<Form> = { ...form };
	delete page.advertiser_id;
	delete page.fields;
	delete page.business_type;
	return page;
}

const route = routeFor<PageState>();
const owner = { advertiser_id: idString.optional(), library_id: idString.optional() };

export const routes = [
	// Contract: docs/tiktok-api-contract.md#get-pageget
	route({
		method: 'GET',
		path: '/page/get/',
		jsonQuery: ['update_time_range', 'business_types'],
		query: z.object({
			...owner,
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 100).default(10),
			page_status: z.enum(['EDITED', 'PUBLISHED']).optional(),
			title: z.string().optional(),
			update_time_range: z.object({ start: z.string(), end: z.string() }).optional(),
			business_type: z.enum(BUSINESS_TYPES).default('LEAD_GEN'),
			business_types: z.array(z.enum(BUSINESS_TYPES)).min(1).optional(),
		}),
		handler({ query, slice, assertAdvertiser }) {
			const advertiserId = requireAdvertiserId(query);
			assertAdvertiser(advertiserId);
			const types: string[] = query.business_types ?? [query.business_type];
			const forms = [...slice.forms.values()].filter(
				(f) =>
					f.advertiser_id === advertiserId &&
					types.includes(f.business_type) &&
					(!query.page_status || f.status === query.page_status) &&
					(!query.title || f.title.toLowerCase().includes(query.title.toLowerCase())) &&
					(!query.update_time_range ||
						(f.update_time >= query.update_time_range.start && f.update_time <= query.update_time_range.end)),
			);
			const { list, page_info } = paginate(forms, query.page, query.page_size);
			return {
				list: list.map(publicPage),
				page_info,
			};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-pagefieldget
	route({
		method: 'GET',
		path: '/page/field/get/',
		query: z.object({ advertiser_id: idString, page_id: idString }),
		handler({ query, slice, assertAdvertiser }) {
			assertAdvertiser(query.advertiser_id);
			const form = leadForm(slice, query.advertiser_id, query.page_id);
			return {
				fields: [...form.fields],
				meta: { page_id: form.page_id, page_name: form.title, page_url: form.preview_url, create_time: form.create_time },
			};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-pageleadmockcreate
	route({
		method: 'POST',
		path: '/page/lead/mock/create/',
		body: z.object({ ...owner, page_id: idString.optional(), lead_source: z.enum(['INSTANT_FORM', 'DIRECT_MESSAGE']).optional() }),
		handler({ body, slice, state, assertAdvertiser, now }) {
			const advertiserId = requireAdvertiserId(body);
			assertAdvertiser(advertiserId);
			if (body.lead_source === 'DIRECT_MESSAGE') throw new ApiError(40002, 'lead_source: DIRECT_MESSAGE test leads are not supported by this emulator.');
			if (!body.page_id) throw new ApiError(40002, 'page_id: Missing data for required field.');
			assertAdmin(state, advertiserId, 'creating test leads');
			const form = leadForm(slice, advertiserId, body.page_id);
			if (slice.testLeads.has(form.page_id)) {
				throw new ApiError(40002, `A test lead already exists for page ${form.page_id}. Delete it before creating a new one.`);
			}
			const lead = mockLead(slice, form, now());
			slice.testLeads.set(form.page_id, lead);
			return { lead_data: { ...lead.lead_data }, meta_data: { ...lead.meta_data } };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-pageleadmockget
	route({
		method: 'GET',
		path: '/page/lead/mock/get/',
		query: z.object({ ...owner, page_id: idString, lead_source: z.enum(['INSTANT_FORM', 'DIRECT_MESSAGE']).optional() }),
		handler({ query, slice, state, assertAdvertiser }) {
			const advertiserId = requireAdvertiserId(query);
			assertAdvertiser(advertiserId);
			assertAdmin(state, advertiserId, 'reading test leads');
			leadForm(slice, advertiserId, query.page_id);
			const lead = slice.testLeads.get(query.page_id);
			return lead ? { lead_data: { ...lead.lead_data }, meta_data: { ...lead.meta_data } } : {};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-pageleadmockdelete
	route({
		method: 'POST',
		path: '/page/lead/mock/delete/',
		body: z.object({ ...owner, lead_id: idString.optional(), page_id: idString.optional() }),
		handler({ body, slice, state, assertAdvertiser }) {
			const advertiserId = requireAdvertiserId(body);
			assertAdvertiser(advertiserId);
			if (!body.lead_id && !body.page_id) throw new ApiError(40002, 'lead_id: Missing data for required field.');
			assertAdmin(state, advertiserId, 'deleting test leads');
			const match = [...slice.testLeads.values()].find(
				(l) =>
					l.advertiser_id === advertiserId &&
					(body.lead_id ? l.meta_data.lead_id === body.lead_id : l.page_id === body.page_id),
			);
			if (!match) throw new ApiError(40002, `lead_id: Test lead ${body.lead_id ?? `of page ${body.page_id}`} does not exist.`);
			slice.testLeads.delete(match.page_id);
			return {};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-pageleadtask
	route({
		method: 'POST',
		path: '/page/lead/task/',
		body: z.object({
			...owner,
			page_id: idString.optional(),
			ad_id: idString.optional(),
			task_id: idString.optional(),
			lead_source: z.enum(['INSTANT_FORM', 'DIRECT_MESSAGE']).optional(),
			start_time: z.number().int().nonnegative().optional(),
			end_time: z.number().int().nonnegative().optional(),
		}),
		handler({ body, slice, state, headers, assertAdvertiser, now }) {
			const advertiserId = requireAdvertiserId(body);
			assertAdvertiser(advertiserId);
			assertAdmin(state, advertiserId, 'downloading leads');
			const region = regionOf(headers);
			if (body.task_id) {
				const task = findTask(slice, body.task_id, advertiserId, region);
				if (task.status === 'CREATED' || task.status === 'RUNNING') {
					task.polls++;
					const { taskOutcome, pollsUntilDone } = slice.options;
					if (taskOutcome === 'STUCK' || task.polls < pollsUntilDone) task.status = 'RUNNING';
					else if (taskOutcome === 'FAILED') task.status = 'FAILED';
					else finishTask(slice, task, now());
				}
				return {
					task_id: task.task_id,
					status: task.status,
					...(task.file ? { file_name: task.file.name, file_type: task.file.type } : {}),
				};
			}
			const leadSource = body.lead_source ?? 'INSTANT_FORM';
			if (leadSource === 'DIRECT_MESSAGE') {
				if (body.page_id) throw new ApiError(40002, 'page_id: page_id is not allowed when lead_source is DIRECT_MESSAGE.');
			} else if (!body.page_id === !body.ad_id) {
				throw new ApiError(40002, 'page_id: Exactly one of page_id and ad_id is required.');
			}
			if ((body.start_time === undefined) !== (body.end_time === undefined)) {
				throw new ApiError(40002, 'start_time: start_time and end_time must be given together.');
			}
			if (body.start_time !== undefined && body.end_time !== undefined && body.start_time > body.end_time) {
				throw new ApiError(40002, 'start_time: start_time must not be later than end_time.');
			}
			if (body.page_id) leadForm(slice, advertiserId, body.page_id);
			const task: LeadTask = {
				task_id: randomId19(slice.rng),
				advertiser_id: advertiserId,
				page_id: body.page_id,
				ad_id: body.ad_id,
				lead_source: leadSource,
				start_time: body.start_time,
				end_time: body.end_time,
				region,
				status: 'CREATED',
				polls: 0,
			};
			slice.tasks.set(task.task_id, task);
			return { task_id: task.task_id, status: task.status };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-pageleadtaskdownload
	route({
		method: 'GET',
		path: '/page/lead/task/download/',
		query: z.object({ ...owner, task_id: idString }),
		handler({ query, slice, state, headers, assertAdvertiser, now }) {
			const advertiserId = requireAdvertiserId(query);
			assertAdvertiser(advertiserId);
			assertAdmin(state, advertiserId, 'downloading leads');
			const task = findTask(slice, query.task_id, advertiserId, regionOf(headers));
			if (task.status !== 'SUCCEED' || !task.file) throw new ApiError(40002, `task_id: Task ${task.task_id} is ${task.status}, not SUCCEED.`);
			if (now() > task.file.expiresAt) throw new ApiError(40002, `task_id: The file of task ${task.task_id} has expired. Create a new task.`);
			return new RawResponse(task.file.bytes, task.file.type === 'zip' ? 'application/zip' : 'text/csv; charset=utf-8', 200, {
				'Content-Disposition': `attachment; filename="${task.file.name}"`,
			});
		},
	}),
];
