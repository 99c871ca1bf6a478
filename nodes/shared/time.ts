// Times as TikTok writes them, read one way by every node. Pure: no n8n imports.

/**
 * Below this a Unix timestamp is seconds, from it on milliseconds. 1e11 s is the year 5138, so no real seconds
 * value reaches it; 1e11 ms is March 1973, so every millisecond value TikTok or a flow sends is above it. A higher
 * cut (1e12) would read a millisecond time of 1973–2001 as seconds in the year 5138 or later.
 */
export const MS_THRESHOLD = 1e11;

/** Unix seconds or milliseconds → milliseconds. */
export function unixToMs(n: number): number {
	return n < MS_THRESHOLD ? n * 1000 : n;
}

/**
 * "YYYY-MM-DD HH:MM:SS" (also with T, a fraction, Z or a "(UTC+07:00)" suffix) as TikTok's page, lead and
 * download endpoints write it, UTC unless the suffix says otherwise.
 */
const TIKTOK_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s*(?:Z|\(?UTC([+-]\d{2}):?(\d{2})\)?)?$/i;

/** A TikTok date-time string → epoch milliseconds, or null; a date that does not exist (2025-02-30) is null. */
export function tikTokTimeToMs(text: string | undefined): number | null {
	const m = TIKTOK_TIME.exec((text ?? '').trim());
	if (!m) return null;
	const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	const date = new Date(ms);
	// Date.UTC rolls 2025-02-30 over to March; a date that does not round-trip is not a real date.
	if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
	const offsetMinutes = m[7] ? Math.sign(Number(`${m[7]}1`)) * (Math.abs(Number(m[7])) * 60 + Number(m[8])) : 0;
	return ms - offsetMinutes * 60_000;
}

/**
 * Unix seconds or milliseconds (number or digit string) or a TikTok date-time string → ISO 8601 UTC; null for
 * anything else (empty, zero or negative, a date that does not exist, out of Date's range).
 */
export function toIsoTime(value: unknown): string | null {
	let ms: number | null = null;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) ms = Number(value.trim());
	else if (typeof value === 'string') return isoOf(tikTokTimeToMs(value));
	if (ms === null || !Number.isFinite(ms) || ms <= 0) return null;
	return isoOf(unixToMs(ms));
}

/** toIsoTime for fields the package passes on: what it cannot read stays as written (as text), never dropped. */
export function toIsoTimeOrAsIs(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return toIsoTime(value) ?? String(value);
}

function isoOf(ms: number | null): string | null {
	if (ms === null) return null;
	const date = new Date(ms);
	return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
