/**
 * Drives the three example flows in the running stack the way the outside world would: TikTok delivers signed lead
 * webhooks, Messenger and the shop post a scripted conversation, the nightly audience sync runs on a seeded
 * segment. Each driver waits for n8n to finish and returns what happened (n8n executions, the CDP table, what the
 * TikTok emulator received), for the demo report and the e2e assertions.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';

import { deliverToSubscribers, makeLeads, type LeadSpec } from '../../emulator/deliverLead';
import { addLeads, formsOf } from '../../emulator/routes/page';
import type { ReceivedEvent } from '../../emulator/routes/event';
import { liveLeadSubscriptions, type Subscription } from '../../emulator/routes/subscription';
import { metaSignature } from '../../nodes/TikTokConversion/messaging';
import { nodeOutput, type Execution } from './api';
import type { Stack as FullStack } from './stack';

/** What the drivers use of a stack: the regular one (stack.ts) and the queue-mode one (queueStack.ts) both have it. */
export type DrivenStack = Omit<FullStack, 'n8n' | 'owner' | 'timings' | 'stop'>;
type Stack = DrivenStack;
import {
	expectedEvents,
	messengerScript,
	metaBody,
	metaHandshake,
	seedConversations,
	sendBurst,
	sendConversation,
	sendStep,
	type ExpectedEvent,
	type ScriptStep,
	type SeededConversation,
	type SendResult,
} from './messenger';

type Json = Record<string, unknown>;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await delay(200);
	}
	throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** Waits until the workflow has `count` finished executions; returns them oldest first. */
async function finishedExecutions(stack: Stack, workflowId: string, count: number, timeoutMs = 60000): Promise<Execution[]> {
	return await waitFor(`${count} finished executions of workflow ${workflowId}`, async () => {
		const all = await stack.client.executions(workflowId);
		const done = all.filter((e) => e.stoppedAt);
		return done.length >= count ? done.sort((a, b) => Number(a.id) - Number(b.id)) : undefined;
	}, timeoutMs);
}

// ---------------------------------------------------------------- leads

/** Waits until TikTok (the emulator) holds exactly `count` live lead subscriptions; returns them. */
export async function waitForSubscriptions(stack: Stack, count: number, timeoutMs = 30000): Promise<Subscription[]> {
	return await waitFor(`${count} live lead subscription(s) at TikTok`, () => {
		const live = liveLeadSubscriptions(stack.emu.state);
		return live.length === count ? live : undefined;
	}, timeoutMs).catch((error: Error) => {
		throw new Error(`${error.message}; there are ${liveLeadSubscriptions(stack.emu.state).length}`);
	});
}

export interface LeadRun {
	leads: LeadSpec[];
	/** HTTP answers n8n gave TikTok's deliveries. */
	deliveries: Array<{ status: number; body: Json }>;
	/** Lead entries TikTok sent, repeats included. */
	delivered: number;
	/** Leads the trigger passed on (after its signature check and its own de-duplication). */
	received: number;
	/** Leads the flow let through as new: no row with their lead ID in the CDP table yet. */
	kept: number;
	contacts: Json[];
	forwarded: Json[];
	crmEvents: ReceivedEvent[];
	executions: Execution[];
}

