/** One part of a multipart/form-data body. `value` is the UTF-8 text of `data`. */
export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	headers: Record<string, string>;
	data: Buffer;
	value: string;
	/** For a file part the route consumed as it arrived: what its sink made of it (`data` is then what it kept). */
	streamed?: unknown;
}

export interface MultipartBody {
	/** Body bytes, counted as they arrived (a streamed body is not kept whole). */
	bytes?: number;
	parts: MultipartPart[];
	/** Text fields (parts without a filename); the last one wins for repeated names. */
	fields: Record<string, string>;
	/** File parts (parts with a filename), in body order. */
	files: MultipartPart[];
}

export class MultipartError extends Error {}

/** Boundary from a Content-Type header, or undefined when it is not multipart/form-data. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType.trim())) return undefined;
	const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
	const boundary = m?.[1] ?? m?.[2];
	if (!boundary) throw new MultipartError('multipart/form-data without a boundary');
	return boundary;
}

// Contract: docs/tiktok-api-contract.md#post-dmpcustom_audiencefileupload
/** Parses a multipart/form-data body (RFC 7578): CRLF line breaks, any binary content. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: MultipartPart[] = [];
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new MultipartError('multipart body has no boundary delimiter');
	for (;;) {
		pos += delimiter.length;
		if (body.subarray(pos, pos + 2).toString('latin1') === '--') break; // closing delimiter
		pos = skipLineBreak(body, pos);
		// A part's content ends at CRLF followed by the next delimiter.
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), pos);
		if (next < 0) throw new MultipartError('multipart body is not terminated by a closing boundary');
		parts.push(parsePart(body.subarray(pos, next)));
		pos = next + 2;
	}
	const fields: Record<string, string> = {};
	const files: MultipartPart[] = [];
	for (const part of parts) {
		if (part.filename !== undefined) files.push(part);
		else fields[part.name] = part.value;
	}
	return { parts, fields, files };
}

function skipLineBreak(body: Buffer, pos: number): number {
	// Transport padding (spaces/tabs) may follow the delimiter before CRLF.
	while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
	if (body[pos] === 0x0d && body[pos + 1] === 0x0a) return pos + 2;
	throw new MultipartError('malformed multipart delimiter line');
}

function parsePart(raw: Buffer): MultipartPart {
	const headerEnd = raw.indexOf('\r\n\r\n');
	if (headerEnd < 0) throw new MultipartError('multipart part without a header section');
	const head = parsePartHead(raw.subarray(0, headerEnd).toString('utf8'));
	const data = Buffer.from(raw.subarray(headerEnd + 4));
	return { ...head, data, value: data.toString('utf8') };
}

export type MultipartPartHead = Pick<MultipartPart, 'name' | 'filename' | 'contentType' | 'headers'>;

/** A part's header section (without the blank line that ends it). */
export function parsePartHead(text: string): MultipartPartHead {
	const headers: Record<string, string> = {};
	for (const line of text.split('\r\n')) {
		if (!line) continue;
		const colon = line.indexOf(':');
		if (colon < 0) throw new MultipartError(`malformed multipart header line "${line}"`);
		headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const disposition = headers['content-disposition'];
	if (!disposition || !/^form-data\b/i.test(disposition)) {
		throw new MultipartError('multipart part without Content-Disposition: form-data');
	}
	const params = dispositionParams(disposition);
	if (params.name === undefined) throw new MultipartError('multipart part without a name');
	return { name: params.name, filename: params['filename*'] ?? params.filename, contentType: headers['content-type'], headers };
}

function dispositionParams(value: string): Record<string, string> {
	const out: Record<string, string> = {};
	const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]*))/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(value))) {
		const key = m[1].toLowerCase();
		let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3].trim();
		if (key === 'filename*') {
			// RFC 5987: charset'lang'percent-encoded
			const ext = /^([^']*)'[^']*'(.*)$/.exec(v);
			if (ext) {
				try {
					v = decodeURIComponent(ext[2]);
				} catch {
					throw new MultipartError(`malformed filename* parameter "${v}"`);
				}
			}
		}
		out[key] = v;
	}
	return out;
}
