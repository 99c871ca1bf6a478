import { createHash } from 'node:crypto';
import { startEmulator, type Emulator } from '../../../emulator';
import { membersOf, scheduleUploadFault } from '../../../emulator/routes/audience';
import { apiUrl, call } from '../../emulator/http';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const emails = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => sha(`u${from + i}@example.com`));
/** A single-type customer file with the header row TikTok's help asks for. */
const fileOf = (digests: string[], header = 'Email_SHA256') => Buffer.from(`${header}\n${digests.map((d) => `${d}\n`).join('')}`);

let emu: Emulator;
let advertiserId: string;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	advertiserId = [...emu.state.core.advertisers.keys()][0];
});

async function upload(content: Buffer, opts: { type?: string; name?: string; signature?: string } = {}) {
	const form = new FormData();
	form.append('advertiser_id', advertiserId);
	form.append('calculate_type', opts.type ?? 'EMAIL_SHA256');
	form.append('file_signature', opts.signature ?? md5(content));
	form.append('file', new Blob([new Uint8Array(content)], { type: 'text/csv' }), opts.name ?? 'segment.csv');
	const res = await fetch(apiUrl(emu, '/dmp/custom_audience/file/upload/'), {
		method: 'POST',
		headers: { 'Access-Token': emu.accessToken },
		body: form,
	});
	return { status: res.status, text: await res.text() };
}

async function uploadPath(digests: string[], type = 'EMAIL_SHA256'): Promise<string> {
	const header = type.startsWith('PHONE') ? 'Phone_SHA256' : type.startsWith('EMAIL') ? 'Email_SHA256' : 'MAID_SHA256';
	const res = JSON.parse((await upload(fileOf(digests, header), { type })).text);
	expect(res.code).toBe(0);
	return res.data.file_path;
}

async function create(paths: string[], type = 'EMAIL_SHA256') {
	return call(emu, 'POST', '/dmp/custom_audience/create/', {
		body: { advertiser_id: advertiserId, custom_audience_name: 'Segment A', calculate_type: type, file_paths: paths },
	});
}

async function update(audienceId: string, paths: string[], action?: string) {
	return call(emu, 'POST', '/dmp/custom_audience/update/', {
		body: { advertiser_id: advertiserId, custom_audience_id: audienceId, file_paths: paths, ...(action ? { action } : {}) },
	});
}

