import { asPassthroughHash, sha256Hex } from './hash';
import {
	CALLING_CODES,
	COUNTRY_CALLING_CODE,
	E164_MAX_DIGITS,
	E164_MIN_DIGITS,
	GENERIC_TRUNKS,
	OTHER_IDD,
	PLANS,
	VN_LEGACY_MOBILE,
	type NumberingPlan,
} from './phoneData';
import { hasFormatCharacter } from './text';
import { EMPTY, type HashRule, type IdentifierResult, type InvalidReason, type NormalizeResult } from './types';

/**
 * Extension suffixes people type after a number; the extension does not identify the subscriber. Matched
 * against the trimmed tail that starts at a non-separator, so no two adjacent quantifiers can share a run of
 * spaces (the earlier form, `\s*#?\s*$`, backtracked quadratically on one).
 */
const EXTENSION = /^(?:e?xt(?:ension|n)?\.?|x|#|;\s*ext=)\s*\d{1,7}(?:\s*#)?$/i;
/**
 * Longest text read as a phone number: "+1 (213) 373-4253 extension 1234567" with generous spacing fits.
 * Checked before any scanning, so a pasted record costs nothing more than its length check.
 */
const MAX_PHONE_TEXT = 100;
/** Longest digit run worth looking at: E.164 (15) + an international access prefix + a trunk prefix. */
const MAX_SCANNED_DIGITS = 24;
const DIGIT_CHARS = '0123456789';
const MX_NATIONAL_PREFIXES = ['044', '045', '01', '02'];
const MX_INTERNATIONAL_PREFIXES = ['1'];

/**
 * The internal functions return one string to keep the million-record path free of result objects: an E.164
 * number (starts with "+") on success, otherwise the reason it was rejected.
 */
type Outcome = string;
const isE164 = (o: Outcome): boolean => o.charCodeAt(0) === 43;

function isSeparator(c: number): boolean {
	return (
		c === 32 || c === 45 || c === 40 || c === 41 || c === 46 || c === 47 || c === 9 || c === 160 ||
		c === 0x202f || c === 0x2212 || c === 0x3000 || c === 0xff0d ||
		(c >= 0x2010 && c <= 0x2015)
	);
}

/** Full-width and Arabic-Indic digits → their value, else -1 (ASCII digits are handled by the caller). */
function digitValue(c: number): number {
	if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
	if (c >= 0x660 && c <= 0x669) return c - 0x660;
	if (c >= 0x6f0 && c <= 0x6f9) return c - 0x6f0;
	return -1;
}

function lengthReason(plan: NumberingPlan, nsn: string): InvalidReason {
	if (nsn.length < plan.minLength) return 'phone_too_short';
	if (nsn.length > plan.maxLength) return 'phone_too_long';
	return 'phone_invalid_for_country';
}

/** Country-specific rewrites of numbers that are still in circulation in an outdated form. */
function legacyRewrite(code: string, nsn: string, national: boolean): string | undefined {
	if (code === '84' && nsn.length === 10) {
		const mapped = VN_LEGACY_MOBILE[nsn.slice(0, 3)];
		return mapped === undefined ? undefined : mapped + nsn.slice(3);
	}
	// Mexico dropped the mobile "1" after +52 and the 044/045/01/02 national prefixes in 2019–2020.
	if (code === '52') {
		for (const prefix of national ? MX_NATIONAL_PREFIXES : MX_INTERNATIONAL_PREFIXES) {
			if (nsn.length === 10 + prefix.length && nsn.startsWith(prefix)) return nsn.slice(prefix.length);
		}
	}
	// Argentina: mobiles are dialled nationally as <area code> 15 <number> and internationally as 9 <area code>
	// <number>. Area codes are 11 (Buenos Aires) or 3–4 digits starting with 2 or 3; the "15" follows one.
	if (code === '54' && nsn.length === 12 && (nsn.startsWith('11') || nsn[0] === '2' || nsn[0] === '3')) {
		for (const areaLength of nsn.startsWith('11') ? [2] : [3, 4]) {
			if (nsn.startsWith('15', areaLength)) return `9${nsn.slice(0, areaLength)}${nsn.slice(areaLength + 2)}`;
		}
	}
	return undefined;
}

/**
 * `digits` after the calling code (international) or as dialled at home (national). `e164` is "+" + code +
 * digits when the caller already has that string, so the common case allocates nothing new.
 */
function withPlan(code: string, plan: NumberingPlan, digits: string, national: boolean, e164?: string): Outcome {
	const { trunk, shape } = plan;
	const stripped = trunk !== '' && digits.startsWith(trunk) ? digits.slice(trunk.length) : undefined;
	// Trunk-stripped first: that is how the number is dialled nationally; after "+<code>" people still write it.
	if (stripped !== undefined && shape.test(stripped)) return `+${code}${stripped}`;
	if (shape.test(digits)) return e164 ?? `+${code}${digits}`;
	const legacy = legacyRewrite(code, stripped ?? digits, national);
	if (legacy !== undefined && shape.test(legacy)) return `+${code}${legacy}`;
	if (national && digits.startsWith(code)) {
		// The calling code without "+", as many CRMs store it ("84912345678").
		const intl = withPlan(code, plan, digits.slice(code.length), false);
		if (isE164(intl)) return intl;
	}
	const outOfRange = digits.length < plan.minLength || digits.length > plan.maxLength;
	return lengthReason(plan, stripped !== undefined && outOfRange ? stripped : digits);
}

const ZERO_TRUNK = ['0'];

function generic(code: string, digits: string): Outcome {
	const trunks = GENERIC_TRUNKS.get(code) ?? ZERO_TRUNK;
	let nsn = digits;
	for (const trunk of trunks) {
		if (digits.startsWith(trunk)) {
			nsn = digits.slice(trunk.length);
			break;
		}
	}
	const total = code.length + nsn.length;
	if (total < E164_MIN_DIGITS) return 'phone_too_short';
	if (total > E164_MAX_DIGITS) return 'phone_too_long';
	// Only a number whose leading 0 is part of it may keep one once the trunk prefix is gone.
	if (trunks.length > 0 && nsn.charCodeAt(0) === 48) return 'phone_invalid_for_country';
	return `+${code}${nsn}`;
}

/** `digits` = calling code + national number; `e164` = "+" + digits when the input already had that form. */
function international(digits: string, e164?: string): Outcome {
	for (let len = 1; len <= 3 && len < digits.length; len++) {
		const code = CALLING_CODE_PREFIX[len](digits);
		if (code !== undefined) {
			const plan = PLANS.get(code);
			const nsn = digits.slice(len);
			return plan ? withPlan(code, plan, nsn, false, e164) : generic(code, nsn);
		}
	}
	return digits.length < E164_MIN_DIGITS ? 'phone_too_short' : 'phone_unknown_country_code';
}

/** Calling-code lookup by prefix length without slicing: one lookup table per length. */
const CALLING_CODE_PREFIX: Array<(d: string) => string | undefined> = [() => undefined];
for (let len = 1; len <= 3; len++) {
	const table = new Map<number, string>();
	for (const code of CALLING_CODES) if (code.length === len) table.set(Number(code), code);
	CALLING_CODE_PREFIX.push((d: string) => {
		let n = 0;
		for (let i = 0; i < len; i++) n = n * 10 + (d.charCodeAt(i) - 48);
		return table.get(n);
	});
}

/**
 * Every digit of `s` as ASCII, or a rejection reason. Sets `scanPlus` when a "+" leads. Digits are copied run
 * by run rather than one by one: far fewer intermediate strings on the million-record path.
 */
let scanPlus = false;
let scanDigits = '';
/** True when `s` was exactly "+" and ASCII digits (then it is already the E.164 candidate). */
let scanClean = false;
function extractDigits(s: string): Outcome | undefined {
	let out = '';
	let count = 0;
	let runStart = -1;
	let plus = false;
	let end = s.length;
	let clean = true;
	for (let i = 0; i < end; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			if (runStart < 0) runStart = i;
			if (++count > MAX_SCANNED_DIGITS) return 'phone_too_long';
			continue;
		}
		if (runStart >= 0) {
			out += s.slice(runStart, i);
			runStart = -1;
		}
		if (!(c === 43 && i === 0)) clean = false;
		const d = digitValue(c);
		if (d >= 0) {
			if (++count > MAX_SCANNED_DIGITS) return 'phone_too_long';
			out += DIGIT_CHARS[d];
		} else if (c === 43 || c === 0xff0b) {
			if (plus || count > 0) return 'phone_invalid_characters';
			plus = true;
		} else if (!isSeparator(c)) {
			if (count > 0 && EXTENSION.test(s.slice(i).trimEnd())) {
				end = i;
				break;
			}
			return 'phone_invalid_characters';
		}
	}
	if (runStart >= 0) out += runStart === 0 && end === s.length ? s : s.slice(runStart, end);
	if (count === 0) return plus ? 'phone_too_short' : 'empty';
	scanPlus = plus;
	scanDigits = out;
	scanClean = clean;
	return undefined;
}

