const MAX_MASK_LENGTH = 40;

function maskRun(s: string, keepStart: number, keepEnd: number): string {
	// By code point: a letter outside the BMP is two UTF-16 units, neither of which is a letter on its own.
	const chars = Array.from(s);
	let out = '';
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i];
		const keep = i < keepStart || i >= chars.length - keepEnd;
		// Letters and digits carry the identity; punctuation only shows the shape, which helps debugging.
		out += keep || !/[\p{L}\p{N}]/u.test(ch) ? ch : '*';
	}
	return out;
}

/**
 * A display form of a rejected value that shows its shape but not its content: "j***@e******.com",
 * "0*** *** *78". Short values are fully masked. Never returns more than a few real characters.
 */
export function maskIdentifier(raw: unknown): string {
	if (raw === null || raw === undefined) return '(empty)';
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'bigint') {
		return `(${Array.isArray(raw) ? 'array' : typeof raw})`;
	}
	const trimmed = String(raw).trim();
	if (trimmed.length === 0) return '(empty)';
	// Counted in code points, so a value of astral characters is as masked as its BMP equivalent.
	const chars = Array.from(trimmed.slice(0, MAX_MASK_LENGTH * 2)).slice(0, MAX_MASK_LENGTH);
	const s = chars.join('');
	const truncated = s.length < trimmed.length;
	let masked: string;
	const at = s.indexOf('@');
	if (at >= 0) {
		const local = s.slice(0, at);
		const domain = s.slice(at + 1);
		const dot = domain.lastIndexOf('.');
		const host = dot > 0 ? domain.slice(0, dot) : domain;
		const tld = dot > 0 ? domain.slice(dot) : '';
		masked = `${maskRun(local, 1, 0)}@${maskRun(host, 1, 0)}${tld.length <= 5 ? tld : maskRun(tld, 1, 0)}`;
	} else if (chars.length <= 4) {
		masked = maskRun(s, 0, 0);
	} else {
		masked = maskRun(s, 1, chars.length >= 8 ? 2 : 0);
	}
	return truncated ? `${masked}…` : masked;
}
