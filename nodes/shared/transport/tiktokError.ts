import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { isRetryableCode, isRetryableNetworkCode, isRetryableStatus } from './errors';

/**
 * What went wrong on a call to TikTok: TikTok's own code (a number from its envelope), the HTTP status when the
 * answer was an HTTP error, or a code of this package when there was no usable answer (TIMEOUT, ECONNRESET,
 * INVALID_RESPONSE, REDIRECT_REFUSED, CREDENTIAL_FAILED, PAGINATION_STOPPED…).
 */
export type FailureCode = number | string;

export interface TikTokFailure {
	code: FailureCode;
	/** TikTok's message (redacted), or what this package saw instead of an answer. */
	message: string;
	requestId?: string;
	/** Set when the code is an HTTP status rather than TikTok's envelope code. */
	httpStatus?: number;
}

/** Failures raised before anything was sent: nothing can have been applied. */
const NOT_SENT = new Set(['CREDENTIAL_FAILED', 'INVALID_BASE_URL', 'PAGINATION_STOPPED']);

/** Token or app refused: the fix is in the credential, not in the node's parameters or a retry. */
const CREDENTIAL_CODES = new Set([40101, 40102, 40104, 40105, 40107, 40110]);

/** The code on any error this package raises for a TikTok call (TikTokApiError or a credential step error). */
export function failureCode(error: unknown): FailureCode | undefined {
	const code = (error as { tiktokCode?: unknown } | null | undefined)?.tiktokCode;
	return typeof code === 'number' || typeof code === 'string' ? code : undefined;
}

/** TikTok's own numeric code, or the HTTP status; undefined when there was no answer. */
export function tikTokCode(error: unknown): number | undefined {
	const code = failureCode(error);
	return typeof code === 'number' ? code : undefined;
}

function httpStatusOf(error: unknown, code: FailureCode | undefined): number | undefined {
	const status = (error as { httpStatus?: unknown } | null | undefined)?.httpStatus;
	if (typeof status === 'number') return status;
	// TikTok's own codes have five digits: a three-digit code is an HTTP status.
	return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/**
 * The request went out but no TikTok answer came back (connection lost, timeout, 5xx, garbage): it may or may
 * not have been applied, so a change must not be replayed blindly.
 */
export function isOutcomeUnknown(error: unknown): boolean {
	const code = failureCode(error);
	if (typeof code === 'string') return !NOT_SENT.has(code);
	const status = httpStatusOf(error, code);
	return status !== undefined && status >= 500;
}

/** Another attempt later may succeed (rate limit, TikTok busy, 429/5xx, a dropped connection). */
export function isRetryable(error: unknown): boolean {
	const code = failureCode(error);
	if (code === undefined) return false;
	const status = httpStatusOf(error, code);
	if (status !== undefined) return isRetryableStatus(status);
	return typeof code === 'number' ? isRetryableCode(code) : code === 'TIMEOUT' || isRetryableNetworkCode(code);
}

/** TikTok refused the token or the app keys. */
export function isCredentialProblem(error: unknown): boolean {
	return CREDENTIAL_CODES.has(tikTokCode(error) ?? 0);
}

/**
 * A failed TikTok call as an n8n error, with TikTok's fields typed for callers that mark items failed instead of
 * throwing. It reports itself as a NodeApiError: n8n passes errors of that name through unchanged.
 */
export class TikTokApiError extends NodeApiError {
	readonly tiktokCode: FailureCode;
	readonly tiktokMessage: string;
	readonly requestId?: string;
	readonly httpStatus?: number;

	constructor(
		node: INode,
		response: JsonObject,
		failure: TikTokFailure,
		options: { message: string; description?: string; httpCode?: string; itemIndex?: number },
	) {
		super(node, response, options);
		Object.defineProperty(this, 'name', { value: 'NodeApiError', writable: true, enumerable: true, configurable: true });
		this.tiktokCode = failure.code;
		this.tiktokMessage = failure.message;
		this.requestId = failure.requestId;
		this.httpStatus = failure.httpStatus;
	}

	get outcomeUnknown(): boolean {
		return isOutcomeUnknown(this);
	}

	get retryable(): boolean {
		return isRetryable(this);
	}

	get credentialProblem(): boolean {
		return isCredentialProblem(this);
	}
}
