import { createHash, hash as oneShotHash } from 'node:crypto';

import type * as Identity from '../../nodes/shared/identity';
import type { normalizeEmail } from '../../nodes/shared/identity/email';
import { prng } from '../measure';
import { loadDist } from '../paths';
import type { Scenario } from './types';

/**
 * Scenario 1: identifier preparation (normalise + SHA-256) over 1,000,000 mixed records, against the raw limit
 * measured in the same process: one-shot `crypto.hash('sha256', s)` over the already-normalised strings.
 */

export const RECORDS = 1_000_000;

export interface IdRecord {
	kind: 'email' | 'phone';
	value: string;
	/** Default country for national phone numbers (what the node's "Default Country" gives). */
	country?: string;
}

const FIRST = ['nguyen', 'tran', 'le', 'pham', 'hoang', 'siti', 'budi', 'dewi', 'somchai', 'anong', 'john', 'maria'];
const DOMAINS = ['gmail.com', 'yahoo.com.vn', 'Outlook.com', 'fpt.vn', 'yahoo.co.id', 'hotmail.co.th', 'company.vn'];
const JUNK = ['n/a', 'none', 'abc@', '@gmail.com', 'nguyen@@gmail.com', '12345', '+84 12', 'call me', '-', '0000', 'x@y', 'test@test'];

function pad(n: number, width: number): string {
	return String(n).padStart(width, '0');
}

/** Deterministic mix: 10 % junk, 5 % already-hashed, ~45 % emails, ~40 % phones (VN/ID/TH national + international). */
export function makeRecords(count: number, seed = 20250401): IdRecord[] {
	const rnd = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
	const digits = (n: number) => pad(Math.floor(rnd() * 10 ** n), n);
	const records: IdRecord[] = new Array(count);
	for (let i = 0; i < count; i++) {
		const r = rnd();
		if (r < 0.1) {
			records[i] = { kind: rnd() < 0.5 ? 'email' : 'phone', value: pick(JUNK), country: 'VN' };
		} else if (r < 0.15) {
			const digest = createHash('sha256').update(`pre-${i}`).digest('hex');
			records[i] = { kind: rnd() < 0.5 ? 'email' : 'phone', value: rnd() < 0.3 ? digest.toUpperCase() : digest };
		} else if (r < 0.6) {
			const local = `${pick(FIRST)}${rnd() < 0.5 ? '.' : ''}${pick(FIRST)}${Math.floor(rnd() * 10000)}`;
			const text = `${local}@${pick(DOMAINS)}`;
			const variant = rnd();
			const value = variant < 0.2 ? `  ${text.toUpperCase()} ` : variant < 0.4 ? `${text[0].toUpperCase()}${text.slice(1)}` : text;
			records[i] = { kind: 'email', value };
		} else {
			const p = rnd();
			if (p < 0.3) records[i] = { kind: 'phone', country: 'VN', value: `09${digits(1)} ${digits(3)} ${digits(4)}` };
			else if (p < 0.45) records[i] = { kind: 'phone', country: 'VN', value: `03${digits(2)}-${digits(3)}-${digits(3)}` };
			else if (p < 0.6) records[i] = { kind: 'phone', country: 'ID', value: `0812-${digits(4)}-${digits(4)}` };
			else if (p < 0.75) records[i] = { kind: 'phone', country: 'TH', value: `08${digits(1)} ${digits(3)} ${digits(4)}` };
			else if (p < 0.85) records[i] = { kind: 'phone', country: 'VN', value: `+84 9${digits(2)} ${digits(3)} ${digits(3)}` };
			else if (p < 0.92) records[i] = { kind: 'phone', country: 'VN', value: `+62 812 ${digits(4)} ${digits(4)}` };
			else records[i] = { kind: 'phone', country: 'VN', value: `+1 (415) 55${digits(1)}-${digits(4)}` };
		}
	}
	return records;
}

type IdentityModule = typeof Identity & { normalizeEmail: typeof normalizeEmail };

function prepareAll(id: IdentityModule, records: IdRecord[], from = 0, to = records.length): { hashed: number; passthrough: number; invalid: number; sink: number } {
	let hashed = 0;
	let passthrough = 0;
	let invalid = 0;
	let sink = 0;
	for (let i = from; i < to; i++) {
		const rec = records[i];
		const result = rec.kind === 'email' ? id.prepareEmail(rec.value) : id.preparePhone(rec.value, rec.country);
		if (result.status === 'hashed') {
			if (result.passthrough) passthrough++;
			else hashed++;
			sink += result.hash.charCodeAt(0);
		} else {
			invalid++;
		}
	}
	return { hashed, passthrough, invalid, sink };
}

