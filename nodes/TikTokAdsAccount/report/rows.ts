import { TEXT_METRICS } from './catalog';

/** Fields attached to every row so a flow can store it without another lookup. */
export interface RowContext {
	advertiserId: string;
	currency: string | null;
	timezone: string | null;
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * TikTok sends metric values as strings. Numbers become numbers; "-" and "" mean "no value" and become null,
 * never 0 (a 0 would read as "no spend" where TikTok said "not applicable"). Attribute metrics stay text.
 */
export function parseMetricValue(name: string, value: unknown): string | number | null {
	if (value === null || value === undefined) return null;
	if (TEXT_METRICS.has(name)) return String(value);
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	const text = String(value).trim();
	if (text === '' || text === '-') return null;
	if (NUMERIC.test(text)) {
		const n = Number(text);
		if (Number.isFinite(n)) return n;
	}
	return text;
}

/** One output item from one TikTok row: dimensions as exact strings, metrics parsed, context attached. */
export function flattenReportRow(
	dimensions: Record<string, unknown>,
	metrics: Record<string, unknown>,
	context: RowContext,
): Record<string, string | number | null> {
	const out: Record<string, string | number | null> = {};
	for (const [name, value] of Object.entries(dimensions)) setField(out, name, dimensionText(value));
	const time = out.stat_time_day ?? out.stat_time_hour;
	if (typeof time === 'string' && /^\d{4}-\d{2}-\d{2}/.test(time)) out.date = time.slice(0, 10);
	for (const [name, value] of Object.entries(metrics)) {
		// Own keys only: `in` would also see Object.prototype and drop a field named "constructor".
		if (Object.prototype.hasOwnProperty.call(out, name)) continue;
		setField(out, name, parseMetricValue(name, value));
	}
	out.advertiserId = context.advertiserId;
	out.currency = context.currency;
	out.timezone = context.timezone;
	return out;
}

function dimensionText(value: unknown): string | null {
	if (value === null || value === undefined) return null;
	return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A key the server chose: "__proto__" becomes an own field instead of silently vanishing into the prototype. */
function setField(out: Record<string, unknown>, name: string, value: unknown): void {
	if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
	else out[name] = value;
}

/**
 * A row of the async task's CSV (headers are field names because the task asks for untranslated titles)
 * split back into dimensions and metrics.
 */
export function splitCsvRow(
	header: string[],
	fields: string[],
	dimensionNames: ReadonlySet<string>,
): { dimensions: Record<string, string>; metrics: Record<string, string> } {
	const dimensions: Record<string, string> = {};
	const metrics: Record<string, string> = {};
	header.forEach((name, i) => {
		const value = fields[i] ?? '';
		if (dimensionNames.has(name)) dimensions[name] = value;
		else metrics[name] = value;
	});
	return { dimensions, metrics };
}
