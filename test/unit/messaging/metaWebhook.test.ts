import { createHmac } from 'node:crypto';

import { answerMetaHandshake, metaSignature, verifyMetaSignature } from '../../../nodes/TikTokConversion/messaging';

const SECRET = 'test-meta-app-secret';
const sign = (body: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const BODY = Buffer.from('{"object":"page","entry":[{"id":"1","messaging":[{"message":{"mid":"m1","text":"Ch\\u00e0o shop"}}]}]}');

describe('verifyMetaSignature', () => {
	test('accepts the HMAC-SHA256 of the exact bytes with the app secret, any hex case', () => {
		expect(verifyMetaSignature(BODY, sign(BODY), SECRET)).toEqual({ ok: true });
		expect(verifyMetaSignature(BODY, sign(BODY).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toEqual({ ok: true });
		expect(metaSignature(BODY, SECRET)).toBe(sign(BODY));
	});

	test.each([
		['missing header', undefined, /no X-Hub-Signature-256/],
		['empty header', '', /no X-Hub-Signature-256/],
		['sha1 header', `sha1=${'a'.repeat(40)}`, /not "sha256="/],
		['no prefix', createHmac('sha256', SECRET).update(BODY).digest('hex'), /not "sha256="/],
		['short digest', 'sha256=abcd', /not "sha256="/],
		['array header', [sign(BODY)], /not "sha256="/],
		['other secret', sign(BODY, 'another-secret'), /does not match/],
		['zero digest', `sha256=${'0'.repeat(64)}`, /does not match/],
	])('refuses %s', (_name, header, reason) => {
		const verdict = verifyMetaSignature(BODY, header, SECRET);
		expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(reason) });
		const { reason: text } = verdict as { reason: string };
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(sign(BODY).slice(7));
	});

	test('one changed byte of the body is refused', () => {
		const forged = Buffer.from(BODY);
		forged[forged.length - 5] ^= 1;
		expect(verifyMetaSignature(forged, sign(BODY), SECRET).ok).toBe(false);
	});

	test('without an app secret nothing is accepted, even a body "signed" with the empty secret', () => {
		const verdict = verifyMetaSignature(BODY, sign(BODY, ''), '');
		expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/no Meta app secret/) });
	});

	test('raw UTF-8 body: accepted when signed as sent, and when signed in the escaped form Meta uses', () => {
		const raw = Buffer.from('{"text":"Chào shop 😊"}', 'utf8');
		const escaped = '{"text":"Ch\\u00e0o shop \\ud83d\\ude0a"}';
		expect(verifyMetaSignature(raw, sign(raw), SECRET).ok).toBe(true);
		expect(verifyMetaSignature(raw, sign(escaped), SECRET).ok).toBe(true);
		expect(verifyMetaSignature(raw, sign(escaped.toUpperCase()), SECRET).ok).toBe(false);
	});
});

describe('answerMetaHandshake', () => {
	const query = (extra: Record<string, unknown> = {}) => ({
		'hub.mode': 'subscribe',
		'hub.verify_token': 'my-verify-token',
		'hub.challenge': '1158201444',
		...extra,
	});

	test('echoes the challenge when the mode is subscribe and the token matches', () => {
		expect(answerMetaHandshake(query(), 'my-verify-token')).toEqual({ ok: true, challenge: '1158201444' });
	});

	test.each([
		['wrong token', query({ 'hub.verify_token': 'guess' }), /does not match/],
		['token prefix', query({ 'hub.verify_token': 'my-verify' }), /does not match/],
		['missing token', query({ 'hub.verify_token': undefined }), /does not match/],
		['other mode', query({ 'hub.mode': 'unsubscribe' }), /hub.mode/],
		['no challenge', query({ 'hub.challenge': '' }), /hub.challenge/],
		['token as array', query({ 'hub.verify_token': ['my-verify-token'] }), /does not match/],
	])('refuses %s', (_name, q, reason) => {
		const answer = answerMetaHandshake(q, 'my-verify-token');
		expect(answer).toEqual({ ok: false, reason: expect.stringMatching(reason) });
	});

	test('with no verify token set, no subscription is confirmed', () => {
		expect(answerMetaHandshake(query({ 'hub.verify_token': '' }), '').ok).toBe(false);
	});
});
