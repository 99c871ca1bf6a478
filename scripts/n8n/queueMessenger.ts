/**
 * The Messenger scenario of the queue-mode e2e: many conversations, their webhooks posted in concurrent bursts
 * through the webhook processor, then per conversation: did TikTok (after its event_id dedup) keep exactly the
 * events the rules give for the conversation's sequential order?
 *
 * The conversations and their expected events come from a `ConversationSource`. The seam is that one interface:
 * `scriptedSource` below derives conversations from the regular e2e's scripted conversation (drive.ts
 * messengerScript); the Messenger example's own driver (seeded rule scenarios + random mixes, signed posts) plugs
 * in as another source.
 */
import { request } from 'undici';

import type { ReceivedEvent } from '../../emulator/routes/event';
import { metaSignature } from '../../nodes/TikTokConversion/messaging';
import { messengerScript, type ScriptStep } from './drive';
import { metaBody, recentStart, seedConversations } from './messenger';
import { allExecutions, pool, waitSettled, type Tally } from './queueDrive';
import type { QueueStack } from './queueStack';

export interface BurstConversation {
	id: string;
	/** The conversation's webhook posts in their real order. */
	steps: ScriptStep[];
	/** Event names TikTok must keep for it, in order of the rules applied to `steps` one by one. */
	expected: string[];
	/** Whether an event TikTok received belongs to this conversation. */
	owns(event: ReceivedEvent): boolean;
}

export interface ConversationSource {
	conversations(pageId: string, count: number): BurstConversation[];
	/** The HTTP request for one step (where the source signs it, if the example verifies signatures). */
	request(stack: QueueStack, step: ScriptStep): { url: string; headers: Record<string, string>; body: string };
}

/**
 * Interim source: conversation k is the scripted customer who clicks a TikTok ad, chats and orders (steps 1-11 of
 * messengerScript) with its own customer ID, message IDs, order ID and ttclid. Expected: Conversation,
 * ValidConversation, InitiateCheckout, CompletePayment — what the regular e2e asserts for the same steps.
 */
export const scriptedSource: ConversationSource = {
	conversations(pageId, count) {
		const start = Date.now() - 3 * 3600_000;
		return Array.from({ length: count }, (_, k) => {
			const psid = `61000000${String(10000 + k).padStart(8, '0')}`;
			const ttclid = `E.C.P.queue${k}`;
			const text = JSON.stringify(messengerScript(pageId, start + k * 1000).slice(0, 11))
				.replaceAll('6100000000000001', psid)
				.replaceAll('E.C.P.v3Demo1xQ', ttclid)
				.replace(/"m_([ap]\d)"/g, `"m_$1_q${k}"`)
				.replaceAll('HD-1001', `HD-Q${k}`);
			return {
				id: psid,
				steps: JSON.parse(text) as ScriptStep[],
				expected: ['Conversation', 'ValidConversation', 'InitiateCheckout', 'CompletePayment'],
				owns: (event) => event.user?.ttclid === ttclid,
			};
		});
	},
	request(stack, step) {
		// The example checks its doors: Messenger posts signed with the Meta app secret, orders with the shop's header.
		const { target } = stack.messenger;
		const body = metaBody(step.body);
		const json = { 'content-type': 'application/json' };
		if (step.kind === 'order') {
			return { url: target.ordersUrl, headers: { ...json, [target.secrets.orderHeader.name.toLowerCase()]: target.secrets.orderHeader.value }, body };
		}
		return { url: target.messengerUrl, headers: { ...json, 'x-hub-signature-256': metaSignature(body, target.secrets.appSecret) }, body };
	},
};

/**
 * The Messenger example's own conversations: the nine rule scenarios, then seeded random mixes, each with the events
 * the rules give for its steps applied one by one. An event belongs to a conversation by its deterministic event_id.
 */