export async function driveLeads(stack: Stack, count = 5): Promise<LeadRun> {
	const { emu, fixture } = stack;
	const leads = makeLeads(count, {
		advertiserId: fixture.advertiserId,
		pageId: fixture.formId,
		pageName: fixture.formName,
		idBase: 7301234567890123401n,
		createTime: Math.floor(Date.now() / 1000) - 600,
	});
	// n8n answers the activation before the trigger's subscribe call has reached TikTok.
	await waitForSubscriptions(stack, 1);
	const before = (await stack.client.executions(stack.workflows.lead.id, false)).length;
	const deliveries: LeadRun['deliveries'] = [];
	let delivered = 0;
	// Two webhook calls; TikTok delivers at least once, so the second one repeats the first lead.
	const split = Math.ceil(count / 2);
	for (const batch of [leads.slice(0, split), [leads[0], ...leads.slice(split)]]) {
		const results = await deliverToSubscribers(emu, batch);
		delivered += batch.length;
		if (results.length !== 1) throw new Error(`expected one live lead subscription, TikTok (emulator) has ${results.length}`);
		for (const { result } of results) deliveries.push({ status: result.status, body: safeJson(result.body) });
	}
	const executions = (await finishedExecutions(stack, stack.workflows.lead.id, before + deliveries.length)).slice(before);
	const crmEvents = await waitFor('CRM events at TikTok', () => {
		const got = emu.state.event.received.filter((e) => e.event_source === 'crm');
		return got.length >= count ? got : undefined;
	}, 30000).catch(() => emu.state.event.received.filter((e) => e.event_source === 'crm'));
	const rows = await stack.client.listRows(stack.table.id);
	const nodeNamed = (type: string) => stack.workflows.lead.json.nodes.find((n) => n.type === type)?.name ?? '';
	const itemsOut = (name: string) => executions.reduce((n, e) => n + nodeOutput(e, name).length, 0);
	const received = itemsOut(nodeNamed('n8n-nodes-tiktok-ads.tikTokLeadTrigger'));
	const skipNode = stack.workflows.lead.json.nodes.find((n) => n.type === 'n8n-nodes-base.dataTable' && n.parameters.operation === 'rowNotExists');
	const kept = itemsOut(skipNode?.name ?? '');
	return {
		leads,
		deliveries,
		delivered,
		received,
		kept,
		contacts: rows.filter((r) => r.segment === 'tiktok_leads'),
		forwarded: stack.sink.received.map((p) => safeJson(p.body)),
		crmEvents,
		executions,
	};
}

function safeJson(text: string): Json {
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as Json) : { value: parsed };
	} catch {
		return { text };
	}
}

// ---------------------------------------------------------------- Messenger

export { messengerScript, type ScriptStep } from './messenger';

const MIN = 60_000;

export interface MessengerRun {
	steps: ScriptStep[];
	/** How the webhooks were sent: one at a time (waiting for each execution) or all at once. */
	mode: 'sequential' | 'burst';
	/** HTTP status of each webhook call, in step order. */
	statuses: number[];
	/** Output items of the Track Messaging Ads events node (one per conversation and execution). */
	conversations: Json[];
	/** Events the node handed out as it reported them (a racing pair may both report one event id). */
	fired: Array<{ name: string; rule: string; status?: string; eventId: string; customer: string }>;
	/** Events the rules give for the script in time order. */
	expected: ExpectedEvent[];
	/** What TikTok (the emulator) kept on the pixel after its event_id de-duplication, from this run. */
	tikTokEvents: ReceivedEvent[];
	/** Events TikTok received again with an id it already had (dropped by its de-duplication). */
	duplicatesAtTikTok: number;
	executions: Execution[];
	ms: number;
}

const TRACK_NODE = 'Track Messaging Ads events';

/**
 * Plays the scripted conversation into the Messenger example. Sequential: one webhook at a time, each waited
 * for. Burst: all 14 at once (Promise.all), which is what overwrote the old static-data state.
 */
export async function driveMessenger(
	stack: Stack,
	mode: MessengerRun['mode'] = 'sequential',
	{ pageId = stack.fixture.pageId, startMs = Date.now() - 2 * 60 * MIN }: { pageId?: string; startMs?: number } = {},
): Promise<MessengerRun> {
	const started = Date.now();
	const steps = messengerScript(pageId, startMs);
	const target = stack.messenger.target;
	const wf = stack.workflows.messenger.id;
	const pixel = stack.fixture.pixelCode;
	const before = (await stack.client.executions(wf, false)).length;
	const keptBefore = stack.emu.state.event.received.length;
	const tracked = () => stack.emu.requestsTo('/event/track/').flatMap((r) => ((r.body as { data?: unknown[] }).data ?? []) as unknown[]).length;
	const trackedBefore = tracked();
	const statuses: number[] = [];
	if (mode === 'burst') {
		statuses.push(...(await sendBurst(target, steps)).map((r) => r.status));
	} else {
		let n = before;
		for (const step of steps) {
			statuses.push((await sendStep(target, step)).status);
			await finishedExecutions(stack, wf, ++n);
		}
	}
	const bad = statuses.findIndex((s) => s !== 200);
	if (bad >= 0) throw new Error(`"${steps[bad].label}" answered ${statuses[bad]}`);
	const executions = (await finishedExecutions(stack, wf, before + steps.length, 120_000)).slice(before);
	const conversations = executions.flatMap((e) => nodeOutput(e, TRACK_NODE));
	const fired = conversations.flatMap((c) => {
		const m = (c.messaging ?? {}) as { events?: Json[] };
		return (m.events ?? []).map((e) => ({ name: String(e.name), rule: String(e.rule), status: e.status as string | undefined, eventId: String(e.eventId), customer: String(c.customerId) }));
	});
	const tikTokEvents = stack.emu.state.event.received.slice(keptBefore).filter((e) => e.event_source_id === pixel);
	const sentToTikTok = tracked() - trackedBefore;
	return {
		steps,
		mode,
		statuses,
		conversations,
		fired,
		expected: expectedEvents(steps),
		tikTokEvents,
		duplicatesAtTikTok: sentToTikTok - (stack.emu.state.event.received.length - keptBefore),
		executions,
		ms: Date.now() - started,
	};
}

