import { createHmac } from 'node:crypto';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runNode } from '../../../harness';

/** Verify Messenger Webhook in the real engine, fed items as n8n's Webhook node (Raw Body on) outputs them. */

const SECRET = 'meta-app-secret-for-tests';
const TOKEN = 'verify-token-for-tests';
const params = { operation: 'verifyMessenger', appSecret: SECRET, verifyToken: TOKEN };

const body = '{"object":"page","entry":[{"id":"1057","messaging":[{"sender":{"id":"61"},"recipient":{"id":"1057"},"timestamp":1,"message":{"mid":"m1","text":"Ch\\u00e0o"}}]}]}';
const sign = (raw: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

function post(raw: string, signature?: string): INodeExecutionData {
	const headers: IDataObject = { 'content-type': 'application/json' };
	if (signature !== undefined) headers['x-hub-signature-256'] = signature;
	return {
		json: { headers, params: {}, query: {}, body: JSON.parse(raw) as IDataObject },
		binary: { data: { data: Buffer.from(raw).toString('base64'), mimeType: 'application/json' } },
	};
}
const get = (query: IDataObject): INodeExecutionData => ({ json: { headers: {}, params: {}, query, body: {} } });
const verdicts = (items: INodeExecutionData[]) => items.map((i) => i.json.messenger as IDataObject);

describe('Verify Messenger Webhook (real engine)', () => {
	test('accepts a post signed with the app secret and refuses unsigned, forged and re-signed ones', async () => {
		const forged = body.replace('m1', 'm2');
		const input = [post(body, sign(body)), post(body), post(forged, sign(body)), post(body, sign(body, 'other')), post(body, 'sha256=xyz')];
		const { items, error } = await runNode('tikTokConversion', params, input);
		expect(error).toBeUndefined();
		expect(verdicts(items).map((v) => [v.accepted, v.status])).toEqual([
			[true, 200],
			[false, 403],
			[false, 403],
			[false, 403],
			[false, 403],
		]);
		expect(verdicts(items)[0]).toMatchObject({ check: 'signature', response: 'EVENT_RECEIVED' });
		expect(String(verdicts(items)[1].reason)).toMatch(/no X-Hub-Signature-256/);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			// The parsed body goes on for the next nodes; the raw copy does not.
			expect(item.json.body).toMatchObject({ object: 'page' });
			expect(item.binary).toBeUndefined();
			expect(JSON.stringify(item.json)).not.toContain(SECRET);
		});
	});

	test('answers the subscription handshake with the challenge only for the right token', async () => {
		const { items } = await runNode('tikTokConversion', params, [
			get({ 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '4242' }),
			get({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '4242' }),
		]);
		expect(verdicts(items)).toEqual([
			{ check: 'handshake', accepted: true, status: 200, response: '4242' },
			expect.objectContaining({ check: 'handshake', accepted: false, status: 403, response: 'Forbidden' }),
		]);
		expect(JSON.stringify(items[1].json.messenger)).not.toContain(TOKEN);
	});

	test('a post without the raw body is refused with how to fix it; no app secret refuses everything', async () => {
		const noRaw = { json: { headers: { 'x-hub-signature-256': sign(body) }, query: {}, body: JSON.parse(body) as IDataObject } };
		const { items } = await runNode('tikTokConversion', params, [noRaw]);
		expect(verdicts(items)[0]).toMatchObject({ accepted: false, status: 403, reason: expect.stringMatching(/turn on Raw Body/) });
		// The app secret is a required parameter: n8n itself refuses to run the node without it.
		await expect(runNode('tikTokConversion', { ...params, appSecret: '' }, [post(body, sign(body, ''))])).rejects.toThrow(
			/Meta App Secret" is required/,
		);
	});
});
