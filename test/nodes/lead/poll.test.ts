import { deflateRawSync } from 'node:zlib';
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { buildLeadDelivery, makeLead } from '../../../emulator/deliverLead';
import { addLeads, AI_OVERVIEW_COLUMN, formsOf, zipOne, type StoredLead } from '../../../emulator/routes/page';
import { createPollHarness, emulatorCredentials } from '../../../harness';
import { fixture, newTrigger, triggerParameters } from './helpers';

const TYPE = 'tikTokLeadPollTrigger';
const QUESTION = 'Bạn quan tâm sản phẩm nào?';
const DAY = 86_400;

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => {
	emu.reset();
	emu.state.page.options.pollsUntilDone = 1;
});

const utc = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
const nowS = () => Math.floor(Date.now() / 1000);

function parameters(advertiserId: string, formId: string, extra: IDataObject = {}): IDataObject {
	const { options, ...rest } = extra;
	return {
		...triggerParameters(advertiserId, formId),
		lookbackDays: 1,
		options: { pollIntervalSeconds: 0.5, maxWaitSeconds: 5, ...((options as IDataObject) ?? {}) },
		...rest,
	};
}

async function setup(extra: IDataObject = {}, form: 'one' | 'all' = 'one') {
	const f = fixture(emu);
	const poller = await createPollHarness(TYPE, parameters(f.advertiserId, form === 'one' ? f.formId : '', extra), {
		credentials: emulatorCredentials(emu),
	});
	const add = (createdAt: number, answers: Record<string, string> = {}, formId = f.formId): StoredLead =>
		addLeads(emu.state, formId, [{ create_time: utc(createdAt), answers: { name: 'Mới', phone_number: '+84900000001', ...answers } }])[0];
	const stored = () => emu.state.page.leads.filter((l) => l.page_id === f.formId && l.region === 'rest');
	return { ...f, poller, add, stored };
}

const ids = (items: Array<{ json: IDataObject }> | null) => (items ?? []).map((i) => i.json.leadId);
const taskCreations = () => emu.requestsTo('/page/lead/task/').filter((r) => !(r.body as IDataObject).task_id);

