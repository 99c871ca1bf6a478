/**
 * Deterministic generator of phone-number inputs as people type them: national and international forms,
 * "00" prefixes, stray trunk prefixes, calling codes without "+", separators and whitespace noise, and
 * wrong lengths. Used with libphonenumber-js as the oracle.
 */
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/metadata.min.json';
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';

export interface PhoneCase {
	input: string;
	country: CountryCode;
	form: string;
}

/** mulberry32: small seeded PRNG so a failure is reproducible. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Meta = { countries: Record<string, unknown[]> };

export function possibleLengths(country: CountryCode): number[] {
	return ((metadata as unknown as Meta).countries[country][3] as number[]) ?? [];
}

export function nationalPrefix(country: CountryCode): string {
	const p = (metadata as unknown as Meta).countries[country][5];
	return typeof p === 'string' ? p : '';
}

function digits(r: () => number, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += String(Math.floor(r() * 10));
	return s;
}

function pick<T>(r: () => number, list: readonly T[]): T {
	return list[Math.floor(r() * list.length)];
}

/** Split a digit string into random groups joined by random separators. */
function noisy(r: () => number, s: string): string {
	const seps = [' ', '-', '.', '', ' ', '  ', '\u00a0'];
	const sep = pick(r, seps);
	let out = '';
	let i = 0;
	let first = true;
	while (i < s.length) {
		const n = 2 + Math.floor(r() * 3);
		const g = s.slice(i, i + n);
		out += first && r() < 0.15 ? `(${g})` : g;
		i += n;
		if (i < s.length) out += sep;
		first = false;
	}
	return out;
}

function nsnFor(r: () => number, country: CountryCode): string {
	const example = (examples as Record<string, string>)[country];
	const lengths = possibleLengths(country);
	const roll = r();
	if (example && roll < 0.65) {
		const keep = 1 + Math.floor(r() * 3);
		return example.slice(0, keep) + digits(r, example.length - keep);
	}
	if (example && roll < 0.8) {
		// One digit too many or too few.
		const base = example.slice(0, 2) + digits(r, example.length - 2);
		return r() < 0.5 ? base + digits(r, 1) : base.slice(0, -1);
	}
	const len = lengths.length ? pick(r, lengths) + Math.floor(r() * 3) - 1 : 9;
	return String(1 + Math.floor(r() * 9)) + digits(r, Math.max(len - 1, 1));
}

export function generatePhoneCases(countries: CountryCode[], perCountry: number, seed = 1): PhoneCase[] {
	const r = rng(seed);
	const out: PhoneCase[] = [];
	for (const country of countries) {
		const cc = getCountryCallingCode(country);
		const trunk = nationalPrefix(country);
		for (let k = 0; k < perCountry; k++) {
			const nsn = nsnFor(r, country);
			const form = pick(r, ['national', 'national', 'bare', 'plus', 'plus', 'idd00', 'ccNoPlus', 'plusTrunk']);
			let input: string;
			switch (form) {
				case 'national':
					input = noisy(r, trunk + nsn);
					break;
				case 'bare':
					input = noisy(r, nsn);
					break;
				case 'plus':
					input = `+${cc} ${noisy(r, nsn)}`;
					break;
				case 'idd00':
					input = `00${cc} ${noisy(r, nsn)}`;
					break;
				case 'ccNoPlus':
					input = cc + noisy(r, nsn);
					break;
				default:
					input = trunk ? `+${cc} (${trunk}) ${noisy(r, nsn)}` : `+${cc}${nsn}`;
			}
			if (r() < 0.2) input = ` ${input}\t`;
			out.push({ input, country, form });
		}
	}
	return out;
}
