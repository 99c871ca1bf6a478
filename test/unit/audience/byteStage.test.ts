import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import { openByteStage } from '../../../nodes/TikTokAudience/helpers/byteStage';

function readAll(chunks: Uint8Array[]): { out: Buffer; largestStep: number } {
	const stage = openByteStage(chunks[0]);
	const out: Buffer[] = [];
	let largestStep = 0;
	for (const chunk of chunks) {
		for (const piece of stage.push(chunk)) {
			out.push(Buffer.from(piece));
			largestStep = Math.max(largestStep, piece.length);
		}
	}
	for (const piece of stage.finish()) out.push(Buffer.from(piece));
	return { out: Buffer.concat(out), largestStep };
}

describe('byte stage between the file and the text decoder', () => {
	it('passes a plain file through untouched', () => {
		const plain = Buffer.from('email\nan@example.com\n');
		expect(readAll([plain]).out.equals(plain)).toBe(true);
	});

	it('decodes a gzip read chunk fed to it in slices exactly as zlib does, whatever the chunk size', () => {
		const input = Buffer.concat([randomBytes(300_000), Buffer.alloc(3_000_000), Buffer.from('email\nend@example.com\n'.repeat(5000))]);
		const gz = gzipSync(input);
		for (const size of [gz.length, 256 * 1024, 8 * 1024 + 1, 1000]) {
			const chunks: Uint8Array[] = [];
			for (let at = 0; at < gz.length; at += size) chunks.push(gz.subarray(at, at + size));
			expect(readAll(chunks).out.equals(input)).toBe(true);
		}
	});

	it('hands out a highly compressed chunk (a gzip bomb) as many bounded pieces, not one huge one', () => {
		const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
		expect(bomb.length).toBeLessThan(256 * 1024);
		const { out, largestStep } = readAll([bomb]);
		expect(out.length).toBe(64 * 1024 * 1024);
		expect(out.every((b) => b === 0)).toBe(true);
		expect(largestStep).toBeLessThanOrEqual(128 * 1024);
	});
});
