import {
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { parseJsonLosslessIds } from '../json';
import { apiUrl, resolveApiHost } from './baseUrl';
import {
	backoffDelayMs,
	describeTikTokCode,
	isRetryableCode,
	isRetryableStatus,
	networkErrorCode,
	rateLimitAdvice,
} from './errors';
import { isTimeout, sendWithinOrigin, toBuffer, type RawResponse } from './http';
import { buildMultipartBody, type MultipartField } from './multipart';
import { pacerFor, type RequestPacer } from './pacer';
import { redactText, secretValues } from './redact';
import { TikTokApiError } from './tiktokError';
import { requestTimeoutMs } from './timeouts';

export type { MultipartField } from './multipart';
export { describeTikTokCode } from './errors';
export {
	failureCode,
	isCredentialProblem,
	isOutcomeUnknown,
	isRetryable,
	tikTokCode,
	TikTokApiError,
	type FailureCode,
} from './tiktokError';

/** A server's text with every credential value (and key=value secrets) masked: for messages built outside the transport. */
export async function redactForCredential(this: TikTokContext, text: string): Promise<string> {
	return redactText(text, secretValues((await this.getCredentials(CREDENTIAL_TYPE)) as ICredentialDataDecryptedObject));
}

export const CREDENTIAL_TYPE = 'tikTokAdsOAuth2Api';

export type TikTokContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| IPollFunctions;

export interface TikTokRequest {
	method: 'GET' | 'POST';
	/** Relative to /open_api/v1.3, e.g. '/advertiser/info/'. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	formData?: MultipartField[];
	headers?: IDataObject;
	itemIndex?: number;
	maxAttempts?: number;
	/** Return the response bytes without envelope parsing (CSV / zip downloads). */
	raw?: boolean;
	/**
	 * false for calls that must not be repeated when TikTok may already have acted on them (for example
	 * creating an audience): then only answers that prove TikTok did nothing (rate limit codes) are retried.
	 */
	idempotent?: boolean;
	/** Per-attempt timeout; by default the credential's Request Timeout (longer for file uploads and downloads). */
	timeoutMs?: number;
}

export interface TikTokResult<T = IDataObject> {
	data: T;
	requestId: string;
}

interface Envelope {
	code?: unknown;
	message?: unknown;
	request_id?: unknown;
	data?: unknown;
}

const DEFAULT_ATTEMPTS = 5;

/** A call that timed out is tried once more at most: each attempt already waited the full timeout. */
const MAX_TIMEOUT_ATTEMPTS = 2;

/** Lists and objects in GET queries travel as JSON strings (advertiser_ids=["1","2"]). */
export function encodeQuery(qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		out[key] = typeof value === 'object' ? JSON.stringify(value) : value;
	}
	return out;
}

interface Target {
	host: string;
	pacerKey: string;
	secrets: string[];
	timeoutMs: number;
}

async function apiTarget(this: TikTokContext, req: TikTokRequest): Promise<Target> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secrets = secretValues(credentials);
	let host: string;
	try {
		host = resolveApiHost(credentials);
	} catch (error) {
		throw apiError(this, req, secrets, { code: 'INVALID_BASE_URL', message: (error as Error).message });
	}
	return {
		host,
		// Quotas are per app and token; the app id stands in for both without keeping a secret as a map key.
		pacerKey: `${host}|${String(credentials.appId ?? '')}`,
		secrets,
		// Files (multipart uploads, raw CSV/zip downloads) may keep TikTok busy longer than a JSON call.
		timeoutMs: req.timeoutMs ?? requestTimeoutMs(credentials, req.formData !== undefined || req.raw === true),
	};
}

/** App-level keys for the calls TikTok authenticates with app_id + secret in the request itself. */
export async function getAppCredentials(
	this: TikTokContext,
): Promise<{ appId: string; appSecret: string; accessToken: string }> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	return {
		appId: String(credentials.appId ?? ''),
		appSecret: String(credentials.appSecret ?? ''),
		accessToken: String(credentials.accessToken || credentials.longTermToken || ''),
	};
}

