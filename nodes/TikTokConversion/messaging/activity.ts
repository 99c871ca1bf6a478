import { readPath } from '../../shared/fieldPath';
import { wallTimeInZone } from '../events/timeZone';
import { ACTIVITY_TYPES, DAY_MS, type Activity, type ActivityType, type ClickDetails } from './types';

/** Where each piece of an activity is read from in an input item (dot notation allowed). */
export interface ActivityFields {
	type: string;
	pageId: string;
	customerId: string;
	timestamp: string;
	activityId: string;
	ttclid: string;
	clickRef: string;
	orderId: string;
	value: string;
	currency: string;
}

export const DEFAULT_ACTIVITY_FIELDS: ActivityFields = {
	type: 'type',
	pageId: 'pageId',
	customerId: 'customerId',
	timestamp: 'timestamp',
	activityId: 'id',
	ttclid: 'ttclid',
	clickRef: 'ref',
	orderId: 'orderId',
	value: 'value',
	currency: 'currency',
};

export type ParsedActivity = { activity: Activity; error?: undefined } | { activity?: undefined; error: string };

const isBlank = (x: unknown) => x === undefined || x === null || (typeof x === 'string' && x.trim() === '');

function asId(x: unknown): string | undefined {
	if (typeof x === 'string' && x.trim() !== '') return x.trim();
	if (typeof x === 'number' && Number.isFinite(x)) return String(x);
	if (typeof x === 'bigint') return x.toString();
	return undefined;
}

/**
 * Unix seconds, Unix milliseconds, or ISO 8601. An ISO date-time without offset is read in `timeZone` (the
 * workflow's zone, as the Send Event operation does), UTC when none is given.
 */
export function parseTimestamp(x: unknown, timeZone?: string): number | undefined {
	let n: number | undefined;
	if (typeof x === 'number') n = x;
	else if (typeof x === 'string' && /^\d+(\.\d+)?$/.test(x.trim())) n = Number(x.trim());
	else if (typeof x === 'string' && x.trim() !== '') {
		const s = x.trim();
		const hasOffset = /([zZ]|[+-]\d\d:?\d\d)$/.test(s) || !/T|\d:\d/.test(s);
		n = Date.parse(hasOffset ? s : `${s}Z`);
		if (!hasOffset && timeZone && Number.isFinite(n)) {
			n = wallTimeInZone(n, timeZone);
			if (n === undefined) return undefined;
		}
	} else if (x instanceof Date) n = x.getTime();
	if (n === undefined || !Number.isFinite(n) || n <= 0) return undefined;
	// Below 1e11 a number can only be seconds (1e11 ms is 1973; 1e11 s is year 5138).
	return Math.round(n < 1e11 ? n * 1000 : n);
}

export function normalizeActivityType(x: unknown): ActivityType | undefined {
	if (typeof x !== 'string') return undefined;
	const t = x.trim().toLowerCase().replace(/[\s-]+/g, '_');
	return (ACTIVITY_TYPES as readonly string[]).includes(t) ? (t as ActivityType) : undefined;
}

function clickDetails(ttclid: unknown, ref: unknown): ClickDetails {
	const details: ClickDetails = {};
	if (typeof ref === 'object' && ref !== null && !Array.isArray(ref)) {
		for (const [k, v] of Object.entries(ref as Record<string, unknown>)) {
			const id = asId(v);
			if (id !== undefined) details[k] = id;
		}
	} else {
		const id = asId(ref);
		if (id !== undefined) details.ref = id;
	}
	const tt = asId(ttclid);
	if (tt !== undefined) details.ttclid = tt;
	return details;
}

/**
 * Turns one input item into an activity, or explains what is wrong with it. `now` (ms) rejects timestamps more
 * than a day in the future, which would otherwise push the store's clock forward and evict everything.
 * `timeZone` is the zone of ISO date-times written without an offset.
 */
export function parseActivity(
	json: Record<string, unknown>,
	fields: ActivityFields = DEFAULT_ACTIVITY_FIELDS,
	now?: number,
	timeZone?: string,
): ParsedActivity {
	const rawType = readPath(json, fields.type);
	const type = normalizeActivityType(rawType);
	if (!type) {
		return {
			error: isBlank(rawType)
				? `no activity type in field "${fields.type}"`
				: `unknown activity type "${String(rawType)}" in field "${fields.type}" (expected one of ${ACTIVITY_TYPES.join(', ')})`,
		};
	}
	const pageId = asId(readPath(json, fields.pageId));
	if (!pageId) return { error: `no page id in field "${fields.pageId}"` };
	const customerId = asId(readPath(json, fields.customerId));
	if (!customerId) return { error: `no customer id in field "${fields.customerId}"` };
	const rawTime = readPath(json, fields.timestamp);
	const time = parseTimestamp(rawTime, timeZone);
	if (time === undefined) {
		return {
			error: isBlank(rawTime)
				? `no timestamp in field "${fields.timestamp}"`
				: `timestamp "${String(rawTime)}" in field "${fields.timestamp}" is not Unix seconds, Unix milliseconds or ISO 8601`,
		};
	}
	if (now !== undefined && time > now + DAY_MS) {
		return { error: `timestamp ${new Date(time).toISOString()} is more than a day in the future` };
	}
	const activity: Activity = { type, pageId, customerId, time };
	const id = asId(readPath(json, fields.activityId));
	if (id !== undefined) activity.id = id;

	if (type === 'ref_click') {
		activity.click = clickDetails(readPath(json, fields.ttclid), readPath(json, fields.clickRef));
	}
	if (type.startsWith('order_') || type === 'shipment_created') {
		const order = readOrder(json, fields, type);
		if ('error' in order) return order;
		activity.order = order;
	}
	return { activity };
}

/** The order of an order or shipment activity: its id, and value and currency when given. */
function readOrder(
	json: Record<string, unknown>,
	fields: ActivityFields,
	type: ActivityType,
): NonNullable<Activity['order']> | { error: string } {
	const orderId = asId(readPath(json, fields.orderId));
	if (!orderId) return { error: `${type} without an order id in field "${fields.orderId}"` };
	const order: NonNullable<Activity['order']> = { id: orderId };
	const rawValue = readPath(json, fields.value);
	if (!isBlank(rawValue)) {
		const value = typeof rawValue === 'string' ? Number(rawValue.trim()) : rawValue;
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			return { error: `value "${String(rawValue)}" in field "${fields.value}" is not a plain non-negative number` };
		}
		order.value = value;
	}
	const rawCurrency = readPath(json, fields.currency);
	if (!isBlank(rawCurrency)) {
		const currency = String(rawCurrency).trim().toUpperCase();
		if (!/^[A-Z]{3}$/.test(currency)) {
			return { error: `currency "${String(rawCurrency)}" in field "${fields.currency}" is not an ISO 4217 code` };
		}
		order.currency = currency;
	}
	return order;
}
