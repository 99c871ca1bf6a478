/**
 * A set of SHA-256 hex digests that keeps 16 bytes per entry in one typed array instead of a JS string per
 * entry (a Set<string> of a million digests costs ~120 MB; this costs ~40 MB at worst). The first 128 bits of
 * a SHA-256 digest identify it: a collision among a few million entries has probability ~1e-26.
 */
export class DigestSet {
	private words: Uint32Array;
	private used: Uint8Array;
	private mask: number;
	private count = 0;
	private readonly key = new Uint32Array(4);

	constructor(initialCapacity = 1024) {
		let capacity = 16;
		while (capacity < initialCapacity * 2) capacity *= 2;
		this.words = new Uint32Array(capacity * 4);
		this.used = new Uint8Array(capacity);
		this.mask = capacity - 1;
	}

	get size(): number {
		return this.count;
	}

	/** Adds a lowercase 64-hex digest; false when it was already present. */
	add(hex: string): boolean {
		const key = this.key;
		for (let w = 0; w < 4; w++) {
			let v = 0;
			for (let i = w * 8, end = i + 8; i < end; i++) {
				const c = hex.charCodeAt(i);
				v = (v << 4) | (c <= 57 ? c - 48 : c - 87);
			}
			key[w] = v >>> 0;
		}
		if (this.insert(key)) {
			if (++this.count * 2 > this.used.length) this.grow();
			return true;
		}
		return false;
	}

	private insert(key: Uint32Array): boolean {
		const { words, used, mask } = this;
		let slot = key[0] & mask;
		for (;;) {
			if (used[slot] === 0) {
				used[slot] = 1;
				const o = slot * 4;
				words[o] = key[0];
				words[o + 1] = key[1];
				words[o + 2] = key[2];
				words[o + 3] = key[3];
				return true;
			}
			const o = slot * 4;
			if (words[o] === key[0] && words[o + 1] === key[1] && words[o + 2] === key[2] && words[o + 3] === key[3]) {
				return false;
			}
			slot = (slot + 1) & mask;
		}
	}

	private grow(): void {
		const oldWords = this.words;
		const oldUsed = this.used;
		const capacity = oldUsed.length * 2;
		this.words = new Uint32Array(capacity * 4);
		this.used = new Uint8Array(capacity);
		this.mask = capacity - 1;
		const key = new Uint32Array(4);
		for (let slot = 0; slot < oldUsed.length; slot++) {
			if (oldUsed[slot] === 0) continue;
			key.set(oldWords.subarray(slot * 4, slot * 4 + 4));
			this.insert(key);
		}
	}
}