function toText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
	if (typeof value === 'bigint' && value > BigInt(0)) return value.toString();
	return undefined;
}

function phoneOutcome(value: unknown, defaultCountry: string | undefined): Outcome {
	let s = toText(value);
	if (s === undefined) return value === null || value === undefined ? 'empty' : 'unsupported_type';
	if (s.length > MAX_PHONE_TEXT && s.trim().length > MAX_PHONE_TEXT) return 'phone_too_long';
	// Format characters (zero-width space, soft hyphen…) are rejected, not skipped: the value was not typed
	// as shown, and the user should see why it was not matched. NFC is not needed: it changes no character
	// this scanner accepts (full-width digits are compatibility forms, handled by digitValue).
	if (hasFormatCharacter(s)) {
		// A byte-order mark at either end is whitespace to trim (CSV exports start with one), not a hidden character.
		s = s.trim();
		if (hasFormatCharacter(s)) return 'invisible_characters';
	}
	const rejected = extractDigits(s);
	if (rejected !== undefined) return rejected;
	const digits = scanDigits;
	if (scanPlus) return international(digits, scanClean ? s : undefined);
	const home = defaultCountry ? callingCodeOf(defaultCountry) : undefined;
	const idd = home === undefined ? undefined : OTHER_IDD[home];
	if (idd !== undefined && digits.startsWith(idd)) return international(digits.slice(idd.length));
	if (digits.startsWith('00')) return international(digits.slice(2));
	if (!defaultCountry) return 'phone_missing_country';
	if (home === undefined) return 'phone_unknown_country';
	const plan = PLANS.get(home);
	return plan ? withPlan(home, plan, digits, true) : generic(home, digits);
}

