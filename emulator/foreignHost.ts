import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ForeignRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface ForeignHost {
	/** 'http://127.0.0.1:PORT' — a different origin from the emulator's. */
	baseUrl: string;
	readonly requests: ForeignRequest[];
	close(): Promise<void>;
}

/** Request id the foreign host answers with, so a test can tell its answers from the emulator's. */
export const FOREIGN_REQUEST_ID = 'FOREIGN-HOST-REQUEST-ID';

/**
 * A second local server standing in for whatever host a redirect could point at. It records every request and
 * answers each with a TikTok-looking success, so a client that followed a redirect would report success.
 */
export async function startForeignHost(): Promise<ForeignHost> {
	const requests: ForeignRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			requests.push({
				method: req.method ?? 'GET',
				url: req.url ?? '/',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			});
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ code: 0, message: 'OK', request_id: FOREIGN_REQUEST_ID, data: {} }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		// Another port is another origin, as another host would be.
		baseUrl: `http://127.0.0.1:${port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
