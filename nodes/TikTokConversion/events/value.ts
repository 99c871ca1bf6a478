import { isIsoCurrency, isZeroDecimalCurrency } from './currency';

/**
 * TikTok wants `value` as a plain JSON number. Shops export amounts as "1.234,50 ₫", "1,234.50", "₫1.234.500"…
 * This reads the common shapes and refuses anything that could mean two different numbers.
 */

export type ValueResult =
	| { ok: true; value: number | undefined; currencyHint?: string }
	| { ok: false; reason: string };

const SYMBOL_CURRENCY: Record<string, string | undefined> = {
	'₫': 'VND',
	'đ': 'VND',
	'€': 'EUR',
	'£': 'GBP',
	'₩': 'KRW',
	'฿': 'THB',
	'₱': 'PHP',
	'₹': 'INR',
	'₺': 'TRY',
	'₴': 'UAH',
	'₦': 'NGN',
	'₪': 'ILS',
	rp: 'IDR',
	rm: 'MYR',
	// $ and ¥ name several currencies, so they give no hint.
	$: undefined,
	'¥': undefined,
	'￥': undefined,
};

// Characters used between digit groups: space, NBSP, narrow NBSP, thin space, apostrophes.
const GROUP_SPACE_RE = /[\s\u00a0\u202f\u2009'’]/g;

export function parseValue(raw: unknown, currency?: string): ValueResult {
	if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
	if (typeof raw === 'number') return checkNumber(raw, String(raw));
	if (typeof raw === 'bigint') return checkNumber(Number(raw), String(raw));
	if (typeof raw !== 'string') return { ok: false, reason: `Value must be a number, got ${typeof raw}` };
	const original = raw.trim();
	if (original === '') return { ok: true, value: undefined };

	const { rest, hint, error } = stripCurrency(original);
	if (error) return { ok: false, reason: error };
	const effectiveCurrency = currency ?? hint;

	let text = rest.trim();
	let negative = false;
	if (text.startsWith('-') || text.startsWith('−')) {
		negative = true;
		text = text.slice(1).trim();
	}
	if (!/^[\d.,\s\u00a0\u202f\u2009'’]+$/.test(text) || !/\d/.test(text)) {
		return { ok: false, reason: `Value "${short(original)}" is not a number` };
	}
	const parsed = readDigits(text, effectiveCurrency);
	if (typeof parsed === 'string') return { ok: false, reason: `Value "${short(original)}" ${parsed}` };
	const result = checkNumber(negative ? -parsed : parsed, original);
	return result.ok && hint ? { ...result, currencyHint: hint } : result;
}

function checkNumber(n: number, shown: string): ValueResult {
	if (!Number.isFinite(n)) return { ok: false, reason: `Value "${short(shown)}" is not a finite number` };
	if (n < 0) return { ok: false, reason: `Value ${short(shown)} is negative; send the order total as a positive number` };
	return { ok: true, value: n };
}

function stripCurrency(s: string): { rest: string; hint?: string; error?: string } {
	let rest = s;
	let hint: string | undefined;
	const codes = s.match(/[A-Za-z]{3}/g) ?? [];
	for (const c of codes) {
		if (isIsoCurrency(c.toUpperCase())) {
			hint = c.toUpperCase();
			rest = rest.replace(c, '');
			break;
		}
	}
	for (const [symbol, code] of Object.entries(SYMBOL_CURRENCY)) {
		const re = new RegExp(escapeRe(symbol), 'i');
		if (re.test(rest)) {
			rest = rest.replace(re, '');
			if (code) {
				if (hint && hint !== code) return { rest, error: `Value "${short(s)}" names two currencies` };
				hint = code;
			}
		}
	}
	return { rest, hint };
}

/** Decides which of "." and "," is the decimal mark. Returns a reason (string) when it cannot tell. */
function readDigits(text: string, currency: string | undefined): number | string {
	const spaced = text.replace(GROUP_SPACE_RE, ' ').trim();
	if (/\s/.test(spaced) && !/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(spaced)) {
		return 'has spaces that are not thousands separators';
	}
	const compact = spaced.replace(/ /g, '');
	const dots = count(compact, '.');
	const commas = count(compact, ',');

	if (dots === 0 && commas === 0) return Number(compact);

	if (dots > 0 && commas > 0) {
		const decimal = compact.lastIndexOf('.') > compact.lastIndexOf(',') ? '.' : ',';
		const group = decimal === '.' ? ',' : '.';
		if (count(compact, decimal) > 1) return 'has more than one decimal mark';
		const [intPart, fracPart] = compact.split(decimal);
		if (!isGrouped(intPart, group)) return `has "${group}" where thousands separators do not fit`;
		return Number(`${intPart.split(group).join('')}.${fracPart}`);
	}

	const sep = dots > 0 ? '.' : ',';
	const n = dots + commas;
	if (n > 1) {
		if (!isGrouped(compact, sep)) return `has several "${sep}" that are not thousands separators`;
		return Number(compact.split(sep).join(''));
	}
	const [intPart, fracPart] = compact.split(sep);
	if (intPart === '') return Number(`0.${fracPart}`);
	if (fracPart.length !== 3 || !isGrouped(compact, sep)) return Number(`${intPart}.${fracPart}`);
	// "1.234" / "1,234": thousands in one locale, a decimal in another. Only the currency can settle it.
	if (isZeroDecimalCurrency(currency)) return Number(`${intPart}${fracPart}`);
	return `is ambiguous: it could be ${intPart}${fracPart} or ${intPart}.${fracPart}; map a plain number (e.g. ${intPart}${fracPart} or ${intPart}.${fracPart})`;
}

function isGrouped(s: string, sep: string): boolean {
	const groups = s.split(sep);
	if (!/^[1-9]\d{0,2}$/.test(groups[0]) && groups[0] !== '0') return false;
	if (groups[0] === '0' && groups.length > 1) return false;
	return groups.slice(1).every((g) => /^\d{3}$/.test(g));
}

function count(s: string, ch: string): number {
	return s.split(ch).length - 1;
}

function escapeRe(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function short(s: string): string {
	return s.length > 30 ? `${s.slice(0, 27)}...` : s;
}
