/**
 * Linear-work check that stays green on a loaded 2-core machine. A cheap screen first: at 4n characters a
 * linear function here takes a few milliseconds, a quadratic one ≥ 100× more. Only a screen over SCREEN_MS is
 * re-measured at n and 4n (best of three) and counted as super-linear when the large run still takes over
 * CONFIRM_MS and grew more than 8× (linear: 4×, quadratic: 16×), twice in a row.
 */
const SCREEN_MS = 25;
const CONFIRM_MS = 100;

function millis(fn: () => unknown, repeats: number): number {
	let best = Infinity;
	for (let r = 0; r < repeats; r++) {
		const start = process.hrtime.bigint();
		fn();
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return best;
}

export interface Growth {
	small: number;
	large: number;
}

/** undefined when `fn` did linear work on `make(n)` → `make(4n)`; otherwise the timings that show it did not. */
export function superlinear<T>(fn: (input: T) => unknown, make: (n: number) => T, n: number): Growth | undefined {
	const largeInput = make(4 * n);
	if (millis(() => fn(largeInput), 2) < SCREEN_MS) return undefined;
	const smallInput = make(n);
	let growth: Growth | undefined;
	// Two confirmations in a row: a load spike during one large run must not fail the test.
	for (let attempt = 0; attempt < 2; attempt++) {
		const small = millis(() => fn(smallInput), 3);
		const large = millis(() => fn(largeInput), 3);
		if (!(large > CONFIRM_MS && large > 8 * small)) return undefined;
		growth = { small, large };
	}
	return growth;
}

/** `prefix` + `unit` repeated to n characters + `suffix`: the shape that makes backtracking patterns blow up. */
export function runOf(prefix: string, unit: string, suffix: string): (n: number) => string {
	return (n) => prefix + unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + suffix;
}
