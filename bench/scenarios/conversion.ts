import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { loadBaseNodes } from '../n8nBase';
import { missingNode } from '../paths';
import { toItems } from '../engine';
import { countBy, fmtBytes, fmtInt, fmtSeconds, memoryMetrics, pathStats, runAgainstEmulator } from './common';
import type { Scenario } from './types';

/**
 * Scenario 3: the Conversion node sends 100 k events (1,000 per request) against a hand-built baseline — an HTTP
 * Request node posting one event per item (n8n's default: every item its own request) on 10 k events, scaled.
 */

export const PIXEL = 'CPIXEL0123456789ABCD';
const NODE_EVENTS = 100_000;
const BASELINE_EVENTS = 10_000;
const TRACK = 'POST /event/track/';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Shop orders as a CDP or shop export hands them over: raw, un-normalised email and national phone. */
export function shopRows(count: number, nowS: number): IDataObject[] {
	const rows: IDataObject[] = new Array(count);
	for (let i = 0; i < count; i++) {
		rows[i] = {
			order: `ORD-${i}`,
			time: nowS - 60 - (i % 86_400),
			email: `Customer.${i}@Example.com `,
			phone: `0912 ${String(i % 1_000_000).padStart(6, '0')}`,
			ttclid: `E.C.P.click${i}`,
			ip: `203.0.113.${i % 250}`,
			ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)',
			total: (i % 50) + 1,
			currency: 'VND',
			url: `https://shop.example/checkout/${i}`,
		};
	}
	return rows;
}

/** Conversion node parameters mapping the shop fields above (what a user sets in the editor). */
export function conversionParameters(batchSize = 1000): IDataObject {
	return {
		operation: 'send',
		eventSource: 'web',
		eventSourceId: { __rl: true, mode: 'id', value: PIXEL },
		event: 'Purchase',
		eventTime: '={{ $json.time }}',
		eventId: '={{ $json.order }}',
		user: {
			email: '={{ $json.email }}',
			phone: '={{ $json.phone }}',
			ttclid: '={{ $json.ttclid }}',
			ip: '={{ $json.ip }}',
			userAgent: '={{ $json.ua }}',
		},
		properties: { value: '={{ $json.total }}', currency: '={{ $json.currency }}', orderId: '={{ $json.order }}' },
		page: { url: '={{ $json.url }}' },
		options: { defaultCountry: 'VN', batchSize },
	};
}

export function conversionUnavailable(root: string): string | undefined {
	return missingNode(root, 'TikTokConversion');
}

