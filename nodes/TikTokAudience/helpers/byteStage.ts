import { isGzip, StreamingGunzip } from '../../shared/files/gunzip';

/** What sits between the file's bytes and the text decoder: nothing, or a gzip decompressor. */
export interface ByteStage {
	readonly gzip: boolean;
	push(chunk: Uint8Array): Uint8Array[];
	finish(): Uint8Array[];
}

const PLAIN: ByteStage = { gzip: false, push: (chunk) => [chunk], finish: () => [] };

export { GunzipError } from '../../shared/files/gunzip';

/** Chosen by the file's first bytes (gzip's magic 1f 8b), whatever its name or MIME type says. */
export function openByteStage(first: Uint8Array): ByteStage {
	if (!isGzip(first)) return PLAIN;
	const gunzip = new StreamingGunzip();
	return { gzip: true, push: (chunk) => gunzip.push(chunk), finish: () => gunzip.finish() };
}
