import type { IDataObject } from 'n8n-workflow';

/**
 * Reads `path` ("email", "contact.email", "emails[0]") from an item's JSON. A top-level key that itself
 * contains dots wins, so a column literally named "e.mail" still works. Compiled once per run, then applied
 * to every item (a million items must not re-parse the path each time).
 */
export function compileFieldPath(path: string): (json: IDataObject) => unknown {
	const trimmed = path.trim();
	const segments = trimmed
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter((s) => s !== '');
	if (segments.length <= 1) return (json) => json[trimmed];
	return (json) => {
		if (trimmed in json) return json[trimmed];
		let current: unknown = json;
		for (const segment of segments) {
			if (current === null || typeof current !== 'object') return undefined;
			current = (current as Record<string, unknown>)[segment];
		}
		return current;
	};
}
