import { createHash } from 'node:crypto';

import { FingerprintSet } from '../../../nodes/TikTokAudience/upload/fingerprintSet';
import { AudienceUploadPlanner } from '../../../nodes/TikTokAudience/upload/plan';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('FingerprintSet', () => {
	it('agrees with a Set<string> through many shard growths', () => {
		const set = new FingerprintSet();
		const ref = new Set<string>();
		let disagreements = 0;
		for (let i = 0; i < 400_000; i++) {
			const h = sha(String(i % 300_000));
			if (set.add(h) !== !ref.has(h)) disagreements++;
			ref.add(h);
		}
		expect(disagreements).toBe(0);
		expect(set.size).toBe(300_000);
	});

	it('holds a digest in ~12–20 bytes at every size, without the whole set doubling at once', () => {
		const set = new FingerprintSet();
		const perEntry: number[] = [];
		for (let i = 1; i <= 1_000_000; i++) {
			set.add(sha(`u${i}`));
			if (i % 50_000 === 0) perEntry.push(set.bytes / set.size);
		}
		// 8 bytes per slot; shards double at loads spread from 0.65 to 0.92.
		expect(Math.max(...perEntry)).toBeLessThan(22);
		expect(Math.min(...perEntry)).toBeGreaterThan(9);
		// Growth spread over the shards: past the initial tables, memory never jumps by half between 50 k steps
		// (one common threshold doubles it between two of them).
		const sizes = perEntry.map((b, k) => b * (k + 1) * 50_000);
		const jumps = sizes.slice(4).map((b, k) => b / sizes[k + 3]);
		expect(Math.max(...jumps)).toBeLessThan(1.5);
	});

	it('crafted digests sharing 224 bits neither collide nor pile into one probe chain (keyed per set)', () => {
		const N = 100_000;
		const crafted = new FingerprintSet();
		let refused = 0;
		for (let i = 0; i < N; i++) if (!crafted.add(`${'ab'.repeat(28)}${i.toString(16).padStart(8, '0')}`)) refused++;
		expect(refused).toBe(0);
		const random = new FingerprintSet();
		for (let i = 0; i < N; i++) random.add(sha(`r${i}`));
		expect(crafted.size).toBe(N);
		// Linear probing at load ≤ 3/4 averages ~2.5 probes per add; one shared chain would need ~N/2.
		expect(crafted.probes).toBeLessThan(2 * random.probes);
		expect(crafted.probes).toBeLessThan(4 * N);
	});

	it('two sets draw different keys: the same digests land in different slots', () => {
		const a = new FingerprintSet();
		const b = new FingerprintSet();
		// Identical probe counts over 50 k adds would mean identical placement, i.e. the same key.
		for (let i = 0; i < 50_000; i++) {
			a.add(sha(`k${i}`));
			b.add(sha(`k${i}`));
		}
		expect(a.probes).not.toBe(b.probes);
	});
});

describe('AudienceUploadPlanner with compact dedupe and line positions', () => {
	it('counts exactly like the exact set, hands over each file as soon as it is full, samples by line', () => {
		const options = { schema: 'email' as const, maxLinesPerFile: 1000 };
		const exact = new AudienceUploadPlanner(options);
		const compact = new AudienceUploadPlanner({ ...options, compactDedupe: true, position: 'line' });
		const handed: number[] = [];
		for (let i = 0; i < 5000; i++) {
			const email = i % 10 === 3 ? `bad${i}@` : `u${i % 3000}@example.vn`;
			exact.add(i, { email });
			compact.add(i + 2, { email });
			for (let n = compact.takeFiles().length; n > 0; n--) handed.push(i);
		}
		compact.reject(5002, 'broken_quotes');
		const a = exact.finish();
		const b = compact.finish();
		expect(b.summary).toMatchObject({ valid: a.summary.valid, duplicates: a.summary.duplicates, invalid: a.summary.invalid + 1 });
		expect(b.summary.total).toBe(5001);
		expect(b.summary.invalidReasons).toEqual({ ...a.summary.invalidReasons, broken_quotes: 1 });
		expect(b.summary.invalidSamples[0]).toEqual({ line: 5, field: 'email', reason: 'invalid_email', value: expect.any(String) });
		// 2,700 valid: two full files handed over right after their 1,000th line, the rest at finish.
		expect(a.summary.valid).toBe(2700);
		expect(handed).toEqual([1110, 2221]);
		expect(b.files.map((f) => [f.index, f.lines])).toEqual([[3, 700]]);
	});

	it('a full file given back after its upload carries the next file (no new buffer), with the right content', () => {
		const planner = new AudienceUploadPlanner({ schema: 'email', maxLinesPerFile: 1000, compactDedupe: true });
		for (let i = 0; i < 1000; i++) planner.add(i, { email: `a${i}@example.vn` });
		const [first] = planner.takeFiles();
		const memory = first.content.buffer;
		first.release!();
		for (let i = 0; i < 1000; i++) planner.add(i, { email: `b${i}@example.vn` });
		const [second] = planner.takeFiles();
		expect(second.content.buffer).toBe(memory);
		const lines = second.content.toString('latin1').split('\n');
		expect([lines[0], lines[1], lines[1000], lines.length]).toEqual(['Email_SHA256', sha('b0@example.vn'), sha('b999@example.vn'), 1002]);
		expect(second.signature).toBe(createHash('md5').update(second.content).digest('hex'));
	});
});
