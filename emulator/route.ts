import type { IncomingHttpHeaders } from 'node:http';
import type { z, ZodTypeAny } from 'zod';
import type { MultipartBody, MultipartPartHead } from './multipart';
import type { PartSink } from './multipartStream';
import type { Advertiser } from './seed';
import type { BaseState, Seed, TokenRecord } from './state';

export type HttpMethod = 'GET' | 'POST';

export interface RouteContext<Q, B, S> {
	method: HttpMethod;
	/** API path without the /open_api/v1.3 prefix, e.g. '/advertiser/info/'. */
	path: string;
	/** Validated query (GET): JSON-decoded for the route's jsonQuery keys, then parsed by the route's zod schema. */
	query: Q;
	/** Validated body (POST): parsed JSON, or the multipart text fields for bodyType 'multipart'. */
	body: B;
	/** Present for bodyType 'multipart': every part with its bytes; files are the parts that have a filename. */
	multipart?: MultipartBody;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** The Access-Token record (undefined for auth: 'none' routes). */
	token?: TokenRecord;
	/** All state: `core` plus every module's slice. */
	state: BaseState & Record<string, unknown>;
	/** This module's own slice (what its createState returned). */
	slice: S;
	/** Emulator clock in ms (real time plus emu.advanceTime offsets). */
	now(): number;
	/** 40001 unless the request's token covers this advertiser; returns the advertiser. */
	assertAdvertiser(advertiserId: string): Advertiser;
}

export interface RouteDef<S = unknown, QS extends ZodTypeAny = ZodTypeAny, BS extends ZodTypeAny = ZodTypeAny> {
	method: HttpMethod;
	/** Exact path without prefix, with leading and trailing slash. */
	path: string;
	/** 'token' (default): Access-Token header required. 'none': app-level calls (token exchange, subscriptions). */
	auth?: 'token' | 'none';
	/** Scope id the token must carry, else 40001. */
	scope?: number;
	/** Query keys that arrive JSON-encoded (lists/objects); non-JSON → 40002. */
	jsonQuery?: readonly string[];
	query?: QS;
	body?: BS;
	/** POST body encoding. Default 'json' (Content-Type application/json required). */
	bodyType?: 'json' | 'multipart';
	/**
	 * Multipart only: a file part's content is handed to the returned sink as it arrives instead of being
	 * collected (undefined: collect it as usual). `fields` are the text parts that came before it.
	 */
	streamFile?(ctx: { head: MultipartPartHead; fields: Record<string, string>; slice: S }): PartSink | undefined;
	/** Return `data` (envelope code 0), a RawResponse, or throw ApiError. */
	handler(ctx: RouteContext<z.output<QS>, z.output<BS>, S>): unknown;
}

/** Any route, whatever its slice and schemas (handler is a method, so parameter types are checked bivariantly). */
export type AnyRouteDef = RouteDef<unknown>;

/** A route module: emulator/routes/<area>.ts exports `routes` and optionally `createState`. */
export interface RouteModule {
	createState?(seed: Seed): unknown;
	routes: readonly AnyRouteDef[];
}

/** Route builder bound to a module's slice type: `const route = routeFor<MyState>(); route({ ... })`. */
export function routeFor<S>() {
	return <QS extends ZodTypeAny = ZodTypeAny, BS extends ZodTypeAny = ZodTypeAny>(
		def: RouteDef<S, QS, BS>,
	): RouteDef<S, QS, BS> => def;
}

/** Route builder for modules without a slice of their own. */
export const defineRoute = routeFor<undefined>();
