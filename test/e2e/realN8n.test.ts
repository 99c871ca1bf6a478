/**
 * The three examples in a real n8n 2.41.1 (Node 24), with this package installed the way users install community
 * nodes, against the TikTok emulator. Assertions are on what TikTok (the emulator) recorded, what n8n stored and
 * executed, and what the editor shows.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { liveLeadSubscriptions } from '../../emulator/routes/subscription';
import { describeCredential } from './credential';
import { Editor, ensureChromium } from '../../scripts/n8n/browser';
import {
	driveAudience,
	driveLeadPoll,
	driveConversations,
	driveLeads,
	driveMessenger,
	driveRealtime,
	driveMessengerDoor,
	driveReport,
	waitForSubscriptions,
	type AudienceRun,
	type LeadPollRun,
	type DoorRun,
	type LeadRun,
	type MessengerRun,
	type RealtimeRun,
	type ReportRun,
} from '../../scripts/n8n/drive';
import { countByName } from '../../scripts/n8n/messenger';
import { EXAMPLES, type ExampleKey } from '../../scripts/n8n/examples';
import { REPO_ROOT } from '../../scripts/n8n/server';
import { startStack, type Stack } from '../../scripts/n8n/stack';

const STICKY = 'n8n-nodes-base.stickyNote';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const log = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
const SHOTS = join(REPO_ROOT, 'test-output', 'e2e');
/** The screenshot shown in the README (refreshed with E2E_UPDATE_DOCS=1). */
const DOCS_SHOT = join(REPO_ROOT, 'docs', 'editor-lead-flow.png');

let stack: Stack;
const suiteStarted = Date.now();

beforeAll(async () => {
	await ensureChromium(log);
	stack = await startStack({ log });
	log(
		`n8n install ${(stack.timings.installMs / 1000).toFixed(0)} s, start ${(stack.timings.startMs / 1000).toFixed(1)} s, ` +
			`owner + credential + 3 imports ${(stack.timings.setupMs / 1000).toFixed(1)} s`,
	);
}, 30 * 60_000);

afterAll(async () => {
	await stack?.stop();
	log(`suite ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s`);
});

function live() {
	return liveLeadSubscriptions(stack.emu.state);
}

describe('the package in n8n', () => {
	it('loads the five nodes and the credential under their real names', async () => {
		const nodes = (await stack.client.getJson('/types/nodes.json')) as Array<{ name: string }>;
		// usableAsTool nodes also appear as "<name>Tool" for AI agents.
		const ours = [...new Set(nodes.map((n) => n.name).filter((n) => n.startsWith('n8n-nodes-tiktok-ads.') && !n.endsWith('Tool')))].sort();
		expect(ours).toEqual([
			'n8n-nodes-tiktok-ads.tikTokAdsAccount',
			'n8n-nodes-tiktok-ads.tikTokAudience',
			'n8n-nodes-tiktok-ads.tikTokConversion',
			'n8n-nodes-tiktok-ads.tikTokLeadPollTrigger',
			'n8n-nodes-tiktok-ads.tikTokLeadTrigger',
		]);
		const credentials = (await stack.client.getJson('/types/credentials.json')) as Array<{ name: string }>;
		expect(credentials.map((c) => c.name)).toContain('tikTokAdsOAuth2Api');
		const icon = await fetch(`${stack.n8n.baseUrl}/icons/n8n-nodes-tiktok-ads/dist/nodes/shared/tiktok.svg`);
		expect(icon.status).toBe(200);
		expect(await icon.text()).toContain('<svg');
	});
});