interface ErrorDetails {
	code: number | string;
	message: string;
	requestId?: string;
	httpCode?: string;
	/** When `code` is the HTTP status of an error answer. */
	httpStatus?: number;
	description?: string;
}

/** Every text in the error is redacted by value: servers may echo the token, secret or code back. */
function apiError(context: TikTokContext, req: TikTokRequest, secrets: string[], details: ErrorDetails): TikTokApiError {
	const redact = (text: string) => redactText(text, secrets);
	const message = redact(details.message);
	// The request id comes from the answer too: a gateway may put anything there.
	const requestId = details.requestId === undefined ? undefined : redact(details.requestId);
	const codeNumber = typeof details.code === 'number' ? details.code : undefined;
	const payload: JsonObject = { code: details.code, message, request_id: requestId ?? null, path: req.path };
	const where = req.path.replace(/^\/|\/$/g, '');
	const description =
		details.description ??
		(codeNumber !== undefined ? describeTikTokCode(codeNumber) : undefined) ??
		(requestId ? `TikTok request id: ${requestId}` : undefined);
	// Codes of our own (REDIRECT_REFUSED, TIMEOUT, …) are not TikTok's answer; say so.
	const answered = codeNumber !== undefined || details.code === 'INVALID_RESPONSE' || requestId;
	const failure = { code: details.code, message, requestId, httpStatus: details.httpStatus };
	return new TikTokApiError(context.getNode(), payload, failure, {
		message: answered
			? `TikTok answered ${where} with code ${details.code}: ${message}`
			: `The call to TikTok's ${where} did not go through (${details.code}): ${message}`,
		description: description === undefined ? undefined : redact(description),
		httpCode: details.httpCode ?? (codeNumber !== undefined ? String(codeNumber) : undefined),
		itemIndex: req.itemIndex,
	});
}

function requestOptions(host: string, req: TikTokRequest, timeoutMs: number): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method: req.method,
		url: apiUrl(host, req.path),
		qs: encodeQuery(req.qs),
		headers: { ...(req.headers ?? {}) },
		encoding: 'arraybuffer',
		json: false,
		timeout: timeoutMs,
	};
	if (req.formData) {
		const multipart = buildMultipartBody(req.formData);
		options.body = multipart.body;
		options.headers!['Content-Type'] = multipart.contentType;
	} else if (req.body !== undefined) {
		options.body = Buffer.from(JSON.stringify(req.body));
		options.headers!['Content-Type'] = 'application/json';
	}
	return options;
}

/** What one attempt came to: a result, or an error and whether another attempt may help. */
type Attempt =
	| { result: TikTokResult }
	| { error: TikTokApiError; retry: boolean; rateLimit?: ErrorDetails; timedOut?: boolean };

/**
 * The one function every node uses to talk to TikTok. `data` is the envelope's data object
 * (with `raw: true` and a non-JSON answer it is the response Buffer; cast it).
 */
export async function tikTokApiRequest(this: TikTokContext, req: TikTokRequest): Promise<TikTokResult> {
	const target = await apiTarget.call(this, req);
	const pacer = pacerFor(target.pacerKey);
	const options = requestOptions(target.host, req, target.timeoutMs);
	const maxAttempts = Math.max(1, req.maxAttempts ?? DEFAULT_ATTEMPTS);
	let last: Attempt | undefined;
	let timeouts = 0;
	for (let attempt = 0; attempt < maxAttempts; attempt++) {
		// After a 40100 the pacer's gap is the wait; other failures back off exponentially.
		if (attempt > 0 && !(last && 'error' in last && last.rateLimit)) await sleep(backoffDelayMs(attempt - 1));
		const wait = pacer.reserve(Date.now());
		if (wait > 0) await sleep(wait);
		last = await attemptOnce.call(this, req, target, options, pacer);
		if ('result' in last) return last.result;
		if (last.timedOut && ++timeouts >= MAX_TIMEOUT_ATTEMPTS) break;
		if (!last.retry) break;
	}
	const failed = last as Extract<Attempt, { error: TikTokApiError }>;
	if (failed.rateLimit) {
		// The short backoff is spent: say which of TikTok's waits applies instead of sleeping minutes or hours here.
		const description = rateLimitAdvice(failed.rateLimit.message, new Date());
		throw apiError(this, req, target.secrets, { ...failed.rateLimit, description });
	}
	throw failed.error;
}

