/**
 * The queue-mode scenarios: load the way a busy account produces it, sent to the webhook processor concurrently,
 * with worker and webhook-processor restarts in the middle, then counted at the places that matter — the CDP
 * table and what TikTok (the emulator) kept after its event_id deduplication.
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

import { buildLeadDelivery, makeLeads, postDelivery, type LeadSpec } from '../../emulator/deliverLead';
import type { Execution } from './api';
import { driveAudience, waitForSubscriptions, type AudienceRun } from './drive';
import { workerThatRan, type QueueProcess } from './queue';
import type { QueueStack } from './queueStack';

/** One scenario's line in the report. */
export interface Tally {
	scenario: string;
	/** Units sent in (lead entries, webhook calls, members …), repeats included. */
	sent: number;
	/** Distinct units the outcome must hold exactly once. */
	expected: number;
	/** Units held more than once (extra copies). */
	duplicates: number;
	/** Expected units missing. */
	lost: number;
	ms: number;
	notes: string[];
}

export function formatReport(tallies: Tally[], parts: Array<[string, number]>): string {
	const lines = ['queue-mode e2e report', `${'scenario'.padEnd(28)}${'sent'.padStart(7)}${'expected'.padStart(10)}${'dupl.'.padStart(7)}${'lost'.padStart(6)}${'time'.padStart(9)}`];
	for (const t of tallies) {
		lines.push(`${t.scenario.padEnd(28)}${String(t.sent).padStart(7)}${String(t.expected).padStart(10)}${String(t.duplicates).padStart(7)}${String(t.lost).padStart(6)}${`${(t.ms / 1000).toFixed(1)} s`.padStart(9)}`);
		for (const note of t.notes) lines.push(`    ${note}`);
	}
	lines.push('parts: ' + parts.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', '));
	return lines.join('\n');
}

/** Runs `jobs` with at most `width` in flight. */
export async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
	const out: T[] = new Array(jobs.length);
	let next = 0;
	const lane = async () => {
		while (next < jobs.length) {
			const i = next++;
			out[i] = await jobs[i]();
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, lane));
	return out;
}

/** Every execution of a workflow (the API pages by 250), without their data. */
export async function allExecutions(stack: QueueStack, workflowId: string): Promise<Execution[]> {
	const out: Execution[] = [];
	let cursor: string | undefined;
	do {
		const qs = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) qs.set('cursor', cursor);
		const page = (await stack.client.api('GET', `/executions?${qs}`)) as { data: Execution[]; nextCursor?: string | null };
		out.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return out;
}

/**
 * Waits until the workflow's executions have settled: none running or queued, and no new one for `quietMs`.
 * Bounded; on timeout it says how many were still open.
 */
export async function waitSettled(stack: QueueStack, workflowId: string, timeoutMs = 240000, quietMs = 4000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let lastCount = -1;
	let stableSince = Date.now();
	let open = 0;
	while (Date.now() < deadline) {
		const all = await allExecutions(stack, workflowId);
		open = all.filter((e) => !e.stoppedAt).length;
		if (all.length !== lastCount || open > 0) {
			lastCount = all.length;
			stableSince = Date.now();
		} else if (Date.now() - stableSince >= quietMs) {
			return all.length;
		}
		await delay(700);
	}
	throw new Error(`workflow ${workflowId}: executions still running or arriving after ${timeoutMs / 1000} s (${open} open, ${lastCount} in all)`);
}

export interface LeadStormRun {
	tally: Tally;
	leads: LeadSpec[];
	/** Rows per lead ID in the CDP table. */
	rowsPerLead: Map<string, number>;
	/** CRM events TikTok kept per lead ID. */
	eventsPerLead: Map<string, number>;
	/** Events TikTok dropped as duplicates (same event_id) during the scenario. */
	tiktokDuplicates: number;
	statuses: Record<string, number>;
	httpStatuses: Record<string, number>;
	/** Executions each worker started, before / after its restart. */
	perWorker: Record<string, number>;
	restartedWorkerAfterRestart: number;
	forwardedPerLead: Map<string, number>;
}

interface Batch {
	leads: LeadSpec[];
	/** Sent a second time at once (TikTok's at-least-once retry racing the first copy). */
	twice?: boolean;
}

