/**
 * Property / fuzz suite for the identity module: random and adversarial values of every type through every
 * preparer and normaliser, under both rules. Invariants: never throws; a result is a lowercase SHA-256 digest,
 * "empty" or a known reason; the raw value never appears in any output (digest or masked form only); work is
 * linear in the input's length.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
	maskIdentifier,
	normalizeMaid,
	normalizePhone,
	prepareEmail,
	prepareExternalId,
	prepareMaid,
	preparePhone,
	type IdentifierResult,
} from '../../../nodes/shared/identity';
import { DigestSet } from '../../../nodes/TikTokAudience/upload/digestSet';
import { runOf, superlinear } from './linear';

const REASONS = new Set([
	'unsupported_type',
	'invisible_characters',
	'invalid_email',
	'email_too_long',
	'phone_invalid_characters',
	'phone_missing_country',
	'phone_unknown_country',
	'phone_unknown_country_code',
	'phone_too_short',
	'phone_too_long',
	'phone_invalid_for_country',
	'invalid_maid',
	'maid_zeroed',
	'external_id_too_long',
	'external_id_imprecise_number',
]);
const HEX64 = /^[0-9a-f]{64}$/;
const isDigest = (s: string) => s.trim().length === 64 && /^[0-9a-fA-F]{64}$/.test(s.trim());

const PREPARERS: Array<[string, (v: unknown) => IdentifierResult]> = [
	['email/events', (v) => prepareEmail(v, 'events')],
	['email/audience', (v) => prepareEmail(v, 'audience')],
	['phone/events', (v) => preparePhone(v, 'VN', 'events')],
	['phone/audience', (v) => preparePhone(v, 'CN', 'audience')],
	['phone/no country', (v) => preparePhone(v)],
	['external id', prepareExternalId],
	['maid', prepareMaid],
];

/** Characters that matter to these parsers, mixed with anything at all. */
const tricky = fc.constantFrom(
	' ', '\t', '\n', '@', '+', '.', '-', '(', ')', '#', ';', 'x', 'e', 'ext', '0', '1', '9', '８', '٣', 'é', 'e\u0301',
	'\u200b', '\u00ad', '\u2060', '\u202e', '\ufeff', '\u00a0', 'İ', 'ß', '"', '\\', '\ud800',
);
const identifierLike = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 80 }),
	fc.array(tricky, { maxLength: 40 }).map((parts) => parts.join('')),
	fc.emailAddress(),
	fc.emailAddress().map((e) => ` ${e.toUpperCase()}\u200b`),
	fc.stringMatching(/^\+?[0-9 ()-]{0,30}$/),
	fc.uuid(),
	fc.stringMatching(/^[0-9a-fA-F]{64}$/),
);
const anyValue = fc.oneof(identifierLike, fc.anything(), fc.bigInt(), fc.double());

/** Things a raw value must not show up as in an output: itself, and its trimmed / lowercased forms. */
function leaks(output: string, raw: unknown): boolean {
	if (typeof raw !== 'string') return false;
	const t = raw.trim();
	if (t.length < 6 || isDigest(t)) return false;
	return output.includes(t) || output.includes(t.toLowerCase());
}

