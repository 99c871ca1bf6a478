import { createHash } from 'node:crypto';
import { AudienceUploadPlanner, type PlanOptions, type UploadPlan } from '../../../nodes/TikTokAudience/upload/plan';
import { DigestSet } from '../../../nodes/TikTokAudience/upload/digestSet';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
/** Data lines of a single-type file (after its header row). */
const linesOf = (b: Buffer) => b.toString('latin1').split('\n').slice(1).filter((l) => l !== '');
const headerOf = (b: Buffer) => b.toString('latin1').split('\n')[0];

/** Feeds the planner the way the node does: one add() per input item, in order. */
function planAudienceUpload(items: Array<Record<string, unknown>>, options: PlanOptions): UploadPlan {
	const planner = new AudienceUploadPlanner(options);
	items.forEach((values, index) => planner.add(index, values));
	return planner.finish();
}

describe('planAudienceUpload — single type', () => {
	const items = [
		{ email: 'Alice@Example.com' },
		{ email: ' alice@example.com ' }, // duplicate after normalisation
		{ email: 'bob@example.com' },
		{ email: 'not-an-email' },
		{ email: '' },
		{},
		{ email: sha('carol@example.com').toUpperCase() }, // already hashed
		{ email: sha('bob@example.com') }, // hashed duplicate of a raw one
		{ email: 42 },
	];

	it('counts every item exactly once and explains rejections', () => {
		const { summary } = planAudienceUpload(items, { schema: 'email' });
		expect(summary).toMatchObject({ total: 9, valid: 3, duplicates: 2, invalid: 2, empty: 2, alreadyHashed: 1 });
		expect(summary.valid + summary.invalid + summary.duplicates + summary.empty).toBe(summary.total);
		expect(summary.invalidReasons).toEqual({ invalid_email: 1, unsupported_type: 1 });
		expect(summary.byType.email).toEqual({ valid: 3, invalid: 2, duplicates: 2, empty: 2, alreadyHashed: 1 });
	});

	it('keeps masked samples only', () => {
		const { summary } = planAudienceUpload(items, { schema: 'email' });
		expect(summary.invalidSamples).toEqual([
			{ item: 3, field: 'email', reason: 'invalid_email', value: 'n**-**-***il' },
			{ item: 8, field: 'email', reason: 'unsupported_type', value: '**' },
		]);
		expect(JSON.stringify(summary)).not.toContain('not-an-email');
	});

	it('writes one lowercase digest per line with the MD5 signature of the bytes', () => {
		const { files } = planAudienceUpload(items, { schema: 'email' });
		expect(files).toHaveLength(1);
		const [file] = files;
		expect(linesOf(file.content)).toEqual([sha('alice@example.com'), sha('bob@example.com'), sha('carol@example.com')]);
		expect(headerOf(file.content)).toBe('Email_SHA256');
		expect(file.content.length).toBe('Email_SHA256\n'.length + 3 * 65);
		expect(file.content.toString('latin1').endsWith('\n')).toBe(true);
		expect(file.signature).toBe(md5(file.content));
		expect(file).toMatchObject({ index: 1, lines: 3, calculateType: 'EMAIL_SHA256', fileName: 'email_sha256-001.csv' });
	});

	it('splits into files of at most maxLinesPerFile lines, nothing lost or repeated', () => {
		const many = Array.from({ length: 10 }, (_, i) => ({ phone: `0912 345 ${String(i).padStart(3, '0')}` }));
		const { files, summary } = planAudienceUpload(many, { schema: 'phone', defaultCountry: 'VN', maxLinesPerFile: 4 });
		expect(files.map((f) => f.lines)).toEqual([4, 4, 2]);
		expect(files.map((f) => f.fileName)).toEqual(['phone_sha256-001.csv', 'phone_sha256-002.csv', 'phone_sha256-003.csv']);
		const all = files.flatMap((f) => linesOf(f.content));
		expect(all).toEqual(many.map((_, i) => sha(`+84912345${String(i).padStart(3, '0')}`)));
		for (const f of files) expect(f.signature).toBe(md5(f.content));
		expect(summary.valid).toBe(10);
	});

	it('produces no file when nothing is valid', () => {
		const { files, summary } = planAudienceUpload([{ phone: 'n/a' }, {}], { schema: 'phone', defaultCountry: 'VN' });
		expect(files).toEqual([]);
		expect(summary).toMatchObject({ total: 2, valid: 0, invalid: 1, empty: 1 });
		expect(summary.invalidReasons).toEqual({ phone_invalid_characters: 1 });
	});

	it('labels MAID files FIRST_SHA256 (the upload names the target audience\'s own calculate type)', () => {
		const { files } = planAudienceUpload([{ maid: '6D92078A-8246-4BA4-AE5B-76104861E7DC' }], { schema: 'maid' });
		expect(files[0].calculateType).toBe('FIRST_SHA256');
		expect(linesOf(files[0].content)).toEqual([sha('6d92078a-8246-4ba4-ae5b-76104861e7dc')]);
	});

	it('keeps at most maxSamples samples while counting every reason', () => {
		const bad = Array.from({ length: 20 }, (_, i) => ({ email: `bad${i}` }));
		const { summary } = planAudienceUpload(bad, { schema: 'email', maxSamples: 2 });
		expect(summary.invalidSamples).toHaveLength(2);
		expect(summary.invalidReasons).toEqual({ invalid_email: 20 });
	});
});

