import { z, type ZodError, type ZodTypeAny } from 'zod';
import { ApiError } from './envelope';

// Contract: docs/tiktok-api-contract.md#request-encoding
/** Parses the named query values as JSON (TikTok encodes list/object GET parameters that way); 40002 otherwise. */
export function parseJsonQuery(
	query: Record<string, string>,
	jsonKeys: readonly string[],
): Record<string, unknown> {
	const out: Record<string, unknown> = { ...query };
	for (const key of jsonKeys) {
		if (query[key] === undefined) continue;
		try {
			out[key] = JSON.parse(query[key]);
		} catch {
			throw new ApiError(40002, `${key}: Invalid JSON string. List and object parameters must be JSON-encoded.`);
		}
	}
	return out;
}

// Contract: docs/tiktok-api-contract.md#response-envelope
/** Validates with zod; failure becomes 40002 naming the field(s), like TikTok's "field: reason" messages. */
export function validate<S extends ZodTypeAny>(schema: S, value: unknown): z.output<S> {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	throw new ApiError(40002, zodMessage(result.error));
}

export function zodMessage(error: ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) => {
			const field = issue.path.length ? issue.path.join('.') : 'request';
			if (issue.code === 'invalid_type' && issue.received === 'undefined') {
				return `${field}: Missing data for required field.`;
			}
			return `${field}: ${issue.message}`;
		})
		.join('; ');
}

// Small schema helpers for route modules.

// Contract: docs/tiktok-api-contract.md#request-encoding
/** A numeric ID sent as a JSON string (19-digit IDs do not survive as JS numbers, so numbers are rejected). */
export const idString = z.string().regex(/^\d{1,20}$/, 'Must be a numeric ID string.');

/** An integer that arrives as a query string. */
export const queryInt = (min: number, max: number) =>
	z.coerce.number({ invalid_type_error: 'Must be an integer.' }).int().min(min).max(max);

// Contract: docs/tiktok-api-contract.md#pagination
/** page / page_size query parameters with TikTok's defaults. */
export const pagination = (maxPageSize: number, defaultPageSize = 10) => ({
	page: queryInt(1, 1_000_000).default(1),
	page_size: queryInt(1, maxPageSize).default(defaultPageSize),
});

/** Slices a list and builds TikTok's page_info. */
export function paginate<T>(items: T[], page: number, pageSize: number) {
	const totalNumber = items.length;
	return {
		list: items.slice((page - 1) * pageSize, page * pageSize),
		page_info: {
			page,
			page_size: pageSize,
			total_number: totalNumber,
			total_page: Math.ceil(totalNumber / pageSize),
		},
	};
}