/** 1-4 leads per delivery; every fifth lead (20 %) comes again: half in phase A, half after the restarts. */
export function planLeadStorm(leads: LeadSpec[]): { phaseA: Batch[]; phaseB: Batch[]; repeats: number } {
	const phaseA: Batch[] = [];
	for (let i = 0, size = 1; i < leads.length; i += size, size = (size % 4) + 1) phaseA.push({ leads: leads.slice(i, i + size) });
	const repeated = leads.filter((_, i) => i % 5 === 2);
	const early = repeated.slice(0, repeated.length / 2);
	const late = repeated.slice(repeated.length / 2);
	// Early repeats ride along right after their first delivery, so they race it.
	for (let i = 0; i < early.length; i += 2) {
		const at = phaseA.findIndex((b) => b.leads.includes(early[i]));
		phaseA.splice(at + 1, 0, { leads: early.slice(i, i + 2) });
	}
	const phaseB: Batch[] = [];
	for (let i = 0; i < late.length; i += 2) phaseB.push({ leads: late.slice(i, i + 2), twice: i % 4 === 0 });
	return { phaseA, phaseB, repeats: repeated.length };
}

function countBy<T>(values: T[], key: (v: T) => string): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[key(v)] = (out[key(v)] ?? 0) + 1;
	return out;
}

function startedExecutions(proc: QueueProcess, from = 0): number {
	return (proc.log().slice(from).match(/Worker started execution \d+/g) ?? []).length;
}

export async function driveLeadStorm(stack: QueueStack, log: (line: string) => void, count = 200): Promise<LeadStormRun> {
	const started = Date.now();
	const { emu, fixture, cluster } = stack;
	const [subscription] = await waitForSubscriptions(stack, 1);
	if (!subscription.callback_url.startsWith(cluster.webhookBaseUrl)) {
		throw new Error(`TikTok holds callback ${subscription.callback_url}, not the webhook processor ${cluster.webhookBaseUrl}`);
	}
	const leads = makeLeads(count, {
		advertiserId: fixture.advertiserId,
		pageId: fixture.formId,
		pageName: fixture.formName,
		idBase: 7301234567890200001n,
		createTime: Math.floor(Date.now() / 1000) - 3600,
	});
	const plan = planLeadStorm(leads);
	const duplicatesBefore = emu.state.event.duplicates;
	const http: number[] = [];
	const send = (batch: Batch) => async () => {
		const copies = batch.twice ? 2 : 1;
		const results = await Promise.all(
			Array.from({ length: copies }, () => postDelivery(subscription.callback_url, buildLeadDelivery(batch.leads, { appSecret: emu.appSecret }))),
		);
		http.push(...results.map((r) => r.status));
	};
	const [worker1] = cluster.workers;

	// Phase A: every lead once plus the racing repeats; worker1 is stopped (SIGTERM, as a deploy does) halfway.
	const half = Math.floor(plan.phaseA.length / 2);
	const jobsA = plan.phaseA.map((b, i) => (i === half ? async () => {
		log(`  stopping ${worker1.name} mid-burst`);
		void worker1.stop();
		await send(b)();
	} : send(b)));
	await pool(jobsA, 8);
	await waitSettled(stack, stack.workflows.lead.id);
	const beforeRestart = startedExecutions(worker1);
	const restartMark = worker1.log().length;

	// The restarts: worker1 comes back; the webhook processor too, so the trigger's in-memory record of lead IDs is gone.
	await worker1.stop();
	const restartMs = await Promise.all([worker1.start(), restartWebhook(stack)]);
	log(`  ${worker1.name} restarted in ${(restartMs[0] / 1000).toFixed(1)} s, webhook processor in ${(restartMs[1] / 1000).toFixed(1)} s`);

	// Phase B: the late repeats, some posted twice at once.
	await pool(plan.phaseB.map(send), 8);
	await waitSettled(stack, stack.workflows.lead.id);
	return await tallyLeads(stack, leads, plan, http, duplicatesBefore, started, { beforeRestart, restartMark });
}

async function restartWebhook(stack: QueueStack): Promise<number> {
	await stack.cluster.webhook.stop();
	const ms = await stack.cluster.webhook.start();
	return ms;
}