describe('planAudienceUpload — multiple types', () => {
	it('writes a header and one row per person, each digest only once, with per-type counts', () => {
		const { files, summary } = planAudienceUpload(
			[
				{ email: 'a@example.com', phone: '0912345678' },
				{ email: 'b@example.com' },
				{ phone: '+84 987 654 321' },
				{ email: 'a@example.com', phone: '0911111111' }, // new phone, known email
				{ email: 'A@example.com', phone: '0912 345 678' }, // both known
				{ email: 'bad', phone: 'bad' },
				{ email: '', phone: null },
			],
			{ schema: 'multiple', defaultCountry: 'VN' },
		);
		expect(files).toHaveLength(1);
		const text = files[0].content.toString('latin1');
		expect(text.split('\n')).toEqual([
			'EMAIL_SHA256,PHONE_SHA256',
			`${sha('a@example.com')},${sha('+84912345678')}`,
			`${sha('b@example.com')},`,
			`,${sha('+84987654321')}`,
			`,${sha('+84911111111')}`,
			'',
		]);
		expect(files[0]).toMatchObject({ calculateType: 'MULTIPLE_TYPES', lines: 4 });
		expect(summary).toMatchObject({ total: 7, valid: 4, duplicates: 1, invalid: 1, empty: 1 });
		expect(summary.byType.email).toEqual({ valid: 2, invalid: 1, duplicates: 2, empty: 2, alreadyHashed: 0 });
		expect(summary.byType.phone).toEqual({ valid: 3, invalid: 1, duplicates: 1, empty: 2, alreadyHashed: 0 });
		expect(summary.invalidReasons).toEqual({ invalid_email: 1, phone_invalid_characters: 1 });
	});
});

describe('AudienceUploadPlanner at scale', () => {
	it('streams 300k identifiers into exactly sized files', () => {
		const planner = new AudienceUploadPlanner({ schema: 'email', maxLinesPerFile: 100_000 });
		for (let i = 0; i < 300_000; i++) planner.add(i, { email: `user${i % 250_000}@example.com` });
		const { files, summary } = planner.finish();
		expect(summary).toMatchObject({ total: 300_000, valid: 250_000, duplicates: 50_000 });
		expect(files.map((f) => f.lines)).toEqual([100_000, 100_000, 50_000]);
		expect(files.map((f) => f.content.length)).toEqual([6_500_013, 6_500_013, 3_250_013]); // + 'Email_SHA256\n'
		expect(linesOf(files[2].content).at(-1)).toBe(sha('user249999@example.com'));
	});
});

describe('AudienceUploadPlanner sized for the expected items', () => {
	// 120,000 items: 81,000 distinct valid emails, 27,000 repeats, 12,000 invalid; files of 50,000 lines.
	const run = (expectedItems?: number) => {
		const planner = new AudienceUploadPlanner({ schema: 'email', maxLinesPerFile: 50_000, expectedItems });
		for (let i = 0; i < 120_000; i++) planner.add(i, { email: i % 10 === 9 ? 'not-an-email' : `user${i % 90_000}@example.com` });
		return { plan: planner.finish(), work: planner.work };
	};

	it('never rehashes and allocates one buffer per file, with the same files and summary as the growing planner', () => {
		const sized = run(120_000);
		const growing = run();
		expect(sized.work).toEqual({ rehashes: 0, bufferAllocations: 2 });
		// Without the hint the set doubles from its small default and the first buffer doubles from 4,096 lines
		// (1 + 4 allocations); once a file has filled up, the next one starts at full size (1).
		expect(growing.work.rehashes).toBe(7);
		expect(growing.work.bufferAllocations).toBe(6);
		expect(sized.plan.summary).toEqual(growing.plan.summary);
		expect(sized.plan.summary).toMatchObject({ total: 120_000, valid: 81_000, invalid: 12_000, duplicates: 27_000 });
		expect(sized.plan.files.map((f) => [f.lines, f.signature])).toEqual(growing.plan.files.map((f) => [f.lines, f.signature]));
		sized.plan.files.forEach((f, i) => expect(f.content.equals(growing.plan.files[i].content)).toBe(true));
	});

	it('hands each file over as exactly its bytes, signed with their MD5', () => {
		const { plan } = run(120_000);
		expect(plan.files.map((f) => f.content.length)).toEqual([50_000 * 65 + 13, 31_000 * 65 + 13]); // + 'Email_SHA256\n'
		for (const f of plan.files) expect(f.signature).toBe(md5(f.content));
		expect(new Set(plan.files.flatMap((f) => linesOf(f.content))).size).toBe(81_000);
	});
});

describe('DigestSet', () => {
	it('agrees with a Set<string> through several growths', () => {
		const set = new DigestSet(4);
		const ref = new Set<string>();
		let disagreements = 0;
		for (let i = 0; i < 50_000; i++) {
			const h = sha(String(i % 37_000));
			if (set.add(h) !== !ref.has(h)) disagreements++;
			ref.add(h);
		}
		expect(disagreements).toBe(0);
		expect(set.size).toBe(37_000);
	});

	it('distinguishes digests that share their first 64 bits', () => {
		const set = new DigestSet();
		const a = `${'0'.repeat(16)}${'1'.repeat(48)}`;
		const b = `${'0'.repeat(16)}${'2'.repeat(48)}`;
		expect(set.add(a)).toBe(true);
		expect(set.add(b)).toBe(true);
		expect(set.add(a)).toBe(false);
	});
});