export interface ConversationsRun {
	conversations: SeededConversation[];
	/** Per conversation: event ids TikTok kept that the rules do not give, and expected ones it does not have. */
	extra: number;
	lost: number;
	kept: number;
	expected: number;
	duplicatesAtTikTok: number;
	webhooks: number;
	/** 5xx answers retried (n8n refusing webhooks it cannot queue). */
	retries: number;
	ms: number;
}

/** Finished executions of a workflow, all pages (the public API gives at most 250 per page). */
async function countFinished(stack: Stack, workflowId: string): Promise<number> {
	let n = 0;
	let cursor: string | undefined;
	do {
		const qs = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) qs.set('cursor', cursor);
		const page = (await stack.client.api('GET', `/executions?${qs}`)) as { data: Execution[]; nextCursor?: string | null };
		n += page.data.filter((e) => e.stoppedAt).length;
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return n;
}

/** `count` seeded conversations of a fresh page, every webhook of every conversation sent at once. */
export async function driveConversations(stack: Stack, pageId: string, count: number): Promise<ConversationsRun> {
	const started = Date.now();
	const conversations = seedConversations(pageId, count, Date.now() - 24 * 60 * MIN);
	const wf = stack.workflows.messenger.id;
	const before = await countFinished(stack, wf);
	const trackedBefore = stack.emu.requestsTo('/event/track/').flatMap((r) => ((r.body as { data?: unknown[] }).data ?? []) as unknown[]).length;
	const keptBefore = stack.emu.state.event.received.length;
	const retries = (await Promise.all(conversations.map((c) => sendConversation(stack.messenger.target, c)))).reduce((a, b) => a + b, 0);
	const webhooks = conversations.reduce((n, c) => n + c.steps.length, 0);
	await waitFor(`${webhooks} executions of the Messenger example`, async () => ((await countFinished(stack, wf)) >= before + webhooks ? true : undefined), 400_000);
	// Webhooks n8n refused with 500 may have left an execution behind: wait until TikTok's count is steady.
	let last = -1;
	let changedAt = Date.now();
	await waitFor('TikTok to receive nothing more for 5 s', () => {
		const now = stack.emu.requestsTo('/event/track/').length;
		if (now !== last) [last, changedAt] = [now, Date.now()];
		return Date.now() - changedAt > 5000 ? true : undefined;
	}, 120_000);
	const kept = stack.emu.state.event.received.slice(keptBefore);
	const keptIds = new Set(kept.map((e) => `${e.event}|${e.event_id}`));
	const expectedIds = new Set(conversations.flatMap((c) => c.expected.map((e) => `${e.name}|${e.eventId}`)));
	const tracked = stack.emu.requestsTo('/event/track/').flatMap((r) => ((r.body as { data?: unknown[] }).data ?? []) as unknown[]).length;
	return {
		conversations,
		extra: [...keptIds].filter((id) => !expectedIds.has(id)).length,
		lost: [...expectedIds].filter((id) => !keptIds.has(id)).length,
		kept: kept.length,
		expected: expectedIds.size,
		duplicatesAtTikTok: tracked - trackedBefore - kept.length,
		webhooks,
		retries,
		ms: Date.now() - started,
	};
}

/** Forged, unsigned and unauthenticated posts, and Meta's handshake with a right and a wrong token. */
export interface DoorRun {
	handshake: { status: number; body: string };
	wrongToken: { status: number; body: string };
	forged: SendResult[];
	/** Rows of the activity log written for the intruder's customer id. */
	intruderRows: number;
	/** Requests that reached TikTok's /event/track/ during the attempt. */
	trackRequests: number;
}