async function tallyLeads(
	stack: QueueStack,
	leads: LeadSpec[],
	plan: ReturnType<typeof planLeadStorm>,
	http: number[],
	duplicatesBefore: number,
	started: number,
	marks: { beforeRestart: number; restartMark: number },
): Promise<LeadStormRun> {
	const { emu, cluster } = stack;
	const ids = new Set(leads.map((l) => l.id));
	const rows = (await stack.client.listRows(stack.table.id)).filter((r) => ids.has(String(r.tiktok_lead_id)));
	const rowsPerLead = new Map(leads.map((l) => [l.id, 0]));
	for (const r of rows) rowsPerLead.set(String(r.tiktok_lead_id), (rowsPerLead.get(String(r.tiktok_lead_id)) ?? 0) + 1);
	const eventsPerLead = new Map(leads.map((l) => [l.id, 0]));
	for (const e of emu.state.event.received) {
		const id = e.lead?.lead_id;
		if (e.event_source === 'crm' && id && ids.has(id)) eventsPerLead.set(id, (eventsPerLead.get(id) ?? 0) + 1);
	}
	const forwardedPerLead = new Map<string, number>();
	for (const p of stack.sink.received) {
		const id = String((JSON.parse(p.body) as { leadId?: string }).leadId);
		if (ids.has(id)) forwardedPerLead.set(id, (forwardedPerLead.get(id) ?? 0) + 1);
	}
	const executions = await allExecutions(stack, stack.workflows.lead.id);
	const sent = [...plan.phaseA, ...plan.phaseB].reduce((n, b) => n + b.leads.length * (b.twice ? 2 : 1), 0);
	const over = (m: Map<string, number>) => [...m.values()].reduce((n, v) => n + Math.max(0, v - 1), 0);
	const missing = (m: Map<string, number>) => [...m.values()].filter((v) => v === 0).length;
	const perWorker = Object.fromEntries(cluster.workers.map((w) => [w.name, startedExecutions(w)]));
	const restartedWorkerAfterRestart = startedExecutions(cluster.workers[0], marks.restartMark);
	const tiktokDuplicates = emu.state.event.duplicates - duplicatesBefore;
	const failures = await describeFailures(stack, executions);
	const tally: Tally = {
		scenario: 'leads (CDP table)',
		sent,
		expected: leads.length,
		duplicates: over(rowsPerLead),
		lost: missing(rowsPerLead),
		ms: Date.now() - started,
		notes: [
			`TikTok CRM events kept: ${[...eventsPerLead.values()].reduce((a, b) => a + b, 0)} (dupl. ${over(eventsPerLead)}, lost ${missing(eventsPerLead)}); dropped by TikTok's event_id dedup: ${tiktokDuplicates}`,
			`${executions.length} executions ${JSON.stringify(countBy(executions, (e) => e.status))}; per worker ${JSON.stringify(perWorker)}; ${cluster.workers[0].name} after its restart: ${restartedWorkerAfterRestart}`,
			`forwarded to Extend Parameters: ${forwardedPerLead.size} leads, ${over(forwardedPerLead)} extra copies (at least once)`,
			...failures,
		],
	};
	return {
		tally,
		leads,
		rowsPerLead,
		eventsPerLead,
		tiktokDuplicates,
		statuses: countBy(executions, (e) => e.status),
		httpStatuses: countBy(http, String),
		perWorker,
		restartedWorkerAfterRestart,
		forwardedPerLead,
	};
}

/** One line per execution that did not succeed: its id, status, the node that failed and n8n's message. */
export async function describeFailures(stack: QueueStack, executions: Execution[]): Promise<string[]> {
	const failed = executions.filter((e) => e.status !== 'success').slice(0, 5);
	return await Promise.all(
		failed.map(async (e) => {
			const full = (await stack.client.api('GET', `/executions/${e.id}?includeData=true`)) as Execution & {
				data?: { resultData: { error?: { message?: string; node?: { name?: string } }; lastNodeExecuted?: string } };
			};
			const result = full.data?.resultData;
			return `execution ${e.id} ${e.status}: ${result?.error?.node?.name ?? result?.lastNodeExecuted ?? '?'}: ${result?.error?.message ?? 'no error recorded'}`;
		}),
	);
}

export interface QueueAudienceRun extends AudienceRun {
	tally: Tally;
	/** The worker whose log shows it started the execution. */
	ranOn?: string;
}

/** The nightly sync, started from the main the way "Execute workflow" does, run by a worker. */
export async function driveQueueAudience(stack: QueueStack): Promise<QueueAudienceRun> {
	const started = Date.now();
	const run = await driveAudience(stack);
	const ranOn = workerThatRan(stack.cluster, run.execution.id);
	const expected = new Set(run.segment.expected.map((email) => `EMAIL_SHA256:${createHash('sha256').update(email).digest('hex')}`));
	const after = run.membersAfter;
	const tally: Tally = {
		scenario: 'audience (members)',
		sent: run.segment.rows.length,
		expected: expected.size,
		// A set holds nothing twice: "duplicates" here are members that should not be there.
		duplicates: [...after].filter((m) => !expected.has(m)).length,
		lost: [...expected].filter((m) => !after.has(m)).length,
		ms: Date.now() - started,
		notes: [`execution ${run.execution.id} (${run.execution.mode}, ${run.execution.status}) ran on ${ranOn ?? 'no worker'}`],
	};
	return { ...run, tally, ranOn };
}
