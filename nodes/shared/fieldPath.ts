// Reading a field of an item's JSON by a path the user typed ("email", "contact.email", "emails[0]"), one way for
// every node. Pure: no n8n imports.

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Follows `segments` through objects and arrays. Only the data's own properties count, so a path such as
 * "constructor" or "a.toString" finds nothing instead of a function of Object.prototype.
 */
export function readJsonPath(json: unknown, segments: readonly string[]): unknown {
	let current = json;
	for (const key of segments) {
		if (current === null || typeof current !== 'object' || !hasOwn(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}

/** "a.b[0].c" → ['a', 'b', '0', 'c']; blanks around the path and empty segments are ignored. */
export function parseFieldPath(path: string): string[] {
	const trimmed = path.trim();
	if (!/[.[]/.test(trimmed)) return trimmed === '' ? [] : [trimmed];
	return trimmed
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.filter((s) => s !== '');
}

/**
 * A reader for `path`, compiled once and applied to every item (a million items must not re-parse the path). A
 * top-level key that itself contains dots wins, so a column literally named "e.mail" still works.
 */
export function compileFieldPath(path: string): (json: object) => unknown {
	const trimmed = path.trim();
	const segments = parseFieldPath(trimmed);
	if (segments.length === 0) return () => undefined;
	if (segments.length === 1) return (json) => readJsonPath(json, segments);
	return (json) => (hasOwn(json, trimmed) ? (json as Record<string, unknown>)[trimmed] : readJsonPath(json, segments));
}

/** compileFieldPath for a single read. */
export function readPath(json: object, path: string): unknown {
	return compileFieldPath(path)(json);
}