/** The normalised string of every record that has one (what TikTok's rule hashes). */
function normalisedStrings(id: IdentityModule, records: IdRecord[]): string[] {
	const out: string[] = [];
	for (const rec of records) {
		const n = rec.kind === 'email' ? id.normalizeEmail(rec.value) : id.normalizePhone(rec.value, rec.country);
		if (n.ok) out.push(n.value);
	}
	return out;
}

function rawHashAll(strings: string[]): number {
	let sink = 0;
	for (let i = 0; i < strings.length; i++) sink += oneShotHash('sha256', strings[i]).charCodeAt(0);
	return sink;
}

/** Best time of `n` runs of `fn` (and of `other`, run right after each `fn`, when given). */
function bestOf<T>(n: number, fn: () => T, other?: () => unknown): { ms: number; value: T; otherMs: number } {
	let best = Infinity;
	let otherBest = Infinity;
	let value: T | undefined;
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		value = fn();
		best = Math.min(best, performance.now() - t0);
		if (other) {
			const t1 = performance.now();
			other();
			otherBest = Math.min(otherBest, performance.now() - t1);
		}
	}
	return { ms: best, value: value as T, otherMs: otherBest };
}

export const identityScenario: Scenario = {
	id: 'identity',
	title: '1. Identifier prep (identity module)',
	cases: [
		{
			id: 'prepare-1m',
			reps: 5,
			async run() {
				const id: IdentityModule = {
					...loadDist<typeof Identity>('nodes/shared/identity'),
					normalizeEmail: loadDist<{ normalizeEmail: typeof normalizeEmail }>('nodes/shared/identity/email').normalizeEmail,
				};
				const records = makeRecords(RECORDS);
				const strings = normalisedStrings(id, records);
				const emails = records.filter((r) => r.kind === 'email');
				const phones = records.filter((r) => r.kind === 'phone');
				// Warm both paths up so the JIT has optimised them before the timed loops.
				prepareAll(id, records, 0, 50_000);
				rawHashAll(strings.slice(0, 50_000));
				// Prep and raw alternate three times and each keeps its best time: a burst of load from another process
				// then hits one attempt, not the ratio.
				const prep = bestOf(3, () => prepareAll(id, records), () => rawHashAll(strings));
				const raw = { ms: prep.otherMs };
				const emailOnly = bestOf(3, () => prepareAll(id, emails));
				const phoneOnly = bestOf(3, () => prepareAll(id, phones));
				// Normalisation alone (no hashing), for the profile of where prep time goes.
				const normaliseOnly = bestOf(3, () => normalisedStrings(id, records));
				const perRecordNs = (ms: number, n: number) => (ms * 1e6) / n;
				return {
					metrics: {
						prepMs: prep.ms,
						recordsPerSec: records.length / (prep.ms / 1000),
						rawMs: raw.ms,
						rawPerSec: strings.length / (raw.ms / 1000),
						emailNs: perRecordNs(emailOnly.ms, emails.length),
						phoneNs: perRecordNs(phoneOnly.ms, phones.length),
						rawNs: perRecordNs(raw.ms, strings.length),
						normaliseNs: perRecordNs(normaliseOnly.ms, records.length),
						ratio: records.length / prep.ms / (strings.length / raw.ms),
					},
					checks: {
						records: records.length,
						hashed: prep.value.hashed,
						passthrough: prep.value.passthrough,
						invalid: prep.value.invalid,
						normalised: strings.length,
					},
				};
			},
		},
	],
	summarize(medians, checks) {
		const m = medians['prepare-1m'];
		const c = checks['prepare-1m'] ?? {};
		// Median of the per-repetition ratios: both sides of each ratio were timed in the same process, minutes apart at most.
		const ratio = m.ratio;
		const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
		return {
			rows: [
				{
					scenario: '1. Identifier prep',
					figure: `${fmt(RECORDS)} mixed records → normalised + SHA-256`,
					value: `${fmt(m.recordsPerSec)} records/s (${Math.round(m.prepMs)} ms)`,
					ratio: `${ratio.toFixed(2)} × raw \`crypto.hash\` (${fmt(m.rawPerSec)} strings/s)`,
					target: '≥ 0.5 × raw',
					verdict: ratio >= 0.5 ? 'met' : 'MISSED',
				},
			],
			notes: [
				`Identity: ${c.hashed} hashed, ${c.passthrough} already-hashed passed through, ${c.invalid} rejected with a reason, ` +
					`${c.normalised} normalised strings for the raw limit. Per record: email ${m.emailNs.toFixed(0)} ns, ` +
					`phone ${m.phoneNs.toFixed(0)} ns, raw one-shot SHA-256 ${m.rawNs.toFixed(0)} ns per normalised string; normalisation ` +
					`alone (no hashing) ${m.normaliseNs.toFixed(0)} ns per record, so prep ≈ normalise + hash + result bookkeeping.`,
			],
		};
	},
};
