import { createHash, hash as oneShotHash } from 'node:crypto';

import type * as Identity from '../../nodes/TikTokAds/identity';
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

type IdentityModule = typeof Identity;

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

function timed<T>(fn: () => T): { ms: number; value: T } {
	const t0 = performance.now();
	const value = fn();
	return { ms: performance.now() - t0, value };
}

export const identityScenario: Scenario = {
	id: 'identity',
	title: '1. Identifier prep (identity module)',
	cases: [
		{
			id: 'prepare-1m',
			reps: 5,
			async run() {
				const id = loadDist<IdentityModule>('nodes/TikTokAds/identity');
				const records = makeRecords(RECORDS);
				const strings = normalisedStrings(id, records);
				const emails = records.filter((r) => r.kind === 'email');
				const phones = records.filter((r) => r.kind === 'phone');
				// Warm both paths up so the JIT has optimised them before the timed loops.
				prepareAll(id, records, 0, 50_000);
				rawHashAll(strings.slice(0, 50_000));
				const prep = timed(() => prepareAll(id, records));
				const raw = timed(() => rawHashAll(strings));
				const emailOnly = timed(() => prepareAll(id, emails));
				const phoneOnly = timed(() => prepareAll(id, phones));
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
		const ratio = m.recordsPerSec / m.rawPerSec;
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
					`phone ${m.phoneNs.toFixed(0)} ns, raw one-shot SHA-256 ${m.rawNs.toFixed(0)} ns.`,
			],
		};
	},
};