export const seededSource: ConversationSource = {
	conversations(pageId, count) {
		return seedConversations(pageId, count, recentStart()).map((c) => {
			const ids = new Set(c.expected.map((e) => e.eventId));
			return { id: c.customerId, steps: c.steps, expected: c.expected.map((e) => e.name), owns: (event) => ids.has(String(event.event_id ?? '')) };
		});
	},
	request: (stack, step) => scriptedSource.request(stack, step),
};

export interface MessengerBurstRun {
	tally: Tally;
	conversations: BurstConversation[];
	/** Per conversation: expected vs what TikTok kept (names in arrival order). */
	outcome: Array<{ id: string; expected: string[]; kept: string[] }>;
	httpStatuses: number[];
	/** Events TikTok kept that no conversation expected (an event fired for the wrong click or twice under two ids). */
	unmatched: number;
	/** Posts answered 5xx and sent again, as Meta does. */
	retries: number;
}

/**
 * Round r posts step r of every conversation at once (8 in flight); nothing waits for an execution to finish.
 * A conversation's steps still leave in order, as Messenger sends them; their executions overlap freely.
 */
export async function driveMessengerBursts(stack: QueueStack, source: ConversationSource = seededSource, count = 50): Promise<MessengerBurstRun> {
	const started = Date.now();
	const conversations = source.conversations(stack.fixture.pageId, count);
	const rounds = Math.max(...conversations.map((c) => c.steps.length));
	const httpStatuses: number[] = [];
	let retries = 0;
	for (let r = 0; r < rounds; r++) {
		const jobs = conversations
			.filter((c) => r < c.steps.length)
			.map((c) => async () => {
				const { url, headers, body } = source.request(stack, c.steps[r]);
				// Meta retries a delivery the server answered with 5xx; so does this driver, a few times.
				for (let attempt = 0; ; attempt++) {
					const res = await request(url, { method: 'POST', headers, body });
					await res.body.dump();
					if (res.statusCode < 500 || attempt >= 5) {
						httpStatuses.push(res.statusCode);
						break;
					}
					retries++;
					await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
				}
			});
		await pool(jobs, 8);
	}
	await waitSettled(stack, stack.workflows.messenger.id, 420000);
	const pixel = stack.fixture.pixelCode;
	const events = stack.emu.state.event.received.filter((e) => e.event_source_id === pixel);
	const outcome = conversations.map((c) => ({ id: c.id, expected: c.expected, kept: events.filter((e) => c.owns(e)).map((e) => e.event) }));
	let duplicates = 0;
	let lost = 0;
	let differing = 0;
	for (const o of outcome) {
		const { extra, missing } = compareMultisets(o.expected, o.kept);
		duplicates += extra;
		lost += missing;
		if (extra || missing) differing++;
	}
	const executions = await allExecutions(stack, stack.workflows.messenger.id);
	const unmatched = events.filter((e) => !conversations.some((c) => c.owns(e))).length;
	const tally: Tally = {
		scenario: `messenger (${count} conversations)`,
		sent: httpStatuses.length,
		expected: outcome.reduce((n, o) => n + o.expected.length, 0),
		duplicates,
		lost,
		ms: Date.now() - started,
		notes: [
			`${executions.length} executions, ${executions.filter((e) => e.status !== 'success').length} not successful; ` +
				`${differing} conversations differ from the sequential result; TikTok got ${events.length} pixel events, ${unmatched} of no known conversation; ${retries} posts retried after 5xx`,
		],
	};
	return { tally, conversations, outcome, httpStatuses, unmatched, retries };
}

/** Events kept beyond what was expected, and expected events not kept (order of arrival does not matter). */
export function compareMultisets(expected: string[], kept: string[]): { extra: number; missing: number } {
	const left = [...kept];
	let missing = 0;
	for (const name of expected) {
		const at = left.indexOf(name);
		if (at === -1) missing++;
		else left.splice(at, 1);
	}
	return { extra: left.length, missing };
}
