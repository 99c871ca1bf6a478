// Reading loosely typed values out of TikTok's answers, one way for every node. Pure: no n8n imports.

/** A value as text (a number as written, a string as it is); null when it is absent (undefined or null). */
export function textOf(value: unknown): string | null {
	if (value === undefined || value === null) return null;
	return typeof value === 'string' ? value : String(value);
}

/** An ID as text, '' when absent; numbers above 2^53 must already be strings (lossless JSON). */
export function idToString(value: unknown): string {
	return textOf(value) ?? '';
}

/**
 * Lower-case text without diacritics, so a filter typed as "pho ha noi" finds "Phở Hà Nội" (đ has no
 * decomposition, so it is mapped by hand).
 */
export function foldText(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.trim();
}