export const conversionScenario: Scenario = {
	id: 'conversion',
	title: '3. Conversion node (Events API batches)',
	needsN8nNodes: true,
	unavailable: conversionUnavailable,
	cases: [
		{
			id: 'node-100k',
			reps: 3,
			async run() {
				const nowS = Math.floor(Date.now() / 1000);
				const run = await runAgainstEmulator(
					() => toItems(shopRows(NODE_EVENTS, nowS)),
					[{ name: 'TikTok Conversion Event', type: 'tikTokConversion', parameters: conversionParameters() }],
				);
				const out = run.section.value.outputs['TikTok Conversion Event'];
				const statuses = countBy(out, (item) => String(item.json.status));
				const track = pathStats(run.stats, TRACK);
				return {
					metrics: {
						wallMs: run.section.wallMs,
						eventsPerSec: (statuses.sent ?? 0) / (run.section.wallMs / 1000),
						requests: track.requests,
						bytes: track.bytes,
						...memoryMetrics(run),
					},
					checks: {
						sent: statuses.sent ?? 0,
						received: run.stats.events.received,
						duplicates: run.stats.events.duplicates,
						requests: track.requests,
						outputItems: out.length,
					},
				};
			},
		},
		{
			id: 'http-request-10k',
			reps: 3,
			async run() {
				const nowS = Math.floor(Date.now() / 1000);
				const extraTypes = loadBaseNodes([{ folder: 'HttpRequest', file: 'HttpRequest', type: 'httpRequest' }]);
				const run = await runAgainstEmulator(
					// The baseline gets its identifiers already normalised and hashed (outside the timed section): only
					// the request-per-item cost is compared.
					() =>
						toItems(
							shopRows(BASELINE_EVENTS, nowS).map((row, i) => ({
								...row,
								emailHash: sha(`customer.${i}@example.com`),
								phoneHash: sha(`+84912${String(i % 1_000_000).padStart(6, '0')}`),
							})),
						),
					({ info: emu }) => [
						{
							name: 'HTTP Request',
							type: 'n8n-nodes-base.httpRequest',
							parameters: {
								method: 'POST',
								url: `${emu.baseUrl}/open_api/v1.3/event/track/`,
								sendHeaders: true,
								headerParameters: { parameters: [{ name: 'Access-Token', value: emu.accessToken }] },
								sendBody: true,
								specifyBody: 'json',
								jsonBody:
									`={{ JSON.stringify({ event_source: 'web', event_source_id: '${PIXEL}', data: [{ event: 'Purchase', ` +
									'event_time: $json.time, event_id: $json.order, user: { email: [$json.emailHash], phone: [$json.phoneHash], ' +
									'ttclid: $json.ttclid, ip: $json.ip, user_agent: $json.ua }, properties: { value: $json.total, ' +
									'currency: $json.currency, order_id: $json.order }, page: { url: $json.url } }] }) }}',
								options: {},
							},
						},
					],
					{ workflow: { extraTypes } },
				);
				const out = run.section.value.outputs['HTTP Request'];
				const ok = out.filter((item) => item.json.code === 0).length;
				const track = pathStats(run.stats, TRACK);
				return {
					metrics: {
						wallMs: run.section.wallMs,
						eventsPerSec: ok / (run.section.wallMs / 1000),
						requests: track.requests,
						bytes: track.bytes,
						...memoryMetrics(run),
					},
					checks: { ok, received: run.stats.events.received, requests: track.requests },
				};
			},
		},
	],
	summarize(medians, checks) {
		const node = medians['node-100k'];
		const base = medians['http-request-10k'];
		const ratio = node.eventsPerSec / base.eventsPerSec;
		const scaledBaselineMs = (NODE_EVENTS / base.eventsPerSec) * 1000;
		const c = checks['node-100k'] ?? {};
		return {
			rows: [
				{
					scenario: '3. Conversion node',
					figure: `${fmtInt(NODE_EVENTS)} events → /event/track/`,
					value: `${fmtInt(node.eventsPerSec)} events/s (${fmtSeconds(node.wallMs)}), ${fmtInt(node.requests)} requests, ${fmtBytes(node.bytes)}`,
					ratio: `${ratio.toFixed(1)} × HTTP Request node per item (${fmtInt(base.eventsPerSec)} events/s on ${fmtInt(BASELINE_EVENTS)}; ${fmtSeconds(scaledBaselineMs)} scaled to ${fmtInt(NODE_EVENTS)})`,
					target: '≥ 20 ×',
					verdict: ratio >= 20 ? 'met' : 'MISSED',
				},
				{
					scenario: '3. Conversion node',
					figure: 'memory above the input items',
					value: `peak RSS +${node.peakRssAboveInputMiB} MiB, heap +${node.peakHeapAboveInputMiB} MiB (input ${node.inputHeapMiB} MiB)`,
					ratio: `HTTP Request baseline on ${fmtInt(BASELINE_EVENTS)}: RSS +${base.peakRssAboveInputMiB} MiB`,
					target: '',
					verdict: '',
				},
			],
			notes: [
				`Conversion: ${c.sent} events sent in ${c.requests} requests, the emulator recorded ${c.received} distinct events and ${c.duplicates} duplicates. ` +
					`The HTTP Request baseline was given identifiers already normalised and hashed (the node hashes raw emails/phones inside its time) ` +
					`and ran with n8n's defaults (all ${fmtInt(BASELINE_EVENTS)} requests in flight at once). ` +
					`CPU: the node run used ${fmtInt(node.cpuMs)} ms in the n8n process and ${fmtInt(node.emulatorCpuMs)} ms in the emulator ` +
					`(its zod validation of every event); the baseline ${fmtInt(base.cpuMs)} ms and ${fmtInt(base.emulatorCpuMs)} ms for ${fmtInt(BASELINE_EVENTS)} events.`,
			],
		};
	},
};
