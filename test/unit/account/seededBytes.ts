// Deterministic pseudo-random bytes for the decompression tests (no Math.random, so failures reproduce).

export function prng(seed: number): () => number {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x;
	};
}

export function randomBytes(n: number, seed: number): Buffer {
	const next = prng(seed);
	const b = Buffer.alloc(n);
	for (let i = 0; i < n; i++) b[i] = next() & 0xff;
	return b;
}