describe('custom audience file upload', () => {
	it('checks the MD5 signature, the file suffix and the calculate type', async () => {
		const content = fileOf(emails(0, 3));
		expect(JSON.parse((await upload(content, { signature: md5(Buffer.from('x')) })).text).code).toBe(40900);
		const badName = JSON.parse((await upload(content, { name: 'segment.xlsx' })).text);
		expect(badName).toMatchObject({ code: 40002, message: expect.stringContaining('.csv or .txt') });
		const badType = JSON.parse((await upload(content, { type: 'EMAIL' })).text);
		expect(badType).toMatchObject({ code: 40002, message: expect.stringContaining('calculate_type') });
		const ok = JSON.parse((await upload(content, { name: 'segment.txt' })).text);
		expect(ok.code).toBe(0);
		expect(emu.state.audience.files.get(ok.data.file_path)).toMatchObject({ identifiers: emails(0, 3).map((d) => `EMAIL_SHA256:${d}`), badLines: 0 });
	});

	it("reads a single-type file's first line as its header: without one, the first identifier is lost", async () => {
		const headerless = JSON.parse((await upload(Buffer.from(emails(0, 3).map((d) => `${d}\n`).join('')))).text);
		expect(emu.state.audience.files.get(headerless.data.file_path)).toMatchObject({
			identifiers: emails(1, 3).map((d) => `EMAIL_SHA256:${d}`),
			badLines: 1,
			lostToHeader: 1,
		});
		for (const header of ['Email', 'EMAIL_SHA256', 'email_sha256', '\nEmail_SHA256']) {
			const res = JSON.parse((await upload(fileOf(emails(0, 3), header))).text);
			expect(emu.state.audience.files.get(res.data.file_path)).toMatchObject({
				identifiers: emails(0, 3).map((d) => `EMAIL_SHA256:${d}`),
				lostToHeader: 0,
			});
		}
		const created = await create([headerless.data.file_path]);
		const got = await call(emu, 'GET', '/dmp/custom_audience/get/', {
			query: { advertiser_id: advertiserId, custom_audience_ids: [created.json.data.custom_audience_id] },
		});
		expect(got.json.data.list[0].audience_history[0].msg).toBe('1 rows failed to parse');
	});

	it('answers a scheduled fault in the middle of a series of uploads', async () => {
		scheduleUploadFault(emu.state.audience, { skip: 1, times: 1, status: 502 });
		expect((await upload(fileOf(emails(0, 1)))).status).toBe(200);
		expect((await upload(fileOf(emails(0, 1)))).status).toBe(502);
		expect((await upload(fileOf(emails(0, 1)))).status).toBe(200);
	});

	it('reads MULTIPLE_TYPES files by their header', async () => {
		const content = Buffer.from(`EMAIL_SHA256,PHONE_SHA256\n${sha('a@b.co')},${sha('+84912345678')}\n,${sha('+84912345679')}\n`);
		const res = JSON.parse((await upload(content, { type: 'MULTIPLE_TYPES' })).text);
		expect(res.code).toBe(0);
		expect(emu.state.audience.files.get(res.data.file_path)!.identifiers).toEqual([
			`EMAIL_SHA256:${sha('a@b.co')}`,
			`PHONE_SHA256:${sha('+84912345678')}`,
			`PHONE_SHA256:${sha('+84912345679')}`,
		]);
	});
});

