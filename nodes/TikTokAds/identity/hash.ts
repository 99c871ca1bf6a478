import { createHash } from 'node:crypto';

export function sha256Hex(s: string): string {
	return createHash('sha256').update(s, 'utf8').digest('hex');
}

export function md5Hex(data: string | Uint8Array): string {
	return createHash('md5').update(data).digest('hex');
}

/** True for exactly 64 hexadecimal characters (either case): a value that is already a SHA-256 digest. */
export function isSha256Hex(s: string): boolean {
	if (s.length !== 64) return false;
	for (let i = 0; i < 64; i++) {
		const c = s.charCodeAt(i);
		// 0-9, A-F, a-f
		if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
	}
	return true;
}

/**
 * Trimmed string if `value` is a pre-hashed SHA-256 digest, lowercased (TikTok compares hex digests as
 * lowercase); otherwise undefined.
 */
export function asPassthroughHash(value: string): string | undefined {
	const t = value.length === 64 ? value : value.trim();
	return isSha256Hex(t) ? t.toLowerCase() : undefined;
}
