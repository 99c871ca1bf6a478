import type { Emulator } from '../../emulator';

export interface CallOptions {
	query?: Record<string, unknown>;
	body?: unknown;
	headers?: Record<string, string>;
	/** Access-Token header value; defaults to emu.accessToken, null sends none. */
	token?: string | null;
}

/** Whatever JSON.parse gives: assertions dig into `data` freely and let the expectations do the checking. */
type Json = ReturnType<typeof JSON.parse>;

export interface CallResult {
	status: number;
	text: string;
	json: { code: number; message: string; request_id: string; data: Json };
}

/** Encodes list/object query values as JSON, like TikTok clients do. */
export function apiUrl(emu: Emulator, path: string, query: Record<string, unknown> = {}): string {
	const url = new URL(`/open_api/v1.3${path}`, emu.baseUrl);
	for (const [k, v] of Object.entries(query)) {
		url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
	}
	return url.toString();
}

export async function call(emu: Emulator, method: 'GET' | 'POST', path: string, opts: CallOptions = {}): Promise<CallResult> {
	const headers: Record<string, string> = { ...opts.headers };
	const token = opts.token === undefined ? emu.accessToken : opts.token;
	if (token !== null) headers['Access-Token'] = token;
	let body: string | undefined;
	if (opts.body !== undefined) {
		body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		headers['Content-Type'] ??= 'application/json';
	}
	const res = await fetch(apiUrl(emu, path, opts.query), { method, headers, body });
	const text = await res.text();
	let json: CallResult['json'];
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined as never;
	}
	return { status: res.status, text, json };
}
