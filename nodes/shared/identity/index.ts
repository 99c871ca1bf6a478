/**
 * Identifier normalisation and hashing shared by the Audience and Conversion nodes. Pure: no n8n imports.
 * Raw identifiers never leave this module except as SHA-256 hex digests (or masked samples for display).
 */
export type { HashRule, IdentifierResult, InvalidReason, NormalizeResult } from './types';
export { sha256Hex, md5Hex, isSha256Hex } from './hash';
export { prepareEmail } from './email';
export { normalizePhone, preparePhone, phoneHashInput, isSupportedCountry, callingCodeOf } from './phone';
export { normalizeMaid, prepareMaid, type MaidKind } from './maid';
export { prepareExternalId } from './externalId';
export { maskIdentifier } from './mask';
