import { isGzip, StreamingGunzip } from '../../shared/files/gunzip';

/** What sits between the file's bytes and the text decoder: nothing, or a gzip decompressor. */
export interface ByteStage {
	readonly gzip: boolean;
	push(chunk: Uint8Array): Iterable<Uint8Array>;
	finish(): Uint8Array[];
}

const PLAIN: ByteStage = { gzip: false, push: (chunk) => [chunk], finish: () => [] };

/**
 * DEFLATE expands at most ~1032:1, so a whole 256 KiB read chunk of a gzip bomb would come out as ~260 MB at
 * once. Fed in 8 KiB slices, each step yields at most ~8 MB, which the reader consumes before the next slice.
 */
const GZIP_SLICE = 8 * 1024;

function* sliced(gunzip: StreamingGunzip, chunk: Uint8Array): Generator<Uint8Array> {
	for (let at = 0; at < chunk.length; at += GZIP_SLICE) yield* gunzip.push(chunk.subarray(at, at + GZIP_SLICE));
}

export { GunzipError } from '../../shared/files/gunzip';

/** Chosen by the file's first bytes (gzip's magic 1f 8b), whatever its name or MIME type says. */
export function openByteStage(first: Uint8Array): ByteStage {
	if (!isGzip(first)) return PLAIN;
	const gunzip = new StreamingGunzip();
	return { gzip: true, push: (chunk) => sliced(gunzip, chunk), finish: () => gunzip.finish() };
}