async function attemptOnce(
	this: TikTokContext,
	req: TikTokRequest,
	target: Target,
	options: IHttpRequestOptions,
	pacer: RequestPacer,
): Promise<Attempt> {
	const idempotent = req.idempotent !== false;
	const fail = (details: ErrorDetails) => apiError(this, req, target.secrets, details);
	let response: RawResponse;
	try {
		response = await sendWithinOrigin(
			async (o) => (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, o)) as RawResponse,
			options,
		);
	} catch (error) {
		return { error: sendFailure(error, target, fail), ...retryOnNetwork(error, idempotent) };
	}
	const status = response.statusCode ?? 200;
	const bytes = toBuffer(response.body);
	if (status >= 400) {
		// Redacted before it is cut short, so no prefix of a secret survives the cut.
		const text = bytes.length ? `: ${redactText(bytes.toString('utf8'), target.secrets).slice(0, 200)}` : '';
		const error = fail({ code: status, message: `HTTP ${status}${text}`, httpCode: String(status), httpStatus: status });
		return { error, retry: isRetryableStatus(status) && idempotent };
	}
	if (req.raw && !looksLikeJson(bytes)) return { result: { data: bytes as unknown as IDataObject, requestId: '' } };
	let envelope: Envelope;
	try {
		envelope = parseJsonLosslessIds(bytes.toString('utf8')) as Envelope;
	} catch {
		const error = fail({ code: 'INVALID_RESPONSE', message: `the answer was not JSON (HTTP ${status}, ${bytes.length} bytes)` });
		return { error, retry: false };
	}
	const code = Number(envelope.code);
	const requestId = envelope.request_id === undefined ? '' : redactText(String(envelope.request_id), target.secrets);
	if (code === 0) {
		pacer.succeeded(Date.now());
		return { result: { data: (envelope.data ?? {}) as IDataObject, requestId } };
	}
	const details = { code: Number.isNaN(code) ? String(envelope.code) : code, message: String(envelope.message ?? 'no message'), requestId };
	if (code === 40100) {
		pacer.rateLimited(Date.now());
		return { error: fail(details), retry: true, rateLimit: details };
	}
	return { error: fail(details), retry: isRetryableCode(code) };
}

function retryOnNetwork(error: unknown, idempotent: boolean): { retry: boolean; timedOut?: boolean } {
	if (findCredentialStep(error) || (error as { code?: unknown }).code === 'REDIRECT_REFUSED') {
		return { retry: false };
	}
	const timedOut = isTimeout(error);
	return { retry: idempotent && (timedOut || networkErrorCode(error) !== undefined), timedOut };
}

/** Why the request did not produce an answer: the credential's own step, a refused redirect, a timeout, the network. */
function sendFailure(error: unknown, target: Target, fail: (details: ErrorDetails) => TikTokApiError): TikTokApiError {
	const step = findCredentialStep(error);
	if (step) {
		return fail({
			code: 'CREDENTIAL_FAILED',
			message: `the TikTok Ads credential failed at its ${step.credentialStep} before the call was sent: ${step.message}`,
			description:
				step.credentialStep === 'base URL'
					? 'Open the credential and correct the base URL.'
					: 'Open the credential, fix what TikTok said (see the message) and test it; the node can run once the credential test passes.',
		});
	}
	if ((error as { code?: unknown }).code === 'REDIRECT_REFUSED') {
		return fail({
			code: 'REDIRECT_REFUSED',
			message: (error as Error).message,
			description:
				'TikTok\'s API does not redirect. Check the credential\'s environment and base URL: a proxy or captive portal between n8n and TikTok may be answering instead.',
		});
	}
	if (isTimeout(error)) {
		return fail({
			code: 'TIMEOUT',
			message: `no answer within ${target.timeoutMs / 1000} s`,
			description:
				'TikTok (or the base URL) did not answer in time. Try again later; for large uploads raise "Request Timeout" in the credential.',
		});
	}
	const network = networkErrorCode(error);
	return fail({
		code: network ?? 'REQUEST_FAILED',
		message: network ? `the connection failed (${network})` : `the request could not be sent (${String((error as Error).message)})`,
	});
}

