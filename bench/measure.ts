import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Memory and time measurement inside a bench child process (started with --expose-gc).
 *
 * Peak RSS comes from the kernel (VmHWM in /proc/self/status), reset to the current RSS right before the
 * measured section by writing 5 to /proc/self/clear_refs: it sees spikes inside long synchronous stretches
 * that a JS timer could never sample. V8 has no peak-heap counter, so peak heap is sampled (every 5 ms and at
 * GC-free points we control): it is a lower bound and is labelled so.
 */

const MiB = 1024 * 1024;

function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (!collect) throw new Error('bench child must run with node --expose-gc');
	// Two passes: the first can leave weak/finalised objects for the second.
	collect();
	collect();
}

function procStatusKiB(field: 'VmRSS' | 'VmHWM'): number | undefined {
	try {
		const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
		return m ? Number(m[1]) : undefined;
	} catch {
		return undefined;
	}
}

function resetPeakRss(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

export interface MemoryMark {
	rss: number;
	heapUsed: number;
	external: number;
}

/** Settled memory (after full GC), bytes. */
export function settledMemory(): MemoryMark {
	gc();
	const m = process.memoryUsage();
	return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

export interface SectionResult<T> {
	value: T;
	wallMs: number;
	/** Peak RSS during the section minus the settled RSS before it (bytes). */
	peakRssAbove: number;
	/** Sampled peak heapUsed during the section minus the settled heap before it (bytes, lower bound). */
	peakHeapAbove: number;
	/** Settled RSS/heap after the section minus before (what the section left behind). */
	retainedHeap: number;
	/** 'kernel' when VmHWM could be reset (exact peak), 'sampled' otherwise. */
	rssPeakSource: 'kernel' | 'sampled';
	cpuUserMs: number;
	cpuSystemMs: number;
}

/**
 * Runs `fn` and reports its wall time, CPU time and memory above what was live before it started (the input
 * items, built by the caller beforehand, are part of "before").
 */
export async function measureSection<T>(fn: () => Promise<T>): Promise<SectionResult<T>> {
	const before = settledMemory();
	const kernel = resetPeakRss() && procStatusKiB('VmHWM') !== undefined;
	let peakHeap = before.heapUsed;
	let peakRssSampled = before.rss;
	const sample = () => {
		const m = process.memoryUsage();
		if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
		if (m.rss > peakRssSampled) peakRssSampled = m.rss;
	};
	const timer = setInterval(sample, 5);
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	let value: T;
	try {
		value = await fn();
	} finally {
		clearInterval(timer);
	}
	const wallMs = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	sample();
	const hwm = kernel ? procStatusKiB('VmHWM') : undefined;
	const peakRss = hwm !== undefined ? Math.max(hwm * 1024, peakRssSampled) : peakRssSampled;
	const after = settledMemory();
	return {
		value,
		wallMs,
		peakRssAbove: peakRss - before.rss,
		peakHeapAbove: peakHeap - before.heapUsed,
		retainedHeap: after.heapUsed - before.heapUsed,
		rssPeakSource: kernel ? 'kernel' : 'sampled',
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
	};
}

/** Memory taken by what `build` returns (the input items), measured before the section under test. */
export function measureInput<T>(build: () => T): { value: T; heapBytes: number; rssBytes: number; buildMs: number } {
	const before = settledMemory();
	const t0 = performance.now();
	const value = build();
	const buildMs = performance.now() - t0;
	const after = settledMemory();
	return { value, heapBytes: after.heapUsed - before.heapUsed, rssBytes: after.rss - before.rss, buildMs };
}

export function mib(bytes: number): number {
	return Math.round((bytes / MiB) * 10) / 10;
}

export function median(values: number[]): number {
	const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Deterministic PRNG (mulberry32) so every run benchmarks the same data. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
