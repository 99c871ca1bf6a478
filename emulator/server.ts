import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, RawResponse, defaultMessage, envelope, type ApiEnvelope } from './envelope';
import { FaultQueue, RateLimiter, ANY_PATH, type Fault } from './faults';
import { MultipartError, multipartBoundary, parseMultipart, type MultipartBody } from './multipart';
import { MultipartStreamParser } from './multipartStream';
import type { RecordedRequest } from './record';
import type { AnyRouteDef, HttpMethod, RouteContext, RouteModule } from './route';
import { routeModules, type EmulatorState } from './routes';
import {
	DEFAULT_SCOPE,
	assertAdvertiserAccess,
	createCoreState,
	createSeed,
	issueAuthCode,
	issueToken,
	type EmulatorOptions,
	type TokenRecord,
} from './state';
import { parseJsonQuery, validate } from './validate';

export const API_PREFIX = '/open_api/v1.3';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const NOT_FOUND = '404 page not found';

export interface Emulator {
	/** 'http://127.0.0.1:PORT' — the API lives under /open_api/v1.3/. */
	baseUrl: string;
	port: number;
	appId: string;
	appSecret: string;
	/** Long-term token valid for the authorized advertisers. */
	accessToken: string;
	/** Single-use auth code, valid 1 h of emulator time after start/reset. */
	authCode: string;
	readonly state: EmulatorState;
	readonly requests: RecordedRequest[];
	/** Recorded requests to an API path ('/advertiser/info/'; the /open_api/v1.3 prefix is optional). */
	requestsTo(path: string, method?: HttpMethod): RecordedRequest[];
	/** Queue a fault for an API path, or '*' for any path. Faults are consumed in order, `times` each (default 1). */
	injectFault(path: string, fault: Fault): void;
	pendingFaults(): Record<string, Fault[]>;
	clearFaults(): void;
	/** Change the global QPS limit at runtime (undefined = unlimited). */
	setQps(qps: number | undefined): void;
	/** Emulator clock in ms. */
	now(): number;
	/** Move the emulator clock forward (auth-code expiry, time windows). */
	advanceTime(ms: number): void;
	/** A new valid token for the given advertisers (default: all) and scope. */
	createAccessToken(opts?: { advertiserIds?: string[]; scope?: number[] }): string;
	/** A new single-use auth code (default: all advertisers, 1 h). */
	createAuthCode(opts?: { advertiserIds?: string[]; scope?: number[]; ttlMs?: number }): string;
	/** The advertiser cancels authorization: the token answers 40105 from now on. */
	revokeToken(token: string): void;
	/** Fresh seeded state (same credentials), no recorded requests, no faults, clock offset 0. */
	reset(): void;
	close(): Promise<void>;
}