function findCredentialStep(error: unknown): { credentialStep: string; message: string } | undefined {
	let current = error as { credentialStep?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.credentialStep === 'string') {
			const message = String(current.message ?? '').replace(/^TikTok Ads credential, [^:]+: /, '');
			return { credentialStep: current.credentialStep, message };
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

function looksLikeJson(bytes: Buffer): boolean {
	for (const byte of bytes) {
		if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
		return byte === 0x7b;
	}
	return false;
}

/**
 * Most pages any list is read to. TikTok's lists are at most a few thousand entries (page_size 100 → a few dozen
 * pages); a server that keeps claiming more (total_page 1e9, has_more forever) must not keep n8n fetching.
 */
export const MAX_PAGES = 1_000;

/**
 * Every item of a paginated list: page/page_size over data.page_info.total_page, or has_more + cursor.
 * `limit` stops early once enough items were read. An empty page ends the list whatever page_info claims; a
 * cursor TikTok already gave, or more than MAX_PAGES pages, fail with an error that says so.
 */
export async function tikTokApiRequestAllItems(
	this: TikTokContext,
	req: TikTokRequest,
	opts: { listKey?: string; pageSize?: number; limit?: number } = {},
): Promise<IDataObject[]> {
	const listKey = opts.listKey ?? 'list';
	const pageSize = opts.pageSize ?? 100;
	const items: IDataObject[] = [];
	const seenCursors = new Set<string>();
	let page = 1;
	let cursor: string | undefined;
	const target = req.method === 'GET' ? 'qs' : 'body';
	for (let pagesRead = 0; ; pagesRead++) {
		if (pagesRead >= MAX_PAGES) throw paginationError(this, req, `it still reported more after ${MAX_PAGES} pages (${items.length} items)`);
		const paging: IDataObject = cursor !== undefined ? { cursor, page_size: pageSize } : { page, page_size: pageSize };
		const { data } = await tikTokApiRequest.call(this, { ...req, [target]: { ...(req[target] ?? {}), ...paging } });
		const list = (data[listKey] as IDataObject[] | undefined) ?? [];
		for (const entry of list) {
			items.push(entry);
			if (opts.limit !== undefined && items.length >= opts.limit) return items;
		}
		const info = (data.page_info ?? {}) as IDataObject;
		if (list.length === 0) return items;
		if (info.has_more !== undefined) {
			if (!info.has_more) return items;
			if (info.cursor === undefined || info.cursor === null || info.cursor === '') {
				page++;
				continue;
			}
			cursor = String(info.cursor);
			if (seenCursors.has(cursor)) throw paginationError(this, req, `it returned cursor ${cursor.slice(0, 40)} a second time`);
			seenCursors.add(cursor);
			continue;
		}
		if (page >= Number(info.total_page ?? 1)) return items;
		page++;
	}
}

function paginationError(context: TikTokContext, req: TikTokRequest, why: string): TikTokApiError {
	return apiError(context, req, [], {
		code: 'PAGINATION_STOPPED',
		message: `the node stopped reading the list because ${why}`,
		description:
			'TikTok\'s answers did not come to an end, so the node stopped instead of fetching forever. Narrow the request (a filter, or Return All off with a limit) and run it again; if it keeps happening, the base URL may not point at TikTok\'s API.',
	});
}
