import { z } from 'zod';
import { defineRoute } from '../route';
import type { Advertiser } from '../seed';
import { idString } from '../validate';

/** Fields /advertiser/info/ accepts in `fields` (docs/tiktok-api-contract.md#get-advertiserinfo). */
export const ADVERTISER_INFO_FIELDS = [
	'telephone_number',
	'contacter',
	'currency',
	'cellphone_number',
	'timezone',
	'advertiser_id',
	'role',
	'company',
	'status',
	'description',
	'rejection_reason',
	'address',
	'name',
	'language',
	'industry',
	'license_no',
	'email',
	'license_url',
	'country',
	'balance',
	'create_time',
	'display_timezone',
	'owner_bc_id',
	'company_name_editable',
] as const;

export const routes = [
	// Contract: docs/tiktok-api-contract.md#get-advertiserinfo
	defineRoute({
		method: 'GET',
		path: '/advertiser/info/',
		jsonQuery: ['advertiser_ids', 'fields'],
		query: z.object({
			advertiser_ids: z.array(idString).min(1).max(100),
			fields: z.array(z.enum(ADVERTISER_INFO_FIELDS)).min(1).optional(),
		}),
		handler({ query, assertAdvertiser }) {
			const list = query.advertiser_ids.map((id) => pick(assertAdvertiser(id), query.fields));
			return { list };
		},
	}),
];

/**
 * No `fields`: everything except company_name_editable. Asking for company_name_editable returns only it and
 * advertiser_id (BB model/advertiser/info.go).
 */
function pick(adv: Advertiser, fields?: readonly string[]): Record<string, unknown> {
	const { company_name_editable, ...rest } = adv;
	if (!fields) return rest;
	if (fields.includes('company_name_editable')) return { advertiser_id: adv.advertiser_id, company_name_editable };
	const record = adv as unknown as Record<string, unknown>;
	return Object.fromEntries(['advertiser_id', ...fields.filter((f) => f !== 'advertiser_id')].map((f) => [f, record[f]]));
}