describe('identity module under random and adversarial input', () => {
	it.each(PREPARERS)('%s: never throws, returns a digest / empty / known reason, never the raw value', (_name, prepare) => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const result = prepare(value);
				if (result.status === 'hashed') expect(result.hash).toMatch(HEX64);
				else if (result.status === 'invalid') expect(REASONS.has(result.reason)).toBe(true);
				else expect(result.status).toBe('empty');
				expect(leaks(JSON.stringify(result), value)).toBe(false);
			}),
			{ numRuns: 1500 },
		);
	});

	it('normalisers are idempotent: a normalised value normalises to itself', () => {
		fc.assert(
			fc.property(identifierLike, (value) => {
				const phone = normalizePhone(value, 'VN');
				if (phone.ok) expect(normalizePhone(phone.value)).toEqual(phone);
				const maid = normalizeMaid(value);
				if (maid.ok) expect(normalizeMaid(maid.value)).toEqual(maid);
			}),
			{ numRuns: 3000 },
		);
	});

	it('composed (NFC) and decomposed (NFD) spellings hash alike', () => {
		const accented = fc
			.array(fc.constantFrom('a', 'e', 'é', 'ñ', 'ü', 'ç', 'Å', 'ệ', 'ở', '1', '_', '.'), { minLength: 1, maxLength: 20 })
			.map((p) => p.join(''));
		fc.assert(
			fc.property(accented, accented, (local, host) => {
				const address = `${local.replace(/^\.|\.$/g, 'x').replace(/\.\./g, '.x')}@${host.replace(/[._]/g, 'x')}.com`;
				for (const prepare of [prepareEmail, prepareExternalId]) {
					expect(prepare(address.normalize('NFD'))).toEqual(prepare(address.normalize('NFC')));
				}
			}),
			{ numRuns: 1000 },
		);
	});

	it('masked samples show the shape, at most a few letters or digits of the value', () => {
		fc.assert(
			fc.property(anyValue, (value) => {
				const masked = maskIdentifier(value);
				expect(masked.length).toBeLessThanOrEqual(45);
				// Letters and digits carry identity; punctuation and unassigned code points only show the shape.
				expect((masked.match(/[\p{L}\p{N}]/gu) ?? []).length).toBeLessThanOrEqual(7);
				const identifying = typeof value === 'string' && (value.match(/[\p{L}\p{N}]/gu) ?? []).length >= 8;
				if (identifying) expect(leaks(masked, value)).toBe(false);
			}),
			{ numRuns: 2000 },
		);
	});

	it('does linear work on long adversarial values (runs of spaces, separators, "@", digits, format characters)', () => {
		const units = fc.constantFrom(' ', '-', '.', '@', '0', '9', '+', 'x', 'a', '1 ', ' x', '\u200b', 'e\u0301', '\t');
		const edges = fc.constantFrom('', '+84 912', 'x1', 'ext 1', 'a@', '1', '@b.co', '  ');
		fc.assert(
			fc.property(edges, units, edges, (prefix, unit, suffix) => {
				const make = runOf(prefix, unit, suffix);
				for (const [name, prepare] of PREPARERS) {
					const growth = superlinear(prepare, make, 40_000);
					if (growth) throw new Error(`${name} on ${JSON.stringify(make(10))}…: ${growth.small} ms → ${growth.large} ms`);
				}
			}),
			{ numRuns: 25 },
		);
	});
});

describe('audience dedupe set under crafted pre-hashed values', () => {
	const sha = (i: number, salt: string) => createHash('sha256').update(`${salt}${i}`).digest('hex');
	const N = 40_000;

	function dedupe(values: string[]): { added: number; probes: number } {
		const set = new DigestSet();
		let added = 0;
		for (const v of values) if (set.add(v)) added++;
		return { added, probes: set.probes };
	}

	it.each([
		['sharing their first 32 bits', (i: number) => `deadbeef${sha(i, 'c').slice(8)}`],
		['sharing their first 128 bits', (i: number) => `${'0'.repeat(32)}${sha(i, 'd').slice(32)}`],
		['differing only in their last 32 bits', (i: number) => `${'f'.repeat(56)}${i.toString(16).padStart(8, '0')}`],
	])('40k digests %s: all kept, with work comparable to random digests', (_name, craft) => {
		const random = dedupe(Array.from({ length: N }, (_, i) => sha(i, 'r')));
		const crafted = Array.from({ length: N }, (_, i) => craft(i));
		const result = dedupe([...crafted, ...crafted.slice(0, 1000)]);
		expect(result.added).toBe(N);
		expect(random.added).toBe(N);
		// Linear probing at load ≤ ½ averages under 2.5 probes per add; a shared probe chain needs ~N/2.
		expect(result.probes).toBeLessThan(3 * random.probes);
		expect(result.probes).toBeLessThan(4 * (N + 1000));
	});

	it('random digests (any case) dedupe exactly like a Set of strings', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 600 }), (picks) => {
				const set = new DigestSet(4);
				const ref = new Set<string>();
				for (const p of picks) {
					const h = sha(p, 'p');
					expect(set.add(h)).toBe(!ref.has(h));
					ref.add(h);
				}
				expect(set.size).toBe(ref.size);
			}),
			{ numRuns: 200 },
		);
	});
});
