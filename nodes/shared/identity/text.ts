import type { InvalidReason } from './types';

/**
 * Unicode general category Cf (format characters: U+200B zero-width space, U+00AD soft hyphen, U+2060 word
 * joiner, bidi marks, …). They are invisible, so a value carrying one looks valid to whoever typed it but hashes
 * to a digest TikTok can never match. A single-character class: the test is linear in the input.
 */
const FORMAT_CHARACTER = /\p{Cf}/u;

/**
 * The text an identifier is hashed from: trimmed, free of format characters and in Unicode NFC, so that an
 * address typed with a decomposed accent (NFD, as macOS file names and some keyboards produce) hashes like the
 * composed one. `maxLength` is checked before any per-character work (a pasted record must not cost more than
 * reading it) and again after NFC, which can change the length. Returns the text, or why there is none.
 */
export function canonicalText(value: string, maxLength: number, tooLong: InvalidReason): string | RejectedText {
	const trimmed = value.trim();
	if (trimmed.length === 0) return EMPTY_TEXT;
	// NFD input is at most a few code units per composed character: 4× leaves room for any real identifier.
	if (trimmed.length > maxLength * 4) return { reason: tooLong };
	if (FORMAT_CHARACTER.test(trimmed)) return { reason: 'invisible_characters' };
	const composed = isPlainAscii(trimmed) ? trimmed : trimmed.normalize('NFC');
	if (composed.length > maxLength) return { reason: tooLong };
	return composed;
}

export interface RejectedText {
	reason: InvalidReason | 'empty';
}

const EMPTY_TEXT: RejectedText = { reason: 'empty' };

/** ASCII text is already NFC; skipping normalize() keeps the million-record path as fast as before. */
function isPlainAscii(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
	return true;
}

export function hasFormatCharacter(s: string): boolean {
	return FORMAT_CHARACTER.test(s);
}
