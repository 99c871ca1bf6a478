import { asPassthroughHash, sha256Hex } from './hash';
import { canonicalText } from './text';
import { EMPTY, type HashRule, type IdentifierResult, type NormalizeResult } from './types';

const ALLOWED_LOCAL_SYMBOLS = "!#$%&'*+/=?^_`{|}~-";
const LOCAL_SYMBOL = new Uint8Array(128);
for (let i = 0; i < ALLOWED_LOCAL_SYMBOLS.length; i++) LOCAL_SYMBOL[ALLOWED_LOCAL_SYMBOLS.charCodeAt(i)] = 1;

function isAlnum(c: number): boolean {
	return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/**
 * Practical address syntax for marketing data (RFC 5321 limits, dot-atom local part, host-name domain with a
 * non-numeric TLD). Quoted local parts and IP-literal domains are rejected: no ad platform matches them.
 * Non-ASCII characters are allowed in both parts (internationalised addresses). Expects lowercase input.
 */
function isEmailSyntax(s: string): boolean {
	const n = s.length;
	if (n < 3 || n > 254) return false;
	const at = s.indexOf('@');
	if (at < 1 || at > 64 || at === n - 1 || s.indexOf('@', at + 1) !== -1) return false;
	let prev = 46; // treat start as after a dot so a leading dot fails
	for (let i = 0; i < at; i++) {
		const c = s.charCodeAt(i);
		if (c === 46) {
			if (prev === 46) return false;
		} else if (!(isAlnum(c) || (c < 128 ? LOCAL_SYMBOL[c] === 1 : c > 160))) {
			return false;
		}
		prev = c;
	}
	if (prev === 46) return false;
	let labelStart = at + 1;
	let labels = 0;
	let tldHasNonDigit = false;
	for (let i = at + 1; i <= n; i++) {
		const c = i === n ? 46 : s.charCodeAt(i);
		if (c === 46) {
			const len = i - labelStart;
			if (len < 1 || len > 63) return false;
			if (s.charCodeAt(labelStart) === 45 || s.charCodeAt(i - 1) === 45) return false;
			labels++;
			if (i === n) {
				if (len < 2) return false;
				for (let j = labelStart; j < i; j++) {
					const d = s.charCodeAt(j);
					if (d < 48 || d > 57) tldHasNonDigit = true;
				}
			}
			labelStart = i + 1;
		} else if (!(isAlnum(c) || c === 45 || c > 160)) {
			return false;
		}
	}
	return labels >= 2 && tldHasNonDigit;
}

const INVALID_EMAIL: IdentifierResult = { status: 'invalid', reason: 'invalid_email' };
const UNSUPPORTED: IdentifierResult = { status: 'invalid', reason: 'unsupported_type' };
const MAX_EMAIL_LENGTH = 254;

/** Everything from the first "+" of the local part up to the "@". */
function dropPlusTag(address: string): string {
	const at = address.indexOf('@');
	const plus = address.indexOf('+');
	return plus >= 0 && plus < at ? address.slice(0, plus) + address.slice(at) : address;
}

/**
 * Plain-text form under `rule`. `events` is the Events API rule (trim, lowercase); `audience` is the
 * customer-file rule, which also drops a "+tag" from the local part ("name+news@x.com" → "name@x.com").
 * Both: NFC, no format characters, syntax-checked. Exported for the bench's "normalisation alone" figure, which
 * splits prepareEmail's time into normalising and hashing.
 */
export function normalizeEmail(value: unknown, rule: HashRule = 'events'): NormalizeResult {
	if (value === null || value === undefined) return { ok: false, reason: 'empty' };
	if (typeof value !== 'string') return { ok: false, reason: 'unsupported_type' };
	const text = canonicalText(value, MAX_EMAIL_LENGTH, 'email_too_long');
	if (typeof text !== 'string') return { ok: false, reason: text.reason };
	const lower = text.toLowerCase();
	const address = rule === 'audience' ? dropPlusTag(lower) : lower;
	return isEmailSyntax(address) ? { ok: true, value: address } : { ok: false, reason: 'invalid_email' };
}

/** SHA-256 of the address under `rule` (default: the Events API rule); a SHA-256 hex value passes through. */
export function prepareEmail(value: unknown, rule: HashRule = 'events'): IdentifierResult {
	if (typeof value !== 'string') return value === null || value === undefined ? EMPTY : UNSUPPORTED;
	const pre = asPassthroughHash(value);
	if (pre !== undefined) return { status: 'hashed', hash: pre, passthrough: true };
	const n = normalizeEmail(value, rule);
	if (n.ok) return { status: 'hashed', hash: sha256Hex(n.value), passthrough: false };
	if (n.reason === 'empty') return EMPTY;
	return n.reason === 'invalid_email' ? INVALID_EMAIL : { status: 'invalid', reason: n.reason };
}
