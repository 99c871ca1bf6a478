import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import { membersOf } from '../../../emulator/routes/audience';

export const NODE = 'tikTokAudience';
export const locator = (value: string) => ({ __rl: true, mode: 'id', value });
export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function firstAdvertiser(emu: Emulator): string {
	return [...emu.state.core.advertisers.keys()][0];
}

export function members(emu: Emulator, audienceId: string, type = 'EMAIL_SHA256'): Set<string> {
	return membersOf(emu.state.audience, audienceId, type);
}

export interface Segment {
	items: IDataObject[];
	/** Expected normalised plain values (what TikTok's hash is computed from), unique. */
	expected: string[];
	/** Every raw value written into the items, for leak checks. */
	raw: string[];
	valid: number;
	invalid: number;
	/** Expected rejection reasons (written out by hand per bad value). */
	reasons: Record<string, number>;
	/** What each item is, in order. */
	classes: Array<'valid' | 'invalid' | 'duplicate' | 'empty'>;
	duplicates: number;
	empty: number;
}

const EMAIL_NOISE = [
	(s: string) => s,
	(s: string) => ` ${s.toUpperCase()} `,
	(s: string) => s.replace(/^./, (c) => c.toUpperCase()),
	(s: string) => `\t${s}`,
];
const BAD_EMAILS = ['not-an-email', 'nguyen.van.a@', '@gmail.com', 'khach hang@gmail.com', 'a@b'];

/**
 * `count` items of emails: about 80 % new valid addresses (written with case/space noise), 8 % invalid,
 * 8 % repeats of earlier addresses (in another spelling), 4 % empty. Expected values are built independently
 * of the package: lowercase, trimmed.
 */
export function emailSegment(count: number, start = 0, field = 'email'): Segment {
	const seg: Segment = { items: [], expected: [], raw: [], valid: 0, invalid: 0, reasons: {}, classes: [], duplicates: 0, empty: 0 };
	for (let i = 0; i < count; i++) {
		const slot = i % 25;
		let value: unknown;
		if (slot === 3 || slot === 11) {
			value = BAD_EMAILS[i % BAD_EMAILS.length] + (i % 2 ? String(i) : '');
			seg.invalid++;
			seg.classes.push('invalid');
			seg.reasons.invalid_email = (seg.reasons.invalid_email ?? 0) + 1;
		} else if ((slot === 7 || slot === 19) && seg.expected.length > 0) {
			value = ` ${seg.expected[(i * 7) % seg.expected.length].toUpperCase()}`;
			seg.duplicates++;
			seg.classes.push('duplicate');
		} else if (slot === 23) {
			value = i % 2 ? '' : undefined;
			seg.empty++;
			seg.classes.push('empty');
		} else {
			const plain = `khachhang.${start + i}@example.vn`;
			value = EMAIL_NOISE[i % EMAIL_NOISE.length](plain);
			seg.expected.push(plain);
			seg.valid++;
			seg.classes.push('valid');
		}
		if (typeof value === 'string' && value.trim()) seg.raw.push(value.trim());
		seg.items.push(value === undefined ? { id: i } : { id: i, [field]: value });
	}
	return seg;
}

const PHONE_FORMATS = [
	(n: string) => `0${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
	(n: string) => `+84 ${n}`,
	(n: string) => `(+84) ${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`,
	(n: string) => `84${n}`,
	(n: string) => `0${n}`,
	(n: string) => `0084${n}`,
];

const BAD_PHONES: Array<[string, string]> = [
	['0912 34', 'phone_too_short'],
	['không có', 'phone_invalid_characters'],
	['+84 12', 'phone_too_short'],
	['01234567890123', 'phone_too_long'],
	['0412 345 678', 'phone_invalid_for_country'],
];

/** VN mobile numbers (national and international forms) with invalid, repeated and empty entries. */
export function phoneSegment(count: number, start = 0): Segment {
	const seg: Segment = { items: [], expected: [], raw: [], valid: 0, invalid: 0, reasons: {}, classes: [], duplicates: 0, empty: 0 };
	for (let i = 0; i < count; i++) {
		const slot = i % 20;
		let value: unknown;
		if (slot === 5) {
			const [bad, reason] = BAD_PHONES[Math.floor(i / 20) % BAD_PHONES.length];
			value = bad;
			seg.invalid++;
			seg.classes.push('invalid');
			seg.reasons[reason] = (seg.reasons[reason] ?? 0) + 1;
		} else if (slot === 13 && seg.expected.length > 0) {
			const again = seg.expected[(i * 3) % seg.expected.length];
			value = `0${again.slice(3)}`;
			seg.duplicates++;
			seg.classes.push('duplicate');
		} else if (slot === 17) {
			value = null;
			seg.empty++;
			seg.classes.push('empty');
		} else {
			const nsn = `9${String(10_000_000 + start + i).slice(-8)}`;
			value = PHONE_FORMATS[i % PHONE_FORMATS.length](nsn);
			seg.expected.push(`+84${nsn}`);
			seg.valid++;
			seg.classes.push('valid');
		}
		if (typeof value === 'string' && value.trim()) seg.raw.push(value);
		seg.items.push({ id: i, phone: value as string | null });
	}
	return seg;
}

/** Every byte the node sent (bodies and query strings) as one string, for leak checks. */
export function everythingSent(emu: Emulator): string {
	return emu.requests.map((r) => `${JSON.stringify(r.query)}\n${r.rawBody.toString('utf8')}`).join('\n');
}

/** Requests that reached the handler and were answered with code 0. */
export function succeeded(emu: Emulator, path: string) {
	return emu.requestsTo(path).filter((r) => !r.fault && (r.response as { code?: number } | undefined)?.code === 0);
}
