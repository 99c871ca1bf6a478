/**
 * The example workflows in examples/*.json and what a user changes after importing one: the credential, the ad
 * account, the audience / event set, the forwarding URL. The demo and the e2e suite make exactly those edits (the
 * choices a person makes in the pickers), nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { WorkflowJson } from './api';
import { REPO_ROOT } from './server';

export const PACKAGE_PREFIX = 'n8n-nodes-tiktok-ads.';
export const CREDENTIAL_TYPE = 'tikTokAdsOAuth2Api';

export const EXAMPLES = {
	audience: 'nightly-audience-sync.json',
	lead: 'lead-to-cdp-and-back.json',
	messenger: 'messenger-to-tiktok.json',
	report: 'daily-tiktok-report.json',
	realtime: 'realtime-audience.json',
	leadPoll: 'lead-poll-to-cdp.json',
} as const;
export type ExampleKey = keyof typeof EXAMPLES;

/**
 * Imported but left inactive by the stack: activating runs its first poll at once, and its drivers decide when
 * (the polled leads must not mix into the webhook flow's counts).
 */
export const ACTIVATED_BY_DRIVER: ReadonlySet<ExampleKey> = new Set<ExampleKey>(['leadPoll']);

/** The CDP table both the lead flow (writes) and the audience flow (reads) use. */
export const CDP_TABLE = 'cdp_contacts';
export const CDP_COLUMNS = ['email', 'phone', 'name', 'segment', 'source', 'tiktok_lead_id', 'tiktok_form_id', 'created_at'];

/** Tables the report and audience flows write: one row per campaign and day, one row per audience sync. */
export const REPORT_TABLE = 'tiktok_campaign_daily';
export const REPORT_COLUMNS: Array<{ name: string; type: 'string' | 'number' }> = [
	...['date', 'campaign_id', 'campaign_name', 'advertiser_id'].map((name) => ({ name, type: 'string' as const })),
	...['spend', 'impressions', 'clicks', 'conversations', 'cost_per_conversation', 'orders', 'cost_per_order'].map((name) => ({ name, type: 'number' as const })),
	...['currency', 'timezone', 'updated_at'].map((name) => ({ name, type: 'string' as const })),
];
export const HISTORY_TABLE = 'tiktok_audience_history';
export const HISTORY_COLUMNS: Array<{ name: string; type: 'string' | 'number' }> = [
	...['run_at', 'advertiser_id', 'audience_id', 'audience_name', 'segment', 'action'].map((name) => ({ name, type: 'string' as const })),
	...['total', 'valid', 'invalid', 'duplicates'].map((name) => ({ name, type: 'number' as const })),
	{ name: 'request_ids', type: 'string' },
];

export function examplePath(key: ExampleKey): string {
	return join(REPO_ROOT, 'examples', EXAMPLES[key]);
}

export function loadExample(key: ExampleKey): WorkflowJson {
	return JSON.parse(readFileSync(examplePath(key), 'utf8')) as WorkflowJson;
}

export interface Choices {
	credential: { id: string; name: string };
	advertiserId: string;
	audienceId?: string;
	/** Event set per event source of the Conversion node: crm / offline set IDs, pixel code for web. */
	eventSets: Partial<Record<'crm' | 'offline' | 'web', string>>;
	/** Replaces the HTTP Request URL of the lead flow's forwarding node. */
	forwardUrl?: string;
	/** Segment audience of the real-time flow (what Create Segment Audience returned). */
	segmentAudienceId?: string;
	/** Header Auth credential of the shop's webhooks. */
	shopCredential?: { id: string; name: string };
	/** Messenger example: Meta app secret + verify token, and the order webhook's Header Auth credential. */
	messenger?: { appSecret: string; verifyToken: string; orderCredential: { id: string; name: string } };
}

const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/** A copy of the example with the user's picks filled in. Unknown TikTok node types fail loudly. */
export function prepareExample(key: ExampleKey, choices: Choices): WorkflowJson {
	const workflow = loadExample(key);
	for (const node of workflow.nodes) {
		const p = node.parameters;
		if (p.operation === 'verifyMessenger') {
			if (!choices.messenger) throw new Error(`${key}: node "${node.name}" needs the Meta app secret and verify token`);
			p.appSecret = choices.messenger.appSecret;
			p.verifyToken = choices.messenger.verifyToken;
			continue;
		}
		if (node.type === 'n8n-nodes-base.webhook' && p.authentication === 'headerAuth') {
			const credential = key === 'messenger' ? choices.messenger?.orderCredential : choices.shopCredential;
			if (!credential) throw new Error(`${key}: node "${node.name}" needs a Header Auth credential`);
			node.credentials = { httpHeaderAuth: credential };
		}
		if (node.type.startsWith(PACKAGE_PREFIX)) {
			if ('segmentAudienceId' in p) {
				if (!choices.segmentAudienceId) throw new Error(`${key}: node "${node.name}" needs a segment audience`);
				p.segmentAudienceId = choices.segmentAudienceId;
			}
			node.credentials = { [CREDENTIAL_TYPE]: { id: choices.credential.id, name: choices.credential.name } };
			if ('advertiserId' in p) p.advertiserId = byId(choices.advertiserId);
			if ('audienceId' in p) {
				if (!choices.audienceId) throw new Error(`${key}: node "${node.name}" needs an audience`);
				p.audienceId = byId(choices.audienceId);
			}
			if ('eventSourceId' in p) {
				const source = String(p.eventSource) as keyof Choices['eventSets'];
				const id = choices.eventSets[source];
				if (!id) throw new Error(`${key}: node "${node.name}" needs a ${source} event set`);
				p.eventSourceId = byId(id);
			}
		}
		if (node.type === 'n8n-nodes-base.httpRequest' && choices.forwardUrl) p.url = choices.forwardUrl;
	}
	return workflow;
}

/** Names of the package's nodes in an example, e.g. ['tikTokLeadTrigger', 'tikTokConversion']. */
export function tikTokNodeTypes(workflow: WorkflowJson): string[] {
	return workflow.nodes.filter((n) => n.type.startsWith(PACKAGE_PREFIX)).map((n) => n.type.slice(PACKAGE_PREFIX.length));
}
