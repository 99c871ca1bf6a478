import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../engine';
import { countBy, fmtInt, fmtSeconds, pathStats, runAgainstEmulator } from './common';
import { conversionUnavailable, PIXEL, shopRows } from './conversion';
import type { Scenario } from './types';

/**
 * Scenario 5: the emulator enforces 20 requests/s (token bucket, burst 20, over-quota calls answered 40100 like
 * TikTok); the Conversion node sends 200 k events in batches of 100 (2,000 requests). Sustained throughput is
 * measured by the emulator over the sending window (first to last /event/track/ request), as a fraction of the limit.
 */

const QPS = 20;
const EVENTS = 200_000;
const BATCH = 100;
const TRACK = 'POST /event/track/';

/** Only the fields that make an event unique and matchable: item building is not what this scenario measures. */
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

export const rateLimitScenario: Scenario = {
	id: 'ratelimit',
	title: '5. Rate limit (20 QPS, 40100 answers)',
	unavailable: conversionUnavailable,
	cases: [
		{
			id: 'qps20-200k',
			reps: 3,
			async run() {
				const nowS = Math.floor(Date.now() / 1000);
				const run = await runAgainstEmulator(
					() => toItems(shopRows(EVENTS, nowS)),
					[{ name: 'TikTok Conversion Event', type: 'tikTokConversion', parameters: parameters() }],
					{ qps: QPS },
				);
				const out = run.section.value.outputs['TikTok Conversion Event'];
				const statuses = countBy(out, (item) => String(item.json.status));
				const track = pathStats(run.stats, TRACK);
				const accepted = track.codes['0'] ?? 0;
				const limited = track.codes['40100'] ?? 0;
				const windowS = ((track.lastAt ?? 0) - (track.firstAt ?? 0)) / 1000;
				// n accepted requests span n-1 intervals; the bucket's initial burst of QPS is free, so it is left out too.
				const sustainedQps = windowS > 0 ? (accepted - QPS) / windowS : NaN;
				return {
					metrics: {
						wallMs: run.section.wallMs,
						sendWindowMs: windowS * 1000,
						sustainedQps,
						fractionOfLimit: sustainedQps / QPS,
						eventsPerSec: (accepted * BATCH) / windowS,
						rateLimited: limited,
						acceptedRequests: accepted,
					},
					checks: {
						sent: statuses.sent ?? 0,
						failed: statuses.failed ?? 0,
						received: run.stats.events.received,
						uniqueEventIds: run.stats.events.uniqueEventIds,
						duplicates: run.stats.events.duplicates,
						acceptedRequests: accepted,
					},
				};
			},
		},
	],
	summarize(medians, checks) {
		const m = medians['qps20-200k'];
		const c = checks['qps20-200k'] ?? {};
		const lossless = c.sent === EVENTS && c.received === EVENTS && c.uniqueEventIds === EVENTS && c.duplicates === 0;
		return {
			rows: [
				{
					scenario: '5. Rate limits',
					figure: `${fmtInt(EVENTS)} events, batchSize ${BATCH}, emulator at ${QPS} QPS`,
					value: `${m.sustainedQps.toFixed(2)} accepted requests/s sustained (${fmtInt(m.eventsPerSec)} events/s) over ${fmtSeconds(m.sendWindowMs)}; ${fmtInt(m.rateLimited)} answers 40100`,
					ratio: `${m.fractionOfLimit.toFixed(2)} × the limit`,
					target: '≥ 0.9 × limit',
					verdict: m.fractionOfLimit >= 0.9 ? 'met' : 'MISSED',
				},
				{
					scenario: '5. Rate limits',
					figure: 'events lost / duplicated',
					value: `${fmtInt(EVENTS - Number(c.received))} lost, ${fmtInt(Number(c.duplicates))} duplicated (${fmtInt(Number(c.sent))} reported sent, ${fmtInt(Number(c.failed ?? 0))} failed)`,
					ratio: '',
					target: '0 / 0',
					verdict: lossless ? 'met' : 'MISSED',
				},
			],
			notes: [
				`Rate limits: throughput is counted by the emulator between its first and last /event/track/ request, without the token ` +
					`bucket's initial burst of ${QPS}; the node maps only event time, event ID and email here (item building is scenario 3's subject).`,
			],
		};
	},
};