describe('lead form → CDP → CRM event', () => {
	let run: LeadRun;
	beforeAll(async () => {
		run = await driveLeads(stack, 5);
	}, 180_000);

	it('answers every signed delivery with 200 and runs the flow once per delivery', () => {
		expect(run.deliveries.map((d) => d.status)).toEqual([200, 200]);
		expect(run.executions.map((e) => e.status)).toEqual(['success', 'success']);
		expect(run.received).toBeGreaterThanOrEqual(run.leads.length);
		// The repeated lead goes no further than the flow's check for a CDP row with its lead ID.
		expect(run.kept).toBe(run.leads.length);
	});

	it('stores exactly one contact per lead, 19-digit IDs and Vietnamese names intact', () => {
		for (const lead of run.leads) {
			const rows = run.contacts.filter((c) => c.tiktok_lead_id === lead.id);
			expect(rows).toHaveLength(1);
			const answer = (field: string) => lead.changes?.find((c) => c.field === field)?.value;
			expect(rows[0]).toMatchObject({
				tiktok_lead_id: lead.id,
				tiktok_form_id: stack.fixture.formId,
				name: answer('name'),
				email: answer('email'),
				phone: answer('phone_number'),
				segment: 'tiktok_leads',
			});
		}
		expect(run.contacts).toHaveLength(run.leads.length);
	});

	it('forwards every lead once to the Extend Parameters URL, its ID as text', () => {
		expect(run.forwarded.map((body) => body.leadId).sort()).toEqual(run.leads.map((lead) => lead.id).sort());
		const first = run.forwarded.find((body) => body.leadId === run.leads[0].id);
		expect(first).toMatchObject({ advertiserId: stack.fixture.advertiserId, formId: stack.fixture.formId, fields: { phone: '+84901000000' } });
	});

	it('reports one CRM "Lead" event per lead to the CRM event set, identifiers hashed', () => {
		expect(run.crmEvents).toHaveLength(run.leads.length);
		const byLead = new Map(run.crmEvents.map((e) => [e.lead?.lead_id, e]));
		for (const lead of run.leads) {
			const event = byLead.get(lead.id);
			const email = lead.changes?.find((c) => c.field === 'email')?.value ?? '';
			const phone = lead.changes?.find((c) => c.field === 'phone_number')?.value ?? '';
			expect(event).toMatchObject({
				event: 'Lead',
				event_id: `lead-${lead.id}`,
				event_source: 'crm',
				event_source_id: stack.fixture.crmEventSetId,
				lead: { lead_id: lead.id, lead_event_source: 'n8n CDP' },
				user: { email: [sha256(email.toLowerCase())], phone: [sha256(phone)] },
			});
			expect(event?.event_time).toBe(lead.createTime);
		}
	});

	it('never sends a raw email or phone to TikTok', () => {
		const bodies = stack.emu.requestsTo('/event/track/').map((r) => r.rawBody.toString('utf8'));
		expect(bodies.length).toBeGreaterThan(0);
		for (const body of bodies) {
			expect(body).not.toMatch(/@example\.com/);
			expect(body).not.toContain('+8490');
		}
	});
});

