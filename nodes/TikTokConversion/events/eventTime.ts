/**
 * Turns whatever a flow maps into "event time" into the integer Unix seconds Events API 2.0 expects.
 * Accepted: ISO 8601 strings (with or without offset), RFC 2822 strings with a zone, Unix seconds or
 * milliseconds (numbers or digit strings), Date objects and Luxon-like objects (toMillis / toJSDate).
 */

import { wallTimeInZone } from './timeZone';

export const MAX_EVENT_AGE_SECONDS = 28 * 24 * 3600;
export const MAX_FUTURE_SKEW_SECONDS = 15 * 60;

export interface EventTimeOptions {
	/** Current time in milliseconds (injected so tests and batches share one clock). */
	nowMs: number;
	/** IANA zone used for ISO strings without an offset (the workflow's time zone); default UTC. */
	timeZone?: string;
	maxAgeSeconds?: number;
	maxFutureSeconds?: number;
}

export type EventTimeResult = { ok: true; seconds: number } | { ok: false; reason: string };

// Seconds for dates up to the year 5138; ms from 1973 on. Below 1e11 a value is read as seconds.
const MS_THRESHOLD = 1e11;

const ISO_RE =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const RFC2822_RE =
	/^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}(?::\d{2})?\s+(?:GMT|UTC|UT|Z|[+-]\d{4})$/;

export function parseEventTime(input: unknown, options: EventTimeOptions): EventTimeResult {
	const ms = toMillis(input, options);
	if (typeof ms === 'string') return { ok: false, reason: ms };
	return checkWindow(Math.floor(ms / 1000), options);
}

function toMillis(input: unknown, options: EventTimeOptions): number | string {
	if (input === undefined || input === null || input === '') return options.nowMs;
	if (typeof input === 'number') return fromNumber(input);
	if (typeof input === 'bigint') return fromNumber(Number(input));
	if (typeof input === 'string') return fromString(input.trim(), options);
	if (input instanceof Date) {
		const t = input.getTime();
		return Number.isFinite(t) ? t : 'Event time is an invalid Date';
	}
	if (typeof input === 'object') {
		const obj = input as { toMillis?: unknown; toJSDate?: unknown; isValid?: unknown };
		if (obj.isValid === false) return 'Event time is an invalid date object';
		if (typeof obj.toMillis === 'function') {
			const t = (obj.toMillis as () => unknown).call(input);
			if (typeof t === 'number' && Number.isFinite(t)) return t;
		}
		if (typeof obj.toJSDate === 'function') {
			const d = (obj.toJSDate as () => unknown).call(input);
			if (d instanceof Date && Number.isFinite(d.getTime())) return d.getTime();
		}
		return 'Event time is an object that is not a date';
	}
	return `Event time has an unsupported type (${typeof input})`;
}

function fromNumber(n: number): number | string {
	if (!Number.isFinite(n)) return 'Event time is not a finite number';
	if (n <= 0) return `Event time ${n} is not a Unix timestamp`;
	if (n >= 1e14) return `Event time ${n} is too large for Unix seconds or milliseconds (microseconds?)`;
	return n < MS_THRESHOLD ? n * 1000 : n;
}

function fromString(s: string, options: EventTimeOptions): number | string {
	if (s === '') return options.nowMs;
	if (/^\d+(\.\d+)?$/.test(s)) return fromNumber(Number(s));
	const iso = ISO_RE.exec(s);
	if (iso) return fromIso(iso, s, options.timeZone);
	if (RFC2822_RE.test(s)) {
		const t = Date.parse(s);
		if (Number.isFinite(t)) return t;
	}
	return `Event time "${truncate(s)}" is not a recognised date; use ISO 8601 (e.g. 2024-05-01T10:30:00Z) or Unix seconds`;
}

function fromIso(m: RegExpExecArray, original: string, timeZone: string | undefined): number | string {
	const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
	const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
		return `Event time "${truncate(original)}" is not a valid calendar date`;
	}
	const wallMs = Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction);
	const zone = m[8];
	if (zone) {
		if (zone === 'Z' || zone === 'z') return wallMs;
		const sign = zone[0] === '-' ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
		return wallMs - sign * offsetMin * 60000;
	}
	if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return wallMs;
	return wallTimeInZone(wallMs, timeZone) ?? `Time zone "${timeZone}" is not a known IANA time zone`;
}

function checkWindow(seconds: number, options: EventTimeOptions): EventTimeResult {
	const now = Math.floor(options.nowMs / 1000);
	const maxAge = options.maxAgeSeconds ?? MAX_EVENT_AGE_SECONDS;
	const maxFuture = options.maxFutureSeconds ?? MAX_FUTURE_SKEW_SECONDS;
	if (seconds > now + maxFuture) {
		return {
			ok: false,
			reason: `Event time ${new Date(seconds * 1000).toISOString()} is ${describeSpan(seconds - now)} in the future; check the time zone of the source data`,
		};
	}
	if (seconds < now - maxAge) {
		return {
			ok: false,
			reason: `Event time ${new Date(seconds * 1000).toISOString()} is ${describeSpan(now - seconds)} old; TikTok attributes events up to ${Math.round(maxAge / 86400)} days old`,
		};
	}
	return { ok: true, seconds };
}

function describeSpan(seconds: number): string {
	if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
	if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
	return `${Math.round(seconds / 86400)} days`;
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function truncate(s: string): string {
	return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