describe('TikTok Lead Poll Trigger (real PollContext, static data kept between polls)', () => {
	it('first run reads the lookback period and emits every lead in it, oldest first, shaped like the webhook trigger', async () => {
		const { poller, stored, add, advertiserId, formId, formName } = await setup();
		const old = add(nowS() - 3 * DAY);
		const before = nowS();
		const { items, error, staticData } = await poller.poll();
		expect(error).toBeUndefined();

		const expected = stored()
			.filter((l) => l !== old)
			.sort((a, b) => a.create_time.localeCompare(b.create_time));
		expect(ids(items)).toEqual(expected.map((l) => l.lead_id));
		const [task] = taskCreations();
		expect(task.body).toMatchObject({ advertiser_id: advertiserId, page_id: formId });
		const body = task.body as { start_time: number; end_time: number };
		expect(body.end_time - body.start_time).toBe(DAY);
		expect(body.end_time).toBeGreaterThanOrEqual(before);

		const newest = expected[expected.length - 1];
		expect(items![items!.length - 1].json).toEqual({
			leadId: newest.lead_id,
			formId,
			formName,
			advertiserId,
			advertiserName: null,
			libraryId: null,
			campaignId: newest.campaign_id,
			campaignName: newest.campaign_name,
			adgroupId: newest.adgroup_id,
			adgroupName: newest.adgroup_name,
			adId: newest.ad_id,
			adName: newest.ad_name,
			leadSource: 'INSTANT_FORM',
			createdAt: new Date(`${newest.create_time.replace(' ', 'T')}Z`).toISOString(),
			fields: {
				name: newest.answers.name,
				phone_number: newest.answers.phone_number,
				email: newest.answers.email,
				'Tỉnh/Thành phố': newest.answers['Tỉnh/Thành phố'],
				[QUESTION]: newest.answers[QUESTION],
			},
		});
		const node = staticData[`node:${poller.node.name}`] as IDataObject;
		expect(node.recentLeadIds).toEqual(expected.map((l) => l.lead_id));
		expect(node.cursor).toBe(body.end_time);
	});

	it('gives the same keys and ID types as the webhook trigger, so a flow can switch triggers', async () => {
		const { poller, advertiserId, formId, formName } = await setup();
		const { items } = await poller.poll();
		const webhook = await newTrigger(emu, triggerParameters(advertiserId, formId));
		const delivery = buildLeadDelivery([makeLead(0, { advertiserId, pageId: formId, pageName: formName })], {
			appSecret: emu.appSecret,
		});
		const delivered = await webhook.deliver({ rawBody: delivery.rawBody, headers: delivery.headers });
		const pushed = delivered.workflowData![0][0].json;
		const polled = items![0].json;
		expect(Object.keys(polled)).toEqual(Object.keys(pushed));
		for (const key of ['leadId', 'formId', 'advertiserId', 'campaignId', 'adgroupId', 'adId']) {
			expect(typeof polled[key]).toBe('string');
			expect(polled[key]).toMatch(/^\d{19}$/);
		}
		expect(polled.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
	});

	it('re-reads the overlap without emitting a lead twice', async () => {
		const { poller, add } = await setup();
		const recent = add(nowS() - 60);
		const first = await poller.poll();
		expect(ids(first.items)).toContain(recent.lead_id);
		const cursor = (poller.nodeStaticData().cursor as number) ?? 0;

		const second = await poller.poll();
		expect(second.error).toBeUndefined();
		expect(second.items).toBeNull();
		// The second task asked from 5 minutes before the cursor, and TikTok's file did hold the lead again.
		const body = taskCreations()[1].body as { start_time: number };
		expect(body.start_time).toBe(cursor - 300);
		const lastTask = [...emu.state.page.tasks.values()].pop()!;
		expect(lastTask.file!.bytes.toString('utf8')).toContain(recent.lead_id);
	});

	it('emits a lead TikTok filed late, inside the overlap, exactly once', async () => {
		const { poller, add } = await setup();
		await poller.poll();
		const cursor = poller.nodeStaticData().cursor as number;
		// Submitted two minutes before the last poll's cursor, but only in TikTok's data after that poll.
		const late = add(cursor - 120);
		const second = await poller.poll();
		expect(ids(second.items)).toEqual([late.lead_id]);
		const third = await poller.poll();
		expect(third.items).toBeNull();
	});

	it('a failed poll emits nothing and keeps the cursor; the next one covers the gap without duplicates', async () => {
		const { poller, add } = await setup();
		const first = await poller.poll();
		const emitted = ids(first.items);
		const before = JSON.stringify(poller.staticData);
		const duringOutage = add(nowS() - 30);

		emu.injectFault('/page/lead/task/download/', { kind: 'code', code: 40002, message: 'task_id: The file does not exist.' });
		const failed = await poller.poll();
		expect(failed.items).toBeNull();
		expect(failed.error?.message).toContain('task_id: The file does not exist.');
		expect(JSON.stringify(poller.staticData)).toBe(before);

		const afterOutage = add(nowS());
		const recovered = await poller.poll();
		expect(recovered.error).toBeUndefined();
		expect(ids(recovered.items)).toEqual([duringOutage.lead_id, afterOutage.lead_id]);
		expect(ids(recovered.items).filter((id) => emitted.includes(id))).toEqual([]);
		const starts = taskCreations().map((r) => (r.body as { start_time: number }).start_time);
		// The poll after the failure starts where the last successful one ended (minus the overlap).
		expect(starts[2]).toBe(starts[1]);
	});

	it('reads a zipped export with a BOM and the extra "AI-generated overview" column; answers stay in fields', async () => {
		const { poller, stored } = await setup({ options: { fieldMapping: { mappings: [{ from: 'PHONE_NUMBER', to: 'phone' }] } } });
		emu.state.page.options.zipThresholdBytes = 0;
		emu.state.page.options.aiOverviewColumn = true;
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		const task = [...emu.state.page.tasks.values()][0];
		expect(task.file!.type).toBe('zip');
		expect(ids(items).sort()).toEqual(stored().map((l) => l.lead_id).sort());
		for (const { json } of items!) {
			expect(json.leadId).toMatch(/^\d{19}$/);
			expect((json.extraColumns as IDataObject)[AI_OVERVIEW_COLUMN]).toMatch(/^Khách quan tâm: /);
			expect(Object.keys(json.fields as IDataObject)).toEqual(['name', 'phone', 'email', 'Tỉnh/Thành phố', QUESTION]);
		}
	});

	it('reads a plain CSV with a BOM (the first header is lead_id, not "\\ufefflead_id")', async () => {
		const { poller, stored } = await setup();
		emu.state.page.options.aiOverviewColumn = true;
		const { items } = await poller.poll();
		const task = [...emu.state.page.tasks.values()][0];
		expect(task.file!.type).toBe('csv');
		expect([...task.file!.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(ids(items).sort()).toEqual(stored().map((l) => l.lead_id).sort());
		expect(items!.every((i) => typeof i.json.leadId === 'string')).toBe(true);
	});

	it('keeps 19-digit IDs exact, past Number precision', async () => {
		const { poller, add } = await setup();
		const lead = add(nowS() - 10);
		const stored = emu.state.page.leads.find((l) => l.lead_id === lead.lead_id)!;
		stored.lead_id = '9007199254740993123';
		stored.ad_id = '7999999999999999999';
		const { items } = await poller.poll();
		const item = items!.find((i) => i.json.leadId === '9007199254740993123');
		expect(item?.json.adId).toBe('7999999999999999999');
	});

	it('checks every instant form when no form is chosen', async () => {
		const { poller, add, otherFormId, advertiserId } = await setup({}, 'all');
		const other = add(nowS() - 5, {}, otherFormId);
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(ids(items)).toContain(other.lead_id);
		const forms = formsOf(emu.state, advertiserId).map((f) => f.page_id);
		expect(taskCreations().map((r) => (r.body as IDataObject).page_id)).toEqual(forms);
	});

	it('"Fetch Test Event" returns the most recent leads and leaves the cursor alone', async () => {
		const { poller, stored } = await setup();
		const { items, error } = await poller.poll({ mode: 'manual' });
		expect(error).toBeUndefined();
		const newestFirst = stored().sort((a, b) => b.create_time.localeCompare(a.create_time));
		expect(ids(items)).toContain(newestFirst[0].lead_id);
		expect(poller.staticData).toEqual({});
		const real = await poller.poll();
		expect(ids(real.items)).toContain(newestFirst[0].lead_id);
	});

	it('"Fetch Test Event" with no leads says so and how to get one', async () => {
		const { poller } = await setup();
		emu.state.page.leads = [];
		const { items, error } = await poller.poll({ mode: 'manual' });
		expect(items).toBeNull();
		expect(error?.message).toMatch(/^No leads in the last 1 day\(s\) for form \d{19} of ad account \d+$/);
		expect(error?.description).toContain('Create Test Lead');
	});

	it('refuses a crafted zip that would expand far past its size, and keeps the cursor', async () => {
		const { poller } = await setup();
		const huge = Buffer.alloc(64 * 1024 * 1024, 0x41);
		emu.state.page.options.fileOverride = { bytes: zipOne('leads.csv', huge), type: 'zip' };
		const { items, error } = await poller.poll();
		expect(items).toBeNull();
		expect(error?.message).toMatch(/expands \d+ times its compressed size \(at most 100 times is accepted\)/);
		expect(poller.staticData).toEqual({});
		expect(deflateRawSync(huge).length).toBeLessThan(huge.length / 100);
	});

	it('direct-message leads: one task with lead_source and no form; nothing new gives null', async () => {
		const { poller, advertiserId } = await setup({ leadSource: 'DIRECT_MESSAGE' });
		const { items, error } = await poller.poll();
		expect(error).toBeUndefined();
		expect(items).toBeNull();
		expect(taskCreations().map((r) => r.body)).toEqual([
			expect.objectContaining({ advertiser_id: advertiserId, lead_source: 'DIRECT_MESSAGE' }),
		]);
		expect(taskCreations()[0].body).not.toHaveProperty('page_id');
		// An empty poll still commits its cursor: the next poll starts from here.
		expect(poller.nodeStaticData().cursor).toBe((taskCreations()[0].body as IDataObject).end_time);
	});

	it('says which parameter is missing when no ad account is chosen', async () => {
		const poller = await createPollHarness(TYPE, { ...parameters('', ''), advertiserId: { __rl: true, mode: 'list', value: '' } }, {
			credentials: emulatorCredentials(emu),
		});
		const { error } = await poller.poll();
		expect(error?.message).toBe('No ad account is selected');
		expect(emu.requests).toHaveLength(0);
	});
});