describe('Messenger conversation → Messaging Ads events', () => {
	let run: MessengerRun;
	beforeAll(async () => {
		run = await driveMessenger(stack);
	}, 300_000);

	it('runs once per webhook call, Messenger posts and orders alike', () => {
		expect(run.statuses.every((s) => s === 200)).toBe(true);
		expect(run.executions).toHaveLength(run.steps.length);
		expect(run.executions.every((e) => e.status === 'success')).toBe(true);
		// The delivery receipt carries no activity, so its execution stops before the log.
		expect(run.conversations).toHaveLength(run.steps.length - 1);
	});

	it('fires each rule exactly when the rules say, and TikTok gets exactly those events', () => {
		const anh = '6100000000000001';
		const binh = '6100000000000002';
		expect(run.fired.map((f) => [f.name, f.customer, f.status])).toEqual([
			['Conversation', anh, 'sent'],
			['ValidConversation', anh, 'sent'],
			['InitiateCheckout', anh, 'sent'],
			['CompletePayment', anh, 'sent'],
			['Conversation', binh, 'sent'],
		]);
		expect(run.tikTokEvents.map((e) => [e.event, e.event_id])).toEqual(run.expected.map((e) => [e.name, e.eventId]));
		expect(run.duplicatesAtTikTok).toBe(0);
		for (const e of run.tikTokEvents) expect(e.event_source).toBe('web');
	});

	it('sends the order value, currency and the hashed phone with the order events', () => {
		const orders = run.tikTokEvents.filter((e) => e.event === 'InitiateCheckout' || e.event === 'CompletePayment');
		expect(orders).toHaveLength(2);
		for (const e of orders) {
			expect(e.properties).toMatchObject({ value: 450000, currency: 'VND' });
			expect(e.user?.phone).toEqual([sha256('+84912345678')]);
		}
		const clicks = run.tikTokEvents.filter((e) => e.user?.ttclid);
		expect(clicks.map((e) => e.user?.ttclid)).toContain('E.C.P.v3Demo1xQ');
	});

	it('keeps the activities and the sent event ids in the messaging_log Data table', async () => {
		const rows = await stack.client.listRows(stack.messenger.table.id);
		const page = rows.filter((r) => r.pageId === stack.fixture.pageId);
		expect(page.filter((r) => r.type !== 'event_sent')).toHaveLength(run.steps.length - 1);
		expect(page.filter((r) => r.type === 'event_sent').map((r) => r.eventId).sort()).toEqual(run.expected.map((e) => e.eventId).sort());
	});

	it('explains why a message without an ad click fires nothing', () => {
		const chi = run.conversations.filter((c) => c.customerId === '6100000000000003');
		expect(chi).toHaveLength(1);
		const messaging = chi[0].messaging as { events: unknown[]; reasons: string[] };
		expect(messaging.events).toEqual([]);
		expect(messaging.reasons.join(' ')).toMatch(/no ref_click/);
	});
});

