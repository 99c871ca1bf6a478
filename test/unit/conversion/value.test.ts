import { parseValue } from '../../../nodes/TikTokConversion/events/value';
import { checkCurrency } from '../../../nodes/TikTokConversion/events/currency';

function value(raw: unknown, currency?: string) {
	const r = parseValue(raw, currency);
	if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
	return r;
}
function reason(raw: unknown, currency?: string): string {
	const r = parseValue(raw, currency);
	if (r.ok) throw new Error(`expected rejection, got ${r.value}`);
	return r.reason;
}

describe('parseValue', () => {
	it('passes plain numbers through, including 0', () => {
		expect(value(0).value).toBe(0);
		expect(value(12.5).value).toBe(12.5);
		expect(value('12.5').value).toBe(12.5);
		expect(value(' 42 ').value).toBe(42);
	});

	it('treats empty as no value', () => {
		expect(value(undefined).value).toBeUndefined();
		expect(value(null).value).toBeUndefined();
		expect(value('  ').value).toBeUndefined();
	});

	it.each([
		['1.234,50 ₫', 1234.5, 'VND'],
		['1,234.50', 1234.5, undefined],
		['₫1.234.500', 1234500, 'VND'],
		['1.234.500đ', 1234500, 'VND'],
		['1.234.500 VND', 1234500, 'VND'],
		['VND 1,234,500', 1234500, 'VND'],
		['$1,234.56', 1234.56, undefined],
		['€ 1.234,56', 1234.56, 'EUR'],
		['1 234,56 €', 1234.56, 'EUR'],
		['1\u00a0234\u00a0567', 1234567, undefined],
		["1'234.50", 1234.5, undefined],
		['0,99', 0.99, undefined],
		['12,5', 12.5, undefined],
		['0.123', 0.123, undefined],
		['1234,567', 1234.567, undefined],
		['.5', 0.5, undefined],
	])('parses %j as %d', (raw, expected, hint) => {
		const r = value(raw);
		expect(r.value).toBeCloseTo(expected, 10);
		expect(r.currencyHint).toBe(hint);
	});

	it('settles "1.234" by the currency: thousands for zero-decimal currencies, ambiguous otherwise', () => {
		expect(value('1.234', 'VND').value).toBe(1234);
		expect(value('1,234', 'JPY').value).toBe(1234);
		expect(value('1.234 ₫').value).toBe(1234);
		expect(reason('1,234')).toMatch(/ambiguous: it could be 1234 or 1\.234/);
		expect(reason('1.234', 'USD')).toMatch(/ambiguous/);
	});

	it('rejects what is not a number, with the reason', () => {
		expect(reason('abc')).toMatch(/not a number/);
		expect(reason('12abc')).toMatch(/not a number/);
		expect(reason('1.2.3,4,5')).toMatch(/thousands separators do not fit|decimal mark/);
		expect(reason('1,23,456')).toMatch(/not thousands separators/);
		expect(reason('12 34')).toMatch(/spaces/);
		expect(reason('-5')).toMatch(/negative/);
		expect(reason(-5)).toMatch(/negative/);
		expect(reason(Number.POSITIVE_INFINITY)).toMatch(/finite/);
		expect(reason({ amount: 5 })).toMatch(/must be a number/);
		expect(reason('€5 USD')).toMatch(/two currencies/);
	});
});

describe('checkCurrency', () => {
	it('accepts ISO 4217 codes in any case, and empty as none', () => {
		expect(checkCurrency('usd')).toEqual({ ok: true, code: 'USD' });
		expect(checkCurrency(' VND ')).toEqual({ ok: true, code: 'VND' });
		expect(checkCurrency('')).toEqual({ ok: true, code: undefined });
		expect(checkCurrency(undefined)).toEqual({ ok: true, code: undefined });
	});
	it('rejects everything else', () => {
		expect(checkCurrency('US$')).toMatchObject({ ok: false, reason: expect.stringMatching(/not an ISO 4217 code/) });
		expect(checkCurrency('XYZ')).toMatchObject({ ok: false });
		expect(checkCurrency('₫')).toMatchObject({ ok: false });
		expect(checkCurrency(840)).toMatchObject({ ok: false, reason: expect.stringMatching(/3-letter/) });
	});
});
