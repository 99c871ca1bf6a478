import { parseEventTime } from '../../../nodes/TikTokConversion/events/eventTime';

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0); // 2024-05-10T12:00:00Z
const NOW_S = NOW / 1000;
const opts = { nowMs: NOW };

function seconds(input: unknown, extra: Partial<typeof opts & { timeZone: string }> = {}): number {
	const r = parseEventTime(input, { ...opts, ...extra });
	if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
	return r.seconds;
}
function reason(input: unknown, extra: Partial<typeof opts & { timeZone: string }> = {}): string {
	const r = parseEventTime(input, { ...opts, ...extra });
	if (r.ok) throw new Error(`expected rejection, got ${r.seconds}`);
	return r.reason;
}

describe('parseEventTime', () => {
	it('defaults to now for empty input', () => {
		expect(seconds(undefined)).toBe(NOW_S);
		expect(seconds(null)).toBe(NOW_S);
		expect(seconds('')).toBe(NOW_S);
		expect(seconds('   ')).toBe(NOW_S);
	});

	it('reads Unix seconds and milliseconds, as numbers and digit strings, always returning integer seconds', () => {
		expect(seconds(NOW_S - 60)).toBe(NOW_S - 60);
		expect(seconds(NOW - 60_000)).toBe(NOW_S - 60);
		expect(seconds(String(NOW_S - 60))).toBe(NOW_S - 60);
		expect(seconds(String(NOW - 60_500))).toBe(NOW_S - 61);
		expect(seconds(NOW_S - 0.4)).toBe(NOW_S - 1);
		expect(Number.isInteger(seconds(NOW - 123))).toBe(true);
	});

	it('reads ISO 8601 with Z, offsets and fractions', () => {
		expect(seconds('2024-05-10T11:00:00Z')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10T18:00:00+07:00')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10T18:00:00+0700')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10T07:00:00-04:00')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10T11:00:00.999Z')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10 11:00:00Z')).toBe(NOW_S - 3600);
	});

	it('reads ISO strings without offset in the given time zone (UTC by default), DST-aware', () => {
		expect(seconds('2024-05-10 11:00:00')).toBe(NOW_S - 3600);
		expect(seconds('2024-05-10 18:00:00', { timeZone: 'Asia/Ho_Chi_Minh' })).toBe(NOW_S - 3600);
		// Berlin is UTC+2 in May (summer time).
		expect(seconds('2024-05-10T13:00:00', { timeZone: 'Europe/Berlin' })).toBe(NOW_S - 3600);
		// ...and UTC+1 in winter.
		const winter = Date.UTC(2024, 0, 10, 12);
		const r = parseEventTime('2024-01-10T12:00:00', { nowMs: winter, timeZone: 'Europe/Berlin' });
		expect(r).toEqual({ ok: true, seconds: winter / 1000 - 3600 });
		expect(seconds('2024-05-10')).toBe(Date.UTC(2024, 4, 10) / 1000);
	});

	it('reads RFC 2822 dates with a zone', () => {
		expect(seconds('Fri, 10 May 2024 11:00:00 GMT')).toBe(NOW_S - 3600);
		expect(seconds('10 May 2024 13:00:00 +0200')).toBe(NOW_S - 3600);
	});

	it('reads Date objects and Luxon-like objects without importing luxon', () => {
		expect(seconds(new Date(NOW - 5000))).toBe(NOW_S - 5);
		expect(seconds({ toMillis: () => NOW - 7000, isValid: true })).toBe(NOW_S - 7);
		expect(seconds({ toJSDate: () => new Date(NOW - 9000) })).toBe(NOW_S - 9);
	});

	it('rejects invalid dates and objects with a reason', () => {
		expect(reason(new Date('nope'))).toMatch(/invalid Date/);
		expect(reason({ isValid: false, toMillis: () => NaN })).toMatch(/invalid date object/);
		expect(reason({ foo: 1 })).toMatch(/not a date/);
		expect(reason(true)).toMatch(/unsupported type/);
		expect(reason('yesterday')).toMatch(/not a recognised date.*ISO 8601/);
		expect(reason('05/10/2024')).toMatch(/not a recognised date/);
		expect(reason('2024-02-30T10:00:00Z')).toMatch(/not a valid calendar date/);
		expect(reason('2024-05-10T10:00:00', { timeZone: 'Mars/Olympus' })).toMatch(/not a known IANA time zone/);
		expect(reason(-5)).toMatch(/not a Unix timestamp/);
		expect(reason(Number.NaN)).toMatch(/not a finite number/);
		expect(reason(NOW * 1000)).toMatch(/microseconds/);
	});

	it('rejects implausible times: far future (time zone mistakes) and older than 28 days', () => {
		expect(seconds(NOW_S + 10 * 60)).toBe(NOW_S + 600);
		expect(reason(NOW_S + 7 * 3600)).toMatch(/7 h in the future; check the time zone/);
		expect(reason('2024-05-10T19:00:00Z')).toMatch(/in the future/);
		expect(seconds(NOW_S - 27 * 86400)).toBe(NOW_S - 27 * 86400);
		expect(reason(NOW_S - 29 * 86400)).toMatch(/29 days old; TikTok attributes events up to 28 days/);
		// Seconds mistaken for ms would be 1970: rejected, not sent.
		expect(reason(1_000_000)).toMatch(/old/);
	});
});
