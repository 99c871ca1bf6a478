import { z } from 'zod';
import { ApiError } from '../envelope';
import { routeFor } from '../route';
import { createRng, randomId19, type Advertiser } from '../seed';
import type { BaseState, Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';

/**
 * Business Center (docs/tiktok-api-contract.md#get-bcget, docs/tiktok-api-contract.md#get-bcassetget): /bc/get/ and /bc/asset/get/. This module also owns the token user's role on
 * each ad account (ADMIN | OPERATOR | ANALYST), which TikTok reports as `advertiser_role` in /bc/asset/get/ and
 * which gates lead download and test leads (docs/tiktok-api-contract.md#post-pageleadmockcreate) — see `userRoleOn`.
 *
 * Seeded data (deterministic, its own random stream so other modules' ids do not move):
 * - "Tập đoàn Hoa Sen" (user ADMIN of the BC) owns advertisers with an even index, "Sao Việt Agency" (user
 *   STANDARD) the odd ones; "Chi nhánh Cần Thơ" has no assets.
 * - The user is ADMIN on every advertiser except index % 13 == 10 (OPERATOR) and index % 13 == 11 (ANALYST).
 *   Tests change a role with `emu.state.bc.roles.set(advertiserId, 'OPERATOR')`.
 * Emulator choices where sources are silent: an unknown or foreign bc_id answers 40001; asset types other than
 * ADVERTISER list nothing.
 */

export type AdvertiserRole = 'ADMIN' | 'OPERATOR' | 'ANALYST';

export interface BusinessCenter {
	bc_id: string;
	name: string;
	company: string;
	currency: string;
	timezone: string;
	registered_area: string;
	type: 'NORMAL' | 'AGENCY';
	status: 'ENABLE';
	user_role: 'ADMIN' | 'STANDARD';
	finance_role: 'MANAGER' | 'ANALYST';
	advertiserIds: string[];
}

export interface BcState {
	centers: Map<string, BusinessCenter>;
	roles: Map<string, AdvertiserRole>;
}

/** The SDK's strict list plus MANAGED_BUSINESS_ACCOUNT, which only the newer BB names (sources disagree). */
export const ASSET_TYPES = [
	'ADVERTISER',
	'CATALOG',
	'TIKTOK_SHOP',
	'PIXEL',
	'LEAD',
	'TT_ACCOUNT',
	'STOREFRONT',
	'MANAGED_BUSINESS_ACCOUNT',
] as const;

export function createState(seed: Seed): BcState {
	const rng = createRng((seed.options.seed ?? 42) * 7919 + 101);
	const roles = new Map<string, AdvertiserRole>();
	seed.advertisers.forEach((a, i) => {
		roles.set(a.advertiser_id, i % 13 === 10 ? 'OPERATOR' : i % 13 === 11 ? 'ANALYST' : 'ADMIN');
	});
	const ids = seed.advertisers.map((a) => a.advertiser_id);
	const make = (
		name: string,
		company: string,
		type: BusinessCenter['type'],
		userRole: BusinessCenter['user_role'],
		advertiserIds: string[],
	): BusinessCenter => ({
		bc_id: randomId19(rng),
		name,
		company,
		currency: 'VND',
		timezone: 'Asia/Ho_Chi_Minh',
		registered_area: 'VN',
		type,
		status: 'ENABLE',
		user_role: userRole,
		finance_role: userRole === 'ADMIN' ? 'MANAGER' : 'ANALYST',
		advertiserIds,
	});
	const centers = [
		make('Tập đoàn Hoa Sen', 'Công ty Cổ phần Tập đoàn Hoa Sen', 'NORMAL', 'ADMIN', ids.filter((_, i) => i % 2 === 0)),
		make('Sao Việt Agency', 'Công ty TNHH Truyền thông Sao Việt', 'AGENCY', 'STANDARD', ids.filter((_, i) => i % 2 === 1)),
		make('Chi nhánh Cần Thơ', 'Công ty TNHH Thương mại Cần Thơ', 'NORMAL', 'ADMIN', []),
	];
	return { centers: new Map(centers.map((c) => [c.bc_id, c])), roles };
}

type StateWithBc = BaseState & { bc?: BcState };

/** The token user's role on an ad account (ADMIN when the module is absent). For the page module and tests. */
export function userRoleOn(state: BaseState, advertiserId: string): AdvertiserRole {
	return (state as StateWithBc).bc?.roles.get(advertiserId) ?? 'ADMIN';
}

const SHOW_STATUS: Record<string, string> = {
	STATUS_ENABLE: 'SHOW_ACCOUNT_STATUS_APPROVED',
	STATUS_LIMIT: 'SHOW_ACCOUNT_STATUS_PUNISHED',
	STATUS_CONFIRM_FAIL: 'SHOW_ACCOUNT_STATUS_NOT_APPROVED',
	STATUS_CONFIRM_FAIL_END: 'SHOW_ACCOUNT_STATUS_NOT_APPROVED',
	STATUS_CONFIRM_MODIFY_FAIL: 'SHOW_ACCOUNT_STATUS_NOT_APPROVED',
	STATUS_DISABLE: 'SHOW_ACCOUNT_STATUS_NOT_APPROVED',
};

function asset(center: BusinessCenter, adv: Advertiser, role: AdvertiserRole) {
	return {
		asset_id: adv.advertiser_id,
		asset_name: adv.name,
		asset_type: 'ADVERTISER',
		advertiser_role: role,
		advertiser_status: SHOW_STATUS[adv.status] ?? 'SHOW_ACCOUNT_STATUS_IN_REVIEW',
		advertiser_account_type: adv.advertiser_account_type,
		relation_type: 'OWNER_BC',
		relation_status: 'BOUND',
		owner_bc_name: center.name,
	};
}

const route = routeFor<BcState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#get-bcget
	route({
		method: 'GET',
		path: '/bc/get/',
		jsonQuery: ['filtering'],
		query: z.object({
			bc_id: idString.optional(),
			scene: z.enum(['SINGLE_ACCOUNT', 'TIERED_ACCOUNT']).default('SINGLE_ACCOUNT'),
			filtering: z
				.object({ keyword: z.string().optional(), keyword_type: z.string().optional(), relation_type: z.string().optional() })
				.strict()
				.optional(),
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 50).default(10),
		}),
		handler({ query, slice }) {
			let centers = [...slice.centers.values()];
			if (query.bc_id) centers = centers.filter((c) => c.bc_id === query.bc_id);
			const keyword = query.filtering?.keyword?.toLowerCase();
			if (keyword) centers = centers.filter((c) => c.name.toLowerCase().includes(keyword) || c.bc_id.includes(keyword));
			const { list, page_info } = paginate(centers, query.page, query.page_size);
			return {
				list: list.map((c) => ({
					bc_info: {
						bc_id: c.bc_id,
						name: c.name,
						company: c.company,
						currency: c.currency,
						timezone: c.timezone,
						status: c.status,
						type: c.type,
						registered_area: c.registered_area,
					},
					user_role: c.user_role,
					ext_user_role: { finance_role: c.finance_role },
				})),
				page_info,
			};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-bcassetget
	route({
		method: 'GET',
		path: '/bc/asset/get/',
		jsonQuery: ['filtering'],
		query: z.object({
			bc_id: idString,
			asset_type: z.enum(ASSET_TYPES),
			filtering: z
				.object({ keyword: z.string().optional(), user_id: z.string().optional(), user_email: z.string().optional() })
				.strict()
				.refine((f) => f.user_id === undefined || f.user_email === undefined, {
					message: 'Pass user_id or user_email, not both.',
					path: ['user_email'],
				})
				.optional(),
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 50).default(10),
		}),
		handler({ query, slice, state }) {
			const center = slice.centers.get(query.bc_id);
			if (!center) throw new ApiError(40001, `No permission to operate business center ${query.bc_id}.`);
			let assets =
				query.asset_type === 'ADVERTISER'
					? center.advertiserIds.flatMap((id) => {
							const adv = state.core.advertisers.get(id);
							return adv ? [asset(center, adv, userRoleOn(state, id))] : [];
						})
					: [];
			const keyword = query.filtering?.keyword?.toLowerCase();
			if (keyword) {
				assets = assets.filter((a) => a.asset_name.toLowerCase().includes(keyword) || a.asset_id.includes(keyword));
			}
			return paginate(assets, query.page, query.page_size);
		},
	}),
];
