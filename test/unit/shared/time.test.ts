import { tikTokTimeToMs, toIsoTime, toIsoTimeOrAsIs, unixToMs } from '../../../nodes/shared/time';

describe('unixToMs (one seconds/milliseconds cut for every node)', () => {
	it('reads values below 1e11 as seconds and from 1e11 on as milliseconds', () => {
		expect(unixToMs(1743639757)).toBe(1743639757000);
		expect(unixToMs(1743639757123)).toBe(1743639757123);
		expect(unixToMs(99_999_999_999)).toBe(99_999_999_999_000);
		expect(unixToMs(100_000_000_000)).toBe(100_000_000_000);
	});

	it('reads a millisecond time of 1973–2001 as milliseconds (a 1e12 cut read it as seconds, year 17814)', () => {
		expect(toIsoTime(5e11)).toBe('1985-11-05T00:53:20.000Z');
	});
});

describe('tikTokTimeToMs', () => {
	it('reads TikTok\'s "YYYY-MM-DD HH:MM:SS" as UTC, with T, a fraction, Z or a (UTC±hh:mm) suffix', () => {
		const expected = Date.UTC(2025, 3, 3, 0, 22, 37);
		for (const text of [
			'2025-04-03 00:22:37',
			' 2025-04-03T00:22:37Z ',
			'2025-04-03 00:22:37.000',
			'2025-04-03 07:22:37(UTC+07:00)',
			'2025-04-03 00:22:37(UTC+00:00)',
			'2025-04-02 23:52:37(UTC-00:30)',
		]) {
			expect([text, tikTokTimeToMs(text)]).toEqual([text, expected]);
		}
	});

	it('gives null for dates a spreadsheet reformatted or that do not exist', () => {
		for (const text of ['3/4/2025 00:22', '2025-02-30 10:00:00', '2025-04-03 24:00:00', '2025-04-03 10:60:00', '45717.34', '', undefined]) {
			expect([text, tikTokTimeToMs(text)]).toEqual([text, null]);
		}
	});
});

describe('toIsoTime', () => {
	it.each([
		[1743639757, '2025-04-03T00:22:37.000Z'],
		['1743639757', '2025-04-03T00:22:37.000Z'],
		[1743639757123, '2025-04-03T00:22:37.123Z'],
		[1581679723600, '2020-02-14T11:28:43.600Z'],
		['2024-01-01 00:00:00', '2024-01-01T00:00:00.000Z'],
		['2023-04-15T00:23:38Z', '2023-04-15T00:23:38.000Z'],
		[0, null],
		[-5, null],
		['soon', null],
		['2025-02-30 10:00:00', null],
		['', null],
		[null, null],
		[undefined, null],
		[8.64e18, null],
		[Number.NaN, null],
	])('%p → %p', (input, expected) => {
		expect(toIsoTime(input)).toBe(expected);
	});

	it('toIsoTimeOrAsIs keeps what it cannot read as written instead of dropping it', () => {
		expect(toIsoTimeOrAsIs(1700000000)).toBe('2023-11-14T22:13:20.000Z');
		expect(toIsoTimeOrAsIs('last Tuesday')).toBe('last Tuesday');
		expect(toIsoTimeOrAsIs(0)).toBe('0');
		expect(toIsoTimeOrAsIs('')).toBeNull();
		expect(toIsoTimeOrAsIs(undefined)).toBeNull();
	});
});
