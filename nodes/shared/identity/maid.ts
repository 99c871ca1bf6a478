import { asPassthroughHash, sha256Hex } from './hash';
import { hasFormatCharacter } from './text';
import { EMPTY, type IdentifierResult, type NormalizeResult } from './types';

export type MaidKind = 'idfa' | 'gaid';

function isHex(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * Mobile advertising ID (Apple IDFA or Google GAID/AAID): a UUID, trimmed and lowercased (TikTok hashes the
 * lowercase form). The all-zero UUID is what devices report when the user limited ad
 * tracking: it identifies nobody, so it is rejected rather than matched to everyone.
 */
export function normalizeMaid(value: unknown): NormalizeResult {
	if (value === null || value === undefined) return { ok: false, reason: 'empty' };
	if (typeof value !== 'string') return { ok: false, reason: 'unsupported_type' };
	const t = value.trim();
	if (t.length === 0) return { ok: false, reason: 'empty' };
	if (t.length !== 36) return { ok: false, reason: hasFormatCharacter(t) ? 'invisible_characters' : 'invalid_maid' };
	const lower = t.toLowerCase();
	let zero = true;
	for (let i = 0; i < 36; i++) {
		const c = lower.charCodeAt(i);
		if (i === 8 || i === 13 || i === 18 || i === 23) {
			if (c !== 45) return { ok: false, reason: 'invalid_maid' };
		} else if (!isHex(c)) {
			return { ok: false, reason: 'invalid_maid' };
		} else if (c !== 48) {
			zero = false;
		}
	}
	return zero ? { ok: false, reason: 'maid_zeroed' } : { ok: true, value: lower };
}

/** IDFAs are conventionally written in uppercase, GAIDs in lowercase: a hint only, not proof. */
function guessKind(raw: string): MaidKind | undefined {
	let upper = false;
	let lower = false;
	for (let i = 0; i < raw.length; i++) {
		const c = raw.charCodeAt(i);
		if (c >= 65 && c <= 70) upper = true;
		else if (c >= 97 && c <= 102) lower = true;
	}
	if (upper === lower) return undefined;
	return upper ? 'idfa' : 'gaid';
}

export function prepareMaid(value: unknown): IdentifierResult & { kind?: MaidKind } {
	if (typeof value === 'string') {
		const pre = asPassthroughHash(value);
		if (pre !== undefined) return { status: 'hashed', hash: pre, passthrough: true };
	}
	const n = normalizeMaid(value);
	if (!n.ok) return n.reason === 'empty' ? EMPTY : { status: 'invalid', reason: n.reason };
	const kind = guessKind(value as string);
	const result: IdentifierResult & { kind?: MaidKind } = {
		status: 'hashed',
		hash: sha256Hex(n.value),
		passthrough: false,
	};
	if (kind) result.kind = kind;
	return result;
}
