import { startEmulator, type Emulator } from '../../emulator';
import { addLeads, formsOf } from '../../emulator/routes/page';
import { apiUrl, call } from './http';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	emu.state.page.options.pollsUntilDone = 1;
});

const utc = (s: number) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
const advertiser = () => [...emu.state.core.advertisers.keys()][0];

/** Creates a task, polls it once and returns the lead ids in its CSV. */
async function download(body: Record<string, unknown>): Promise<string[]> {
	const created = await call(emu, 'POST', '/page/lead/task/', { body: { advertiser_id: advertiser(), ...body } });
	expect(created.json.code).toBe(0);
	const taskId = created.json.data.task_id as string;
	const polled = await call(emu, 'POST', '/page/lead/task/', { body: { advertiser_id: advertiser(), ...body, task_id: taskId } });
	expect(polled.json.data.status).toBe('SUCCEED');
	const res = await fetch(apiUrl(emu, '/page/lead/task/download/', { advertiser_id: advertiser(), task_id: taskId }), {
		headers: { 'Access-Token': emu.accessToken },
	});
	const lines = (await res.text()).split('\r\n').slice(1).filter(Boolean);
	return lines.map((line) => line.split(',')[0]);
}

describe('POST /page/lead/task/ time window', () => {
	it('lists only the leads created inside [start_time, end_time]', async () => {
		const formId = formsOf(emu.state, advertiser())[0].page_id;
		const t = Math.floor(Date.now() / 1000);
		const [before, inside, after] = addLeads(emu.state, formId, [
			{ create_time: utc(t - 1000), answers: {} },
			{ create_time: utc(t - 500), answers: {} },
			{ create_time: utc(t + 10), answers: {} },
		]);
		const ids = await download({ page_id: formId, start_time: t - 600, end_time: t });
		expect(ids).toEqual([inside.lead_id]);
		expect(ids).not.toContain(before.lead_id);
		expect(ids).not.toContain(after.lead_id);
	});

	it('reflects leads added after an earlier task finished', async () => {
		const formId = formsOf(emu.state, advertiser())[0].page_id;
		const t = Math.floor(Date.now() / 1000);
		const first = await download({ page_id: formId, start_time: t - 60, end_time: t + 60 });
		const [added] = addLeads(emu.state, formId, [{ create_time: utc(t), answers: {} }]);
		const second = await download({ page_id: formId, start_time: t - 60, end_time: t + 60 });
		expect(first).toEqual([]);
		expect(second).toEqual([added.lead_id]);
	});

	it('refuses half a window and a window that ends before it starts (40002)', async () => {
		const formId = formsOf(emu.state, advertiser())[0].page_id;
		const half = await call(emu, 'POST', '/page/lead/task/', { body: { advertiser_id: advertiser(), page_id: formId, start_time: 1 } });
		expect(half.json.code).toBe(40002);
		const reversed = await call(emu, 'POST', '/page/lead/task/', {
			body: { advertiser_id: advertiser(), page_id: formId, start_time: 20, end_time: 10 },
		});
		expect(reversed.json).toMatchObject({ code: 40002, message: 'start_time: start_time must not be later than end_time.' });
	});

	it('takes direct-message tasks without a form, and refuses a form with them', async () => {
		const formId = formsOf(emu.state, advertiser())[0].page_id;
		expect(await download({ lead_source: 'DIRECT_MESSAGE' })).toEqual([]);
		const withForm = await call(emu, 'POST', '/page/lead/task/', {
			body: { advertiser_id: advertiser(), page_id: formId, lead_source: 'DIRECT_MESSAGE' },
		});
		expect(withForm.json.code).toBe(40002);
	});
});
