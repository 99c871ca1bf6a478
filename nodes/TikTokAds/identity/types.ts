/**
 * Why a value could not be turned into an identifier. Stable strings: they are counted per reason in the
 * Audience node's summary and may be shown to users, so never rename one without a migration note.
 */
export type InvalidReason =
	| 'unsupported_type'
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
	| 'external_id_too_long';

export type IdentifierResult =
	| { status: 'hashed'; hash: string; passthrough: boolean }
	| { status: 'empty' }
	| { status: 'invalid'; reason: InvalidReason };

/** Result of a normaliser: the normalised plain-text value, or why there is none. */
export type NormalizeResult =
	| { ok: true; value: string }
	| { ok: false; reason: InvalidReason | 'empty' };

export const EMPTY: { status: 'empty' } = { status: 'empty' };