/** Normalizes '/open_api/v1.3/x/' or '/x/' to '/x/'. */
export function apiPath(path: string): string {
	if (path === ANY_PATH) return path;
	return path.startsWith(API_PREFIX + '/') ? path.slice(API_PREFIX.length) : path;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const modules: Record<string, RouteModule> = { ...routeModules, ...options.extraModules };
	const routes = new Map<string, { route: AnyRouteDef; slice: string }>();
	const knownPaths = new Set<string>();
	for (const [slice, mod] of Object.entries(modules)) {
		for (const route of mod.routes) {
			const key = `${route.method} ${route.path}`;
			if (routes.has(key)) throw new Error(`Emulator route defined twice: ${key}`);
			if (!/^\/.*\/$/.test(route.path)) throw new Error(`Emulator route path needs leading and trailing slash: ${key}`);
			routes.set(key, { route, slice });
			knownPaths.add(route.path);
		}
	}

	let clockOffset = 0;
	const now = () => Date.now() + clockOffset;
	const requests: RecordedRequest[] = [];
	const faults = new FaultQueue();
	let limiter = options.qps ? new RateLimiter(options.qps) : undefined;
	const buildState = (): EmulatorState => {
		const seed = createSeed(options, now());
		const state: Record<string, unknown> = { core: createCoreState(seed) };
		for (const [slice, mod] of Object.entries(modules)) {
			if (mod.createState) state[slice] = mod.createState(seed);
		}
		return state as unknown as EmulatorState;
	};
	let state = buildState();
	const seed = createSeed(options, now());

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const underPrefix = url.pathname.startsWith(API_PREFIX + '/');
		const path = underPrefix ? url.pathname.slice(API_PREFIX.length) : url.pathname;
		const entry = underPrefix ? routes.get(`${req.method ?? 'GET'} ${path}`) : undefined;
		const streamed = entry ? await readStreamed(req, entry) : undefined;
		const rawBody = streamed ? streamed.rawBody : await readBody(req);
		const rec: RecordedRequest = {
			method: req.method ?? 'GET',
			path,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			rawBody,
			bodyBytes: streamed ? streamed.bytes : rawBody.length,
			receivedAt: Date.now(),
		};
		requests.push(rec);

		// Contract: docs/tiktok-api-contract.md#host-version-and-trailing-slash
		if (!entry) return sendText(res, rec, 404, NOT_FOUND, 'text/plain; charset=utf-8');
		const { route, slice } = entry;

		let fault = faults.take(path);
		if (fault?.kind === 'delay') {
			rec.fault = 'delay';
			await new Promise((r) => setTimeout(r, fault && fault.kind === 'delay' ? fault.ms : 0));
			if (res.destroyed) return;
			fault = undefined;
		}
		if (fault?.kind === 'reset') {
			rec.fault = 'reset';
			req.socket.destroy();
			return;
		}
		if (fault?.kind === 'http') {
			rec.fault = 'http';
			const body = fault.body ?? `<html><body><h1>${fault.status} Server Error</h1></body></html>`;
			const isText = typeof body === 'string';
			return sendText(
				res,
				rec,
				fault.status,
				isText ? body : JSON.stringify(body),
				fault.contentType ?? (isText ? 'text/html; charset=utf-8' : 'application/json'),
			);
		}
		if (fault && (fault.kind === 'hang' || fault.kind === 'redirect' || fault.kind === 'echo')) {
			rec.fault = fault.kind;
			return answerTrustFault(res, rec, fault);
		}
		if (fault?.kind === 'code') {
			rec.fault = 'code';
			return sendEnvelope(res, rec, envelope(fault.code, fault.message ?? defaultMessage(fault.code), fault.data ?? {}));
		}

		try {
			// Contract: docs/tiktok-api-contract.md#rate-limits
			if (limiter && !limiter.tryTake()) {
				throw new ApiError(40100, `Due to too many requests, requests from App ${state.core.app.appId} are temporarily restricted.`);
			}
			const result = await runRoute(route, slice, req, rec, rawBody, url, streamed);
			if (result instanceof RawResponse) {
				rec.status = result.status;
				res.writeHead(result.status, { 'Content-Type': result.contentType, ...result.headers });
				res.end(result.body);
				return;
			}
			sendEnvelope(res, rec, envelope(0, 'OK', result ?? {}));
		} catch (error) {
			if (error instanceof ApiError) return sendEnvelope(res, rec, envelope(error.code, error.message, error.data));
			rec.handlerError = error instanceof Error ? (error.stack ?? error.message) : String(error);
			sendEnvelope(res, rec, envelope(50000, `Emulator internal error: ${(error as Error)?.message ?? error}`, {}));
		}
	};

	const runRoute = async (
		route: AnyRouteDef,
		slice: string,
		req: IncomingMessage,
		rec: RecordedRequest,
		rawBody: Buffer,
		url: URL,
		streamed?: StreamedBody,
	): Promise<unknown> => {
		let token: TokenRecord | undefined;
		// Contract: docs/tiktok-api-contract.md#access-token-header
		if ((route.auth ?? 'token') === 'token') {
			const header = req.headers['access-token'];
			const value = Array.isArray(header) ? header[0] : header;
			if (!value) throw new ApiError(40104, 'Access token is empty. Send it in the Access-Token header.');
			token = state.core.tokens.get(value);
			if (!token || token.revoked) throw new ApiError(40105, 'Access token is invalid');
			if (route.scope !== undefined && !token.scope.includes(route.scope)) {
				throw new ApiError(40001, `No permission: the access token lacks scope ${route.scope} for ${route.path}:${route.method}.`);
			}
		}
		// Contract: docs/tiktok-api-contract.md#request-encoding
		const rawQuery = Object.fromEntries(url.searchParams);
		const decoded = parseJsonQuery(rawQuery, route.jsonQuery ?? []);
		rec.query = decoded;
		const query = route.query ? validate(route.query, decoded) : decoded;

		let body: unknown;
		let multipart;
		if (route.method === 'POST') {
			const contentType = String(req.headers['content-type'] ?? '');
			if ((route.bodyType ?? 'json') === 'multipart') {
				const boundary = catchMultipart(() => multipartBoundary(contentType));
				if (!boundary) throw new ApiError(40002, 'Content-Type must be multipart/form-data for this endpoint.');
				multipart = catchMultipart(() => streamed?.multipart() ?? parseMultipart(rawBody, boundary));
				rec.multipart = multipart;
				body = rec.body = multipart.fields;
			} else {
				if (!/^application\/json\b/i.test(contentType.trim())) {
					throw new ApiError(40002, 'Content-Type must be application/json.');
				}
				const text = rawBody.toString('utf8');
				try {
					body = rec.body = JSON.parse(text);
				} catch {
					rec.body = text;
					throw new ApiError(40002, 'Invalid JSON body.');
				}
			}
			if (route.body) body = validate(route.body, body);
		}

		const ctx: RouteContext<unknown, unknown, unknown> = {
			method: route.method,
			path: route.path,
			query,
			body,
			multipart,
			headers: req.headers,
			rawBody,
			token,
			state: state as EmulatorState & Record<string, unknown>,
			slice: (state as unknown as Record<string, unknown>)[slice],
			now,
			assertAdvertiser: (id) => assertAdvertiserAccess(state, token, id, `${route.path}:${route.method}`),
		};
		return await route.handler(ctx);
	};

	/**
	 * A multipart body for a route that streams its files: parsed while it arrives, so a multi-GB upload is
	 * never held; the raw bytes are recorded only up to MAX_BODY_BYTES (and not at all with recordBodies false).
	 */
	const readStreamed = async (
		req: IncomingMessage,
		entry: { route: AnyRouteDef; slice: string },
	): Promise<StreamedBody | undefined> => {
		const { route } = entry;
		let boundary: string | undefined;
		try {
			boundary = multipartBoundary(String(req.headers['content-type'] ?? ''));
		} catch {
			boundary = undefined;
		}
		if (!route.streamFile || route.method !== 'POST' || !boundary) return undefined;
		const sliceState = () => (state as unknown as Record<string, unknown>)[entry.slice];
		const parser = new MultipartStreamParser(boundary, (head, fields) => route.streamFile!({ head, fields, slice: sliceState() }));
		let failure: unknown;
		let raw: Buffer[] | undefined = options.recordBodies === false ? undefined : [];
		let bytes = 0;
		for await (const chunk of req as AsyncIterable<Buffer>) {
			bytes += chunk.length;
			if (raw && bytes > MAX_BODY_BYTES) raw = undefined;
			raw?.push(chunk);
			if (failure !== undefined) continue;
			try {
				parser.write(chunk);
			} catch (error) {
				failure = error;
			}
		}
		const multipart = (): MultipartBody => {
			if (failure !== undefined) throw failure;
			return parser.end();
		};
		return { rawBody: raw ? Buffer.concat(raw) : Buffer.alloc(0), bytes, multipart };
	};

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'text/plain' });
				res.end(`emulator failure: ${error}`);
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;

	const emu: Emulator = {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		appId: seed.appId,
		appSecret: seed.appSecret,
		accessToken: seed.accessToken,
		authCode: seed.authCode,
		get state() {
			return state;
		},
		requests,
		requestsTo: (path, method) =>
			requests.filter((r) => r.path === apiPath(path) && (!method || r.method === method)),
		injectFault(path, fault) {
			const p = apiPath(path);
			if (p !== ANY_PATH && !knownPaths.has(p)) throw new Error(`injectFault: no emulator route for ${path}`);
			faults.add(p, fault);
		},
		pendingFaults: () => faults.pending(),
		clearFaults: () => faults.clear(),
		setQps(qps) {
			limiter = qps ? new RateLimiter(qps) : undefined;
		},
		now,
		advanceTime(ms) {
			clockOffset += ms;
		},
		createAccessToken: (opts = {}) =>
			issueToken(state.core, opts.advertiserIds ?? [...state.core.advertisers.keys()], opts.scope ?? DEFAULT_SCOPE),
		createAuthCode: (opts = {}) =>
			issueAuthCode(
				state.core,
				opts.advertiserIds ?? [...state.core.advertisers.keys()],
				opts.scope ?? DEFAULT_SCOPE,
				now(),
				opts.ttlMs,
			),
		revokeToken(token) {
			const record = state.core.tokens.get(token);
			if (record) record.revoked = true;
		},
		reset() {
			clockOffset = 0;
			requests.length = 0;
			faults.clear();
			limiter = options.qps ? new RateLimiter(options.qps) : undefined;
			state = buildState();
		},
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				server.closeAllConnections();
			}),
	};
	return emu;
}

