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
