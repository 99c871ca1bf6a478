import { startEmulator, type Emulator } from '../../../emulator';
import { seedAudience } from '../../../emulator/routes/audience';
import { emulatorCredentials, runNode } from '../../../harness';
import { firstAdvertiser, locator, members, NODE, sha } from './helpers';

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

const GET = '/dmp/custom_audience/get/';
const input = Array.from({ length: 20 }, (_, i) => ({ email: `new.${i}@example.vn` }));

/** An audience TikTok is still calculating for `readyInMs` of real time. */
function calculatingAudience(readyInMs: number) {
	const old = Array.from({ length: 1200 }, (_, i) => sha(`old.${i}@example.vn`));
	return seedAudience(emu.state.audience, advertiserId, { name: 'Mới tạo hôm nay', members: old, now: emu.now(), readyInMs });
}

function append(audienceId: string, options: object) {
	return runNode(
		NODE,
		{ operation: 'append', advertiserId: locator(advertiserId), audienceId: locator(audienceId), schema: 'email', options },
		input,
		{ credentials: emulatorCredentials(emu) },
	);
}

describe('Audience that TikTok is still calculating', () => {
	it('without Wait for Ready: a clear error naming the audience and its state, nothing uploaded', async () => {
		const audience = calculatingAudience(3_600_000);
		const { error } = await append(audience.audience_id, {});
		expect(error?.message).toBe(
			`The audience "Mới tạo hôm nay" (${audience.audience_id}) is not ready: TikTok is still calculating it (is_valid false, msg "Calculating")`,
		);
		expect(String(error?.description)).toContain('Wait for Ready');
		expect(emu.requestsTo(GET)).toHaveLength(1);
		expect(emu.requestsTo('/dmp/custom_audience/file/upload/')).toHaveLength(0);
		expect(emu.requestsTo('/dmp/custom_audience/update/')).toHaveLength(0);
	});

	it('with Wait for Ready: polls until is_valid turns true, then appends', async () => {
		const audience = calculatingAudience(2_000);
		const { items, error } = await append(audience.audience_id, { waitForReady: true, maxWaitMinutes: 1 });
		expect(error).toBeUndefined();
		const polls = emu.requestsTo(GET);
		expect(polls.length).toBeGreaterThanOrEqual(2);
		const validity = polls.map(
			(r) => ((r.response!.data as { list: Array<{ audience_details: { is_valid: boolean } }> }).list[0].audience_details.is_valid),
		);
		expect(validity.at(-1)).toBe(true);
		expect(validity.slice(0, -1).every((v) => v === false)).toBe(true);
		// The upload came only after TikTok reported the audience ready.
		const firstUpload = emu.requestsTo('/dmp/custom_audience/file/upload/')[0];
		expect(firstUpload.receivedAt).toBeGreaterThanOrEqual(polls.at(-1)!.receivedAt);
		expect(members(emu, audience.audience_id).size).toBe(1220);
		expect(items[0].json.requests).toBe(polls.length + 2);
		// Every call in the order it was made: the read, each poll, the upload, the update.
		expect(emu.requests.map((r) => r.path)).toEqual([
			...polls.map(() => GET),
			'/dmp/custom_audience/file/upload/',
			'/dmp/custom_audience/update/',
		]);
		expect(items[0].json.requestIds).toEqual(emu.requests.map((r) => r.response!.request_id));
		expect(Number(items[0].json.waitedForReadyMs)).toBeGreaterThan(0);
	});

	it('with Wait for Ready: gives up after Max Wait with the state it last saw', async () => {
		const audience = calculatingAudience(3_600_000);
		const { error } = await append(audience.audience_id, { waitForReady: true, maxWaitMinutes: 0.05 });
		expect(error?.message).toMatch(
			new RegExp(`^The audience "Mới tạo hôm nay" \\(${audience.audience_id}\\) was still not ready after waiting \\d+ s \\(is_valid false, msg "Calculating"\\)$`),
		);
		expect(emu.requestsTo(GET).length).toBeGreaterThanOrEqual(2);
		expect(emu.requestsTo('/dmp/custom_audience/update/')).toHaveLength(0);
	});

	it('an expired audience is refused with its expiry date, even with Wait for Ready (waiting cannot help)', async () => {
		const audience = calculatingAudience(0);
		audience.expiredAt = emu.now() - 3 * 86_400_000;
		const expiredTime = new Date(audience.expiredAt).toISOString().slice(0, 19).replace('T', ' ');
		const { error } = await append(audience.audience_id, { waitForReady: true, maxWaitMinutes: 1 });
		expect(error?.message).toBe(`The audience "Mới tạo hôm nay" (${audience.audience_id}) has expired`);
		expect(String(error?.description)).toContain(expiredTime);
		expect(emu.requestsTo(GET)).toHaveLength(1);
		expect(emu.requestsTo('/dmp/custom_audience/update/')).toHaveLength(0);
	});

	it('an audience created by the node is calculating, so an immediate append is refused until it is ready', async () => {
		emu.state.audience.calculatingMs = 3_600_000;
		const created = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(advertiserId), name: 'Tạo rồi đẩy ngay', schema: 'email' },
			Array.from({ length: 1000 }, (_, i) => ({ email: `first.${i}@example.vn` })),
			{ credentials: emulatorCredentials(emu) },
		);
		const audienceId = String(created.items[0].json.audienceId);
		const { error } = await append(audienceId, {});
		expect(error?.message).toContain('is not ready');
		emu.advanceTime(3_600_000);
		const later = await append(audienceId, {});
		expect(later.error).toBeUndefined();
		expect(later.items[0].json).toMatchObject({ action: 'APPEND', valid: 20, duplicates: 0 });
		expect(members(emu, audienceId).size).toBe(1020);
	});
});
