import { createHash } from 'node:crypto';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';
import { emailSegment, everythingSent, firstAdvertiser, locator, members, NODE, phoneSegment, sha, succeeded } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('Audience > Create', () => {
	it('creates an audience from 2,500 items: exact member set, exact counts, one file per 1,000, no raw PII sent', async () => {
		const seg = emailSegment(2500);
		const advertiserId = firstAdvertiser(emu);
		const { items, error } = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(advertiserId),
				name: 'Khách hàng tháng 6',
				schema: 'email',
				emailField: 'email',
				options: { segmentId: 'seg_june', identifiersPerFile: 1000 },
			},
			seg.items,
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const out = items[0].json;
		expect(out).toMatchObject({
			advertiserId,
			audienceName: 'Khách hàng tháng 6',
			action: 'CREATE',
			schema: 'email',
			calculateType: 'EMAIL_SHA256',
			segmentId: 'seg_june',
			total: 2500,
			valid: seg.valid,
			invalid: seg.invalid,
			duplicates: seg.duplicates,
			empty: seg.empty,
			invalidReasons: seg.reasons,
		});
		expect(seg.valid + seg.invalid + seg.duplicates + seg.empty).toBe(2500);
		expect(items[0].pairedItem).toEqual(seg.items.map((_, item) => ({ item })));

		const audienceId = String(out.audienceId);
		expect(audienceId).toMatch(/^\d{19}$/);
		expect(members(emu, audienceId)).toEqual(new Set(seg.expected.map(sha)));

		const uploads = succeeded(emu, '/dmp/custom_audience/file/upload/');
		expect(uploads).toHaveLength(Math.ceil(seg.valid / 1000));
		expect(uploads.length).toBeGreaterThanOrEqual(2);
		for (const up of uploads) {
			const file = up.multipart!.files[0];
			expect(up.body).toMatchObject({ advertiser_id: advertiserId, calculate_type: 'EMAIL_SHA256' });
			expect((up.body as Record<string, string>).file_signature).toBe(createHash('md5').update(file.data).digest('hex'));
			expect(file.filename).toMatch(/\.csv$/);
			const [header, ...lines] = file.data.toString().split('\n').filter(Boolean);
			expect(header).toBe('Email_SHA256');
			expect(lines.length).toBeLessThanOrEqual(1000);
			expect(emu.state.audience.files.get((up.response!.data as { file_path: string }).file_path)).toMatchObject({
				lostToHeader: 0,
				badLines: 0,
			});
		}
		const [create] = succeeded(emu, '/dmp/custom_audience/create/');
		expect(create.body).toEqual({
			advertiser_id: advertiserId,
			custom_audience_name: 'Khách hàng tháng 6',
			calculate_type: 'EMAIL_SHA256',
			file_paths: uploads.map((u) => (u.response!.data as { file_path: string }).file_path),
		});
		expect(out.files).toHaveLength(uploads.length);
		expect(out.requestIds).toEqual([...uploads, create].map((r) => r.response!.request_id));
		expect(out.requests).toBe((out.requestIds as string[]).length);

		const sent = everythingSent(emu);
		for (const raw of seg.raw) expect(sent).not.toContain(raw);
		for (const plain of seg.expected) expect(sent).not.toContain(plain);
		expect(JSON.stringify(out)).not.toMatch(/khachhang\.\d+@example\.vn/);
	});

	it('creates a phone audience from VN numbers in national and international forms', async () => {
		const seg = phoneSegment(2500);
		const { items, error } = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(firstAdvertiser(emu)),
				name: 'SĐT khách hàng',
				schema: 'phone',
				phoneField: 'phone',
				defaultCountry: 'VN',
				options: { retentionInDays: 90 },
			},
			seg.items,
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		const out = items[0].json;
		expect(out).toMatchObject({ total: 2500, valid: seg.valid, invalid: seg.invalid, duplicates: seg.duplicates, empty: seg.empty });
		expect(out.invalidReasons).toEqual(seg.reasons);
		expect(Object.keys(seg.reasons)).toHaveLength(4);
		expect(members(emu, String(out.audienceId), 'PHONE_SHA256')).toEqual(new Set(seg.expected.map(sha)));
		expect(succeeded(emu, '/dmp/custom_audience/create/')[0].body).toMatchObject({ retention_in_days: 90, calculate_type: 'PHONE_SHA256' });
		const sent = everythingSent(emu);
		for (const e164 of seg.expected) expect(sent).not.toContain(e164);
		for (const sample of out.invalidSamples as Array<{ value: string }>) expect(seg.raw).not.toContain(sample.value);
	});

	it('creates a Multiple Types audience from 2,500 items: emails and VN phones of the same people in one file', async () => {
		const emails = emailSegment(2500);
		const phones = phoneSegment(2500, 5000);
		const input = emails.items.map((item, i) => ({ ...item, contact: { mobile: phones.items[i].phone } }));
		const { items, error } = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(firstAdvertiser(emu)),
				name: 'Email + SĐT',
				schema: 'multiple',
				emailField: 'email',
				phoneField: 'contact.mobile',
				defaultCountry: 'vn',
			},
			input,
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error).toBeUndefined();
		const out = items[0].json;
		expect(out.calculateType).toBe('MULTIPLE_TYPES');
		// An item counts once: valid if it brings any new identifier, else duplicate, else invalid, else empty.
		const expected = { valid: 0, duplicates: 0, invalid: 0, empty: 0 };
		emails.classes.forEach((e, i) => {
			const both = [e, phones.classes[i]];
			if (both.includes('valid')) expected.valid++;
			else if (both.includes('duplicate')) expected.duplicates++;
			else if (both.includes('invalid')) expected.invalid++;
			else expected.empty++;
		});
		expect(out).toMatchObject({ total: 2500, ...expected, invalidReasons: { ...emails.reasons, ...phones.reasons } });
		expect(out.byType).toMatchObject({
			email: { valid: emails.valid, invalid: emails.invalid, duplicates: emails.duplicates, empty: emails.empty },
			phone: { valid: phones.valid, invalid: phones.invalid, duplicates: phones.duplicates, empty: phones.empty },
		});
		const id = String(out.audienceId);
		expect(members(emu, id, 'EMAIL_SHA256')).toEqual(new Set(emails.expected.map(sha)));
		expect(members(emu, id, 'PHONE_SHA256')).toEqual(new Set(phones.expected.map(sha)));
		const [upload] = succeeded(emu, '/dmp/custom_audience/file/upload/');
		expect(upload.body).toMatchObject({ calculate_type: 'MULTIPLE_TYPES' });
		expect(upload.multipart!.files[0].data.toString().split('\n')[0]).toBe('EMAIL_SHA256,PHONE_SHA256');
		const sent = everythingSent(emu);
		for (const raw of [...emails.raw, ...phones.raw, ...emails.expected, ...phones.expected]) expect(sent).not.toContain(raw);
	});

	it('refuses to create an audience without any valid identifier, sending nothing', async () => {
		const { error } = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(firstAdvertiser(emu)), name: 'Empty', schema: 'phone', phoneField: 'phone' },
			[{ phone: '0912345678' }, { phone: 'n/a' }],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error?.message).toBe('No valid phone identifiers among 2 items: the audience was not created');
		expect(emu.requests).toHaveLength(0);
	});

	it('rejects an unknown Default Country before reading the segment', async () => {
		const { error } = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(firstAdvertiser(emu)),
				name: 'x',
				schema: 'phone',
				defaultCountry: 'Vietnam',
			},
			[{ phone: '0912345678' }],
			{ credentials: emulatorCredentials(emu) },
		);
		expect(error?.message).toBe('"VIETNAM" is not a country code');
		expect(emu.requests).toHaveLength(0);
	});

	it('takes the identifier from an expression evaluated per item, or from a dot path', async () => {
		const input = Array.from({ length: 30 }, (_, i) => ({ profile: { contacts: [{ mail: `Expr.${i}@Example.vn` }] } }));
		const viaExpression = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(firstAdvertiser(emu)),
				name: 'Expression',
				schema: 'email',
				emailField: '={{ $json.profile.contacts[0].mail }}',
			},
			input,
			{ credentials: emulatorCredentials(emu) },
		);
		const viaPath = await runNode(
			NODE,
			{
				operation: 'create',
				advertiserId: locator(firstAdvertiser(emu)),
				name: 'Path',
				schema: 'email',
				emailField: 'profile.contacts[0].mail',
			},
			input,
			{ credentials: emulatorCredentials(emu) },
		);
		const expected = new Set(input.map((_, i) => sha(`expr.${i}@example.vn`)));
		for (const run of [viaExpression, viaPath]) {
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toMatchObject({ total: 30, valid: 30 });
			expect(members(emu, String(run.items[0].json.audienceId))).toEqual(expected);
		}
	});

	it('passes already-hashed identifiers through unchanged', async () => {
		const hashed = Array.from({ length: 5 }, (_, i) => sha(`hashed${i}@example.com`));
		const { items } = await runNode(
			NODE,
			{ operation: 'create', advertiserId: locator(firstAdvertiser(emu)), name: 'Hashed', schema: 'email' },
			hashed.map((email) => ({ email: email.toUpperCase() })),
			{ credentials: emulatorCredentials(emu) },
		);
		expect(items[0].json).toMatchObject({ valid: 5, alreadyHashed: 5 });
		expect(members(emu, String(items[0].json.audienceId))).toEqual(new Set(hashed));
	});
});