describe('Messenger webhook door', () => {
	let door: DoorRun;
	beforeAll(async () => {
		door = await driveMessengerDoor(stack);
	}, 120_000);

	it("answers Meta's subscription check with the challenge only for the right verify token", () => {
		expect(door.handshake).toEqual({ status: 200, body: '1158201444' });
		expect(door.wrongToken.status).toBe(403);
		expect(door.wrongToken.body).not.toContain('1158201444');
	});

	it('refuses unsigned, wrongly signed and tampered Messenger posts and orders without the shop secret: nothing logged, nothing sent', () => {
		expect(door.forged.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
		expect(door.intruderRows).toBe(0);
		expect(door.trackRequests).toBe(0);
	});
});

describe('Messenger webhooks in a burst (all 14 at once)', () => {
	const EXPECTED = { Conversation: 2, ValidConversation: 1, InitiateCheckout: 1, CompletePayment: 1 };
	it.each([1, 2, 3])('round %i: TikTok keeps exactly the events of the sequential order', async (round) => {
		const burst = await driveMessenger(stack, 'burst', { pageId: `20485739281746${round}` });
		log(`burst round ${round}: ${burst.executions.length} executions in ${(burst.ms / 1000).toFixed(1)} s, TikTok kept ${JSON.stringify(countByName(burst.tikTokEvents))}, ${burst.duplicatesAtTikTok} racing duplicate(s) dropped by TikTok`);
		expect(burst.statuses.every((s) => s === 200)).toBe(true);
		expect(burst.executions.every((e) => e.status === 'success')).toBe(true);
		expect(countByName(burst.tikTokEvents)).toEqual(EXPECTED);
		expect(burst.tikTokEvents.map((e) => `${e.event}|${e.event_id}`).sort()).toEqual(burst.expected.map((e) => `${e.name}|${e.eventId}`).sort());
	}, 180_000);

	// Last of the Messenger tests: it takes the workflow past the 250 executions one page of the public API lists.
	it('50 seeded conversations (the rule scenarios and random mixes), every webhook at once: none lost, none extra', async () => {
		const many = await driveConversations(stack, '304857392817465', 50);
		log(`50 conversations: ${many.webhooks} webhooks at once in ${(many.ms / 1000).toFixed(1)} s; TikTok kept ${many.kept} / expected ${many.expected}, lost ${many.lost}, extra ${many.extra}, racing duplicates dropped ${many.duplicatesAtTikTok}, ${many.retries} webhook(s) retried after n8n answered 5xx`);
		expect(many.lost).toBe(0);
		expect(many.extra).toBe(0);
		expect(many.kept).toBe(many.expected);
	}, 420_000);
});

describe('nightly audience sync', () => {
	let run: AudienceRun;
	beforeAll(async () => {
		run = await driveAudience(stack);
	}, 300_000);

	it('reads only the segment, counts bad rows with reasons, and replaces the audience with exactly the segment', () => {
		expect(run.execution.status).toBe('success');
		expect(run.summary).toMatchObject({
			action: 'REPLACE',
			total: 1260,
			valid: 1200,
			invalid: 25,
			duplicates: 20,
			empty: 15,
			invalidReasons: { invalid_email: 25 },
		});
		const expected = new Set(run.segment.expected.map((email) => `EMAIL_SHA256:${sha256(email)}`));
		expect(run.membersAfter).toEqual(expected);
		// The audience held vip0…vip1199: vip0…vip99 left the segment, vip1200…vip1299 joined it.
		const joined = [...run.membersAfter].filter((m) => !run.membersBefore.has(m));
		const left = [...run.membersBefore].filter((m) => !run.membersAfter.has(m));
		expect(joined).toHaveLength(100);
		expect(left.sort()).toEqual(Array.from({ length: 100 }, (_, i) => `EMAIL_SHA256:${sha256(`vip${i}@example.com`)}`).sort());
	});

	it('uploads hashes only', () => {
		const uploads = stack.emu.requests.filter((r) => r.multipart);
		expect(uploads.length).toBeGreaterThan(0);
		for (const upload of uploads) {
			for (const file of upload.multipart?.files ?? []) expect(file.data.toString('utf8')).not.toContain('@');
		}
	});
	it('writes one history row per sync: audience, counts and TikTok request ids', () => {
		expect(run.history).toHaveLength(1);
		const [row] = run.history;
		expect(row).toMatchObject({
			advertiser_id: stack.fixture.advertiserId,
			audience_id: stack.fixture.audienceId,
			segment: 'vip_customers',
			action: 'REPLACE',
			total: 1260,
			valid: 1200,
			invalid: 25,
			duplicates: 20,
		});
		expect(String(row.audience_name)).not.toBe('');
		expect(String(row.request_ids).split(',')).toEqual(run.summary.requestIds);
	});
});

describe('daily report → tiktok_campaign_daily', () => {
	let run: ReportRun;
	beforeAll(async () => {
		run = await driveReport(stack);
	}, 300_000);

	const key = (row: Record<string, unknown>) => `${String(row.date)}|${String(row.campaign_id)}`;

	it("reads yesterday and two look-back days of the ad account's time zone, one row per campaign and day", () => {
		for (const execution of run.executions) expect(execution.status).toBe('success');
		const advertiser = stack.emu.state.core.advertisers.get(stack.fixture.advertiserId)!;
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: advertiser.display_timezone }).format(new Date());
		const back = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
		const campaigns = new Set(run.reportItems.map((i) => String(i.campaign_id)));
		expect(campaigns.size).toBe(6);
		for (const id of campaigns) expect(id).toMatch(/^\d{19}$/);
		expect(new Set(run.rowsAfterFirst.map((r) => String(r.date)))).toEqual(new Set([back(3), back(2), back(1)]));
		expect(run.rowsAfterFirst).toHaveLength(18);
		expect(new Set(run.rowsAfterFirst.map(key)).size).toBe(18);
	});

	it('upserts by date + campaign: the second run re-reads the same days without adding rows', () => {
		expect(run.rowsAfterSecond).toHaveLength(18);
		expect(new Set(run.rowsAfterSecond.map(key))).toEqual(new Set(run.rowsAfterFirst.map(key)));
	});

	it("stores TikTok's numbers: spend and conversations as numbers, cost per conversation empty when there were none", () => {
		const byKey = new Map(run.reportItems.map((i) => [key(i), i]));
		for (const row of run.rowsAfterSecond) {
			const item = byKey.get(key(row))!;
			expect(row.spend).toBe(item.spend);
			expect(typeof row.spend).toBe('number');
			expect(row.conversations).toBe(item.messaging_total_conversation_tiktok_direct_message);
			if (item.messaging_total_conversation_tiktok_direct_message === 0) expect(row.cost_per_conversation).toBeNull();
			else expect(row.cost_per_conversation).toBe(item.messaging_cost_per_conversation_tiktok_direct_message);
			expect(row.currency).toBe(stack.emu.state.core.advertisers.get(stack.fixture.advertiserId)!.currency);
		}
		const requests = stack.emu.requestsTo('/report/integrated/get/');
		expect(requests.length).toBeGreaterThanOrEqual(2);
		for (const r of requests) expect(r.query.data_level).toBe('AUCTION_CAMPAIGN');
	});
});

