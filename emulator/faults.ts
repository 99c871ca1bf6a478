/** Faults a test injects per API path; each request to that path consumes the first pending fault. */
export type Fault =
	| { kind: 'code'; code: number; message?: string; data?: unknown; times?: number }
	| { kind: 'http'; status: number; body?: string | object; contentType?: string; times?: number }
	| { kind: 'delay'; ms: number; times?: number }
	| { kind: 'reset'; times?: number }
	/** Never answers: the socket stays open until the client gives up (or the emulator closes). */
	| { kind: 'hang'; times?: number }
	/**
	 * Answers `status` (301/302/303/307/308) with `Location: location` — an absolute URL (another host, e.g. a
	 * foreign-host recorder) or a path on this emulator. A client that follows it resends to that place.
	 */
	| { kind: 'redirect'; status: 301 | 302 | 303 | 307 | 308; location: string; times?: number }
	/**
	 * A server that quotes the request back: with an HTTP `status` >= 300 the body is the echoed part as JSON
	 * (the query, the headers or the body); with status 200 it is a TikTok envelope (`code`, default 40002) whose
	 * message quotes that part, as some gateways and error pages do.
	 */
	| { kind: 'echo'; status: number; echo: 'query' | 'headers' | 'body'; code?: number; times?: number };

/** Path that matches every API path. */
export const ANY_PATH = '*';

export class FaultQueue {
	private readonly queues = new Map<string, Array<Fault & { remaining: number }>>();

	add(path: string, fault: Fault): void {
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1) throw new Error(`fault.times must be a positive integer, got ${times}`);
		const queue = this.queues.get(path) ?? [];
		queue.push({ ...fault, remaining: times });
		this.queues.set(path, queue);
	}

	/** Takes one use of the next fault for this path (path-specific faults first, then '*'). */
	take(path: string): Fault | undefined {
		return this.takeFrom(path) ?? this.takeFrom(ANY_PATH);
	}

	/** Faults not yet consumed, per path. */
	pending(): Record<string, Fault[]> {
		const out: Record<string, Fault[]> = {};
		for (const [path, queue] of this.queues) {
			if (queue.length) out[path] = queue.map((f) => withoutRemaining(f, f.remaining));
		}
		return out;
	}

	clear(): void {
		this.queues.clear();
	}

	private takeFrom(path: string): Fault | undefined {
		const queue = this.queues.get(path);
		const head = queue?.[0];
		if (!queue || !head) return undefined;
		head.remaining--;
		if (head.remaining <= 0) queue.shift();
		return withoutRemaining(head, head.times);
	}
}

function withoutRemaining(entry: Fault & { remaining: number }, times: number | undefined): Fault {
	const copy: Partial<typeof entry> = { ...entry };
	delete copy.remaining;
	return { ...copy, times } as Fault;
}

/** Token bucket: `qps` tokens per second, burst of `qps`. */
export class RateLimiter {
	private tokens: number;
	private last = performance.now();

	constructor(private readonly qps: number) {
		if (!(qps > 0)) throw new Error(`qps must be > 0, got ${qps}`);
		this.tokens = qps;
	}

	tryTake(): boolean {
		const now = performance.now();
		this.tokens = Math.min(this.qps, this.tokens + ((now - this.last) / 1000) * this.qps);
		this.last = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
