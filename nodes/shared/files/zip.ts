// Minimal zip reader for TikTok lead exports (one CSV inside, deflated or stored). Reads the central directory,
// checks each entry's CRC-32. No zip64, no encryption: those are refused with a clear message.
// Pure: no n8n imports.

import { crc32 } from './crc32';
import { InflateLimit, InflateProblem, inflateRaw } from './inflate';

export { crc32 };

export class ZipProblem extends Error {}

/**
 * Limits that keep a crafted zip from filling memory: everything in one zip may expand to at most
 * MAX_ZIP_INFLATED_BYTES, and an entry larger than 1 MiB may expand at most MAX_ZIP_RATIO times its compressed
 * size (CSV text deflates 5–20×; a zip bomb over 1,000×).
 */
export const MAX_ZIP_INFLATED_BYTES = 256 * 1024 * 1024;
export const MAX_ZIP_RATIO = 100;
const RATIO_FREE_BYTES = 1024 * 1024;

function checkDeclaredSize(name: string, size: number, compressedSize: number, budget: number): void {
	if (size > budget) {
		throw new ZipProblem(
			`"${name}" in the zip file expands to ${size} bytes, more than the ${MAX_ZIP_INFLATED_BYTES} bytes this node unpacks from one zip`,
		);
	}
	if (size > RATIO_FREE_BYTES && size > compressedSize * MAX_ZIP_RATIO) {
		throw new ZipProblem(
			`"${name}" in the zip file expands ${Math.round(size / Math.max(1, compressedSize))} times its compressed size (at most ${MAX_ZIP_RATIO} times is accepted); it is not a TikTok lead export`,
		);
	}
}

export interface ZipEntry {
	name: string;
	data: Uint8Array;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function u16(b: Uint8Array, o: number): number {
	return b[o] | (b[o + 1] << 8);
}

function u32(b: Uint8Array, o: number): number {
	return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function findEndOfCentralDirectory(b: Uint8Array): number {
	// The record is 22 bytes plus a comment of at most 65535 bytes.
	const stop = Math.max(0, b.length - 22 - 0xffff);
	for (let o = b.length - 22; o >= stop; o--) {
		if (u32(b, o) === EOCD) return o;
	}
	throw new ZipProblem('The zip file is incomplete: its central directory is missing');
}

export function readZip(bytes: Uint8Array): ZipEntry[] {
	const eocd = findEndOfCentralDirectory(bytes);
	const total = u16(bytes, eocd + 10);
	const cdOffset = u32(bytes, eocd + 16);
	if (total === 0xffff || cdOffset === 0xffffffff) {
		throw new ZipProblem('The zip file uses the zip64 format, which this node cannot read');
	}
	const entries: ZipEntry[] = [];
	let budget = MAX_ZIP_INFLATED_BYTES;
	let o = cdOffset;
	for (let k = 0; k < total; k++) {
		if (o + 46 > bytes.length || u32(bytes, o) !== CENTRAL) {
			throw new ZipProblem('The zip file is damaged: a central directory entry is invalid');
		}
		const flags = u16(bytes, o + 8);
		const method = u16(bytes, o + 10);
		const crc = u32(bytes, o + 16);
		const compressedSize = u32(bytes, o + 20);
		const size = u32(bytes, o + 24);
		const nameLength = u16(bytes, o + 28);
		const extraLength = u16(bytes, o + 30);
		const commentLength = u16(bytes, o + 32);
		const localOffset = u32(bytes, o + 42);
		const nameBytes = bytes.subarray(o + 46, o + 46 + nameLength);
		const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
		o += 46 + nameLength + extraLength + commentLength;
		if (name.endsWith('/')) continue;
		if (flags & 1) throw new ZipProblem(`"${name}" in the zip file is encrypted`);
		if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
			throw new ZipProblem('The zip file uses the zip64 format, which this node cannot read');
		}
		if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== LOCAL) {
			throw new ZipProblem(`The zip file is damaged: the header of "${name}" is missing`);
		}
		const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
		if (dataStart + compressedSize > bytes.length) {
			throw new ZipProblem(`The zip file is truncated: "${name}" is incomplete`);
		}
		checkDeclaredSize(name, size, compressedSize, budget);
		budget -= size;
		const raw = bytes.subarray(dataStart, dataStart + compressedSize);
		let data: Uint8Array;
		if (method === 0) data = raw;
		else if (method === 8) data = inflateEntry(name, raw, size);
		else throw new ZipProblem(`"${name}" in the zip file uses compression method ${method}, which this node cannot read`);
		if (data.length !== size || crc32(data) !== crc) {
			throw new ZipProblem(`"${name}" in the zip file is damaged (size or checksum mismatch)`);
		}
		entries.push({ name, data });
	}
	return entries;
}

function inflateEntry(name: string, raw: Uint8Array, size: number): Uint8Array {
	let data: Uint8Array | undefined;
	let problem = '';
	try {
		// The declared size bounds the output: data that expands further is damaged or crafted.
		data = inflateRaw(raw, size, size);
	} catch (error) {
		problem =
			error instanceof InflateLimit
				? `expands beyond the ${size} bytes its header declares; it is damaged or crafted`
				: `is damaged: ${error instanceof InflateProblem ? error.message : `it could not be decompressed (${String(error)})`}`;
	}
	if (!data) throw new ZipProblem(`"${name}" in the zip file ${problem}`);
	return data;
}
