// List helpers every node uses. Pure: no n8n imports.

/**
 * Splits in order into chunks of at most `size` (the last one holds the rest): TikTok's /advertiser/info/ takes
 * ≤ 100 ids, Events API batches ≤ 1,000 events. A size that is not a positive whole number is a bug, not input.
 */
export function chunk<T>(list: readonly T[], size: number): T[][] {
	if (!Number.isInteger(size) || size < 1) throw new Error(`Chunk size must be a positive integer, got ${size}`);
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/**
 * "123, 456\n789" → ['123', '456', '789'] (first occurrence kept, repeats dropped); anything that is not a digit
 * run is reported, not dropped.
 */
export function parseIdList(value: string): { ids: string[]; invalid: string[] } {
	const ids = new Set<string>();
	const invalid: string[] = [];
	for (const token of value.split(/[\s,;]+/)) {
		if (!token) continue;
		if (/^\d{1,25}$/.test(token)) ids.add(token);
		else invalid.push(token);
	}
	return { ids: [...ids], invalid };
}
