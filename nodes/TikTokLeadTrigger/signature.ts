import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * TikTok signs lead webhooks over an "escaped unicode" rendering of the body: every non-ASCII UTF-16 code unit is
 * written as a lowercase `\uXXXX` escape (astral characters therefore become a surrogate pair of escapes) and every
 * other character stays byte-identical. Hashing the raw UTF-8 bytes only works for ASCII-only payloads.
 */
export function escapeNonAscii(raw: string): string {
	return raw.replace(/[\u0080-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

function isAscii(bytes: Buffer): boolean {
	for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
	return true;
}

const HEX = '0123456789abcdef';

/**
 * escapeNonAscii written straight into bytes: a 1,000-lead delivery in Vietnamese has ~10^5 non-ASCII characters,
 * and a string replace with a callback per character was most of the signature check's time.
 */
function escapedBytes(text: string): Buffer {
	const out = Buffer.allocUnsafe(text.length * 6);
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) {
			out[n++] = c;
			continue;
		}
		out[n++] = 0x5c;
		out[n++] = 0x75;
		out[n++] = HEX.charCodeAt((c >> 12) & 15);
		out[n++] = HEX.charCodeAt((c >> 8) & 15);
		out[n++] = HEX.charCodeAt((c >> 4) & 15);
		out[n++] = HEX.charCodeAt(c & 15);
	}
	return out.subarray(0, n);
}

/** Lowercase hex HMAC-SHA256 that TikTok puts in `X-Open-Signature` for this body. */
export function computeLeadSignature(rawBody: Buffer | string, appSecret: string): string {
	const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
	const signed = isAscii(bytes) ? bytes : escapedBytes(bytes.toString('utf8'));
	return createHmac('sha256', appSecret).update(signed).digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * True when `signature` is the HMAC of this delivery in either signing form: over the escaped-unicode rendering
 * (what the public sources relay) or over the raw bytes. Which one TikTok uses is not settled by a public source
 * (docs/tiktok-api-contract.md, lead webhook signature), and accepting only one would refuse every lead with
 * Vietnamese text if it were the other; both need the app secret, so accepting either is no weaker. Both digests
 * are always computed and compared in constant time; malformed or missing headers are rejected first.
 */
export function verifyLeadSignature(rawBody: Buffer, signature: string | undefined, appSecret: string): boolean {
	if (typeof signature !== 'string' || appSecret === '') return false;
	const given = signature.trim().toLowerCase();
	if (!HEX_SHA256.test(given)) return false;
	const givenBytes = Buffer.from(given, 'hex');
	const escaped = timingSafeEqual(Buffer.from(computeLeadSignature(rawBody, appSecret), 'hex'), givenBytes);
	const raw = timingSafeEqual(createHmac('sha256', appSecret).update(rawBody).digest(), givenBytes);
	return escaped || raw;
}
