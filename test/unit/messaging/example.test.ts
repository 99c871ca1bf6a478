import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

import { parseActivity, type Activity } from '../../../nodes/TikTokConversion/messaging';
import { activitiesOf, messengerScript, seedConversations } from '../../../scripts/n8n/messenger';

/** The shipped Messenger example: safe store by default, doors closed, and its Code node maps like the e2e oracle. */

type Node = { name: string; type: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> };
const workflow = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'examples', 'messenger-to-tiktok.json'), 'utf8')) as {
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const named = (name: string) => workflow.nodes.find((n) => n.name === name) as Node;

/** Runs the example's Code node on webhook bodies, as n8n would ($input.all() of Webhook items). */
function runCodeNode(bodies: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
	const code = String(named('Messenger events → activities').parameters.jsCode);
	const $input = { all: () => bodies.map((body) => ({ json: { body } })) };
	// The Code node runs its text as the body of a function; a fresh VM context plays n8n's sandbox.
	const rows = runInNewContext(`(() => {\n${code}\n})()`, { $input, console: { log: () => {} } }) as Array<{ json: Record<string, unknown> }>;
	return rows.map((r) => r.json);
}

describe('examples/messenger-to-tiktok.json', () => {
	test('tracks with the Activity Log store (never an unsafe store) over the messaging_log Data table', () => {
		const track = named('Track Messaging Ads events');
		expect(track.parameters.stateStore).toBe('activityLog');
		for (const name of ['Append to activity log', 'Read conversation log', 'Record sent events']) {
			expect(named(name)).toMatchObject({ type: 'n8n-nodes-base.dataTable', parameters: { dataTableId: { value: 'messaging_log' } } });
		}
		expect(named('Read conversation log').parameters).toMatchObject({ operation: 'get', returnAll: true });
		const next = (name: string) => workflow.connections[name].main[0].map((c) => c.node);
		expect(next('Append to activity log')).toEqual(['Read conversation log']);
		expect(next('Read conversation log')).toEqual(['Track Messaging Ads events']);
		expect(next('Track Messaging Ads events')).toEqual(['One item per sent event']);
		expect(next('One item per sent event')).toEqual(['Record sent events']);
	});

	test('Meta posts are checked on their raw body before anything else; orders need the header secret', () => {
		expect(named('Messenger webhook').parameters).toMatchObject({ httpMethod: 'POST', responseMode: 'responseNode', options: { rawBody: true } });
		expect(named('Meta subscription check').parameters).toMatchObject({ httpMethod: 'GET', path: named('Messenger webhook').parameters.path });
		expect(workflow.connections['Messenger webhook'].main[0].map((c) => c.node)).toEqual(['Check Meta signature']);
		expect(named('Check Meta signature').parameters.operation).toBe('verifyMessenger');
		// Only the "true" branch of the check goes on to the activities.
		expect(workflow.connections['Signed Messenger event?'].main.map((out) => out.map((c) => c.node))).toEqual([['Messenger events → activities'], []]);
		expect(named('Order webhook').parameters).toMatchObject({ authentication: 'headerAuth' });
		expect(Object.keys(named('Order webhook').credentials ?? {})).toEqual(['httpHeaderAuth']);
	});

	test('its Code node turns every scripted and seeded webhook into the activities the expected events are computed from', () => {
		const fields = { ...DEFAULT_FIELDS };
		const steps = [...messengerScript('104857392817465', Date.UTC(2026, 0, 1)), ...seedConversations('1057', 20, Date.UTC(2026, 0, 1)).flatMap((c) => c.steps)];
		for (const step of steps) {
			const rows = runCodeNode([step.body]);
			const parsed = rows.map((row) => parseActivity(row, fields).activity as Activity);
			const expected = activitiesOf(step.body);
			expect(parsed.map(comparable)).toEqual(expected.map(comparable));
			for (const row of rows) expect(row.conversation).toBe(`${String(row.pageId)}:${String(row.customerId)}`);
		}
	});
});

const DEFAULT_FIELDS = {
	type: 'type',
	pageId: 'pageId',
	customerId: 'customerId',
	timestamp: 'timestamp',
	activityId: 'activityId',
	ttclid: 'ttclid',
	clickRef: 'ref',
	orderId: 'orderId',
	value: 'value',
	currency: 'currency',
};

/** What the rules use of an activity (click details beyond the ttclid are only echoed in the output). */
function comparable(a: Activity) {
	return [a.type, a.pageId, a.customerId, a.time, a.id, a.click?.ttclid ?? null, a.order?.id ?? null, a.order?.value ?? null, a.order?.currency ?? null];
}
