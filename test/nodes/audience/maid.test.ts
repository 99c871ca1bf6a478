import { startEmulator, type Emulator } from '../../../emulator';
import { seedAudience } from '../../../emulator/routes/audience';
import { emulatorCredentials, runNode } from '../../../harness';
import { everythingSent, firstAdvertiser, locator, members, NODE, sha, succeeded } from './helpers';

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

/** A UUID-shaped advertising ID, distinct per i; IDFAs written uppercase as iOS reports them. */
function maid(i: number, upper: boolean): string {
	const hex = (1_000_000 + i).toString(16).padStart(12, '0');
	const id = `6d92078a-8246-4ba4-ae5b-${hex}`;
	return upper ? id.toUpperCase() : id;
}

describe('Audience > Mobile Advertising ID schema', () => {
	it('creates a FIRST_SHA256 audience (upload and create alike): lowercase SHA-256 of each IDFA/GAID, zeroed and malformed IDs counted, none sent raw', async () => {
		const input = [
			...Array.from({ length: 40 }, (_, i) => ({ device: { id: maid(i, i % 2 === 0) } })),
			{ device: { id: maid(3, false).toUpperCase() } }, // the same ID in the other case
			{ device: { id: '00000000-0000-0000-0000-000000000000' } },
			{ device: { id: '6D92078A82464BA4AE5B76104861E7DC' } },
			{ device: {} },
		];
		const { items, error } = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(advertiserId), name: 'App users', schema: 'maid', maidField: 'device.id' },
			input,
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		const out = items[0].json;
		expect(out).toMatchObject({
			schema: 'maid',
			calculateType: 'FIRST_SHA256',
			total: 44,
			valid: 40,
			duplicates: 1,
			invalid: 2,
			empty: 1,
			invalidReasons: { maid_zeroed: 1, invalid_maid: 1 },
		});
		const expected = new Set(Array.from({ length: 40 }, (_, i) => sha(maid(i, false))));
		expect(members(emu, String(out.audienceId), 'FIRST_SHA256')).toEqual(expected);
		// Create's enum has no MAID_* value and must equal every file's type (the emulator refuses otherwise).
		expect(succeeded(emu, '/dmp/custom_audience/create/')[0].body).toMatchObject({ calculate_type: 'FIRST_SHA256' });
		for (const upload of succeeded(emu, '/dmp/custom_audience/file/upload/')) {
			expect(upload.body).toMatchObject({ calculate_type: 'FIRST_SHA256' });
			expect(upload.multipart!.files[0].data.toString().split('\n')[0]).toBe('MAID_SHA256');
		}
		expect(emu.requestsTo('/dmp/custom_audience/create/')).toHaveLength(1);
		const sent = everythingSent(emu).toLowerCase();
		for (let i = 0; i < 40; i++) expect(sent).not.toContain(maid(i, false));
	});

	it("appends to an IDFA_SHA256 audience with the audience's own calculate type", async () => {
		const old = Array.from({ length: 1500 }, (_, i) => sha(maid(10_000 + i, false)));
		const audience = seedAudience(emu.state.audience, advertiserId, {
			name: 'iOS',
			calculateType: 'IDFA_SHA256',
			members: old,
			now: emu.now(),
		});
		const { items, error } = await runNode(
			NODE,
			{ operation: 'append', advertiserId: locator(advertiserId), audienceId: locator(audience.audience_id), schema: 'maid' },
			Array.from({ length: 10 }, (_, i) => ({ maid: maid(i, true) })),
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ action: 'APPEND', calculateType: 'IDFA_SHA256', valid: 10 });
		expect(succeeded(emu, '/dmp/custom_audience/file/upload/')[0].body).toMatchObject({ calculate_type: 'IDFA_SHA256' });
		expect(members(emu, audience.audience_id, 'IDFA_SHA256')).toEqual(
			new Set([...old, ...Array.from({ length: 10 }, (_, i) => sha(maid(i, false)))]),
		);
	});

	it('refuses an MD5 advertising-ID audience (the node only writes SHA-256) before uploading', async () => {
		const audience = seedAudience(emu.state.audience, advertiserId, { name: 'Old MD5', calculateType: 'GAID_MD5', now: emu.now() });
		const { error } = await runNode(
			NODE,
			{ operation: 'append', advertiserId: locator(advertiserId), audienceId: locator(audience.audience_id), schema: 'maid' },
			[{ maid: maid(1, false) }],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error?.message).toBe(`The audience "Old MD5" (${audience.audience_id}) holds GAID_MD5, not maid identifiers`);
		expect(emu.requestsTo('/dmp/custom_audience/file/upload/')).toHaveLength(0);
	});
});