describe('custom audience create / update / list / get / delete', () => {
	it("create takes no MAID_* type and only the files' own upload type", async () => {
		const maids = Array.from({ length: 3 }, (_, i) => sha(`6d92078a-8246-4ba4-ae5b-00000000000${i}`));
		const asMaid = await uploadPath(maids, 'MAID_SHA256');
		const asFirst = await uploadPath(maids, 'FIRST_SHA256');
		expect((await create([asMaid], 'MAID_SHA256')).json).toMatchObject({ code: 40002, message: expect.stringContaining('calculate_type') });
		// MAID_SHA256 and FIRST_SHA256 share an internal value at upload, but create compares the names.
		expect((await create([asMaid], 'FIRST_SHA256')).json).toMatchObject({
			code: 40002,
			message: expect.stringContaining(`uploaded as MAID_SHA256, not FIRST_SHA256`),
		});
		expect((await create([asFirst, asMaid], 'FIRST_SHA256')).json.code).toBe(40002);
		const ok = await create([asFirst], 'FIRST_SHA256');
		expect(ok.json.code).toBe(0);
		expect(membersOf(emu.state.audience, ok.json.data.custom_audience_id, 'FIRST_SHA256')).toEqual(new Set(maids));
	});

	it('applies APPEND, REMOVE and REPLACE to the member set, with TikTok defaults and limits', async () => {
		const created = await create([await uploadPath(emails(0, 1500))]);
		expect(created.json.code).toBe(0);
		const id = created.json.data.custom_audience_id as string;
		expect(membersOf(emu.state.audience, id, 'EMAIL_SHA256')).toEqual(new Set(emails(0, 1500)));

		expect((await update(id, [await uploadPath(emails(1000, 2000))], 'APPEND')).json.code).toBe(0);
		expect(membersOf(emu.state.audience, id, 'EMAIL_SHA256').size).toBe(2000);

		expect((await update(id, [await uploadPath(emails(0, 500))], 'REMOVE')).json.code).toBe(0);
		expect(membersOf(emu.state.audience, id, 'EMAIL_SHA256')).toEqual(new Set(emails(500, 2000)));

		// Removing 600 more would leave 900 < 1,000.
		const tooSmall = await update(id, [await uploadPath(emails(500, 1100))], 'REMOVE');
		expect(tooSmall.json).toMatchObject({ code: 40002, message: expect.stringContaining('at least 1000') });

		// No action → REPLACE (TikTok's default).
		expect((await update(id, [await uploadPath(emails(5000, 6200))])).json.code).toBe(0);
		expect(membersOf(emu.state.audience, id, 'EMAIL_SHA256')).toEqual(new Set(emails(5000, 6200)));

		const phones = await uploadPath([sha('+84912345678')], 'PHONE_SHA256');
		expect((await update(id, [phones], 'APPEND')).json).toMatchObject({ code: 40002, message: expect.stringContaining('calculate_type') });
	});

	it('keeps an audience calculating for the configured time and rejects file updates meanwhile', async () => {
		emu.state.audience.calculatingMs = 60_000;
		const id = (await create([await uploadPath(emails(0, 1200))])).json.data.custom_audience_id as string;
		const get = () =>
			call(emu, 'GET', '/dmp/custom_audience/get/', { query: { advertiser_id: advertiserId, custom_audience_ids: [id] } });
		expect((await get()).json.data.list[0].audience_details).toMatchObject({ is_valid: false, cover_num: 0 });
		const early = await update(id, [await uploadPath(emails(0, 1200))], 'APPEND');
		expect(early.json).toMatchObject({ code: 40002, message: expect.stringContaining('still being calculated') });
		emu.advanceTime(60_000);
		const ready = (await get()).json.data.list[0];
		expect(ready.audience_details).toMatchObject({ is_valid: true, cover_num: 1200, calculate_type: 'EMAIL_SHA256' });
		expect(ready.audience_history[0]).toMatchObject({ action: 'Create', editor: 'open_api' });

		expect((await update(id, [await uploadPath(emails(0, 1300))], 'REPLACE')).json.code).toBe(0);
		const second = await update(id, [await uploadPath(emails(0, 1300))], 'REPLACE');
		expect(second.json.message).toContain('existing unfinished replace operation');
	});

	it('lists, gets with history, and deletes', async () => {
		const id = (await create([await uploadPath(emails(0, 1000))])).json.data.custom_audience_id as string;
		await update(id, [await uploadPath(emails(1000, 1100))], 'APPEND');
		const list = await call(emu, 'GET', '/dmp/custom_audience/list/', { query: { advertiser_id: advertiserId, page_size: 2 } });
		expect(list.json.data.page_info).toMatchObject({ page: 1, page_size: 2, total_number: 3, total_page: 2 });
		expect(list.json.data.list[0]).toMatchObject({ audience_id: id, name: 'Segment A', cover_num: 1100, is_valid: true });
		const got = await call(emu, 'GET', '/dmp/custom_audience/get/', {
			query: { advertiser_id: advertiserId, custom_audience_ids: [id], history_size: 5 },
		});
		expect(got.json.data.list[0].audience_history.map((h: { action: string }) => h.action)).toEqual(['Append', 'Create']);
		const del = await call(emu, 'POST', '/dmp/custom_audience/delete/', { body: { advertiser_id: advertiserId, custom_audience_ids: [id] } });
		expect(del.json.code).toBe(0);
		const gone = await call(emu, 'GET', '/dmp/custom_audience/get/', { query: { advertiser_id: advertiserId, custom_audience_ids: [id] } });
		expect(gone.json).toMatchObject({ code: 40002, message: expect.stringContaining('invalid audience ID') });
	});

	it('refuses file paths of another advertiser', async () => {
		const path = await uploadPath(emails(0, 10));
		const other = [...emu.state.core.advertisers.keys()][1];
		const res = await call(emu, 'POST', '/dmp/custom_audience/create/', {
			body: { advertiser_id: other, custom_audience_name: 'x', calculate_type: 'EMAIL_SHA256', file_paths: [path] },
		});
		expect(res.json).toMatchObject({ code: 40002, message: expect.stringContaining('not a file uploaded by advertiser') });
	});
});
