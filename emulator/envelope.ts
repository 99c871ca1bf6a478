import { randomBytes } from 'node:crypto';

// Contract: docs/tiktok-api-contract.md#response-envelope
/** TikTok's response envelope; errors are HTTP 200 with code != 0. */
export interface ApiEnvelope<T = unknown> {
	code: number;
	message: string;
	request_id: string;
	data: T;
}

/** Throw from a route handler to answer with a TikTok error envelope. */
export class ApiError extends Error {
	constructor(
		readonly code: number,
		message: string,
		readonly data: unknown = {},
	) {
		super(message);
	}
}

/** Return from a route handler to answer with raw bytes instead of the envelope (CSV/zip downloads). */
export class RawResponse {
	constructor(
		readonly body: Buffer | string,
		readonly contentType = 'application/octet-stream',
		readonly status = 200,
		readonly headers: Record<string, string> = {},
	) {}
}

let counter = 0;

/** Unique, TikTok-looking request id: UTC timestamp + random hex + counter. */
export function newRequestId(): string {
	const d = new Date();
	const stamp = d.toISOString().replace(/[-:TZ.]/g, '').slice(0, 14);
	counter = (counter + 1) % 1_000_000;
	return `${stamp}${randomBytes(7).toString('hex').toUpperCase()}${String(counter).padStart(6, '0')}`;
}

export function envelope<T>(code: number, message: string, data: T): ApiEnvelope<T> {
	return { code, message, request_id: newRequestId(), data };
}

// Contract: docs/tiktok-api-contract.md#return-codes
/** Default messages for codes a test may inject without a message. */
export const DEFAULT_MESSAGES: Record<number, string> = {
	40001: 'No permission to operate this resource.',
	40002: 'Parameter error.',
	40100: 'Too many requests. Please retry in some time.',
	40101: 'The app_id and secret are inconsistent.',
	40102: 'Access token has expired.',
	40104: 'Access token is empty.',
	40110: 'Authorization code is invalid or expired.',
	40105: 'Access token is invalid.',
	40200: 'Task error.',
	40201: 'Task is not ready.',
	40202: 'Write or update entity conflict.',
	40700: 'Internal service validation error.',
	40900: 'File signature error.',
	50000: 'System error.',
	50002: 'Error processing request on TikTok side.',
	60001: 'System in maintenance.',
};

export function defaultMessage(code: number): string {
	return DEFAULT_MESSAGES[code] ?? `Error ${code}.`;
}