/** Faults that test what a client does with a server it should not trust (hang, redirect, echo). */
function answerTrustFault(
	res: ServerResponse,
	rec: RecordedRequest,
	fault: Extract<Fault, { kind: 'hang' | 'redirect' | 'echo' }>,
): void {
	if (fault.kind === 'hang') return;
	if (fault.kind === 'redirect') {
		rec.status = fault.status;
		res.writeHead(fault.status, { Location: fault.location, 'Content-Type': 'text/plain; charset=utf-8' });
		res.end(`Moved to ${fault.location}`);
		return;
	}
	const part =
		fault.echo === 'query' ? rec.query : fault.echo === 'headers' ? rec.headers : rec.rawBody.toString('utf8');
	if (fault.status === 200) {
		const message = `Invalid request ${JSON.stringify(part)}`;
		return sendEnvelope(res, rec, envelope(fault.code ?? 40002, message, {}));
	}
	sendText(res, rec, fault.status, JSON.stringify({ error: 'bad request', echo: part }), 'application/json');
}

interface StreamedBody {
	rawBody: Buffer;
	bytes: number;
	/** The parsed body, or the parse error, thrown where the buffered path would throw it. */
	multipart(): MultipartBody;
}

function catchMultipart<T>(fn: () => T): T {
	try {
		return fn();
	} catch (error) {
		if (error instanceof MultipartError) throw new ApiError(40002, `Invalid multipart body: ${error.message}`);
		throw error;
	}
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function sendEnvelope(res: ServerResponse, rec: RecordedRequest, body: ApiEnvelope): void {
	rec.response = body;
	rec.status = 200;
	if (res.destroyed) return;
	res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, rec: RecordedRequest, status: number, text: string, contentType: string): void {
	rec.status = status;
	rec.responseText = text;
	if (res.destroyed) return;
	res.writeHead(status, { 'Content-Type': contentType });
	res.end(text);
}
