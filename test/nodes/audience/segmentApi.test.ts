import { createHash } from 'node:crypto';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { locator, NODE } from './helpers';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MAPPING = '/segment/mapping/';

let emu: Emulator;
let ids: string[];
beforeAll(async () => {
	emu = await startEmulator({ advertiserCount: 4 });
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	ids = [...emu.state.core.advertisers.keys()];
});

const run = (params: Record<string, unknown>, items: Array<Record<string, unknown>>, continueOnFail = false) =>
	runNode(NODE, { advertiserId: locator(ids[0]), ...params } as never, items as never, { credentials: emulatorCredentials(emu), continueOnFail });

async function createAudience(name = 'Khách chưa mua'): Promise<string> {
	const { items, error } = await run({ operation: 'segmentCreate', segmentAudienceName: name }, [{}]);
	expect(error).toBeUndefined();
	return String(items[0].json.audienceId);
}

const members = (audienceId: string) => [...(emu.state.segment.audiences.get(audienceId)?.members ?? [])].sort();

describe('Audience > segment audiences (real time)', () => {
	it('creates a segment audience, then adds people with ids aligned to id_schema and {} where one is missing', async () => {
		const audienceId = await createAudience();
		expect(emu.requestsTo('/segment/audience/')[0].body).toEqual({ advertiser_id: ids[0], action: 'create', custom_audience_name: 'Khách chưa mua' });
		const { items, error } = await run(
			{ operation: 'segmentAdd', segmentAudienceId: audienceId, segmentIdentifiers: ['email', 'phone'], defaultCountry: 'VN' },
			[{ email: ' Lan.Nguyen+promo@Example.com ', phone: '0912 345 678' }, { email: 'minh@example.com' }, { phone: '+84 987 654 321' }],
		);
		expect(error).toBeUndefined();
		const [request] = emu.requestsTo(MAPPING);
		expect(request.body).toEqual({
			advertiser_ids: [ids[0]],
			action: 'add',
			id_schema: ['EMAIL_SHA256', 'PHONE_SHA256'],
			batch_data: [
				[{ id: sha('lan.nguyen@example.com'), audience_ids: [audienceId] }, { id: sha('+84912345678'), audience_ids: [audienceId] }],
				[{ id: sha('minh@example.com'), audience_ids: [audienceId] }, {}],
				[{}, { id: sha('+84987654321'), audience_ids: [audienceId] }],
			],
		});
		expect(members(audienceId)).toEqual(
			[`EMAIL_SHA256:${sha('lan.nguyen@example.com')}`, `PHONE_SHA256:${sha('+84912345678')}`, `EMAIL_SHA256:${sha('minh@example.com')}`, `PHONE_SHA256:${sha('+84987654321')}`].sort(),
		);
		expect(items.map((i) => [i.json.status, i.json.sentIds, i.pairedItem])).toEqual([
			['added', ['EMAIL_SHA256', 'PHONE_SHA256'], { item: 0 }],
			['added', ['EMAIL_SHA256'], { item: 1 }],
			['added', ['PHONE_SHA256'], { item: 2 }],
		]);
		expect(JSON.stringify(emu.requests)).not.toMatch(/minh@example|0912|987 654/);
	});

	it('removes people: the audience keeps only the others', async () => {
		const audienceId = await createAudience();
		const people = [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'c@example.com' }];
		await run({ operation: 'segmentAdd', segmentAudienceId: audienceId }, people);
		const { items } = await run({ operation: 'segmentRemove', segmentAudienceId: audienceId }, [{ email: 'B@example.com' }]);
		expect(emu.requestsTo(MAPPING)[1].body).toMatchObject({ action: 'delete' });
		expect(items[0].json.status).toBe('removed');
		expect(members(audienceId)).toEqual([`EMAIL_SHA256:${sha('a@example.com')}`, `EMAIL_SHA256:${sha('c@example.com')}`].sort());
	});

	it('batches 2,500 people into requests of 1,000 and answers every item', async () => {
		const audienceId = await createAudience();
		const people = Array.from({ length: 2500 }, (_, i) => ({ email: `user${i}@example.com` }));
		const { items } = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId }, people);
		expect(emu.requestsTo(MAPPING).map((r) => (r.body as { batch_data: unknown[] }).batch_data.length)).toEqual([1000, 1000, 500]);
		expect(items).toHaveLength(2500);
		expect(items.every((i) => i.json.status === 'added')).toBe(true);
		expect(members(audienceId)).toHaveLength(2500);
	});

	it('a person without a valid identifier is answered "rejected" with the reason and never sent', async () => {
		const audienceId = await createAudience();
		const { items } = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId }, [{ email: 'not-an-email' }, {}, { email: 'ok@example.com' }]);
		expect(items.map((i) => i.json.status)).toEqual(['rejected', 'rejected', 'added']);
		expect(items[0].json.invalid).toEqual(['email: invalid_email']);
		expect(items[1].json.reason).toBe('no identifier');
		expect((emu.requestsTo(MAPPING)[0].body as { batch_data: unknown[] }).batch_data).toHaveLength(1);
	});

	it('several ad accounts of one Business Center share the audience; accounts of two centers are refused by TikTok', async () => {
		const audienceId = await createAudience();
		const same = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId, segmentOptions: { otherAdvertiserIds: ids[2] } }, [{ email: 'a@example.com' }]);
		expect(same.error).toBeUndefined();
		expect((emu.requestsTo(MAPPING)[0].body as { advertiser_ids: string[] }).advertiser_ids).toEqual([ids[0], ids[2]]);
		const mixed = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId, segmentOptions: { otherAdvertiserIds: ids[1] } }, [{ email: 'b@example.com' }]);
		expect(mixed.error?.message).toContain('same business account');
		expect(members(audienceId)).toEqual([`EMAIL_SHA256:${sha('a@example.com')}`]);
	});

	it('an audience that is not ready yet fails the batch; with continue-on-fail every item says so', async () => {
		emu.state.segment.readyAfterMs = 120_000;
		const audienceId = await createAudience();
		const { items, error } = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId }, [{ email: 'a@example.com' }, { email: 'b@example.com' }], true);
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.status)).toEqual(['failed', 'failed']);
		expect(String(items[0].json.error)).toContain('not ready');
	});

	it('mobile advertising ids go to the IDFA or AAID column by letter case', async () => {
		const audienceId = await createAudience();
		const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
		const gaid = '38400000-8cf0-11bd-b23e-10b96e40000d';
		await run({ operation: 'segmentAdd', segmentAudienceId: audienceId, segmentIdentifiers: ['maid'] }, [{ maid: idfa }, { maid: gaid }]);
		const body = emu.requestsTo(MAPPING)[0].body as { id_schema: string[]; batch_data: unknown[][] };
		expect(body.id_schema).toEqual(['IDFA_SHA256', 'AAID_SHA256']);
		expect(body.batch_data[0][1]).toEqual({});
		expect(body.batch_data[1][0]).toEqual({});
		expect(members(audienceId)).toEqual([`AAID_SHA256:${sha(gaid)}`, `IDFA_SHA256:${sha(idfa.toLowerCase())}`].sort());
	});

	it('deletes a segment audience; adding to it afterwards is refused', async () => {
		const audienceId = await createAudience();
		const { items } = await run({ operation: 'segmentDelete', segmentAudienceId: audienceId }, [{}]);
		expect(items[0].json).toMatchObject({ audienceId, deleted: true });
		const after = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId }, [{ email: 'a@example.com' }]);
		expect(after.error?.message).toContain('is not a segment audience');
	});
});

