/**
 * TikTok delivers at least once and retries for 24 h, and polled downloads overlap, so the lead triggers remember
 * the lead IDs they already emitted. The window is bounded (it lives in the workflow's static data) and forgets the
 * oldest IDs first; the node descriptions state the limit.
 */
export const RECENT_LEAD_IDS_LIMIT = 5000;

/** Whatever static data holds, as a clean list of ID strings (older or hand-edited data must not crash). */
export function readRecentLeadIds(value: unknown): string[] {
	if (!Array.isArray(value)) return [];
	return value.filter((id): id is string => typeof id === 'string' && id !== '');
}

export interface DedupeResult<T> {
	fresh: T[];
	/** Entries already seen in an earlier delivery or earlier in this one. */
	duplicates: number;
	/** Entries without an ID: they could never be recognised again, so they are withheld, not emitted. */
	withoutId: number;
	/** The window to store back: previous IDs plus the fresh ones, trimmed to the limit. */
	recent: string[];
}

/** Splits leads into fresh ones, repeats and ones without an ID (callers report those with a reason). */
export function dedupeLeads<T>(
	leads: T[],
	idOf: (lead: T) => string | null,
	recent: readonly string[],
	limit: number = RECENT_LEAD_IDS_LIMIT,
): DedupeResult<T> {
	const seen = new Set(recent);
	const fresh: T[] = [];
	const added: string[] = [];
	let duplicates = 0;
	let withoutId = 0;
	for (const lead of leads) {
		const id = idOf(lead);
		if (id === null) {
			withoutId++;
			continue;
		}
		if (seen.has(id)) {
			duplicates++;
			continue;
		}
		seen.add(id);
		added.push(id);
		fresh.push(lead);
	}
	return { fresh, duplicates, withoutId, recent: rememberLeadIds(recent, added, limit) };
}

export function rememberLeadIds(recent: readonly string[], ids: readonly string[], limit = RECENT_LEAD_IDS_LIMIT): string[] {
	const merged = [...recent, ...ids];
	return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}

/**
 * n8n 2.x runs a webhook's execution on a fresh copy of the workflow, so static data written inside webhook()
 * is not saved (seen in a real n8n 2.41.1). The window is therefore also kept in this process, keyed by workflow
 * and node: in a regular (single main process) n8n that is what catches TikTok's retries. Static data still
 * carries it where n8n does save it.
 */
const processWindows = new Map<string, string[]>();
const MAX_PROCESS_WINDOWS = 500;

export function recentLeadIdsInProcess(key: string): string[] {
	return processWindows.get(key) ?? [];
}

export function rememberLeadIdsInProcess(key: string, recent: string[]): void {
	processWindows.delete(key);
	if (processWindows.size >= MAX_PROCESS_WINDOWS) {
		const oldest = processWindows.keys().next().value;
		if (oldest !== undefined) processWindows.delete(oldest);
	}
	processWindows.set(key, recent);
}

/** Both windows as one, oldest first, without repeats. */
export function mergeRecentLeadIds(a: readonly string[], b: readonly string[]): string[] {
	if (a.length === 0) return [...b];
	if (b.length === 0) return [...a];
	const seen = new Set(a);
	return [...a, ...b.filter((id) => !seen.has(id))];
}