export async function driveMessengerDoor(stack: Stack): Promise<DoorRun> {
	const target = stack.messenger.target;
	const intruder = '6199999999999999';
	const trackBefore = stack.emu.requestsTo('/event/track/').length;
	const wf = stack.workflows.messenger.id;
	const before = (await stack.client.executions(wf, false)).length;
	const handshake = await metaHandshake(target, target.secrets.verifyToken, '1158201444');
	const wrongToken = await metaHandshake(target, 'guessed-token', '1158201444');
	// A whole conversation that would fire every event, had it been let in.
	const steps = seedConversations(stack.fixture.pageId, 7, Date.now() - 60 * MIN)[6].steps.map((step) => ({
		...step,
		body: JSON.parse(JSON.stringify(step.body).replace(/62\d{14}/g, intruder)) as Json,
	}));
	const messengerStep = steps.find((s) => s.kind === 'messenger') as ScriptStep;
	const orderStep = steps.find((s) => s.kind === 'order') as ScriptStep;
	const wrongSecret = { ...target, secrets: { ...target.secrets, appSecret: 'not-the-app-secret', orderHeader: { ...target.secrets.orderHeader, value: 'wrong' } } };
	const forged = [
		await sendStep(target, messengerStep, { 'x-hub-signature-256': '' }),
		await sendStep(wrongSecret, messengerStep),
		await sendStep(target, { ...messengerStep, body: { ...messengerStep.body, tampered: true } }, { 'x-hub-signature-256': metaSignature(metaBody(messengerStep.body), target.secrets.appSecret) }),
		await sendStep(wrongSecret, orderStep),
		await sendStep(target, orderStep, { [target.secrets.orderHeader.name.toLowerCase()]: '' }),
	];
	// The Messenger posts and the handshakes run the flow up to its check; the orders are refused before it.
	await finishedExecutions(stack, wf, before + 5, 60_000);
	await delay(1000);
	const rows = await stack.client.listRows(stack.messenger.table.id);
	return {
		handshake,
		wrongToken,
		forged,
		intruderRows: rows.filter((r) => r.customerId === intruder).length,
		trackRequests: stack.emu.requestsTo('/event/track/').length - trackBefore,
	};
}


// ---------------------------------------------------------------- audience

export interface SeededSegment {
	rows: Json[];
	/** Normalised emails the audience must hold afterwards. */
	expected: string[];
	invalid: number;
	duplicates: number;
	empty: number;
}

/**
 * The CDP's "vip_customers" segment: 1,200 people (vip100 … vip1299, so 100 of the audience's current members
 * leave and 100 join), written with case and space noise, plus invalid, repeated and empty emails, plus rows of
 * another segment the flow must not read.
 */
export function vipSegment(): SeededSegment {
	const rows: Json[] = [];
	const expected: string[] = [];
	for (let i = 100; i < 1300; i++) {
		const email = `vip${i}@example.com`;
		expected.push(email);
		const written = i % 7 === 0 ? ` ${email.toUpperCase()}` : i % 11 === 0 ? `${email}\t` : email;
		rows.push({ email: written, name: `Khách VIP ${i}`, segment: 'vip_customers', source: 'seed' });
	}
	const invalid = ['not-an-email', 'vip@', '@example.com', 'khach hang@example.com', 'a@b'];
	for (let i = 0; i < 25; i++) rows.push({ email: `${invalid[i % invalid.length]}${i}`, segment: 'vip_customers', source: 'seed' });
	for (let i = 0; i < 20; i++) rows.push({ email: `VIP${200 + i}@Example.com`, segment: 'vip_customers', source: 'seed' });
	for (let i = 0; i < 15; i++) rows.push({ email: '', phone: `0912000${100 + i}`, segment: 'vip_customers', source: 'seed' });
	for (let i = 0; i < 40; i++) rows.push({ email: `newsletter${i}@example.com`, segment: 'newsletter', source: 'seed' });
	return { rows, expected, invalid: 25, duplicates: 20, empty: 15 };
}

export interface AudienceRun {
	segment: SeededSegment;
	summary: Json;
	execution: Execution;
	/** The audience's members at TikTok before and after (type:sha256 strings). */
	membersBefore: Set<string>;
	membersAfter: Set<string>;
	/** tiktok_audience_history after the run. */
	history: Json[];
}

export async function seedSegment(stack: Stack, segment: SeededSegment): Promise<void> {
	for (let i = 0; i < segment.rows.length; i += 500) {
		await stack.client.insertRows(stack.table.id, segment.rows.slice(i, i + 500));
	}
}

