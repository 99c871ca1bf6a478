import { randomBytes } from 'node:crypto';

import { digestWords, keyedHash32 } from './digestSet';

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;
const INITIAL_SLOTS = 512;

function limitFor(shard: number, slots: number): number {
	return Math.floor(slots * (0.65 + (0.27 * shard) / (SHARDS - 1)));
}

/**
 * The run's set of SHA-256 digests for segment files of millions of rows, at 8 bytes per digest instead of
 * DigestSet's 32: each digest is kept as a 64-bit fingerprint, two keyed 32-bit hashes of the whole digest with
 * independent keys drawn per set (node:crypto), so whoever writes the file cannot aim values at one slot or
 * make two different digests share a fingerprint.
 *
 * Two different digests share a fingerprint with probability 2^-64; among n distinct digests the chance that
 * any pair does is about n² / 2^65: 2.7 × 10^-6 for 10 million (one identifier in that case is counted as a
 * duplicate and not uploaded). DigestSet stays exact for input items, which cannot reach these sizes.
 *
 * 256 open-addressing shards (linear probing, grown by doubling) chosen by the fingerprint's top byte: a shard
 * grows alone, so no rehash ever copies more than 1/256 of the set at once. Each shard doubles at its own load
 * (from 0.65 to 0.92 across the shards): with one common threshold the evenly filled shards would all double at
 * about the same count, and the whole set's memory would jump 2× at once.
 */
export class FingerprintSet {
	private readonly shards: Uint32Array[] = [];
	private readonly counts = new Uint32Array(SHARDS);
	/** Entries at which each shard doubles next. */
	private readonly limits = new Uint32Array(SHARDS);
	private readonly words = new Uint32Array(8);
	private readonly keys: Uint32Array;
	private total = 0;
	private probeCount = 0;
	private growCount = 0;

	constructor() {
		const seed = randomBytes(16);
		this.keys = new Uint32Array([seed.readUInt32LE(0), seed.readUInt32LE(4), seed.readUInt32LE(8), seed.readUInt32LE(12)]);
		for (let s = 0; s < SHARDS; s++) {
			this.shards.push(new Uint32Array(INITIAL_SLOTS * 2));
			this.limits[s] = limitFor(s, INITIAL_SLOTS);
		}
	}

	get size(): number {
		return this.total;
	}

	/** Slots examined by all adds so far: the work, for tests and the bench. */
	get probes(): number {
		return this.probeCount;
	}

	/** Shards enlarged so far (each re-inserts 1/256 of the set). */
	get rehashes(): number {
		return this.growCount;
	}

	/** Bytes held by the tables. */
	get bytes(): number {
		let bytes = 0;
		for (const shard of this.shards) bytes += shard.byteLength;
		return bytes;
	}

	/** Adds a lowercase 64-hex digest; false when its fingerprint was already present. */
	add(hex: string): boolean {
		const words = digestWords(hex, this.words);
		const hi = keyedHash32(words, this.keys[0], this.keys[1]);
		// (0, 0) marks an empty slot; the one fingerprint that would collide with it is moved by one.
		const lo = keyedHash32(words, this.keys[2], this.keys[3]) || (hi === 0 ? 1 : 0);
		const s = hi >>> (32 - SHARD_BITS);
		if (!this.insert(this.shards[s], hi, lo)) return false;
		this.total++;
		if (++this.counts[s] > this.limits[s]) this.grow(s);
		return true;
	}

	private insert(table: Uint32Array, hi: number, lo: number): boolean {
		const mask = (table.length >> 1) - 1;
		let slot = lo & mask;
		for (;;) {
			this.probeCount++;
			const o = slot << 1;
			const a = table[o];
			const b = table[o + 1];
			if (a === 0 && b === 0) {
				table[o] = hi;
				table[o + 1] = lo;
				return true;
			}
			if (a === hi && b === lo) return false;
			slot = (slot + 1) & mask;
		}
	}

	private grow(s: number): void {
		this.growCount++;
		const old = this.shards[s];
		const table = new Uint32Array(old.length * 2);
		for (let o = 0; o < old.length; o += 2) {
			if (old[o] !== 0 || old[o + 1] !== 0) this.insert(table, old[o], old[o + 1]);
		}
		this.shards[s] = table;
		this.limits[s] = limitFor(s, table.length >> 1);
	}
}
