/**
 * Everything the demo and the e2e suite run on: the TikTok emulator, a receiver for the lead flow's forwarding
 * webhook, the real n8n with this package installed, the owner account, the TikTok credential pointing at the
 * emulator, the CDP data table, and the three examples imported and activated.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

import { startEmulator, type Emulator } from '../../emulator';
import { formsOf } from '../../emulator/routes/page';
import { DEFAULT_OWNER, N8nClient, waitForWebhook, type Owner, type WorkflowJson } from './api';
import {
	ACTIVATED_BY_DRIVER,
	CDP_COLUMNS,
	CDP_TABLE,
	CREDENTIAL_TYPE,
	EXAMPLES,
	HISTORY_COLUMNS,
	HISTORY_TABLE,
	REPORT_COLUMNS,
	REPORT_TABLE,
	prepareExample,
	type Choices,
	type ExampleKey,
} from './examples';
import { ensureN8n, type Log } from './install';
import { setUpMessenger, type MessengerSetup, type MessengerTarget } from './messenger';
import { startN8n, type N8nServer } from './server';

export interface ReceivedPost {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

/** The "Extend Parameters" URL of the lead flow: a local receiver that keeps what it got. */
export interface Sink {
	url: string;
	received: ReceivedPost[];
	close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
	const received: ReceivedPost[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}/extend-parameters`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface Fixture {
	advertiserId: string;
	formId: string;
	formName: string;
	audienceId: string;
	pixelCode: string;
	crmEventSetId: string;
	/** Messenger page of the scripted conversation. */
	pageId: string;
}

/** The emulator's first advertiser (authorized, Admin role) and what a user would pick for it. */
/** The shop's shared secret for its webhooks (a user creates it as a Header Auth credential). */
export const SHOP_HEADER = { name: 'X-Shop-Secret', value: 'demo-shop-secret-3f9a2d61' };

/** What a user does once with TikTok Audience → Create Segment Audience; here straight at the emulator. */
async function createSegmentAudience(emu: Emulator, advertiserId: string, name: string): Promise<string> {
	const res = await fetch(`${emu.baseUrl}/open_api/v1.3/segment/audience/`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'Access-Token': emu.accessToken },
		body: JSON.stringify({ advertiser_id: advertiserId, action: 'create', custom_audience_name: name }),
	});
	const body = (await res.json()) as { code: number; message: string; data: { audience_id?: string } };
	if (body.code !== 0 || !body.data.audience_id) throw new Error(`segment audience create failed: ${body.code} ${body.message}`);
	return body.data.audience_id;
}

export function pickFixture(emu: Emulator): Fixture {
	const advertiserId = [...emu.state.core.advertisers.keys()][0];
	const [form] = formsOf(emu.state, advertiserId);
	const audience = [...emu.state.audience.audiences.values()].find(
		(a) => a.advertiser_id === advertiserId && a.calculate_type === 'EMAIL_SHA256',
	);
	const pixel = emu.state.eventSet.pixels.find((p) => p.advertiser_id === advertiserId);
	const crm = emu.state.eventSet.crm.find((c) => c.advertiser_id === advertiserId);
	if (!form || !audience || !pixel || !crm) throw new Error('emulator seed: the first advertiser lacks a form, email audience, pixel or CRM event set');
	return {
		advertiserId,
		formId: form.page_id,
		formName: form.title,
		audienceId: audience.audience_id,
		pixelCode: pixel.pixel_code,
		crmEventSetId: crm.event_set_id,
		pageId: '104857392817465',
	};
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	json: WorkflowJson;
}

export interface Stack extends N8nSetup {
	emu: Emulator;
	sink: Sink;
	n8n: N8nServer;
	owner: Owner;
	timings: { installMs: number; startMs: number; setupMs: number };
	stop(): Promise<void>;
}

export interface StackOptions {
	log?: Log;
	/** n8n port; default a free one. */
	port?: number;
	owner?: Owner;
	/** Keep n8n's user folder after stop (for looking at its log). */
	keepUserFolder?: boolean;
}

export const CREDENTIAL_NAME = 'TikTok Ads (emulator)';

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const log = options.log ?? (() => {});
	const owner = options.owner ?? DEFAULT_OWNER;
	const cleanups: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
		cleanups.length = 0;
	};
	try {
		let t = Date.now();
		const install = await ensureN8n((line) => log(`  ${line}`));
		const installMs = Date.now() - t;

		const emu = await startEmulator();
		cleanups.push(() => emu.close());
		const sink = await startSink();
		cleanups.push(() => sink.close());
		log(`TikTok emulator on ${emu.baseUrl}`);

		log('starting n8n …');
		t = Date.now();
		const n8n = await startN8n({ install, port: options.port, keepUserFolder: options.keepUserFolder });
		cleanups.push(() => n8n.stop());
		const startMs = Date.now() - t;
		log(`n8n ${n8n.baseUrl} ready in ${(startMs / 1000).toFixed(1)} s (package installed in ${n8n.userFolder}/.n8n/nodes)`);

		t = Date.now();
		const setup = await setUpN8n({ baseUrl: n8n.baseUrl, webhookBaseUrl: n8n.baseUrl, emu, sink, owner, log });
		const setupMs = Date.now() - t;
		return {
			emu,
			sink,
			n8n,
			...setup,
			owner,
			timings: { installMs, startMs, setupMs },
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

export interface N8nSetup {
	client: N8nClient;
	fixture: Fixture;
	credential: { id: string; name: string };
	table: { id: string; name: string };
	/** tiktok_campaign_daily (report flow) and tiktok_audience_history (audience flow). */
	tables: { report: { id: string; name: string }; history: { id: string; name: string } };
	workflows: Record<ExampleKey, ImportedWorkflow>;
	/** Production webhook URLs (lead trigger, Messenger webhook and order webhook, shop webhook of the real-time audience flow). */
	urls: { lead: string; messenger: string; orders: string; realtime: string };
	/** Header the shop sends to its webhooks (Header Auth credential). */
	shopHeader: { name: string; value: string };
	/** The Messenger example's activity-log table and secrets, and where to post to it. */
	messenger: MessengerSetup & { target: MessengerTarget };
}

/**
 * What a person does in a fresh n8n: owner account, API key, the TikTok credential (pointing at the emulator), the
 * data tables, the examples imported with their picks and activated. `webhookBaseUrl` is where production webhooks
 * are served (the main in regular mode, the webhook processor in queue mode).
 */
export async function setUpN8n(options: {
	baseUrl: string;
	webhookBaseUrl: string;
	emu: Emulator;
	sink: Sink;
	owner: Owner;
	log: Log;
}): Promise<N8nSetup> {
	const { emu, sink, owner, log } = options;
	const client = new N8nClient(options.baseUrl);
	await client.setUp(owner);
	const fixture = pickFixture(emu);
	const credential = await client.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, {
		environment: 'custom',
		baseUrl: emu.baseUrl,
		appId: emu.appId,
		appSecret: emu.appSecret,
		accessToken: emu.accessToken,
	});
	const table = await client.createDataTable(
		CDP_TABLE,
		CDP_COLUMNS.map((name) => ({ name, type: 'string' as const })),
	);
	const tables = {
		report: await client.createDataTable(REPORT_TABLE, REPORT_COLUMNS),
		history: await client.createDataTable(HISTORY_TABLE, HISTORY_COLUMNS),
	};
	const shopCredential = await client.createCredential('Shop order webhook secret', 'httpHeaderAuth', { ...SHOP_HEADER });
	const segmentAudienceId = await createSegmentAudience(emu, fixture.advertiserId, 'Buyers (real time)');
	const messenger = await setUpMessenger(client);
	const choices: Choices = {
		credential: { id: credential.id, name: CREDENTIAL_NAME },
		advertiserId: fixture.advertiserId,
		audienceId: fixture.audienceId,
		eventSets: { crm: fixture.crmEventSetId, web: fixture.pixelCode },
		forwardUrl: sink.url,
		segmentAudienceId,
		shopCredential: { id: shopCredential.id, name: 'Shop order webhook secret' },
		messenger: { appSecret: messenger.secrets.appSecret, verifyToken: messenger.secrets.verifyToken, orderCredential: messenger.orderCredential },
	};
	const workflows = {} as Record<ExampleKey, ImportedWorkflow>;
	for (const key of Object.keys(EXAMPLES) as ExampleKey[]) {
		const json = prepareExample(key, choices);
		const created = await client.createWorkflow(json);
		if (!ACTIVATED_BY_DRIVER.has(key)) await client.activate(created.id);
		workflows[key] = { id: created.id, name: created.name, json };
		log(`imported${ACTIVATED_BY_DRIVER.has(key) ? '' : ' and activated'} "${created.name}" (id ${created.id})`);
	}
	const urls = {
		lead: webhookUrl(options.webhookBaseUrl, workflows.lead.json, 'n8n-nodes-tiktok-ads.tikTokLeadTrigger'),
		messenger: webhookUrl(options.webhookBaseUrl, workflows.messenger.json, 'n8n-nodes-base.webhook', 'Messenger webhook'),
		orders: webhookUrl(options.webhookBaseUrl, workflows.messenger.json, 'n8n-nodes-base.webhook', 'Order webhook'),
		realtime: webhookUrl(options.webhookBaseUrl, workflows.realtime.json, 'n8n-nodes-base.webhook'),
	};
	await waitForWebhook(urls.realtime);
	// The Messenger path also answers GET (Meta's handshake), so probe the POST-only order webhook.
	await waitForWebhook(urls.orders);
	await waitForWebhook(urls.lead);
	const target = { messengerUrl: urls.messenger, ordersUrl: urls.orders, secrets: messenger.secrets };
	return { client, fixture, credential: choices.credential, table, tables, workflows, urls, shopHeader: SHOP_HEADER, messenger: { ...messenger, target } };
}

/** Production URL of a webhook node: /webhook/<path> for the Webhook node, /webhook/<webhookId>/<path> for triggers. */
export function webhookUrl(baseUrl: string, workflow: WorkflowJson, type: string, name?: string): string {
	const node = workflow.nodes.find((n) => n.type === type && (name === undefined || n.name === name));
	if (!node) throw new Error(`${workflow.name}: no ${type} node`);
	if (type === 'n8n-nodes-base.webhook') return `${baseUrl}/webhook/${String(node.parameters.path)}`;
	return `${baseUrl}/webhook/${String(node.webhookId)}/webhook`;
}

export { CREDENTIAL_TYPE };
