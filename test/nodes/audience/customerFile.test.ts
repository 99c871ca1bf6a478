/**
 * Customer-file rules end to end in the real engine: what the Audience node writes into its files and what the
 * emulator (which reads files as TikTok's help describes) makes of them. Digests are literals computed outside
 * the package (python3 hashlib.sha256).
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
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

async function create(schema: string, field: string, values: unknown[], extra: IDataObject = {}) {
	return runNode(
		NODE,
		{ operation: 'create', advertiserId: locator(advertiserId), name: `Rules ${schema}`, schema, [`${schema}Field`]: field, ...extra },
		values.map((v, id) => ({ id, [field]: v }) as IDataObject),
		{ credentials: emulatorCredentials(emu) },
	);
}

function filesSent(): Array<{ header: string; lines: string[]; path: string }> {
	return succeeded(emu, '/dmp/custom_audience/file/upload/').map((u) => {
		const [header, ...lines] = u.multipart!.files[0].data.toString('utf8').split('\n').filter(Boolean);
		return { header, lines, path: (u.response!.data as { file_path: string }).file_path };
	});
}

describe('Audience > customer files', () => {
	it('writes a header row so the emulator, reading the first line as the header, loses no identifier', async () => {
		const emails = Array.from({ length: 30 }, (_, i) => `buyer${i}@example.com`);
		const { items, error } = await create('email', 'email', emails, { options: { identifiersPerFile: 7 } });
		expect(error).toBeUndefined();
		const files = filesSent();
		expect(files).toHaveLength(5);
		for (const file of files) {
			expect(file.header).toBe('Email_SHA256');
			expect(emu.state.audience.files.get(file.path)).toMatchObject({ lostToHeader: 0, badLines: 0 });
		}
		// Every identifier reached the audience: the first line of each of the 5 files is a header, not a buyer.
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set(emails.map(sha)));
	});

	it('drops a +tag from emails (TikTok customer-file rule), which merges the tagged and untagged address', async () => {
		const { items, error } = await create('email', 'email', ['name+news@example.com', 'NAME@example.com ', 'other+a+b@example.com']);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ valid: 2, duplicates: 1 });
		expect(members(emu, String(items[0].json.audienceId))).toEqual(
			new Set([
				'7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068', // name@example.com
				sha('other@example.com'),
			]),
		);
		expect(everythingSent(emu)).not.toContain('news');
	});

	it('keeps China numbers in E.164 with +86 in audience files', async () => {
		const { items, error } = await create('phone', 'phone', ['+86 138 0000 0000'], { defaultCountry: 'CN' });
		expect(error).toBeUndefined();
		expect(filesSent()[0]).toMatchObject({ header: 'Phone_SHA256' });
		expect(members(emu, String(items[0].json.audienceId), 'PHONE_SHA256')).toEqual(
			new Set(['cc0058bc7784ae0358acf0c091025c7a69d400e148d8688badfa029c9f8c686e']), // "+8613800000000"
		);
	});

	it('counts invisible characters and decomposed accents: rejected with a reason, NFD merged with NFC', async () => {
		const { items, error } = await create('email', 'email', [
			'jos\u00e9@example.com',
			'jose\u0301@example.com',
			'ali\u200bce@example.com',
			'bob\u00ad@example.com',
		]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			total: 4,
			valid: 1,
			duplicates: 1,
			invalid: 2,
			invalidReasons: { invisible_characters: 2 },
		});
		expect(members(emu, String(items[0].json.audienceId))).toEqual(
			new Set(['b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea']),
		);
		expect(JSON.stringify(items[0].json)).not.toContain('alice');
	});
});
