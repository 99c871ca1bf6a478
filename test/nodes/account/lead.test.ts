import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { addLeads, formsOf, zipOne } from '../../../emulator/routes/page';
import { emulatorCredentials, runNode } from '../../../harness';
import { advertiserIds, locator, NODE } from './helpers';

const FIXTURES = join(__dirname, '..', '..', 'unit', 'account', 'fixtures');
const QUESTION = 'Bạn quan tâm sản phẩm nào?';

function fileItem(bytes: Buffer, fileName: string, mimeType = 'text/csv'): INodeExecutionData {
	return { json: {}, binary: { data: { data: bytes.toString('base64'), mimeType, fileName } } };
}

describe('Lead', () => {
	let emu: Emulator;
	let creds: ReturnType<typeof emulatorCredentials>;
	let advertiser: string;
	let formId: string;
	beforeAll(async () => {
		emu = await startEmulator();
		creds = emulatorCredentials(emu);
	});
	afterAll(async () => emu.close());
	beforeEach(() => {
		emu.reset();
		advertiser = advertiserIds(emu)[0];
		formId = formsOf(emu.state, advertiser)[0].page_id;
		emu.state.page.options.pollsUntilDone = 1;
	});

	const download = (extra: IDataObject = {}, options: IDataObject = {}) =>
		runNode(
			NODE,
			{
				resource: 'lead',
				operation: 'download',
				advertiserId: locator(advertiser),
				formId: locator(formId),
				options: { pollIntervalSeconds: 0.5, ...options },
				...extra,
			},
			[{}],
			{ credentials: creds },
		);

	const storedLeads = (region: string) => emu.state.page.leads.filter((l) => l.page_id === formId && l.region === region);

	describe('download', () => {
		it('creates a task, polls it and turns the CSV into one item per lead with exact 19-digit ids', async () => {
			const { items, error } = await download();
			expect(error).toBeUndefined();
			const stored = storedLeads('rest');
			expect(items).toHaveLength(5);
			expect(items.map((i) => i.json.lead_id)).toEqual(stored.map((l) => l.lead_id));
			for (const { json } of items) expect(json.lead_id).toMatch(/^\d{19}$/);
			expect(items.map((i) => i.json[QUESTION])).toEqual(stored.map((l) => l.answers[QUESTION]));
			expect(items[2].json[QUESTION]).toBe('Gọi sau 17h\nhoặc nhắn Zalo');
			expect(items[1].json[QUESTION]).toBe('Căn hộ "2 phòng ngủ"');
			expect(items[0].json).toMatchObject({
				name: 'Nguyễn Văn An',
				phone_number: '+84901234567',
				page_id: formId,
				page_name: 'Đăng ký tư vấn khóa học tiếng Anh',
				'Tỉnh/Thành phố': 'Hồ Chí Minh',
			});

			// TikTok's UTC create_time stays as it was; createdAt, right after it, is ISO like the Lead Trigger's.
			expect(items.map((i) => i.json.create_time)).toEqual(stored.map((l) => l.create_time));
			expect(items.map((i) => i.json.createdAt)).toEqual(
				stored.map((l) => new Date(`${l.create_time.replace(' ', 'T')}Z`).toISOString()),
			);
			expect(items[0].json.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
			const keys = Object.keys(items[0].json);
			expect(keys[keys.indexOf('create_time') + 1]).toBe('createdAt');
			for (const { json } of items) expect(json._warnings).toBeUndefined();

			const tasks = emu.requestsTo('/page/lead/task/');
			expect(tasks.map((r) => r.method)).toEqual(['POST', 'POST']);
			expect(tasks[0].body).toEqual({ advertiser_id: advertiser, page_id: formId });
			const taskId = (tasks[0].response!.data as IDataObject).task_id;
			expect(tasks[1].body).toEqual({ advertiser_id: advertiser, page_id: formId, task_id: taskId });
			const dl = emu.requestsTo('/page/lead/task/download/');
			expect(dl).toHaveLength(1);
			expect(dl[0].query).toEqual({ advertiser_id: advertiser, task_id: taskId });
			expect(dl[0].headers['x-lead-region']).toBeUndefined();
		});

		it('asks for EU and US leads with the x-lead-region header on every call', async () => {
			for (const region of ['eu', 'us']) {
				emu.reset();
				emu.state.page.options.pollsUntilDone = 1;
				const { items } = await download({ region });
				expect(items.map((i) => i.json.lead_id)).toEqual(storedLeads(region).map((l) => l.lead_id));
				const calls = [...emu.requestsTo('/page/lead/task/'), ...emu.requestsTo('/page/lead/task/download/')];
				expect(calls).toHaveLength(3);
				for (const call of calls) expect(call.headers['x-lead-region']).toBe(region);
			}
		});

		it('reads the zip TikTok sends for large exports, deflated or stored', async () => {
			const extra = addLeads(
				emu.state,
				formId,
				Array.from({ length: 3000 }, (_, n) => ({ answers: { name: `Khách hàng số ${n}`, [QUESTION]: `Ghi chú, "số" ${n}` } })),
			);
			emu.state.page.options.zipThresholdBytes = 100_000;
			const { items, error } = await download();
			expect(error).toBeUndefined();
			const task = [...emu.state.page.tasks.values()][0];
			expect(task.file?.type).toBe('zip');
			expect(items).toHaveLength(3005);
			expect(items.slice(5).map((i) => i.json.lead_id)).toEqual(extra.map((l) => l.lead_id));
			expect(items[3004].json[QUESTION]).toBe('Ghi chú, "số" 2999');

			emu.reset();
			emu.state.page.options.pollsUntilDone = 1;
			emu.state.page.options.zipThresholdBytes = 0;
			emu.state.page.options.zipMethod = 'store';
			const stored = await download();
			expect([...emu.state.page.tasks.values()][0].file?.type).toBe('zip');
			expect(stored.items.map((i) => i.json.lead_id)).toEqual(storedLeads('rest').map((l) => l.lead_id));
		});

		it('explains a renamed duplicate question once and flags a create_time it cannot read', async () => {
			formsOf(emu.state, advertiser)[0].fields.push(QUESTION);
			const [odd] = addLeads(emu.state, formId, [{ create_time: '01/03/2025 08:15', answers: { name: 'Vũ Thị Hoa', [QUESTION]: 'Gói A' } }]);
			const { items, error } = await download();
			expect(error).toBeUndefined();
			expect(items).toHaveLength(6);
			const task = [...emu.state.page.tasks.values()][0];
			const fileName = String(task.file?.name ?? '');
			expect(fileName).not.toBe('');
			expect(items[0].json._warnings).toEqual([
				`${fileName}: Header "${QUESTION}" appears more than once; column 16 is under "${QUESTION}_2"`,
			]);
			for (const { json } of items.slice(1, 5)) expect(json._warnings).toBeUndefined();
			expect(items[0].json[`${QUESTION}_2`]).toBe(items[0].json[QUESTION]);
			const last = items[5].json;
			expect(last.lead_id).toBe(odd.lead_id);
			expect(last.create_time).toBe('01/03/2025 08:15');
			expect(last.createdAt).toBeNull();
			expect(last._warnings).toEqual([
				'"create_time" is "01/03/2025 08:15", not TikTok\'s "YYYY-MM-DD HH:MM:SS" (UTC), so createdAt is null; "create_time" keeps the value as written',
			]);
		});

		it('keeps a form question named createdAt and says once why no ISO time was added', async () => {
			const form = formsOf(emu.state, advertiser)[0];
			form.fields.push('createdAt');
			for (const lead of storedLeads('rest')) lead.answers.createdAt = 'hôm qua';
			const { items, error } = await download();
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.createdAt)).toEqual(items.map(() => 'hôm qua'));
			expect(items[0].json._warnings).toEqual([
				`${String([...emu.state.page.tasks.values()][0].file?.name)}: The file has its own "createdAt" column: its values are kept as written and no ISO createdAt is added; "create_time" holds TikTok's UTC time`,
			]);
			expect(items[1].json._warnings).toBeUndefined();
		});

		it('downloads by ad', async () => {
			const { items } = await download({ downloadBy: 'ad', adId: '1790000000000000001', formId: undefined });
			expect(items.length).toBeGreaterThan(5);
			expect(emu.requestsTo('/page/lead/task/')[0].body).toEqual({ advertiser_id: advertiser, ad_id: '1790000000000000001' });
		});

		it('returns no items for a form without leads in that region', async () => {
			formId = formsOf(emu.state, advertiser)[3].page_id;
			const { items, error } = await download();
			expect(error).toBeUndefined();
			expect(items).toEqual([]);
		});

		it('names the task when TikTok fails it', async () => {
			emu.state.page.options.taskOutcome = 'FAILED';
			const { error } = await download();
			const taskId = (emu.requestsTo('/page/lead/task/')[0].response!.data as IDataObject).task_id;
			expect(error?.message).toBe(`TikTok could not prepare the lead file (task ${taskId} FAILED)`);
			expect(emu.requestsTo('/page/lead/task/download/')).toHaveLength(0);
		});

		it('stops after the bounded wait and names the task', async () => {
			emu.state.page.options.taskOutcome = 'STUCK';
			const { error } = await download({}, { maxWaitSeconds: 1, pollIntervalSeconds: 0.5 });
			const calls = emu.requestsTo('/page/lead/task/');
			const taskId = (calls[0].response!.data as IDataObject).task_id;
			expect(error?.message).toBe(`The lead file was not ready after 1 s (task ${taskId}, status RUNNING)`);
			expect(error?.description).toMatch(/Max Wait/);
			expect(calls).toHaveLength(3);
		});

		it('explains the admin-only rule', async () => {
			const operatorAccount = advertiserIds(emu)[10];
			expect(emu.state.bc.roles.get(operatorAccount)).toBe('OPERATOR');
			advertiser = operatorAccount;
			formId = formsOf(emu.state, operatorAccount)[0].page_id;
			const { error } = await download();
			expect(error?.message).toMatch(/code 40001: No permission: downloading leads requires the Admin role/);
			expect(error?.description).toMatch(/need the Admin role on the ad account/);
		});

		it('retries a 5xx on the file download', async () => {
			emu.injectFault('/page/lead/task/download/', { kind: 'http', status: 502, times: 1 });
			const { items, error } = await download();
			expect(error).toBeUndefined();
			expect(items).toHaveLength(5);
			expect(emu.requestsTo('/page/lead/task/download/').map((r) => r.status)).toEqual([502, 200]);
		});

		it('rides out a dropped connection while polling', async () => {
			emu.injectFault('/page/lead/task/', { kind: 'reset', times: 1 });
			const { items, error } = await download();
			expect(error).toBeUndefined();
			expect(items).toHaveLength(5);
		});
	});

	describe('test leads', () => {
		const run = (operation: string, extra: IDataObject = {}, continueOnFail = false) =>
			runNode(
				NODE,
				{ resource: 'lead', operation, advertiserId: locator(advertiser), formId: locator(formId), ...extra },
				[{}],
				{ credentials: creds, continueOnFail },
			);

		it('creates a test lead and explains the one-per-form rule on a second try', async () => {
			const first = await run('createTest');
			expect(first.error).toBeUndefined();
			const lead = emu.state.page.testLeads.get(formId)!;
			expect(first.items[0].json).toMatchObject({
				advertiserId: advertiser,
				lead_id: lead.meta_data.lead_id,
				page_id: formId,
				lead_source: 'INSTANT_FORM',
				lead_data: { name: 'Nguyễn Văn Thử', email: 'test.lead@example.vn' },
			});
			expect(first.items[0].json.lead_id).toMatch(/^\d{19}$/);
			expect(first.items[0].json.create_time).toMatch(/^\d{4}-\d\d-\d\dT/);
			expect(emu.requestsTo('/page/lead/mock/create/')[0].body).toEqual({ advertiser_id: advertiser, page_id: formId });

			const second = await run('createTest');
			expect(second.error?.message).toMatch(/code 40002: A test lead already exists/);
			expect(second.error?.description).toMatch(/TikTok keeps one test lead per form/);
		});

		it('replaces the existing test lead when asked', async () => {
			await run('createTest');
			const old = emu.state.page.testLeads.get(formId)!.meta_data.lead_id;
			const { items, error } = await run('createTest', { options: { replaceExisting: true } });
			expect(error).toBeUndefined();
			expect(items[0].json.replacedLeadId).toBe(old);
			expect(items[0].json.lead_id).not.toBe(old);
			expect(emu.requestsTo('/page/lead/mock/delete/')[0].body).toEqual({ advertiser_id: advertiser, page_id: formId, lead_id: old });
		});

		it('deletes the current test lead, and says so when there is none', async () => {
			await run('createTest');
			const leadId = emu.state.page.testLeads.get(formId)!.meta_data.lead_id;
			const deleted = await run('deleteTest');
			expect(deleted.items[0].json).toEqual({ deleted: true, advertiserId: advertiser, formId, leadId });
			expect(emu.state.page.testLeads.has(formId)).toBe(false);

			const none = await run('deleteTest');
			expect(none.error).toBeUndefined();
			expect(none.items[0].json).toEqual({
				deleted: false,
				advertiserId: advertiser,
				formId,
				reason: 'The form has no test lead',
			});
			expect(emu.requestsTo('/page/lead/mock/delete/')).toHaveLength(1);
		});

		it('reports a wrong test lead id', async () => {
			await run('createTest');
			const { error } = await run('deleteTest', { leadId: '7000000000000000123' });
			expect(error?.message).toMatch(/code 40002/);
			expect(error?.description).toMatch(/Test lead 7000000000000000123 was not found on form/);
		});

		it('explains the admin rule for test leads, per item under continue-on-fail', async () => {
			advertiser = advertiserIds(emu)[11];
			formId = formsOf(emu.state, advertiser)[0].page_id;
			const { items } = await run('createTest', {}, true);
			expect(items[0].json.error).toMatch(/requires the Admin role/);
			expect(items[0].json.description).toMatch(/need the Admin role/);
		});
	});

	describe('import CSV', () => {
		const importCsv = (input: INodeExecutionData[], continueOnFail = false, options: IDataObject = {}) =>
			runNode(NODE, { resource: 'lead', operation: 'importCsv', binaryPropertyName: 'data', options }, input, {
				credentials: creds,
				continueOnFail,
			});

		it('reads a TikTok export with BOM, quotes, new lines and Vietnamese text, ids exact', async () => {
			const { items, error } = await importCsv([fileItem(readFileSync(join(FIXTURES, 'leads.csv')), 'leads.csv')]);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json)).toEqual([
				{
					lead_id: '7126711421177430274',
					created_time: '2025-03-01 08:15:00',
					'Họ và tên': 'Nguyễn Văn An',
					'Số điện thoại': '+84901234567',
					'Tỉnh/Thành phố': 'Hồ Chí Minh',
					'Ghi chú': 'Gọi sau 5h, cảm ơn',
				},
				{
					lead_id: '7126711421177430275',
					created_time: '2025-03-01 09:00:00',
					'Họ và tên': 'Trần Thị Bích',
					'Số điện thoại': '+84912345678',
					'Tỉnh/Thành phố': 'Hà Nội',
					'Ghi chú': 'Nhà số 12 "B", ngõ 3\r\nquận Đống Đa',
				},
			]);
			expect(emu.requests).toHaveLength(0);
		});

		it('imports a 160,000-lead file whole (no argument-list overflow), one paired item per lead', async () => {
			const rows = Array.from({ length: 160_000 }, (_, i) => `${7126711421177430274n + BigInt(i)},2025-03-01 08:15:00,Khách ${i}`);
			const csv = Buffer.from(`lead_id,created_time,Họ và tên\n${rows.join('\n')}\n`);
			const { items, error } = await importCsv([fileItem(csv, 'big.csv')]);
			expect(error).toBeUndefined();
			expect(items).toHaveLength(160_000);
			expect(items[159_999].json.lead_id).toBe('7126711421177590273');
			expect(items[159_999].pairedItem).toEqual({ item: 0 });
		});

		it('imports the zip from a download as well', async () => {
			const { items } = await importCsv([fileItem(readFileSync(join(FIXTURES, 'leads-deflated.zip')), 'leads.zip', 'application/zip')]);
			expect(items.map((i) => i.json.lead_id)).toEqual(['7126711421177430274', '7126711421177430275']);
		});

		it('refuses a small zip that expands huge, with a clear error and no items', async () => {
			// 64 MiB of one letter deflates to about 64 KB: a thousand times smaller.
			const bomb = zipOne('leads.csv', Buffer.alloc(64 * 1024 * 1024, 0x41));
			expect(bomb.length).toBeLessThan(200 * 1024);
			const { items, error } = await importCsv([fileItem(bomb, 'leads.zip', 'application/zip')]);
			expect(items).toHaveLength(0);
			expect(error?.message).toMatch(
				/^leads\.zip: "leads\.csv" in the zip file expands \d+ times its compressed size \(at most 100 times is accepted\); it is not a TikTok lead export$/,
			);
			expect(error?.description).toContain('Download the file again');
		});

		it('stops inflating where the zip header says the file ends', async () => {
			const zip = zipOne('leads.csv', Buffer.alloc(2 * 1024 * 1024, 0x41));
			// Understate the size in both headers: local (offset 22) and central directory (offset 24 of its record).
			zip.writeUInt32LE(1000, 22);
			zip.writeUInt32LE(1000, zip.length - 22 - 46 - 'leads.csv'.length + 24);
			const { error } = await importCsv([fileItem(zip, 'leads.zip', 'application/zip')]);
			expect(error?.message).toBe(
				'leads.zip: "leads.csv" in the zip file expands beyond the 1000 bytes its header declares; it is damaged or crafted',
			);
		});

		const broken = Buffer.from(
			'\ufefflead_id,Họ tên,SĐT\r\n7126711421177430001,An,0901\r\n7126711421177430002,Bình\r\n7126711421177430003,"Chi, Lê",0903\r\n7126711421177430004,"Dũng\r\n',
			'utf8',
		);

		it('stops on a malformed row and names it', async () => {
			const { error, items } = await importCsv([fileItem(broken, 'export.csv')]);
			expect(items).toHaveLength(0);
			expect(error?.message).toBe(
				'Row 3 (line 3) is malformed: it has 2 values but the header has 3 columns in export.csv',
			);
			expect(error?.description).toMatch(/^2 malformed row\(s\) in total \(rows 3, 5\); 2 row\(s\) are fine/);
		});

		it('keeps the good rows and adds an error item per bad row under continue-on-fail', async () => {
			const { error, items } = await importCsv([fileItem(broken, 'export.csv')], true);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.lead_id ?? `error@${i.json.row}`)).toEqual([
				'7126711421177430001',
				'error@3',
				'7126711421177430003',
				'error@5',
			]);
			expect(items[1].json).toEqual({
				error: 'Row 3 (line 3) is malformed: it has 2 values but the header has 3 columns in export.csv',
				row: 3,
				line: 3,
				values: ['7126711421177430002', 'Bình'],
			});
			expect(items[2].json['Họ tên']).toBe('Chi, Lê');
			for (const item of items) expect(item.pairedItem).toEqual({ item: 0 });
		});

		it('pairs leads with the file they came from and honours a chosen delimiter', async () => {
			const a = Buffer.from('lead_id;tên\n7126711421177430101;Ánh\n', 'utf8');
			const b = Buffer.from('lead_id;tên\n7126711421177430201;Bảo\n7126711421177430202;Cường\n', 'utf8');
			const { items } = await importCsv([fileItem(a, 'a.csv'), fileItem(b, 'b.csv')], false, { delimiter: ';' });
			expect(items.map((i) => [i.json.lead_id, i.json['tên'], i.pairedItem])).toEqual([
				['7126711421177430101', 'Ánh', { item: 0 }],
				['7126711421177430201', 'Bảo', { item: 1 }],
				['7126711421177430202', 'Cường', { item: 1 }],
			]);
		});

		it('refuses a file that is not UTF-8 with a fix', async () => {
			const { error } = await importCsv([fileItem(Buffer.from('lead_id,tên\n1,Nguy\xe9n\n', 'latin1'), 'excel.csv')]);
			expect(error?.message).toBe('excel.csv: The file is not UTF-8 text (first invalid byte at offset 9)');
			expect(error?.description).toMatch(/CSV UTF-8/);
		});

		it('flags ids a spreadsheet has rounded', async () => {
			const { items } = await importCsv([fileItem(Buffer.from('lead_id,name\n7.12671E+18,An\n'), 'x.csv')]);
			expect(items[0].json._warnings).toEqual([
				'"lead_id" is 7.12671E+18: a spreadsheet rounded this ID and the exact value is lost; export the file from TikTok again and import it without opening it in a spreadsheet',
			]);
		});

		it('explains renamed empty and duplicate headers once per file, and leaves times as written', async () => {
			const a = Buffer.from('lead_id,create_time,Email,,Email\n7126711421177430301,2025-03-01 08:15:00,a@x.vn,1,b@x.vn\n7126711421177430302,2025-03-01 09:00:00,c@x.vn,2,d@x.vn\n', 'utf8');
			const b = Buffer.from('lead_id,Email\n7126711421177430401,e@x.vn\n', 'utf8');
			const { items, error } = await importCsv([fileItem(a, 'a.csv'), fileItem(b, 'b.csv')]);
			expect(error).toBeUndefined();
			expect(items[0].json).toEqual({
				lead_id: '7126711421177430301',
				create_time: '2025-03-01 08:15:00',
				Email: 'a@x.vn',
				column_4: '1',
				Email_2: 'b@x.vn',
				_warnings: [
					'a.csv: Column 4 has no header; its values are under "column_4"',
					'a.csv: Header "Email" appears more than once; column 5 is under "Email_2"',
				],
			});
			expect(items[1].json._warnings).toBeUndefined();
			expect(items[2].json).toEqual({ lead_id: '7126711421177430401', Email: 'e@x.vn' });
		});

		it('puts the header note before row warnings, on the first item even when it is an error item', async () => {
			const file = Buffer.from('lead_id,,name\n7126711421177430501,x\n7.12671E+18,y,Ánh\n', 'utf8');
			const { items } = await importCsv([fileItem(file, 'c.csv')], true);
			expect(items.map((i) => i.json.error === undefined)).toEqual([false, true]);
			expect(items[0].json._warnings).toEqual(['c.csv: Column 2 has no header; its values are under "column_2"']);
			expect(items[1].json._warnings).toHaveLength(1);
			expect(String((items[1].json._warnings as string[])[0])).toMatch(/^"lead_id" is 7\.12671E\+18/);
		});

		it('says which binary field is missing', async () => {
			const { error } = await importCsv([{ json: { a: 1 } }]);
			expect(error?.message).toMatch(/data/);
		});
	});
});
