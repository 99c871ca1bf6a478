import { asPassthroughHash, sha256Hex } from './hash';
import { canonicalText } from './text';
import { EMPTY, type IdentifierResult } from './types';

/** Longer values are almost certainly a whole record pasted into the field, not an ID. */
const MAX_EXTERNAL_ID_LENGTH = 512;

/**
 * Your own stable user ID: trimmed and NFC-normalised, NOT lowercased — IDs such as base64 tokens are
 * case-sensitive and lowercasing would merge distinct users (integrators differ here; we pick trim-only).
 * Numbers are accepted in their decimal form, whole numbers only up to 2^53 (larger ones are already rounded).
 */
export function prepareExternalId(value: unknown): IdentifierResult {
	let s: string;
	if (typeof value === 'string') s = value;
	else if (value === null || value === undefined) return EMPTY;
	else if (typeof value === 'number' && Number.isFinite(value)) {
		// 12345678901234567890 arrives as 12345678901234567000: hashing that would match nobody, silently.
		if (Number.isInteger(value) && !Number.isSafeInteger(value)) return { status: 'invalid', reason: 'external_id_imprecise_number' };
		s = String(value);
	}
	else if (typeof value === 'bigint') s = value.toString();
	else return { status: 'invalid', reason: 'unsupported_type' };
	const pre = asPassthroughHash(s);
	if (pre !== undefined) return { status: 'hashed', hash: pre, passthrough: true };
	const text = canonicalText(s, MAX_EXTERNAL_ID_LENGTH, 'external_id_too_long');
	if (typeof text !== 'string') return text.reason === 'empty' ? EMPTY : { status: 'invalid', reason: text.reason };
	return { status: 'hashed', hash: sha256Hex(text), passthrough: false };
}
