import {
	NodeApiError,
	sleep,
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
	redactSecrets,
} from './errors';
import { buildMultipartBody, type MultipartField } from './multipart';
import { pacerFor } from './pacer';

export type { MultipartField } from './multipart';
export { describeTikTokCode } from './errors';

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

async function apiTarget(this: TikTokContext): Promise<{ host: string; pacerKey: string }> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const host = resolveApiHost(credentials);
	// Quotas are per app and token; the app id stands in for both without keeping a secret as a map key.
	return { host, pacerKey: `${host}|${String(credentials.appId ?? '')}` };
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

function apiError(
	context: TikTokContext,
	req: TikTokRequest,
	details: { code: number | string; message: string; requestId?: string; httpCode?: string },
): NodeApiError {
	const codeNumber = typeof details.code === 'number' ? details.code : undefined;
	const payload: JsonObject = {
		code: details.code,
		message: details.message,
		request_id: details.requestId ?? null,
		path: req.path,
	};
	const where = req.path.replace(/^\/|\/$/g, '');
	const error = new NodeApiError(context.getNode(), payload, {
		message: `TikTok answered ${where} with code ${details.code}: ${details.message}`,
		description:
			(codeNumber !== undefined ? describeTikTokCode(codeNumber) : undefined) ??
			(details.requestId ? `TikTok request id: ${details.requestId}` : undefined),
		httpCode: details.httpCode ?? (codeNumber !== undefined ? String(codeNumber) : undefined),
		itemIndex: req.itemIndex,
	});
	// Expose TikTok's fields for callers that mark items failed instead of throwing.
	Object.assign(error, { tiktokCode: details.code, tiktokMessage: details.message, requestId: details.requestId });
	return error;
}

/**
 * The one function every node uses to talk to TikTok. `data` is the envelope's data object
 * (with `raw: true` and a non-JSON answer it is the response Buffer; cast it).
 */
export async function tikTokApiRequest(this: TikTokContext, req: TikTokRequest): Promise<TikTokResult> {
	const { host, pacerKey } = await apiTarget.call(this);
	const pacer = pacerFor(pacerKey);
	const options: IHttpRequestOptions = {
		method: req.method,
		url: apiUrl(host, req.path),
		qs: encodeQuery(req.qs),
		headers: { ...(req.headers ?? {}) },
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: req.timeoutMs ?? 120_000,
	};
	if (req.formData) {
		const multipart = buildMultipartBody(req.formData);
		options.body = multipart.body;
		options.headers!['Content-Type'] = multipart.contentType;
	} else if (req.body !== undefined) {
		options.body = Buffer.from(JSON.stringify(req.body));
		options.headers!['Content-Type'] = 'application/json';
	}

	const maxAttempts = Math.max(1, req.maxAttempts ?? DEFAULT_ATTEMPTS);
	const idempotent = req.idempotent !== false;
	let lastError: NodeApiError | undefined;
	let rateLimited = false;
	for (let attempt = 0; attempt < maxAttempts; attempt++) {
		// After a 40100 the pacer's gap is the wait; other failures back off exponentially.
		if (attempt > 0 && !rateLimited) await sleep(backoffDelayMs(attempt - 1));
		const wait = pacer.reserve(Date.now());
		if (wait > 0) await sleep(wait);
		rateLimited = false;
		let response: { statusCode?: number; body?: unknown };
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				options,
			)) as typeof response;
		} catch (error) {
			const network = networkErrorCode(error);
			lastError = apiError(this, req, {
				code: network ?? 'REQUEST_FAILED',
				message: network
					? `the connection failed (${network})`
					: `the request could not be sent (${redactSecrets(String((error as Error).message))})`,
			});
			if (network && idempotent) continue;
			throw lastError;
		}
		const status = response.statusCode ?? 200;
		const bytes = toBuffer(response.body);
		if (status >= 400) {
			lastError = apiError(this, req, {
				code: status,
				message: `HTTP ${status}${bytes.length ? `: ${redactSecrets(bytes.toString('utf8').slice(0, 200))}` : ''}`,
				httpCode: String(status),
			});
			if (isRetryableStatus(status) && idempotent) continue;
			throw lastError;
		}
		if (req.raw && !looksLikeJson(bytes)) {
			return { data: bytes as unknown as IDataObject, requestId: '' };
		}
		let envelope: Envelope;
		try {
			envelope = parseJsonLosslessIds(bytes.toString('utf8')) as Envelope;
		} catch {
			throw apiError(this, req, {
				code: 'INVALID_RESPONSE',
				message: `the answer was not JSON (HTTP ${status}, ${bytes.length} bytes)`,
			});
		}
		const code = Number(envelope.code);
		const requestId = envelope.request_id === undefined ? '' : String(envelope.request_id);
		if (code === 0) {
			pacer.succeeded();
			return { data: (envelope.data ?? {}) as IDataObject, requestId };
		}
		if (code === 40100) {
			pacer.rateLimited();
			rateLimited = true;
		}
		lastError = apiError(this, req, {
			code: Number.isNaN(code) ? String(envelope.code) : code,
			message: String(envelope.message ?? 'no message'),
			requestId,
		});
		if (isRetryableCode(code)) continue;
		throw lastError;
	}
	throw lastError!;
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (typeof body === 'string') return Buffer.from(body);
	if (body === undefined || body === null) return Buffer.alloc(0);
	return Buffer.from(JSON.stringify(body));
}

function looksLikeJson(bytes: Buffer): boolean {
	for (const byte of bytes) {
		if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
		return byte === 0x7b;
	}
	return false;
}

/**
 * Every item of a paginated list: page/page_size over data.page_info.total_page, or has_more + cursor.
 * `limit` stops early once enough items were read.
 */
export async function tikTokApiRequestAllItems(
	this: TikTokContext,
	req: TikTokRequest,
	opts: { listKey?: string; pageSize?: number; limit?: number } = {},
): Promise<IDataObject[]> {
	const listKey = opts.listKey ?? 'list';
	const pageSize = opts.pageSize ?? 100;
	const items: IDataObject[] = [];
	let page = 1;
	let cursor: string | undefined;
	const target = req.method === 'GET' ? 'qs' : 'body';
	for (;;) {
		const paging: IDataObject = cursor !== undefined ? { cursor, page_size: pageSize } : { page, page_size: pageSize };
		const { data } = await tikTokApiRequest.call(this, {
			...req,
			[target]: { ...(req[target] ?? {}), ...paging },
		});
		const list = (data[listKey] as IDataObject[] | undefined) ?? [];
		for (const entry of list) {
			items.push(entry);
			if (opts.limit !== undefined && items.length >= opts.limit) return items;
		}
		const info = (data.page_info ?? {}) as IDataObject;
		if (info.has_more !== undefined) {
			if (!info.has_more || list.length === 0) return items;
			cursor = info.cursor === undefined ? undefined : String(info.cursor);
			if (cursor === undefined) page++;
			continue;
		}
		const totalPage = Number(info.total_page ?? 1);
		if (page >= totalPage || list.length === 0) return items;
		page++;
	}
}