/** Runs a workflow now, as "Execute workflow" in the editor does (from its schedule trigger), and waits for it. */
export async function runNow(stack: Stack, key: 'audience' | 'report', timeoutMs = 180000): Promise<Execution> {
	const wf = stack.workflows[key];
	const trigger = wf.json.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	const started = (await stack.client.rest('POST', `/workflows/${wf.id}/run`, {
		triggerToStartFrom: { name: trigger?.name },
	})) as { executionId?: string };
	if (!started?.executionId) throw new Error(`manual run of "${wf.name}" gave no execution id: ${JSON.stringify(started)}`);
	return await waitFor(`execution ${started.executionId}`, async () => {
		const e = (await stack.client.api('GET', `/executions/${started.executionId}?includeData=true`)) as Execution;
		return e.stoppedAt ? e : undefined;
	}, timeoutMs);
}

/** Runs the nightly flow now and waits for it. */
export async function driveAudience(stack: Stack): Promise<AudienceRun> {
	const segment = vipSegment();
	await seedSegment(stack, segment);
	const audience = stack.emu.state.audience.audiences.get(stack.fixture.audienceId);
	if (!audience) throw new Error(`audience ${stack.fixture.audienceId} missing in the emulator`);
	const membersBefore = new Set(audience.members);
	const execution = await runNow(stack, 'audience');
	const [summary] = nodeOutput(execution, 'Replace TikTok audience');
	// The emulator swaps in a new member set on replace: read it again from state.
	const after = stack.emu.state.audience.audiences.get(stack.fixture.audienceId);
	const history = await stack.client.listRows(stack.tables.history.id);
	return { segment, summary: summary ?? {}, execution, membersBefore, membersAfter: new Set(after?.members ?? []), history };
}

// ---------------------------------------------------------------- report

export interface ReportRun {
	executions: Execution[];
	/** Items of the report node in the first run. */
	reportItems: Json[];
	/** tiktok_campaign_daily after the first and after the second run. */
	rowsAfterFirst: Json[];
	rowsAfterSecond: Json[];
}

/** Runs the morning report twice (the second run re-reads the same days): the table must not grow. */
export async function driveReport(stack: Stack): Promise<ReportRun> {
	const first = await runNow(stack, 'report');
	const rowsAfterFirst = await stack.client.listRows(stack.tables.report.id);
	const second = await runNow(stack, 'report');
	const rowsAfterSecond = await stack.client.listRows(stack.tables.report.id);
	return { executions: [first, second], reportItems: nodeOutput(first, 'Get TikTok report'), rowsAfterFirst, rowsAfterSecond };
}

// ---------------------------------------------------------------- real-time audience

export interface RealtimeRun {
	/** HTTP status per posted event, in order. */
	statuses: number[];
	/** An event posted without the shop's header. */
	forgedStatus: number;
	executions: Execution[];
	/** Members of the segment audience at TikTok afterwards (`SCHEMA:sha256`). */
	members: Set<string>;
	/** Plain identifiers expected in the audience: the buyers who did not unsubscribe afterwards. */
	expected: { emails: string[]; phones: string[] };
}

/**
 * The shop posts 6 paid orders, then 2 of those customers unsubscribe, plus an event the flow ignores; one more
 * paid order arrives without the shop's secret and must change nothing.
 */
