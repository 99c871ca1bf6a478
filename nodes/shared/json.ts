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
			// Jump to the next quote natively; it closes the string unless an odd run of backslashes escapes it.
			const quote = text.indexOf('"', i);
			if (quote === -1) break;
			let backslashes = 0;
			for (let j = quote - 1; j >= i && text.charCodeAt(j) === 92; j--) backslashes++;
			i = quote;
			if (backslashes % 2 === 0) inString = false;
			continue;
		}
		if (c === 34) {
			inString = true;
			continue;
		}
		if (c !== 45 && (c < 48 || c > 57)) continue;
		// Scan the whole number token so the fraction or exponent of a float is never mistaken for an integer.
		let end = i + 1;
		let isInteger = true;
		while (end < length) {
			const d = text.charCodeAt(end);
			if (d >= 48 && d <= 57) {
				end++;
			} else if (d === 46 || d === 101 || d === 69 || d === 43 || d === 45) {
				isInteger = false;
				end++;
			} else break;
		}
		const digits = end - i - (c === 45 ? 1 : 0);
		if (isInteger && digits > MAX_EXACT_DIGITS) {
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
