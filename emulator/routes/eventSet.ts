import { z } from 'zod';
import { routeFor } from '../route';
import { createRng, randomId19, type Rng } from '../seed';
import type { Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';

/**
 * Event sources of an ad account: pixels (/pixel/list/, paginated, page_size 1–20), CRM event sets (/crm/list/,
 * unpaginated, ≤ 50 per account) and offline event sets (/offline/get/, /offline/create/) —
 * docs/tiktok-api-contract.md § /pixel/list/, § /crm/list/, § /offline/get/ and § /offline/create/.
 *
 * Seeded: the first advertiser has 23 pixels (two pages at the maximum page size), 2 CRM sets and 2 offline sets
 * (one per Messenger page, named like the Ads Account node's default `Haravan_CTM_Messenger_<page id>`); every other advertiser has one pixel.
 * Emulator choices where sources are silent: offline set names are not unique (TikTok documents no rule);
 * name filters are exact for CRM and offline sets (BB says exact for CRM), "contains" for pixels (BB: fuzzy).
 */

export interface Pixel {
	advertiser_id: string;
	pixel_id: string;
	pixel_code: string;
	pixel_name: string;
	pixel_category: string;
	pixel_setup_mode: 'STANDARD' | 'DEVELOPER';
	create_time: number;
	partner_name: string;
	advanced_matching_fields: { phone_number: boolean; email: boolean };
	events: unknown[];
}

export interface CrmEventSet {
	advertiser_id: string;
	event_set_id: string;
	name: string;
	create_time: string;
}

export interface OfflineEventSet {
	advertiser_id: string;
	event_set_id: string;
	name: string;
	description: string;
	auto_tracking: boolean;
	create_time: string;
	update_time: string;
}

export interface EventSetState {
	pixels: Pixel[];
	crm: CrmEventSet[];
	offline: OfflineEventSet[];
	rng: Rng;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function pixelCode(rng: Rng): string {
	let s = 'C';
	for (let i = 0; i < 19; i++) s += ALNUM[Math.floor(rng() * ALNUM.length)];
	return s;
}

function utc(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

const PIXEL_NAMES = ['Website bán hàng', 'Landing page khuyến mãi', 'Trang đặt lịch', 'Cửa hàng Haravan'];

export function createState(seed: Seed): EventSetState {
	const rng = createRng((seed.options.seed ?? 42) * 7919 + 303);
	const state: EventSetState = { pixels: [], crm: [], offline: [], rng };
	seed.advertisers.forEach((adv, i) => {
		const count = i === 0 ? 23 : 1;
		for (let k = 0; k < count; k++) {
			state.pixels.push({
				advertiser_id: adv.advertiser_id,
				pixel_id: randomId19(rng),
				pixel_code: pixelCode(rng),
				pixel_name: `${PIXEL_NAMES[k % PIXEL_NAMES.length]}${k >= PIXEL_NAMES.length ? ` ${k + 1}` : ''}`,
				pixel_category: 'ONLINE_STORE',
				pixel_setup_mode: 'DEVELOPER',
				create_time: seed.now - 86400_000 * (40 - (k % 30)),
				partner_name: '',
				advanced_matching_fields: { phone_number: true, email: true },
				events: [],
			});
		}
	});
	const first = seed.advertisers[0];
	if (first) {
		for (const name of ['CRM Pango – Khách hàng tiềm năng', 'CRM Haravan – Đơn hàng']) {
			state.crm.push({
				advertiser_id: first.advertiser_id,
				event_set_id: randomId19(rng),
				name,
				create_time: new Date(seed.now - 86400_000 * 20).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			});
		}
		for (const pageId of ['104857392817465', '209384756102938']) {
			state.offline.push({
				advertiser_id: first.advertiser_id,
				event_set_id: randomId19(rng),
				name: `Haravan_CTM_Messenger_${pageId}`,
				description: `Messenger page ${pageId}`,
				auto_tracking: false,
				create_time: utc(seed.now - 86400_000 * 10),
				update_time: utc(seed.now - 86400_000 * 10),
			});
		}
	}
	return state;
}

const route = routeFor<EventSetState>();

/** TikTok's list items do not repeat the advertiser; the emulator keeps it only to scope its lists. */
function withoutOwner<T extends { advertiser_id: string }>(record: T): Omit<T, 'advertiser_id'> {
	const rest: Partial<T> = { ...record };
	delete rest.advertiser_id;
	return rest as Omit<T, 'advertiser_id'>;
}

export const routes = [
	// Contract: docs/tiktok-api-contract.md#get-pixellist
	route({
		method: 'GET',
		path: '/pixel/list/',
		jsonQuery: ['filtering'],
		query: z.object({
			advertiser_id: idString,
			code: z.string().optional(),
			pixel_id: idString.optional(),
			name: z.string().optional(),
			order_by: z.enum(['EARLIEST_CREATE', 'LATEST_CREATE']).optional(),
			// SDK pixel_list.yml: an object whose one key is available_for_catalog_only (no seeded pixel is catalog-only).
			filtering: z.object({ available_for_catalog_only: z.boolean().optional() }).strict().optional(),
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 20).default(10),
		}),
		handler({ query, slice, assertAdvertiser }) {
			assertAdvertiser(query.advertiser_id);
			let pixels = slice.pixels.filter((p) => p.advertiser_id === query.advertiser_id);
			if (query.code) pixels = pixels.filter((p) => p.pixel_code === query.code);
			if (query.pixel_id) pixels = pixels.filter((p) => p.pixel_id === query.pixel_id);
			if (query.name) pixels = pixels.filter((p) => p.pixel_name.includes(query.name!));
			pixels.sort((a, b) => (query.order_by === 'LATEST_CREATE' ? b.create_time - a.create_time : a.create_time - b.create_time));
			const { list, page_info } = paginate(pixels, query.page, query.page_size);
			return { pixels: list.map(withoutOwner), page_info };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-crmlist
	route({
		method: 'GET',
		path: '/crm/list/',
		jsonQuery: ['event_set_ids'],
		query: z.object({
			advertiser_id: idString,
			name: z.string().min(1).max(40).optional(),
			event_set_ids: z.array(idString).max(50).optional(),
		}),
		handler({ query, slice, assertAdvertiser }) {
			assertAdvertiser(query.advertiser_id);
			const sets = slice.crm.filter(
				(s) =>
					s.advertiser_id === query.advertiser_id &&
					(query.name === undefined || s.name === query.name) &&
					(query.event_set_ids === undefined || query.event_set_ids.includes(s.event_set_id)),
			);
			return { crm_event_sets: sets.map(withoutOwner) };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-offlineget
	route({
		method: 'GET',
		path: '/offline/get/',
		jsonQuery: ['event_set_ids'],
		query: z.object({
			advertiser_id: idString,
			event_set_ids: z.array(idString).optional(),
			name: z.string().optional(),
		}),
		handler({ query, slice, assertAdvertiser }) {
			assertAdvertiser(query.advertiser_id);
			const sets = slice.offline.filter(
				(s) =>
					s.advertiser_id === query.advertiser_id &&
					(query.name === undefined || s.name === query.name) &&
					(query.event_set_ids === undefined || query.event_set_ids.includes(s.event_set_id)),
			);
			return { event_set_list: sets.map((s) => ({ ...s })) };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-offlinecreate
	route({
		method: 'POST',
		path: '/offline/create/',
		// description is required (SDK yml_files/offline_create.yml: `required` list and the Description rule). Whether
		// TikTok takes an empty one no public source says; refusing it keeps the node from relying on it.
		body: z.object({
			advertiser_id: idString,
			name: z.string().trim().min(1, 'Must not be empty.'),
			description: z.string().trim().min(1, 'Must not be empty.'),
			auto_tracking: z.boolean().optional(),
		}),
		handler({ body, slice, assertAdvertiser, now }) {
			assertAdvertiser(body.advertiser_id);
			const set: OfflineEventSet = {
				advertiser_id: body.advertiser_id,
				event_set_id: randomId19(slice.rng),
				name: body.name,
				description: body.description,
				auto_tracking: body.auto_tracking ?? false,
				create_time: utc(now()),
				update_time: utc(now()),
			};
			slice.offline.push(set);
			return { event_set_id: set.event_set_id };
		},
	}),
];
