/**
 * Report dates are calendar days of the advertiser's time zone (TikTok reads start_date / end_date in it), so
 * "yesterday" is computed there, never in the server's zone: a server in UTC would otherwise lose or repeat a
 * day for an advertiser ahead of or behind UTC.
 */

export interface DateRange {
	start: string;
	end: string;
}

export type RangePreset = 'today' | 'yesterday' | 'last7' | 'last30' | 'thisMonth' | 'lastMonth' | 'custom';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The calendar date (YYYY-MM-DD) at instant `nowMs` in `timeZone`; UTC when the zone is unknown. */
export function calendarDateIn(nowMs: number, timeZone: string): string {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
	} catch {
		format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(nowMs)).map((p) => [p.type, p.value]));
	return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Whether this runtime knows `timeZone` (an IANA name such as "Etc/GMT+5" or "America/New_York"). */
export function isKnownTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-CA', { timeZone });
		return true;
	} catch {
		return false;
	}
}

export function isValidDate(value: string): boolean {
	const m = ISO_DATE.exec(value);
	if (!m) return false;
	const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return date.toISOString().slice(0, 10) === value;
}

function toUtcMs(date: string): number {
	const m = ISO_DATE.exec(date)!;
	return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function addDays(date: string, days: number): string {
	return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days covered by a range, both ends included. */
export function daysIn(range: DateRange): number {
	return Math.round((toUtcMs(range.end) - toUtcMs(range.start)) / DAY_MS) + 1;
}

/** A preset resolved against `today` (the advertiser's calendar date), widened back by `lookbackDays`. */
export function resolveRange(preset: RangePreset, today: string, custom: DateRange, lookbackDays = 0): DateRange {
	let range: DateRange;
	switch (preset) {
		case 'today':
			range = { start: today, end: today };
			break;
		case 'yesterday':
			range = { start: addDays(today, -1), end: addDays(today, -1) };
			break;
		case 'last7':
			range = { start: addDays(today, -7), end: addDays(today, -1) };
			break;
		case 'last30':
			range = { start: addDays(today, -30), end: addDays(today, -1) };
			break;
		case 'thisMonth':
			range = { start: `${today.slice(0, 8)}01`, end: today };
			break;
		case 'lastMonth': {
			const firstOfThisMonth = `${today.slice(0, 8)}01`;
			const end = addDays(firstOfThisMonth, -1);
			range = { start: `${end.slice(0, 8)}01`, end };
			break;
		}
		default:
			range = { ...custom };
	}
	return lookbackDays > 0 ? { start: addDays(range.start, -lookbackDays), end: range.end } : range;
}

/** Consecutive ranges of at most `maxDays` days covering `range` exactly. */
export function splitRange(range: DateRange, maxDays: number): DateRange[] {
	const out: DateRange[] = [];
	let start = range.start;
	while (toUtcMs(start) <= toUtcMs(range.end)) {
		const end = addDays(start, maxDays - 1);
		out.push({ start, end: toUtcMs(end) < toUtcMs(range.end) ? end : range.end });
		start = addDays(end, 1);
	}
	return out;
}

/** Two halves of a range of two days or more (the earlier half gets the extra day). */
export function halveRange(range: DateRange): [DateRange, DateRange] | undefined {
	const days = daysIn(range);
	if (days < 2) return undefined;
	const firstEnd = addDays(range.start, Math.ceil(days / 2) - 1);
	return [
		{ start: range.start, end: firstEnd },
		{ start: addDays(firstEnd, 1), end: range.end },
	];
}
