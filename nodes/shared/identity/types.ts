/**
 * Why a value could not be turned into an identifier. Stable strings: they are counted per reason in the
 * Audience node's summary and may be shown to users, so never rename one without a migration note.
 */
export type InvalidReason =
	| 'unsupported_type'
	/** Contains an invisible format character (Unicode category Cf, e.g. U+200B): it would hash unmatchably. */
	| 'invisible_characters'
	| 'invalid_email'
	| 'email_too_long'
	| 'phone_invalid_characters'
	| 'phone_missing_country'
	| 'phone_unknown_country'
	| 'phone_unknown_country_code'
	| 'phone_too_short'
	| 'phone_too_long'
	| 'phone_invalid_for_country'
	| 'invalid_maid'
	| 'maid_zeroed'
	| 'external_id_too_long'
	/** A number past 2^53: it reached the node already rounded, so its digits are not the ID any more. */
	| 'external_id_imprecise_number';

export type IdentifierResult =
	| { status: 'hashed'; hash: string; passthrough: boolean }
	| { status: 'empty' }
	| { status: 'invalid'; reason: InvalidReason };

/** Result of a normaliser: the normalised plain-text value, or why there is none. */
export type NormalizeResult =
	| { ok: true; value: string }
	| { ok: false; reason: InvalidReason | 'empty' };

export const EMPTY: { status: 'empty' } = { status: 'empty' };

/**
 * Which of TikTok's normalisation rules a value is prepared for. They differ for emails (a customer file drops a
 * "+tag" from the local part) and for Chinese phone numbers (the Events API hashes them without "+86").
 * docs/tiktok-api-contract.md § Customer file rules and § Identifier normalisation and hashing.
 */
export type HashRule = 'events' | 'audience';
