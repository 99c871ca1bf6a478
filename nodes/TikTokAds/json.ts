/**
 * TikTok sends 19-digit IDs as bare JSON numbers (webhooks, some list endpoints). JSON.parse would round them
 * past Number.MAX_SAFE_INTEGER, so integer literals longer than 15 digits are turned into decimal strings
 * before parsing. Strings, floats and short integers are left exactly as they are.
 */
const MAX_EXACT_DIGITS = 15;

export function parseJsonLosslessIds(text: string): unknown {
	return JSON.parse(quoteLongIntegers(text));
}

export function quoteLongIntegers(text: string): string {
	let out: string[] | undefined;
	let copiedUpTo = 0;
	let inString = false;
	const length = text.length;
	for (let i = 0; i < length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 92 /* \ */) i++;
			else if (c === 34 /* " */) inString = false;
			continue;
		}
		if (c === 34) {
			inString = true;
			continue;
		}
		const isMinus = c === 45;
		if (!isMinus && (c < 48 || c > 57)) continue;
		let end = isMinus ? i + 1 : i;
		while (end < length) {
			const d = text.charCodeAt(end);
			if (d < 48 || d > 57) break;
			end++;
		}
		const digits = end - (isMinus ? i + 1 : i);
		const next = end < length ? text.charCodeAt(end) : 0;
		const isInteger = next !== 46 /* . */ && next !== 101 /* e */ && next !== 69; /* E */
		if (digits > MAX_EXACT_DIGITS && isInteger) {
			out ??= [];
			out.push(text.slice(copiedUpTo, i), '"', text.slice(i, end), '"');
			copiedUpTo = end;
		}
		i = end - 1;
	}
	if (!out) return text;
	out.push(text.slice(copiedUpTo));
	return out.join('');
}