describe('shop events → real-time segment audience', () => {
	let run: RealtimeRun;
	beforeAll(async () => {
		run = await driveRealtime(stack);
	}, 300_000);

	it('accepts the signed events and refuses one without the shop secret', () => {
		expect(run.statuses).toEqual(Array(9).fill(200));
		expect(run.forgedStatus).toBe(403);
		for (const execution of run.executions) expect(execution.status).toBe('success');
		expect(run.executions).toHaveLength(9);
	});

	it('the audience holds exactly the buyers who did not unsubscribe, by hashed email and phone', () => {
		const expected = new Set([
			...run.expected.emails.map((e) => `EMAIL_SHA256:${sha256(e)}`),
			...run.expected.phones.map((p) => `PHONE_SHA256:${sha256(p)}`),
		]);
		expect(run.members).toEqual(expected);
		const mappings = stack.emu.requestsTo('/segment/mapping/');
		expect(mappings.map((r) => (r.body as { action: string }).action)).toEqual(['add', 'add', 'add', 'add', 'add', 'add', 'delete', 'delete']);
		expect(JSON.stringify(mappings.map((r) => r.body))).not.toMatch(/buyer|0913/i);
	});
});

describeCredential(() => stack);

describe('lead trigger activation', () => {
	it('activation keeps exactly one subscription at TikTok, deactivation removes it', async () => {
		const id = stack.workflows.lead.id;
		const [first] = await waitForSubscriptions(stack, 1);
		expect(first.callback_url).toBe(stack.urls.lead);

		await stack.client.deactivate(id);
		await waitForSubscriptions(stack, 0);
		expect(stack.emu.state.subscription.removed.map((r) => [r.subscription.subscription_id, r.reason])).toContainEqual([
			first.subscription_id,
			'unsubscribed',
		]);

		await stack.client.activate(id);
		const [again] = await waitForSubscriptions(stack, 1);
		expect(again).toMatchObject({
			callback_url: stack.urls.lead,
			subscription_detail: { advertiser_id: stack.fixture.advertiserId, lead_source: 'INSTANT_FORM' },
		});
		expect(again.subscription_id).not.toBe(first.subscription_id);

		// Once more: still one, never two, and every earlier one was removed at TikTok.
		await stack.client.deactivate(id);
		await waitForSubscriptions(stack, 0);
		await stack.client.activate(id);
		const [third] = await waitForSubscriptions(stack, 1);
		await delay(1000);
		expect(live().map((s) => s.subscription_id)).toEqual([third.subscription_id]);
		const removed = stack.emu.state.subscription.removed.map((r) => r.subscription.subscription_id);
		expect(removed).toEqual(expect.arrayContaining([first.subscription_id, again.subscription_id]));
	});
});

