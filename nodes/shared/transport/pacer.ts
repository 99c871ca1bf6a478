/**
 * TikTok answers over-quota calls with code 40100 instead of queueing them. Retrying those with plain exponential
 * backoff wastes most of the quota, so each API host + app gets a pacer that learns the allowed rate: a 40100
 * widens the gap between requests; successes narrow it a little, and every full second without a 40100 halves it,
 * so a burst is forgotten within seconds instead of slowing every later request of the process.
 * Kept per process on purpose: executions that share a token share TikTok's quota too.
 */

/** First gap after a 40100 on an unpaced pacer. */
const FIRST_GAP_MS = 50;

/**
 * Upper bound of the gap: one request per second. TikTok's per-app limits are counted in requests per second
 * (an app approved for "Advanced" rate limiting gets 20); a process stays under a tier of Q requests/s with a gap
 * of 1000/Q ms, so 1 s covers a tier as low as 1 request/s, or ten n8n processes sharing a 10 requests/s app.
 * Quotas a gap cannot fix (per minute, per day) end in an error that says how long to wait, not a longer gap.
 */
export const MAX_GAP_MS = 1_000;

/** Below this the gap costs less than the request itself; stop pacing. */
const NEGLIGIBLE_GAP_MS = 2;

export class RequestPacer {
	private intervalMs = 0;

	private nextSendAt = 0;

	/** When the gap was last widened or halved; recovery counts whole seconds from here. */
	private calmSince = 0;

	/** How long to wait before sending now; reserves the slot. */
	reserve(now: number): number {
		this.recover(now);
		if (this.intervalMs === 0) return 0;
		const at = Math.max(now, this.nextSendAt);
		this.nextSendAt = at + this.intervalMs;
		return at - now;
	}

	rateLimited(now: number): void {
		this.recover(now);
		this.intervalMs =
			this.intervalMs === 0 ? FIRST_GAP_MS : Math.min(Math.ceil(this.intervalMs * 1.25) + 5, MAX_GAP_MS);
		this.calmSince = now;
	}

	succeeded(now: number): void {
		this.recover(now);
		if (this.intervalMs === 0) return;
		this.intervalMs = Math.max(0, this.intervalMs - 0.5);
		if (this.intervalMs < NEGLIGIBLE_GAP_MS) this.stop();
	}

	/** The gap as of `now` (recovery applied). */
	intervalAt(now: number): number {
		this.recover(now);
		return this.intervalMs;
	}

	get currentIntervalMs(): number {
		return this.intervalMs;
	}

	private recover(now: number): void {
		if (this.intervalMs === 0) return;
		const seconds = Math.floor((now - this.calmSince) / 1_000);
		if (seconds <= 0) return;
		// Beyond ~10 halvings any gap up to MAX_GAP_MS is negligible; the cap keeps 2 ** seconds finite.
		this.intervalMs /= 2 ** Math.min(seconds, 30);
		this.calmSince += seconds * 1_000;
		if (this.intervalMs < NEGLIGIBLE_GAP_MS) this.stop();
	}

	private stop(): void {
		this.intervalMs = 0;
		this.nextSendAt = 0;
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
