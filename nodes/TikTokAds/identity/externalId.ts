import { asPassthroughHash, sha256Hex } from './hash';
import { EMPTY, type IdentifierResult } from './types';

/** Longer values are almost certainly a whole record pasted into the field, not an ID. */
const MAX_EXTERNAL_ID_LENGTH = 512;

/**
 * Your own stable user ID: trimmed, NOT lowercased — IDs such as base64 tokens are case-sensitive and
 * lowercasing would merge distinct users (reference §4.6 notes integrators differ; we pick trim-only).
 * Numbers are accepted in their decimal form.
 */
export function prepareExternalId(value: unknown): IdentifierResult {
	let s: string;
	if (typeof value === 'string') s = value.trim();
	else if (value === null || value === undefined) return EMPTY;
	else if (typeof value === 'number' && Number.isFinite(value)) s = String(value);
	else if (typeof value === 'bigint') s = value.toString();
	else return { status: 'invalid', reason: 'unsupported_type' };
	if (s.length === 0) return EMPTY;
	const pre = asPassthroughHash(s);
	if (pre !== undefined) return { status: 'hashed', hash: pre, passthrough: true };
	if (s.length > MAX_EXTERNAL_ID_LENGTH) return { status: 'invalid', reason: 'external_id_too_long' };
	return { status: 'hashed', hash: sha256Hex(s), passthrough: false };
}
