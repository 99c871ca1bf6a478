import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks for Messenger webhooks (Meta Graph API webhooks): the subscription handshake and the
 * `X-Hub-Signature-256` header. Pure: no n8n imports. See README § Messenger webhook security.
 */

export type MetaCheck = { ok: true } | { ok: false; reason: string };

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

function isAscii(bytes: Buffer): boolean {
	for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
	return true;
}

/** Meta signs the body with every non-ASCII character written as a lowercase `\uXXXX` escape. */
function escapeNonAscii(text: string): string {
	return text.replace(/[\u0080-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

function hmac(secret: string, bytes: Buffer | string): Buffer {
	return createHmac('sha256', secret).update(bytes).digest();
}

/** The header value Meta sends for these bytes: `sha256=` + lowercase hex HMAC-SHA256 with the app secret. */
export function metaSignature(rawBody: Buffer | string, appSecret: string): string {
	return `sha256=${hmac(appSecret, rawBody).toString('hex')}`;
}

/**
 * True only when `header` is `sha256=<HMAC-SHA256 of these exact bytes with the app secret>`. The digest is
 * compared in constant time. A body with raw non-ASCII bytes is also accepted when the signature covers its
 * escaped form, which is what Meta signs.
 */
export function verifyMetaSignature(rawBody: Buffer, header: unknown, appSecret: string): MetaCheck {
	if (!appSecret) return { ok: false, reason: 'no Meta app secret is set, so no signature can be checked' };
	if (header === undefined || header === null || header === '') {
		return { ok: false, reason: 'the request has no X-Hub-Signature-256 header (not signed by Meta)' };
	}
	const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
	if (!match) return { ok: false, reason: 'X-Hub-Signature-256 is not "sha256=" followed by 64 hex digits' };
	const given = Buffer.from(match[1], 'hex');
	const candidates = [hmac(appSecret, rawBody)];
	if (!isAscii(rawBody)) candidates.push(hmac(appSecret, escapeNonAscii(rawBody.toString('utf8'))));
	// Every candidate is compared, so the time taken does not depend on which one matches.
	let ok = false;
	for (const expected of candidates) ok = timingSafeEqual(expected, given) || ok;
	return ok
		? { ok: true }
		: { ok: false, reason: 'X-Hub-Signature-256 does not match the body: not signed with this Meta app secret, or the body was changed' };
}

function sameText(a: string, b: string): boolean {
	// Hashing first gives equal lengths, so the comparison time does not reveal the token's length or prefix.
	const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

export type HandshakeAnswer = { ok: true; challenge: string } | { ok: false; reason: string };

/** Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → echo the challenge. */
export function answerMetaHandshake(query: Record<string, unknown>, verifyToken: string): HandshakeAnswer {
	const text = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
	if (!verifyToken) return { ok: false, reason: 'no verify token is set, so no subscription can be confirmed' };
	if (text('hub.mode') !== 'subscribe') return { ok: false, reason: 'hub.mode is not "subscribe"' };
	const token = text('hub.verify_token');
	if (token === undefined || !sameText(token, verifyToken)) {
		return { ok: false, reason: 'hub.verify_token does not match the verify token set in this node' };
	}
	const challenge = text('hub.challenge');
	if (!challenge) return { ok: false, reason: 'hub.challenge is missing' };
	return { ok: true, challenge };
}