describe('Audience > segment audiences: hostile or unlucky input', () => {
	it.each(['={{ -5 }}', '={{ "lots" }}', '={{ 0 }}', '={{ 50000 }}'])('a batch size of %s is refused before anything is sent', async (batchSize) => {
		const audienceId = await createAudience();
		const { error } = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId, segmentOptions: { batchSize } }, [{ email: 'a@example.com' }]);
		expect(error?.message).toContain('People per Request');
		expect(String(error?.description ?? '')).not.toBe('');
		expect(emu.requestsTo(MAPPING)).toHaveLength(0);
	});

	it('expression-mapped fields are read per item; the same person twice is sent twice and answered twice', async () => {
		const audienceId = await createAudience();
		const { items, error } = await run(
			{ operation: 'segmentAdd', segmentAudienceId: audienceId, emailField: '={{ $json.contact.mail }}' },
			[{ contact: { mail: 'A@example.com' } }, { contact: { mail: 'a@example.com' } }, { contact: {} }],
		);
		expect(error).toBeUndefined();
		expect((emu.requestsTo(MAPPING)[0].body as { batch_data: unknown[] }).batch_data).toEqual([
			[{ id: sha('a@example.com'), audience_ids: [audienceId] }],
			[{ id: sha('a@example.com'), audience_ids: [audienceId] }],
		]);
		expect(items.map((i) => [i.json.status, i.pairedItem])).toEqual([['added', { item: 0 }], ['added', { item: 1 }], ['rejected', { item: 2 }]]);
		expect(JSON.stringify(items)).not.toMatch(/example\.com/i);
	});

	it.each([
		[{ segmentIdentifiers: '={{ ["email", "emial"] }}' }, 'emial'],
		[{ segmentIdentifiers: ['maid'], segmentOptions: { maidKind: '={{ "android" }}' } }, 'android'],
	])('an unknown choice from an expression (%j) is refused, not dropped or guessed', async (extra, named) => {
		const audienceId = await createAudience();
		const { error } = await run({ operation: 'segmentAdd', segmentAudienceId: audienceId, ...extra }, [{ email: 'a@example.com', maid: '6d92078a-8246-4ba4-ae5b-76104861e7dc' }]);
		expect(error?.message).toContain(named);
		expect(String(error?.description ?? '')).not.toBe('');
		expect(emu.requestsTo(MAPPING)).toHaveLength(0);
	});
});
