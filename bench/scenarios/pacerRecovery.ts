import type { IDataObject } from 'n8n-workflow';

import { emulatorCredentials } from '../../harness';
import { startEmulatorProcess } from '../emulatorHost';
import { runChain, toItems } from '../engine';
import { fmtInt, fmtSeconds, pathStats } from './common';
import { conversionUnavailable, PIXEL } from './conversion';
import type { Scenario } from './types';

/**
 * Scenario 6: does a 40100 burst slow the next run? In one process (the pacer is per process, as in n8n): after an
 * untimed warm-up, a run of 20 /event/track/ requests, then a burst of 35 answers 40100 (7 batches × 5 attempts, continue-on-fail),
 * then the same 20-request run right away and once more after a 5 s pause. The emulator has no QPS limit, so any
 * slowdown after the burst is the pacer's own memory of it.
 */

const REQUESTS = 20;
const BATCH = 10;
const BURST = 35;
const TRACK = '/event/track/';

function parameters(): IDataObject {
	return {
		operation: 'send',
		eventSource: 'web',
		eventSourceId: { __rl: true, mode: 'id', value: PIXEL },
		event: 'Purchase',
		eventTime: '={{ $json.time }}',
		eventId: '={{ $json.order }}',
		user: { email: '={{ $json.email }}' },
		options: { batchSize: BATCH },
	};
}

function rows(count: number, prefix: string) {
	const nowS = Math.floor(Date.now() / 1000);
	return toItems(
		Array.from({ length: count }, (_, i) => ({ order: `${prefix}-${i}`, time: nowS - 60, email: `buyer${i}@example.com` })),
	);
}

export const pacerRecoveryScenario: Scenario = {
	id: 'pacer',
	title: '6. Rate-limit recovery (a 40100 burst, then the next run)',
	unavailable: conversionUnavailable,
	cases: [
		{
			id: 'burst-then-run',
			reps: 3,
			async run() {
				const emu = await startEmulatorProcess({});
				try {
					const credentials = emulatorCredentials(emu.info);
					const node = (name: string, continueOnFail = false) => [
						{ name, type: 'tikTokConversion', parameters: parameters(), continueOnFail },
					];
					const timed = async (prefix: string) => {
						const started = performance.now();
						const run = await runChain(node('TikTok Conversion Event'), rows(REQUESTS * BATCH, prefix), { credentials });
						if (run.error) throw run.error;
						return performance.now() - started;
					};
					// Untimed warm-up: the first run also loads the package and warms the JIT.
					await timed('warm-up');
					const beforeMs = await timed('before');
					await emu.injectFault(TRACK, { kind: 'code', code: 40100, times: BURST });
					const burstStarted = performance.now();
					await runChain(node('Burst', true), rows((BURST / 5) * BATCH, 'burst'), { credentials });
					const burstMs = performance.now() - burstStarted;
					const afterMs = await timed('after');
					await new Promise((resolve) => setTimeout(resolve, 5_000));
					const afterPauseMs = await timed('pause');
					const stats = await emu.stats();
					const track = pathStats(stats, `POST ${TRACK}`);
					return {
						metrics: { beforeMs, burstMs, afterMs, afterPauseMs, slowdown: afterMs / beforeMs, slowdownAfterPause: afterPauseMs / beforeMs },
						checks: { rateLimited: track.codes['40100'] ?? 0, accepted: track.codes['0'] ?? 0 },
					};
				} finally {
					await emu.close();
				}
			},
		},
	],
	summarize(medians, checks) {
		const m = medians['burst-then-run'];
		const c = checks['burst-then-run'] ?? {};
		return {
			rows: [
				{
					scenario: '6. Rate-limit recovery',
					figure: `${REQUESTS} requests before / right after ${fmtInt(Number(c.rateLimited))} answers 40100 / 5 s later`,
					value: `${fmtSeconds(m.beforeMs)} / ${fmtSeconds(m.afterMs)} / ${fmtSeconds(m.afterPauseMs)} (burst itself ${fmtSeconds(m.burstMs)})`,
					ratio: `${m.slowdown.toFixed(1)} × / ${m.slowdownAfterPause.toFixed(1)} × the run before`,
					target: '5 s later ≤ 2 ×',
					verdict: m.slowdownAfterPause <= 2 ? 'met' : 'MISSED',
				},
			],
			notes: [
				`Rate-limit recovery: the pacer halves its gap every second without a 40100 and never exceeds 1 s, so right after the burst ` +
					`the first requests are still spaced (up to 1 s, then 0.5 s, …) and 5 s later the gap is gone. Before this, the gap only ` +
					`shrank 0.5 ms per success from up to 5 s: 20 healthy requests took ~100 s after such a burst.`,
			],
		};
	},
};
