import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

/**
 * n8n's binary data service in filesystem mode (what N8N_DEFAULT_BINARY_DATA_MODE=filesystem gives a server),
 * registered where n8n-core's helpers look it up, so nodes under test read binaries through
 * `helpers.getBinaryStream` exactly as in a server. `store` puts a file or buffer in and returns the item's
 * binary entry (with its id, no data).
 */
export interface FilesystemBinaryData {
	store(content: Buffer | { path: string }, meta: { fileName: string; mimeType: string }): Promise<IBinaryData>;
	close(): void;
}

export async function useFilesystemBinaryData(): Promise<FilesystemBinaryData> {
	const dir = mkdtempSync(join(tmpdir(), 'tiktok-binary-'));
	const config = { mode: 'filesystem', availableModes: ['filesystem'], localStoragePath: dir, signingSecret: 'test', dbMaxFileSize: 512 };
	const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
	const service = new BinaryDataService(config as never, quiet as never, quiet as never);
	await service.init();
	// The container n8n-core's helpers ask is n8n-core's own copy of @n8n/di (it nests one), not the top-level one.
	// Jest gives each test file its own module registry, so this instance stays within the file that set it.
	const di = (await import(require.resolve('@n8n/di', { paths: [dirname(require.resolve('n8n-core'))] }))) as {
		Container: { set(type: unknown, instance: unknown): void };
	};
	di.Container.set(BinaryDataService, service);
	const location = { type: 'execution' as const, workflowId: 'wf-test', executionId: 'binary-test' };
	return {
		async store(content, meta) {
			const entry = { data: '', mimeType: meta.mimeType, fileName: meta.fileName } as IBinaryData;
			return Buffer.isBuffer(content)
				? await service.store(location, content, entry)
				: await service.copyBinaryFile(location, entry, content.path);
		},
		close() {
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A binary entry kept in the item itself (n8n's default mode): base64 data, no id. */
export function inMemoryBinary(content: Buffer, meta: { fileName: string; mimeType: string }): IBinaryData {
	return { data: content.toString('base64'), mimeType: meta.mimeType, fileName: meta.fileName, fileSize: String(content.length) };
}