describe('the editor (headless Chromium)', () => {
	let editor: Editor;
	beforeAll(async () => {
		editor = await Editor.open(stack.n8n.baseUrl, stack.owner);
	}, 120_000);
	afterAll(async () => {
		await editor?.close();
	});

	it.each(Object.keys(EXAMPLES) as ExampleKey[])('shows every node of the %s example, TikTok nodes with their icon', async (key) => {
		const workflow = stack.workflows[key];
		const nodes = workflow.json.nodes.filter((n) => n.type !== STICKY);
		await editor.openWorkflow(workflow.id, nodes.length);
		const onCanvas = await editor.canvasNodes();
		expect(onCanvas.map((n) => n.name).sort()).toEqual(nodes.map((n) => n.name).sort());
		expect(onCanvas.filter((n) => n.unknown)).toEqual([]);
		const tiktok = onCanvas.filter((n) => n.type.startsWith('n8n-nodes-tiktok-ads.'));
		expect(tiktok.length).toBeGreaterThan(0);
		for (const node of tiktok) {
			expect(node.icon).toBe('/icons/n8n-nodes-tiktok-ads/dist/nodes/shared/tiktok.svg');
			expect(node.iconLoaded).toBe(true);
		}
		const shot = join(SHOTS, `${key}.png`);
		await editor.screenshotCanvas(shot);
		if (key === 'lead' && process.env.E2E_UPDATE_DOCS === '1') {
			mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
			copyFileSync(shot, DOCS_SHOT);
		}
	});

	it('would notice an unknown node (the check can fail)', async () => {
		const probe = await stack.client.createWorkflow({
			name: 'probe: node type that is not installed',
			nodes: [
				{ id: 'probe-1', name: 'Missing node', type: 'n8n-nodes-tiktok-ads.notInstalled', typeVersion: 1, position: [0, 0], parameters: {} },
			],
			connections: {},
		});
		await editor.openWorkflow(probe.id, 1);
		expect(await editor.canvasNodes()).toEqual([
			expect.objectContaining({ name: 'Missing node', unknown: true, icon: null }),
		]);
	});

	it('lists the five TikTok nodes when the nodes panel is searched for "TikTok"', async () => {
		await editor.openWorkflow(stack.workflows.lead.id, stack.workflows.lead.json.nodes.filter((n) => n.type !== STICKY).length);
		const listed = await editor.searchNodesPanel('TikTok');
		expect(listed.sort()).toEqual([
			'TikTok Ads Account',
			'TikTok Audience',
			'TikTok Conversion Event',
			'TikTok Lead Form Trigger',
			'TikTok Lead Poll Trigger',
		]);
	});
});

describe('new leads (polling) → CDP → CRM event', () => {
	let run: LeadPollRun;
	beforeAll(async () => {
		run = await driveLeadPoll(stack, { nextPoll: true });
	}, 300_000);

	it('the poll at activation emits every lead of the last day once, exact 19-digit IDs', () => {
		expect([...run.firstPoll].sort()).toEqual([...run.expected].sort());
		for (const id of run.firstPoll) expect(id).toMatch(/^\d{19}$/);
		expect(run.tasks).toBeGreaterThan(0);
	});

	it('the next scheduled poll emits only the lead filed since (n8n kept the cursor and the emitted IDs)', () => {
		expect(run.nextPoll).toEqual([run.added]);
	});

	it('stores each polled lead once in the CDP and reports one CRM event per lead', () => {
		const polled = [...run.firstPoll, ...(run.nextPoll ?? [])];
		expect(run.contacts.map((c) => c.tiktok_lead_id).sort()).toEqual([...polled].sort());
		expect(new Set(run.crmEvents.map((e) => e.lead?.lead_id))).toEqual(new Set(polled));
	});
});
