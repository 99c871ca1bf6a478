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
 * True only when `signature` is the HMAC TikTok would send for exactly these bytes. The comparison is constant-time
 * over the 32 digest bytes; malformed or missing headers are rejected before any comparison.
 */
export function verifyLeadSignature(rawBody: Buffer, signature: string | undefined, appSecret: string): boolean {
	if (typeof signature !== 'string' || appSecret === '') return false;
	const given = signature.trim().toLowerCase();
	if (!HEX_SHA256.test(given)) return false;
	const expected = Buffer.from(computeLeadSignature(rawBody, appSecret), 'hex');
	return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
