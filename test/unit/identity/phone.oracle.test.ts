/**
 * normalizePhone checked against libphonenumber-js (the oracle) on every country's example number and on a
 * large generated corpus with formatting noise. Contract, per input:
 *  - the oracle reads a valid MOBILE number → we accept it and produce the same E.164;
 *  - the oracle reads nothing possible → we reject;
 *  - in between (possible length, or a valid landline / service number: none is a TikTok login) we may
 *    reject, but if we accept, the E.164 is the oracle's.
 * Deliberate deviations are modelled explicitly: "00" always means "+", Vietnam's 2018 renumbering and
 * Mexico's dropped mobile "1" (see expectedDeviation).
 */
import {
	getCountries,
	getCountryCallingCode,
	getExampleNumber,
	parsePhoneNumberFromString,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import { callingCodeOf, normalizePhone } from '../../../nodes/shared/identity';
import { PLANS } from '../../../nodes/shared/identity/phoneData';
import { generatePhoneCases, type PhoneCase } from './phoneCorpus';

const REQUIRED: CountryCode[] = [
	'VN', 'US', 'GB', 'IN', 'ID', 'TH', 'BR', 'PH', 'MY', 'SG', 'JP', 'KR', 'CN', 'DE', 'FR', 'AU', 'MX', 'CA',
	'IT', 'ES', 'TR', 'SA', 'AE',
];
/** Every country whose calling code has a numbering plan in phoneData.ts. */
const PLANNED = getCountries().filter((c) => PLANS.has(getCountryCallingCode(c)));

const PERSONAL_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);
const isPersonal = (p: PhoneNumber | undefined) => !!p && p.isValid() && PERSONAL_TYPES.has(p.getType() ?? '');
const isPossible = (p: PhoneNumber | undefined) => !!p && p.isPossible();

function digitsOf(s: string): string {
	return s.replace(/\D/g, '');
}

/** Our intentional rewrites of outdated forms; the oracle keeps them as typed. */
function expectedDeviation(c: PhoneCase, oracle: PhoneNumber | undefined): string | undefined {
	if (!oracle) return undefined;
	const nsn = oracle.nationalNumber as string;
	if (oracle.countryCallingCode === '84' && nsn.length === 10 && /^(?:12[0-9]|16[2-9]|18[68]|199)/.test(nsn)) {
		return 'legacy';
	}
	if (oracle.countryCallingCode === '52' && nsn.length === 11 && nsn.startsWith('1')) return 'legacy';
	return undefined;
}

interface Verdict {
	error?: string;
	oracleValid: boolean;
}

function judge(c: PhoneCase): Verdict {
	const ours = normalizePhone(c.input, c.country);
	const cc = getCountryCallingCode(c.country);
	const d = digitsOf(c.input);
	const national = parsePhoneNumberFromString(c.input, c.country);
	const asPlus = c.form === 'idd00' ? parsePhoneNumberFromString(`+${d.slice(2)}`) : undefined;
	const primary = c.form === 'idd00' ? asPlus : national;
	if (expectedDeviation(c, primary)) return { oracleValid: false }; // covered by explicit unit tests

	const plusForm = c.form === 'plus' || c.form === 'plusTrunk' || c.form === 'idd00';
	// Digits that start with the calling code but carry no "+" are ambiguous; both readings are legitimate
	// unless the national reading is a valid mobile number (then it wins, as in libphonenumber).
	const alternatives: (PhoneNumber | undefined)[] = [primary];
	if (!plusForm && d.startsWith(cc) && (c.form === 'ccNoPlus' || !isPersonal(national))) {
		alternatives.push(parsePhoneNumberFromString(`+${d}`), parsePhoneNumberFromString(`+${cc}${d}`));
	}
	const valid = alternatives.filter(isPersonal);
	const possible = alternatives.filter(isPossible).map((p) => p!.number as string);

	if (valid.length > 0) {
		if (!ours.ok) return { oracleValid: true, error: `rejected a valid number (${ours.reason}), oracle ${valid[0]!.number}` };
		const expected = c.form === 'ccNoPlus' ? possible : [valid[0]!.number as string];
		if (!expected.includes(ours.value)) return { oracleValid: true, error: `${ours.value} ≠ oracle ${expected.join(' | ')}` };
		return { oracleValid: true };
	}
	if (ours.ok && !possible.includes(ours.value)) {
		return { oracleValid: false, error: `accepted ${ours.value}; oracle possible: ${possible.join(' | ') || 'none'}` };
	}
	return { oracleValid: false };
}

describe('normalizePhone vs libphonenumber-js oracle', () => {
	it('covers the required countries with a numbering plan', () => {
		expect(PLANNED).toEqual(expect.arrayContaining(REQUIRED));
		expect(PLANNED.length).toBeGreaterThanOrEqual(40);
	});

	it('knows the calling code of every country libphonenumber knows', () => {
		const wrong = getCountries().filter((c) => callingCodeOf(c) !== getCountryCallingCode(c));
		expect(wrong).toEqual([]);
	});

	it("turns every country's example mobile number into the same E.164 (national, international, E.164 forms)", () => {
		const mismatches: string[] = [];
		let checked = 0;
		for (const country of getCountries()) {
			const ex = getExampleNumber(country, examples as never);
			if (!ex) continue;
			for (const input of [ex.formatNational(), ex.formatInternational(), ex.number as string]) {
				checked++;
				const r = normalizePhone(input, country);
				if (!r.ok || r.value !== ex.number) mismatches.push(`${country} ${input} → ${JSON.stringify(r)}`);
			}
		}
		expect(mismatches).toEqual([]);
		expect(checked).toBeGreaterThan(600);
	});

	it('agrees with the oracle on a generated corpus of noisy inputs across all planned countries', () => {
		const cases = generatePhoneCases(PLANNED, 400, 20240601);
		const errors: string[] = [];
		const validPerCountry = new Map<string, number>();
		for (const c of cases) {
			const v = judge(c);
			if (v.error) errors.push(`${c.country} [${c.form}] ${JSON.stringify(c.input)}: ${v.error}`);
			if (v.oracleValid) validPerCountry.set(c.country, (validPerCountry.get(c.country) ?? 0) + 1);
		}
		expect(errors.slice(0, 20)).toEqual([]);
		expect(cases.length).toBeGreaterThan(15_000);
		// The corpus must exercise real numbers, not only garbage, in every required country.
		for (const country of REQUIRED) expect(validPerCountry.get(country) ?? 0).toBeGreaterThan(80);
	});

	it('agrees with the oracle on a second seed focused on the required countries', () => {
		const cases = generatePhoneCases(REQUIRED, 600, 7);
		const errors = cases.map((c) => ({ c, v: judge(c) })).filter((x) => x.v.error);
		expect(errors.slice(0, 20).map((x) => `${x.c.country} ${JSON.stringify(x.c.input)}: ${x.v.error}`)).toEqual([]);
	});
});
