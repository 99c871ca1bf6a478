// Byte-to-text for files users hand us (TikTok exports, spreadsheets re-saved by hand). Pure: no n8n imports.

export class TextDecodeProblem extends Error {}

export interface DecodedText {
	text: string;
	encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
	hadBom: boolean;
}

function swapBytes(bytes: Uint8Array): Uint8Array {
	const out = new Uint8Array(bytes.length - (bytes.length % 2));
	for (let i = 0; i + 1 < bytes.length; i += 2) {
		out[i] = bytes[i + 1];
		out[i + 1] = bytes[i];
	}
	return out;
}

/**
 * UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's "Unicode text") are accepted. Anything else is
 * refused rather than guessed: a wrong guess would silently corrupt Vietnamese names.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
	if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: decodeUtf8(bytes.subarray(3)), encoding: 'utf-8', hadBom: true };
	}
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', hadBom: true };
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		const le = swapBytes(bytes.subarray(2));
		return { text: new TextDecoder('utf-16le').decode(le), encoding: 'utf-16be', hadBom: true };
	}
	return { text: decodeUtf8(bytes), encoding: 'utf-8', hadBom: false };
}

function decodeUtf8(bytes: Uint8Array): string {
	let text: string | undefined;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = undefined;
	}
	if (text === undefined) {
		throw new TextDecodeProblem(
			`The file is not UTF-8 text (first invalid byte at offset ${firstInvalidUtf8Offset(bytes)})`,
		);
	}
	return text;
}

/** Binary search for the shortest prefix that fails to decode; a cut multi-byte character is fine in stream mode. */
function firstInvalidUtf8Offset(bytes: Uint8Array): number {
	let lo = 0;
	let hi = bytes.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		try {
			new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
			lo = mid + 1;
		} catch {
			hi = mid;
		}
	}
	// `lo` is where decoding broke; report the start of the unfinished character when there is one.
	for (let k = 1; k <= 3 && lo - k >= 0; k++) {
		const b = bytes[lo - k];
		if (b < 0x80) break;
		if (b >= 0xc0) return (b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1) >= k ? lo - k : lo;
	}
	return lo;
}

/**
 * UTF-8 decoding of bytes that arrive in pieces (a character may be cut between two): a BOM at the start is
 * dropped, and bytes that are not UTF-8 stop the file with their offset instead of becoming U+FFFD.
 */
export class Utf8StreamDecoder {
	private readonly decoder = new TextDecoder('utf-8', { fatal: true });
	private offset = 0;

	push(bytes: Uint8Array): string {
		let text: string | undefined;
		try {
			text = this.decoder.decode(bytes, { stream: true });
		} catch {
			text = undefined;
		}
		if (text === undefined) {
			throw new TextDecodeProblem(
				`The file is not UTF-8 text (first invalid byte near offset ${this.offset + firstInvalidUtf8Offset(bytes)})`,
			);
		}
		this.offset += bytes.length;
		return text;
	}

	finish(): string {
		let text: string | undefined;
		try {
			text = this.decoder.decode();
		} catch {
			text = undefined;
		}
		if (text === undefined) {
			throw new TextDecodeProblem(`The file ends in the middle of a UTF-8 character (offset ${this.offset})`);
		}
		return text;
	}
}
