import { startEmulator, type Emulator } from '../../../emulator';
import { seedAudience } from '../../../emulator/routes/audience';
import { emulatorCredentials, runNode } from '../../../harness';
import { emailSegment, firstAdvertiser, locator, members, NODE, sha, succeeded } from './helpers';

let emu: Emulator;
let advertiserId: string;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.reset();
	advertiserId = firstAdvertiser(emu);
});

/** A ready email audience whose members are khachhang.<from..to-1>@example.vn. */
function existingAudience(from: number, to: number, name = 'Khách hàng VIP') {
	const plain = Array.from({ length: to - from }, (_, i) => `khachhang.${from + i}@example.vn`);
	return seedAudience(emu.state.audience, advertiserId, { name, members: plain.map(sha), now: emu.now() });
}

function run(operation: string, audienceId: string, input: object[], options: object = {}, extra: object = {}) {
	return runNode(
		NODE,
		{ operation, advertiserId: locator(advertiserId), audienceId: locator(audienceId), schema: 'email', options, ...extra },
		input as never,
		{ credentials: emulatorCredentials(emu) },
	);
}

describe('Audience > Add / Remove / Replace Users', () => {
	it('Add Users appends the segment: union of old and new members, action APPEND sent explicitly', async () => {
		const audience = existingAudience(0, 1500);
		const seg = emailSegment(1000, 1000); // overlaps khachhang.1000–1499
		const { items, error } = await run('append', audience.audience_id, seg.items, { segmentId: 'seg-42' });
		expect(error).toBeUndefined();
		const expected = new Set([...Array.from({ length: 1500 }, (_, i) => sha(`khachhang.${i}@example.vn`)), ...seg.expected.map(sha)]);
		expect(members(emu, audience.audience_id)).toEqual(expected);
		const [update] = succeeded(emu, '/dmp/custom_audience/update/');
		expect(update.body).toMatchObject({ advertiser_id: advertiserId, custom_audience_id: audience.audience_id, action: 'APPEND' });
		expect(items[0].json).toMatchObject({
			audienceId: audience.audience_id,
			audienceName: 'Khách hàng VIP',
			action: 'APPEND',
			segmentId: 'seg-42',
			valid: seg.valid,
			sent: true,
		});
	});

	it('Remove Users removes exactly the segment and keeps everyone else', async () => {
		const audience = existingAudience(0, 3000);
		const seg = emailSegment(1000, 0);
		const { error } = await run('remove', audience.audience_id, seg.items);
		expect(error).toBeUndefined();
		const removed = new Set(seg.expected);
		const expected = Array.from({ length: 3000 }, (_, i) => `khachhang.${i}@example.vn`).filter((e) => !removed.has(e));
		expect(members(emu, audience.audience_id)).toEqual(new Set(expected.map(sha)));
		expect(succeeded(emu, '/dmp/custom_audience/update/')[0].body).toMatchObject({ action: 'REMOVE' });
	});

	it('Replace Users makes the audience exactly the segment, sending every file path in ONE update', async () => {
		const audience = existingAudience(0, 2000);
		const seg = emailSegment(2500, 50_000);
		const { items, error } = await run('replace', audience.audience_id, seg.items, { identifiersPerFile: 1000 });
		expect(error).toBeUndefined();
		expect(members(emu, audience.audience_id)).toEqual(new Set(seg.expected.map(sha)));
		const uploads = succeeded(emu, '/dmp/custom_audience/file/upload/');
		expect(uploads.length).toBeGreaterThanOrEqual(2);
		const updates = emu.requestsTo('/dmp/custom_audience/update/');
		expect(updates).toHaveLength(1);
		expect(updates[0].body).toEqual({
			advertiser_id: advertiserId,
			custom_audience_id: audience.audience_id,
			action: 'REPLACE',
			file_paths: uploads.map((u) => (u.response!.data as { file_path: string }).file_path),
		});
		expect(items[0].json).toMatchObject({ action: 'REPLACE', valid: seg.valid, requests: uploads.length + 2 });
		// Every call of the run, the audience read included, in the order it was made.
		expect(emu.requests.map((r) => r.path)).toEqual([
			'/dmp/custom_audience/get/',
			...uploads.map(() => '/dmp/custom_audience/file/upload/'),
			'/dmp/custom_audience/update/',
		]);
		expect(items[0].json.requestIds).toEqual(emu.requests.map((r) => r.response!.request_id));
	});

	it('refuses a replace with 999 valid identifiers without sending any request', async () => {
		const audience = existingAudience(0, 2000);
		const input = [
			...Array.from({ length: 999 }, (_, i) => ({ email: `moi.${i}@example.vn` })),
			...Array.from({ length: 300 }, (_, i) => ({ email: `moi.${i % 999}@example.vn` })), // duplicates
			...Array.from({ length: 300 }, () => ({ email: 'not-an-email' })),
		];
		const { error } = await run('replace', audience.audience_id, input);
		expect(error?.message).toBe('Replace refused: the segment has only 999 valid identifiers (TikTok needs at least 1000)');
		expect(String(error?.description)).toContain('Nothing was sent');
		expect(emu.requests).toHaveLength(0);
		expect(members(emu, audience.audience_id).size).toBe(2000);
	});

	it('refuses an audience of another calculate type before uploading anything', async () => {
		const audience = existingAudience(0, 1500);
		const { error } = await run('append', audience.audience_id, [{ phone: '0912345678' }], {}, { schema: 'phone', defaultCountry: 'VN' });
		expect(error?.message).toBe(
			`The audience "Khách hàng VIP" (${audience.audience_id}) holds EMAIL_SHA256, not phone identifiers`,
		);
		expect(emu.requestsTo('/dmp/custom_audience/file/upload/')).toHaveLength(0);
		expect(emu.requestsTo('/dmp/custom_audience/update/')).toHaveLength(0);
	});

	it("surfaces TikTok's own refusal when a remove would shrink the audience under 1,000", async () => {
		const audience = existingAudience(0, 1200);
		const input = Array.from({ length: 300 }, (_, i) => ({ email: `khachhang.${i}@example.vn` }));
		const { error } = await run('remove', audience.audience_id, input);
		expect(error?.message).toContain('an audience needs at least 1000');
		expect(members(emu, audience.audience_id).size).toBe(1200);
	});

	it('sends nothing and says so when an append has no valid identifier', async () => {
		const audience = existingAudience(0, 1500);
		const { items, error } = await run('append', audience.audience_id, [{ email: 'x' }, {}]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ sent: false, valid: 0, invalid: 1, empty: 1, files: [] });
		expect(emu.requestsTo('/dmp/custom_audience/file/upload/')).toHaveLength(0);
		expect(emu.requestsTo('/dmp/custom_audience/update/')).toHaveLength(0);
	});

	it('with Continue On Fail, a refusal becomes one error item paired with every input item', async () => {
		const audience = existingAudience(0, 2000);
		const input = Array.from({ length: 3 }, (_, i) => ({ email: `a${i}@example.vn` }));
		const { items, error } = await runNode(
			NODE,
			{ operation: 'replace', advertiserId: locator(advertiserId), audienceId: locator(audience.audience_id), schema: 'email' },
			input,
			{ credentials: emulatorCredentials(emu), continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/^Replace refused/);
		expect(items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