/** Calling code for an ISO 3166-1 alpha-2 country, or undefined. */
export function callingCodeOf(country: string): string | undefined {
	return COUNTRY_CALLING_CODE[country] ?? COUNTRY_CALLING_CODE[country.trim().toUpperCase()];
}

export function isSupportedCountry(country: string): boolean {
	return callingCodeOf(country) !== undefined;
}

/**
 * E.164 normalisation: formatting stripped, "00" (and a few national access codes such as the NANP's "011")
 * read as "+", national numbers completed with `defaultCountry`'s calling code and their trunk prefix dropped,
 * then checked against the country's numbering shape (or E.164 length rules for countries without a shape in
 * phoneData.ts).
 */
export function normalizePhone(value: unknown, defaultCountry?: string): NormalizeResult {
	const outcome = phoneOutcome(value, defaultCountry);
	return isE164(outcome) ? { ok: true, value: outcome } : { ok: false, reason: outcome as InvalidReason | 'empty' };
}

const INVALID = new Map<string, IdentifierResult>();

/**
 * The string TikTok hashes for an E.164 number. Audiences keep E.164 with "+" (the customer-file
 * recommendation). The Events API takes Chinese numbers without their country code: TikTok's "Report a Web
 * Event" reference says a +86 number is sent without "86" (its example: 13800000000) and every other number as
 * "+" country code and number (docs/tiktok-api-contract.md § Identifier normalisation and hashing).
 */
export function phoneHashInput(e164: string, rule: HashRule = 'events'): string {
	return rule === 'events' && e164.startsWith('+86') ? e164.slice(3) : e164;
}

/** SHA-256 of the number under `rule` (default: the Events API rule); a SHA-256 hex value passes through. */
export function preparePhone(value: unknown, defaultCountry?: string, rule: HashRule = 'events'): IdentifierResult {
	// A digest has 64 characters; a phone number, even padded, rarely does, so the trim is usually skipped.
	if (typeof value === 'string' && value.length >= 64) {
		const pre = asPassthroughHash(value);
		if (pre !== undefined) return { status: 'hashed', hash: pre, passthrough: true };
	}
	const outcome = phoneOutcome(value, defaultCountry);
	if (isE164(outcome)) return { status: 'hashed', hash: sha256Hex(phoneHashInput(outcome, rule)), passthrough: false };
	if (outcome === 'empty') return EMPTY;
	let invalid = INVALID.get(outcome);
	if (!invalid) {
		invalid = Object.freeze({ status: 'invalid', reason: outcome as InvalidReason });
		INVALID.set(outcome, invalid);
	}
	return invalid;
}
