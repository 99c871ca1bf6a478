import { randomBytes } from 'node:crypto';

const WORDS = 8;
/** HalfSipHash's last message word: the message length in bytes in the top byte. */
const LENGTH_WORD = (WORDS * 4) << 24;

function rotl(x: number, b: number): number {
	return (x << b) | (x >>> (32 - b));
}

/**
 * Keyed 32-bit hash (the HalfSipHash-1-3 construction, 64-bit key k0:k1) of a digest's 8 words: one compression
 * round per word and one for the length, then three finalisation rounds (state in locals: this runs once per
 * identifier).
 */
export function keyedHash32(key: Uint32Array, k0: number, k1: number): number {
	let v0 = k0;
	let v1 = k1;
	let v2 = 0x6c796765 ^ v0;
	let v3 = 0x74656462 ^ v1;
	for (let r = 0; r < WORDS + 4; r++) {
		const m = r < WORDS ? key[r] : r === WORDS ? LENGTH_WORD : 0;
		if (r <= WORDS) v3 ^= m;
		else if (r === WORDS + 1) v2 ^= 0xff;
		v0 = (v0 + v1) | 0;
		v1 = rotl(v1, 5) ^ v0;
		v0 = rotl(v0, 16);
		v2 = (v2 + v3) | 0;
		v3 = rotl(v3, 8) ^ v2;
		v0 = (v0 + v3) | 0;
		v3 = rotl(v3, 7) ^ v0;
		v2 = (v2 + v1) | 0;
		v1 = rotl(v1, 13) ^ v2;
		v2 = rotl(v2, 16);
		if (r <= WORDS) v0 ^= m;
	}
	return (v1 ^ v3) >>> 0;
}

/** Reads a lowercase 64-hex digest into 8 big-endian 32-bit words. */
export function digestWords(hex: string, into: Uint32Array): Uint32Array {
	for (let w = 0; w < WORDS; w++) {
		let v = 0;
		for (let i = w * 8, end = i + 8; i < end; i++) {
			const c = hex.charCodeAt(i);
			v = (v << 4) | (c <= 57 ? c - 48 : c - 87);
		}
		into[w] = v >>> 0;
	}
	return into;
}

/**
 * A set of SHA-256 hex digests that keeps each digest's 32 bytes in one typed array instead of a JS string per
 * entry (a Set<string> of a million digests costs ~120 MB; this costs ~70 MB at worst).
 *
 * Pre-hashed values come from the input, so whoever writes the input chooses them. The slot is therefore a
 * keyed hash (the HalfSipHash-1-3 construction, 64-bit key drawn per set) of the whole digest, and equality
 * compares all 256 bits: values crafted to share a prefix neither pile into one probe chain (which made
 * inserts quadratic) nor count as duplicates of each other.
 */
export class DigestSet {
	private words: Uint32Array;
	private used: Uint8Array;
	private mask: number;
	private count = 0;
	private probeCount = 0;
	private rehashCount = 0;
	private readonly key = new Uint32Array(WORDS);
	private readonly k0: number;
	private readonly k1: number;

	constructor(initialCapacity = 1024) {
		let capacity = 16;
		while (capacity < initialCapacity * 2) capacity *= 2;
		this.words = new Uint32Array(capacity * WORDS);
		this.used = new Uint8Array(capacity);
		this.mask = capacity - 1;
		const seed = randomBytes(8);
		this.k0 = seed.readUInt32LE(0);
		this.k1 = seed.readUInt32LE(4);
	}

	get size(): number {
		return this.count;
	}

	/** Slots examined by all adds so far (≈ 1.5 per add at this load factor): the work, for tests and the bench. */
	get probes(): number {
		return this.probeCount;
	}

	/** Times the table was enlarged and every entry re-inserted (0 when the initial capacity sufficed). */
	get rehashes(): number {
		return this.rehashCount;
	}

	/** Adds a lowercase 64-hex digest; false when it was already present. */
	add(hex: string): boolean {
		if (this.insert(digestWords(hex, this.key))) {
			if (++this.count * 2 > this.used.length) this.grow();
			return true;
		}
		return false;
	}

	private slotOf(key: Uint32Array): number {
		return keyedHash32(key, this.k0, this.k1) & this.mask;
	}

	private insert(key: Uint32Array): boolean {
		const { words, used, mask } = this;
		let slot = this.slotOf(key);
		for (;;) {
			this.probeCount++;
			const o = slot * WORDS;
			if (used[slot] === 0) {
				used[slot] = 1;
				words.set(key, o);
				return true;
			}
			let same = true;
			for (let w = 0; w < WORDS && same; w++) same = words[o + w] === key[w];
			if (same) return false;
			slot = (slot + 1) & mask;
		}
	}

	private grow(): void {
		this.rehashCount++;
		const oldWords = this.words;
		const oldUsed = this.used;
		const capacity = oldUsed.length * 2;
		this.words = new Uint32Array(capacity * WORDS);
		this.used = new Uint8Array(capacity);
		this.mask = capacity - 1;
		for (let slot = 0; slot < oldUsed.length; slot++) {
			if (oldUsed[slot] === 0) continue;
			this.insert(oldWords.subarray(slot * WORDS, slot * WORDS + WORDS));
		}
	}
}
