import type { IncomingHttpHeaders } from 'node:http';
import type { ApiEnvelope } from './envelope';
import type { Fault } from './faults';
import type { MultipartBody } from './multipart';

/** One request as the emulator received it, and what it answered. */
export interface RecordedRequest {
	method: string;
	/** API path without /open_api/v1.3 (the full URL path when it was outside the API prefix). */
	path: string;
	/** Query values; JSON-decoded for the route's jsonQuery keys (raw strings when decoding failed). */
	query: Record<string, unknown>;
	/** Lower-cased header names, as Node gives them. */
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, or the multipart text fields; the raw text when JSON parsing failed. */
	body?: unknown;
	/** The body as received; empty when a streamed body was too large (or recordBodies was false) to keep. */
	rawBody: Buffer;
	/** Body size in bytes as received (also when rawBody was not kept). */
	bodyBytes: number;
	multipart?: MultipartBody;
	/** The envelope sent (undefined for 404, http faults, raw responses and resets). */
	response?: ApiEnvelope;
	/** HTTP status sent (undefined when the socket was reset). */
	status?: number;
	/** Body text of a non-envelope answer (404 text, http fault body). */
	responseText?: string;
	/** Which injected fault answered (or delayed) this request. */
	fault?: Fault['kind'];
	/** Set when the emulator itself failed while handling the request (a bug to look at). */
	handlerError?: string;
	/** Wall-clock ms when the request finished arriving. */
	receivedAt: number;
}
