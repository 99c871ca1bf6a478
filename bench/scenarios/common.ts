import type { INodeExecutionData } from 'n8n-workflow';

import type { EmulatorOptions } from '../../emulator';
import { emulatorCredentials } from '../../harness';
import { startEmulatorProcess, type EmulatorProcess, type HostStats, type PathStats } from '../emulatorHost';
import { runChain, type BenchNode, type RunWorkflowOptions, type WorkflowRun } from '../engine';
import { measureInput, measureSection, mib, type SectionResult } from '../measure';

export const MiB = 1024 * 1024;

export interface EngineRun {
	section: SectionResult<WorkflowRun>;
	input: { heapBytes: number; rssBytes: number };
	/** What the emulator had recorded before the run (seeded state) and after it. */
	before: HostStats;
	stats: HostStats;
}

/**
 * Builds the input items (measured first: their memory is "the input"), runs the chain in the engine against an
 * emulator in its own process, and returns the section's figures and what the emulator received.
 */
export async function runAgainstEmulator(
	buildInput: () => INodeExecutionData[],
	nodes: BenchNode[] | ((emu: EmulatorProcess) => BenchNode[] | Promise<BenchNode[]>),
	options: { qps?: number; workflow?: RunWorkflowOptions; emulator?: EmulatorOptions } = {},
): Promise<EngineRun> {
	const emu = await startEmulatorProcess({ ...options.emulator, ...(options.qps ? { qps: options.qps } : {}) });
	try {
		const chain = typeof nodes === 'function' ? await nodes(emu) : nodes;
		const credentials = emulatorCredentials(emu.info);
		const before = await emu.stats();
		const input = measureInput(buildInput);
		const section = await measureSection(() => runChain(chain, input.value, { credentials, ...options.workflow }));
		if (section.value.error) throw section.value.error;
		const stats = await emu.stats();
		if (stats.handlerErrors) throw new Error(`the emulator hit ${stats.handlerErrors} internal error(s): a bench or emulator bug`);
		return { section, input: { heapBytes: input.heapBytes, rssBytes: input.rssBytes }, before, stats };
	} finally {
		await emu.close();
	}
}

/** Requests and request-body bytes the run sent (everything the emulator recorded during it). */
export function traffic(run: EngineRun): { requests: number; bytes: number } {
	let requests = 0;
	let bytes = 0;
	for (const [key, p] of Object.entries(run.stats.paths)) {
		const b = run.before.paths[key];
		requests += p.requests - (b?.requests ?? 0);
		bytes += p.bytes - (b?.bytes ?? 0);
	}
	return { requests, bytes };
}

export function pathStats(stats: HostStats, key: string): PathStats {
	return stats.paths[key] ?? { requests: 0, bytes: 0, codes: {} };
}

/** The memory figures every engine case reports (MiB). */
export function memoryMetrics(run: EngineRun): Record<string, number> {
	return {
		inputHeapMiB: mib(run.input.heapBytes),
		peakRssAboveInputMiB: mib(run.section.peakRssAbove),
		peakHeapAboveInputMiB: mib(run.section.peakHeapAbove),
		cpuMs: run.section.cpuUserMs + run.section.cpuSystemMs,
		emulatorCpuMs: run.stats.cpuMs - run.before.cpuMs,
	};
}

export function fmtInt(n: number): string {
	return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a';
}

export function fmtSeconds(ms: number): string {
	return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function fmtBytes(bytes: number): string {
	return bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

export function countBy<T>(list: T[], key: (t: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const x of list) {
		const k = key(x);
		out[k] = (out[k] ?? 0) + 1;
	}
	return out;
}
