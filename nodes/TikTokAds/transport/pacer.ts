/**
 * TikTok answers over-quota calls with code 40100 instead of queueing them. Retrying those with plain exponential
 * backoff wastes most of the quota, so each API host + token gets a pacer that learns the allowed rate: a 40100
 * widens the gap between requests, every success narrows it again (additive-increase / multiplicative-decrease).
 * Kept per process on purpose: executions that share a token share TikTok's quota too.
 */
export class RequestPacer {
	private intervalMs = 0;

	private nextSendAt = 0;

	/** How long to wait before sending now; reserves the slot. */
	reserve(now: number): number {
		if (this.intervalMs === 0) return 0;
		const at = Math.max(now, this.nextSendAt);
		this.nextSendAt = at + this.intervalMs;
		return at - now;
	}

	rateLimited(): void {
		this.intervalMs = this.intervalMs === 0 ? 50 : Math.min(Math.ceil(this.intervalMs * 1.25) + 5, 5_000);
	}

	succeeded(): void {
		if (this.intervalMs === 0) return;
		this.intervalMs = Math.max(0, this.intervalMs - 0.5);
		if (this.intervalMs < 2) this.intervalMs = 0;
	}

	get currentIntervalMs(): number {
		return this.intervalMs;
	}
}

const pacers = new Map<string, RequestPacer>();

export function pacerFor(key: string): RequestPacer {
	let pacer = pacers.get(key);
	if (!pacer) {
		if (pacers.size > 1_000) pacers.clear();
		pacer = new RequestPacer();
		pacers.set(key, pacer);
	}
	return pacer;
}
