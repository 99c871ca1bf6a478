import { startEmulator, type Emulator } from '../../../emulator';
import { scheduleUploadFault, seedAudience } from '../../../emulator/routes/audience';
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

const UPLOAD = '/dmp/custom_audience/file/upload/';
const UPDATE = '/dmp/custom_audience/update/';

function existingAudience() {
	const digests = Array.from({ length: 1500 }, (_, i) => sha(`old.${i}@example.vn`));
	return seedAudience(emu.state.audience, advertiserId, { name: 'Faulty', members: digests, now: emu.now() });
}

function replace(audienceId: string, input: object[]) {
	return runNode(
		NODE,
		{
			operation: 'replace',
			advertiserId: locator(advertiserId),
			audienceId: locator(audienceId),
			schema: 'email',
			options: { identifiersPerFile: 1000 },
		},
		input as never,
		{ credentials: emulatorCredentials(emu) },
	);
}

describe('Audience under faults', () => {
	it('retries a 40100 burst and a 502 in the middle of the upload; the member set is exact and applied once', async () => {
		const audience = existingAudience();
		const seg = emailSegment(2500, 70_000);
		emu.injectFault(UPLOAD, { kind: 'code', code: 40100, times: 3 });
		scheduleUploadFault(emu.state.audience, { skip: 1, times: 1, status: 502 }); // the 2nd file's first try
		emu.injectFault(UPDATE, { kind: 'code', code: 40100, times: 2 });

		const { items, error } = await replace(audience.audience_id, seg.items);
		expect(error).toBeUndefined();
		expect(members(emu, audience.audience_id)).toEqual(new Set(seg.expected.map(sha)));

		const files = Math.ceil(seg.valid / 1000);
		const uploads = succeeded(emu, UPLOAD);
		expect(uploads).toHaveLength(files);
		expect(emu.requestsTo(UPLOAD)).toHaveLength(files + 3 + 1);
		expect(emu.requestsTo(UPLOAD).filter((r) => r.status === 502)).toHaveLength(1);
		// Each file went up intact exactly once; the retried one has the same bytes as planned.
		const signatures = uploads.map((u) => (u.body as Record<string, string>).file_signature);
		expect(new Set(signatures).size).toBe(files);
		expect(signatures).toEqual((items[0].json.files as Array<{ signature: string }>).map((f) => f.signature));

		const applied = succeeded(emu, UPDATE);
		expect(applied).toHaveLength(1);
		expect(emu.requestsTo(UPDATE)).toHaveLength(3);
		expect((applied[0].body as { file_paths: string[] }).file_paths).toEqual(
			uploads.map((u) => (u.response!.data as { file_path: string }).file_path),
		);
		expect(audience.history.filter((h) => h.action === 'Replace')).toHaveLength(1);
	});

	it('does not replay an update whose connection dropped (TikTok may have applied it): clear error, nothing doubled', async () => {
		const audience = existingAudience();
		const seg = emailSegment(1500, 90_000);
		emu.injectFault(UPDATE, { kind: 'reset' });
		const { error } = await replace(audience.audience_id, seg.items);
		expect(error).toBeDefined();
		expect(error!.message).toBe(
			`No answer from TikTok to the update of the audience "Faulty" (${audience.audience_id}) (connection lost): it may or may not have been applied`,
		);
		expect(String(error!.description)).toContain('ECONNRESET');
		expect(emu.requestsTo(UPDATE)).toHaveLength(1);
		expect(members(emu, audience.audience_id).size).toBe(1500);
	});

	it('does not replay a create answered with a 5xx (it would make a twin audience)', async () => {
		const seg = emailSegment(50);
		emu.injectFault('/dmp/custom_audience/create/', { kind: 'http', status: 503 });
		const before = emu.state.audience.audiences.size;
		const { error } = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(advertiserId), name: 'Twin check', schema: 'email' },
			seg.items,
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error?.message).toBe('No answer from TikTok to creating the audience "Twin check" (HTTP 503): it may or may not have been applied');
		expect(emu.requestsTo('/dmp/custom_audience/create/')).toHaveLength(1);
		expect(emu.state.audience.audiences.size).toBe(before);
	});

	it('stops on a 40900 file signature error without touching the audience', async () => {
		const audience = existingAudience();
		emu.injectFault(UPLOAD, { kind: 'code', code: 40900, message: 'File signature error.' });
		const { error } = await replace(audience.audience_id, emailSegment(1500, 1).items);
		expect(error?.message).toContain('40900');
		expect(emu.requestsTo(UPDATE)).toHaveLength(0);
		expect(members(emu, audience.audience_id).size).toBe(1500);
	});
});