export async function driveRealtime(stack: Stack): Promise<RealtimeRun> {
	const customers = Array.from({ length: 6 }, (_, i) => ({ email: `Buyer${i}+shop@Example.com`, phone: `0913 000 00${i}` }));
	const events = [
		...customers.map((customer) => ({ event: 'order_paid', customer })),
		{ event: 'unsubscribed', customer: customers[1] },
		{ event: 'unsubscribed', customer: customers[4] },
		{ event: 'cart_viewed', customer: customers[2] },
	];
	const post = async (body: Json, headers: Record<string, string>) => {
		const res = await request(stack.urls.realtime, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
		await res.body.text();
		return res.statusCode;
	};
	const statuses: number[] = [];
	const wf = stack.workflows.realtime;
	for (const [i, body] of events.entries()) {
		statuses.push(await post(body, { [stack.shopHeader.name]: stack.shopHeader.value }));
		// One customer's events are applied in the order the shop sent them.
		await finishedExecutions(stack, wf.id, i + 1, 60000);
	}
	const forgedStatus = await post({ event: 'order_paid', customer: { email: 'forged@example.com' } }, { [stack.shopHeader.name]: 'wrong' });
	const executions = await finishedExecutions(stack, wf.id, events.length, 60000);
	const audience = stack.emu.state.segment.audiences.get(String(stack.workflows.realtime.json.nodes.find((n) => n.parameters.segmentAudienceId)?.parameters.segmentAudienceId));
	const kept = [0, 2, 3, 5];
	return {
		statuses,
		forgedStatus,
		executions,
		members: new Set(audience?.members ?? []),
		expected: { emails: kept.map((k) => `buyer${k}@example.com`), phones: kept.map((k) => `+8491300000${k}`) },
	};
}

// ---------------------------------------------------------------- leads, polled

export interface LeadPollRun {
	/** Lead IDs TikTok (the emulator) held for the fixture advertiser's forms in the first poll's lookback day. */
	expected: string[];
	/** Lead IDs the trigger emitted in the first poll (run at activation). */
	firstPoll: string[];
	/** The lead added after the first poll, and what the next scheduled poll emitted (when asked for). */
	added?: string;
	nextPoll?: string[];
	contacts: Json[];
	crmEvents: ReceivedEvent[];
	executions: Execution[];
	/** Lead download tasks TikTok received. */
	tasks: number;
}

function utcText(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The polling variant of the lead flow: two new leads are filed at TikTok, the workflow is activated (n8n runs the
 * first poll then), and with `nextPoll` one more lead is filed and the next scheduled poll (every minute) awaited.
 * Deactivates the workflow at the end.
 */
export async function driveLeadPoll(stack: Stack, options: { nextPoll?: boolean } = {}): Promise<LeadPollRun> {
	const { emu, fixture } = stack;
	const workflow = stack.workflows.leadPoll;
	emu.state.page.options.pollsUntilDone = 1;
	const person = (name: string, phone: string, email: string) => ({ name, phone_number: phone, email });
	addLeads(emu.state, fixture.formId, [
		{ create_time: utcText(Date.now() - 120_000), answers: person('Võ Thị Hồng Nhung', '+84911222333', 'nhung.vo@example.vn') },
		{ create_time: utcText(Date.now() - 60_000), answers: person('Bùi Quang Huy', '+84933444555', 'huy.bui@example.vn') },
	]);
	const dayAgo = utcText(Date.now() - 86_400_000 + 60_000);
	const forms = new Set(formsOf(emu.state, fixture.advertiserId).map((f) => f.page_id));
	const expected = emu.state.page.leads
		.filter((l) => forms.has(l.page_id) && l.region === 'rest' && l.create_time >= dayAgo)
		.map((l) => l.lead_id);
	const triggerName = workflow.json.nodes.find((n) => n.type === 'n8n-nodes-tiktok-ads.tikTokLeadPollTrigger')?.name ?? '';
	const emitted = (execution: Execution) => nodeOutput(execution, triggerName).map((j) => String(j.leadId));

	const tasksBefore = emu.requestsTo('/page/lead/task/').length;
	await stack.client.activate(workflow.id);
	let executions = await finishedExecutions(stack, workflow.id, 1, 120_000);
	const run: LeadPollRun = { expected, firstPoll: emitted(executions[0]), contacts: [], crmEvents: [], executions, tasks: 0 };
	if (options.nextPoll) {
		const [late] = addLeads(emu.state, fixture.formId, [
			{ create_time: utcText(Date.now() - 30_000), answers: person('Đặng Minh Khoa', '+84977888999', 'khoa.dang@example.vn') },
		]);
		run.added = late.lead_id;
		executions = await finishedExecutions(stack, workflow.id, 2, 150_000);
		run.nextPoll = emitted(executions[1]);
	}
	await stack.client.deactivate(workflow.id);
	const polled = new Set([...run.firstPoll, ...(run.nextPoll ?? [])]);
	run.crmEvents = await waitFor('CRM events for the polled leads', () => {
		const got = emu.state.event.received.filter((e) => e.event_source === 'crm' && polled.has(String(e.lead?.lead_id)));
		return got.length >= polled.size ? got : undefined;
	}, 30000).catch(() => emu.state.event.received.filter((e) => e.event_source === 'crm' && polled.has(String(e.lead?.lead_id))));
	run.contacts = (await stack.client.listRows(stack.table.id)).filter((r) => polled.has(String(r.tiktok_lead_id)));
	run.executions = executions;
	run.tasks = emu.requestsTo('/page/lead/task/').slice(tasksBefore).filter((r) => !(r.body as Json).task_id).length;
	return run;
}
