import { createHash } from 'node:crypto';

export type MultipartField =
	| { name: string; value: string }
	| { name: string; filename: string; content: Buffer; contentType?: string };

/**
 * n8n's HTTP client only recognises the `form-data` package for multipart bodies, and runtime dependencies are
 * not allowed, so the body is assembled here as one Buffer with its own boundary.
 */
export function buildMultipartBody(fields: MultipartField[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nTikTok${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 24)}`;
	const chunks: Buffer[] = [];
	for (const field of fields) {
		const name = escapeQuotes(field.name);
		if ('content' in field) {
			chunks.push(
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${escapeQuotes(field.filename)}"\r\n` +
						`Content-Type: ${field.contentType ?? 'application/octet-stream'}\r\n\r\n`,
				),
				field.content,
				Buffer.from('\r\n'),
			);
		} else {
			chunks.push(
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${field.value}\r\n`),
			);
		}
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function escapeQuotes(value: string): string {
	return value.replace(/["\r\n]/g, '_');
}
