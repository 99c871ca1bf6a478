/**
 * Every regular expression in nodes/ and credentials/ must do linear work on any input: one backtracking
 * pattern on a pasted 150,000-character value blocks n8n's event loop for seconds. The sites are found by
 * parsing the sources, so a new regex is covered the day it is written.
 *
 * Method: run each regex over adversarial inputs (long runs of spaces, separators, '@', digits… after prefixes
 * that let anchored patterns start matching) at 32,000 characters. Linear patterns take well under a
 * few milliseconds there; a quadratic one takes about a second (100× more or worse). Only when the cheap screen
 * exceeds 25 ms (a loaded machine, a GC pause) is the pattern re-measured at n and 4n, best of three, and failed
 * when the large run still takes over 100 ms and grew more than 8× (linear: 4×, quadratic: 16×), twice in a row.
 */
import { PLANS } from '../../../nodes/shared/identity/phoneData';
import { regexSites, type RegexSite } from './regexSites';

const BIG = 32_000;
const SCREEN_MS = 25;
const CONFIRM_MS = 100;

const RUNS = [' ', '\t', '\u00a0', '-', '/', '.', ',', '@', '0', '9', '1.', '1 ', 'a', 'A1', '_', '"', '[', '{', '\\', '=', '+', ':', '#'];
const PREFIXES = ['', 'x1', 'ext 1', '={{ $json', '={{ $json.a', '[', '1', '+84', '1e1', 'a@b', 'secret=', '2024-01-01T00:00:00', '00', 'id', ';ext=1'];
const SUFFIXES = ['!', 'x\u0000'];

function inputs(n: number): string[] {
	const out: string[] = [];
	for (const prefix of PREFIXES) {
		for (const run of RUNS) {
			const body = run.repeat(Math.ceil(n / run.length)).slice(0, n);
			for (const suffix of SUFFIXES) out.push(prefix + body + suffix);
		}
	}
	return out;
}

/** What the code does with the regex: a global one scans the whole input (replace/split/match). */
function exercise(re: RegExp, s: string): void {
	if (re.global || re.sticky) {
		re.lastIndex = 0;
		s.replace(re, '');
	} else {
		re.test(s);
	}
}

function millis(re: RegExp, s: string, repeats: number): number {
	let best = Infinity;
	for (let r = 0; r < repeats; r++) {
		const start = process.hrtime.bigint();
		exercise(re, s);
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return best;
}

/** The first adversarial input on which `re` grows faster than linearly (with its timings), or undefined. */
function superlinearInput(re: RegExp): { input: string; small: number; large: number } | undefined {
	const big = inputs(BIG);
	for (let i = 0; i < big.length; i++) {
		if (millis(re, big[i], 1) < SCREEN_MS) continue;
		const smallInput = inputs(BIG / 4)[i];
		let confirmed = 0;
		let small = 0;
		let large = 0;
		// Two confirmations in a row: a load spike during one large run must not fail the test.
		while (confirmed < 2) {
			small = millis(re, smallInput, 3);
			large = millis(re, big[i], 3);
			if (!(large > CONFIRM_MS && large > 8 * small)) break;
			confirmed++;
		}
		if (confirmed === 2) return { input: big[i].slice(0, 40), small, large };
	}
	return undefined;
}

/** Concrete regexes behind the `new RegExp(<computed>)` sites, keyed by the argument's source text. */
const DYNAMIC: Record<string, () => RegExp[]> = {
	// Numbering-plan shapes (phoneData.ts): digits-only alternations with bounded repeats.
	'`^(?:${shape})$`': () => [...PLANS.values()].map((plan) => plan.shape),
	// A currency symbol matched as a literal (value.ts escapes every metacharacter).
	'escapeRe(symbol)': () =>
		['$', 'US$', 'R$', '₫', '€', '£', '¥', 'kr.', 'zł', 'S/.', '(', '\\'].map(
			(symbol) => new RegExp(symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'),
		),
};

const sites = regexSites();

describe('regular expressions in nodes/ and credentials/', () => {
	it('are found by parsing the sources (a sanity floor, so an empty scan cannot pass)', () => {
		expect(sites.filter((s) => s.regex).length).toBeGreaterThan(40);
		expect(sites.some((s) => s.where.startsWith('nodes/shared/identity/phone.ts'))).toBe(true);
	});

	it('every computed `new RegExp(...)` site is one this test knows how to instantiate', () => {
		const unknown = sites.filter((s) => s.dynamicArgument !== undefined && !(s.dynamicArgument in DYNAMIC));
		expect(unknown.map((s) => `${s.where}: new RegExp(${s.dynamicArgument})`)).toEqual([]);
	});

	const cases: Array<[string, RegExp]> = sites.flatMap((site: RegexSite) =>
		site.regex
			? [[`${site.where} ${site.regex}`, site.regex] as [string, RegExp]]
			: (DYNAMIC[site.dynamicArgument!]?.() ?? []).map((re) => [`${site.where} ${re}`, re] as [string, RegExp]),
	);

	it.each(cases)('%s does linear work on adversarial input', (_name, re) => {
		expect(superlinearInput(re)).toBeUndefined();
	});
});
