import type { IHttpRequestOptions } from 'n8n-workflow';

export interface RawResponse {
	statusCode?: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

/** Sends one HTTP request (n8n's helper, with or without the credential's authentication). */
export type Sender = (options: IHttpRequestOptions) => Promise<RawResponse>;

/** Thrown when a redirect is refused; nothing was sent to `Location`. */
export class RedirectError extends Error {
	readonly code = 'REDIRECT_REFUSED';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * TikTok's API does not redirect. A same-origin redirect (a proxy adding a slash, moving a path) is followed at
 * most this many times; the token goes to the origin the user chose and no other.
 */
export const MAX_SAME_ORIGIN_REDIRECTS = 3;

/**
 * Sends with n8n's own redirect handling switched off and follows redirects itself: only to the same origin
 * (scheme, host and port), re-checked at every hop, and only when the request stays what it was (307/308, or a
 * GET). Anything else is refused with an error naming where the server pointed, so the Access-Token header and
 * any app secret in the body never travel to another host.
 */
export async function sendWithinOrigin(send: Sender, options: IHttpRequestOptions): Promise<RawResponse> {
	let current: IHttpRequestOptions = {
		...options,
		disableFollowRedirect: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const origin = new URL(current.url).origin;
	for (let hop = 0; ; hop++) {
		const response = await send(current);
		const status = response.statusCode ?? 200;
		if (!REDIRECTS.has(status)) return response;
		const location = headerValue(response.headers, 'location');
		if (!location) throw new RedirectError(`the server answered HTTP ${status} without saying where to (no Location)`);
		const next = new URL(location, current.url);
		if (next.origin !== origin) {
			throw new RedirectError(
				`the server redirected (HTTP ${status}) to another host, ${next.host}; the request was not sent there, so no token or secret left for it`,
			);
		}
		if ((current.method ?? 'GET') !== 'GET' && status !== 307 && status !== 308) {
			throw new RedirectError(`the server answered HTTP ${status}, which would turn this ${current.method} into a GET; it was not followed`);
		}
		if (hop >= MAX_SAME_ORIGIN_REDIRECTS) {
			throw new RedirectError(`the server redirected more than ${MAX_SAME_ORIGIN_REDIRECTS} times within ${next.host}`);
		}
		// The Location is the whole next URL, its query included.
		current = { ...current, url: next.href, qs: undefined };
	}
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name) return Array.isArray(value) ? String(value[0]) : String(value);
	}
	return undefined;
}

export function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body);
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body));
}

/** n8n's HTTP client reports a per-attempt timeout under several codes and messages; one name for all. */
export function isTimeout(error: unknown): boolean {
	let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current.code === 'ECONNABORTED' || current.code === 'ETIMEDOUT' || current.code === 'ESOCKETTIMEDOUT') return true;
		if (typeof current.message === 'string' && /timeout of \d+ms exceeded|timed? ?out/i.test(current.message)) return true;
		current = current.cause as typeof current;
	}
	return false;
}
