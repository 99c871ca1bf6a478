/**
 * Property / fuzz suite for the Conversion node's value and event-time parsers (read-only use of
 * nodes/TikTokConversion/events/value.ts and eventTime.ts). Invariants: never throws; an accepted value is a
 * finite non-negative number, an accepted time an integer inside TikTok's window; a refusal stays short whatever
 * the input's size; numbers and timestamps in the plain forms come back exactly; work is linear.
 */
import fc from 'fast-check';
import { MAX_EVENT_AGE_SECONDS, MAX_FUTURE_SKEW_SECONDS, parseEventTime } from '../../../nodes/TikTokConversion/events/eventTime';
import { parseValue } from '../../../nodes/TikTokConversion/events/value';
import { runOf, superlinear } from './linear';

const NOW_MS = Date.UTC(2026, 11, 6, 12, 0, 0);
const NOW_S = NOW_MS / 1000;
const options = { nowMs: NOW_MS, timeZone: 'Asia/Ho_Chi_Minh' };

const moneyText = fc
	.array(fc.constantFrom('1', '2', '0', '9', '.', ',', ' ', '\u00a0', "'", '-', '₫', '$', 'VND', 'usd', 'k', 'e', '+', '€'), { maxLength: 30 })
	.map((p) => p.join(''));
const timeText = fc.oneof(
	fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
	fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
	fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('T', ' ').replace('Z', '')),
	fc.array(fc.constantFrom('2026', '-', '12', ':', 'T', ' ', 'Z', '+07:00', '.', '5', 'GMT', 'Sun,'), { maxLength: 20 }).map((p) => p.join('')),
);
const anything = fc.oneof(fc.anything(), fc.string({ unit: 'binary' }), fc.double(), fc.bigInt(), fc.date());

describe('value parser under random and adversarial input', () => {
	it('never throws; accepts only finite non-negative numbers; a refusal is short', () => {
		fc.assert(
			fc.property(fc.oneof(anything, moneyText), fc.constantFrom(undefined, 'VND', 'USD', 'EUR'), (raw, currency) => {
				const result = parseValue(raw, currency);
				if (result.ok) {
					if (result.value !== undefined) {
						expect(Number.isFinite(result.value)).toBe(true);
						expect(result.value).toBeGreaterThanOrEqual(0);
					}
				} else {
					expect(typeof result.reason).toBe('string');
					expect(result.reason.length).toBeLessThan(200);
				}
			}),
			{ numRuns: 5000 },
		);
	});

	it('returns plain numbers and plain decimal strings exactly', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 }), (units, cents) => {
				const text = `${units}.${String(cents).padStart(2, '0')}`;
				expect(parseValue(Number(text))).toEqual({ ok: true, value: Number(text) });
				expect(parseValue(text, 'USD')).toEqual({ ok: true, value: Number(text) });
				expect(parseValue(` ${text} `)).toEqual({ ok: true, value: Number(text) });
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('event-time parser under random and adversarial input', () => {
	it('never throws; an accepted time is whole seconds inside [now − 28 days, now + 15 min]', () => {
		fc.assert(
			fc.property(fc.oneof(anything, timeText), (input) => {
				const result = parseEventTime(input, options);
				if (result.ok) {
					expect(Number.isInteger(result.seconds)).toBe(true);
					expect(result.seconds).toBeGreaterThanOrEqual(NOW_S - MAX_EVENT_AGE_SECONDS);
					expect(result.seconds).toBeLessThanOrEqual(NOW_S + MAX_FUTURE_SKEW_SECONDS);
				} else {
					expect(result.reason.length).toBeLessThan(200);
				}
			}),
			{ numRuns: 5000 },
		);
	});

	it('reads seconds, milliseconds and ISO 8601 UTC of the same instant alike', () => {
		fc.assert(
			fc.property(fc.integer({ min: NOW_S - MAX_EVENT_AGE_SECONDS + 60, max: NOW_S }), (seconds) => {
				const expected = { ok: true, seconds };
				expect(parseEventTime(seconds, options)).toEqual(expected);
				expect(parseEventTime(seconds * 1000 + 999, options)).toEqual(expected);
				expect(parseEventTime(String(seconds), options)).toEqual(expected);
				expect(parseEventTime(new Date(seconds * 1000).toISOString(), options)).toEqual(expected);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('value and time parsers on long adversarial strings', () => {
	it('do linear work', () => {
		const units = fc.constantFrom(' ', '1', '1 ', '1.', '1,', '.', ',', '-', 'a', 'usd', '\u00a0', '12:', '+07', 'Z');
		const edges = fc.constantFrom('', '1', '$', '2026-12-06', '2026-12-06T10:00:00', 'Sun, 6 Dec 2026', '-');
		fc.assert(
			fc.property(edges, units, edges, (prefix, unit, suffix) => {
				const make = runOf(prefix, unit, suffix);
				const parsers: Array<[string, (s: string) => unknown]> = [
					['parseValue', (s) => parseValue(s)],
					['parseValue VND', (s) => parseValue(s, 'VND')],
					['parseEventTime', (s) => parseEventTime(s, options)],
				];
				for (const [name, parse] of parsers) {
					const growth = superlinear(parse, make, 20_000);
					if (growth) throw new Error(`${name} on ${JSON.stringify(make(10))}…: ${growth.small} ms → ${growth.large} ms`);
				}
			}),
			{ numRuns: 30 },
		);
	});
});
