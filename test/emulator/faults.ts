/** Faults a test injects per API path; each request to that path consumes the first pending fault. */
export type Fault =
	| { kind: 'code'; code: number; message?: string; data?: unknown; times?: number }
	| { kind: 'http'; status: number; body?: string | object; contentType?: string; times?: number }
	| { kind: 'delay'; ms: number; times?: number }
	| { kind: 'reset'; times?: number };

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
