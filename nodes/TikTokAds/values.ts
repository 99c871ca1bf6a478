// Reading loosely typed values out of TikTok's answers, one way for every node. Pure: no n8n imports.

/** A value as text (a number as written, a string as it is); null when it is absent (undefined or null). */
export function textOf(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	return typeof value === 'string' ? value : String(value);
}
