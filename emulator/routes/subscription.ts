import { z } from 'zod';
import { ApiError } from '../envelope';
import { routeFor } from '../route';
import { userRoleOn } from './bc';
import { randomId19 } from '../seed';
import { assertAdvertiserAccess, assertAppCredentials, type BaseState, type Seed } from '../state';
import { idString, paginate, queryInt } from '../validate';

/**
 * Webhook subscriptions (docs/tiktok-api-contract.md#post-subscriptionsubscribe): app-level calls authenticated by app_id + secret in the request; the
 * advertiser's token travels inside subscription_detail.
 *
 * Emulator choices where the public sources are silent:
 * - Only subscribe_entity LEAD is modelled; the other documented entities answer 40002 "not supported".
 * - Subscriptions are independent: the same page may be subscribed several times (each delivers separately).
 * - A subscription whose token was revoked is gone: /subscription/get/ no longer lists it and
 *   /subscription/unsubscribe/ answers 40002 for it (TikTok stops delivering; the integrator must re-subscribe).
 * - /subscription/get/ never echoes the access_token back.
 * - An unknown subscription_id on unsubscribe → 40002.
 * - page_id is checked against the advertiser's forms when the forms module (state.page) keeps any.
 * - Subscribing by advertiser_id needs the ADMIN role on the ad account (bc module's `userRoleOn`), else 40001.
 */

export const SUBSCRIBE_ENTITIES = [
	'LEAD',
	'AD_ACCOUNT_SUSPENSION',
	'AD_GROUP',
	'AD',
	'CREATIVE_FATIGUE',
	'TCM_VIDEOS',
	'API_SERVICE_STATUS',
	'REPORT_DATA_CHANGE',
] as const;

export const LEAD_SOURCES = ['INSTANT_FORM', 'DIRECT_MESSAGE'] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export interface LeadSubscriptionDetail {
	access_token: string;
	advertiser_id?: string;
	library_id?: string;
	page_id?: string;
	lead_source: LeadSource;
}

export interface Subscription {
	subscription_id: string;
	app_id: string;
	subscribe_entity: 'LEAD';
	callback_url: string;
	subscription_detail: LeadSubscriptionDetail;
	/** Emulator time (ms) of creation. */
	created_at: number;
}

export interface SubscriptionState {
	/** Insertion-ordered live subscriptions by id. */
	subscriptions: Map<string, Subscription>;
	/** Every subscription ever removed, with why (tests assert on orphans and repairs). */
	removed: Array<{ subscription: Subscription; reason: 'unsubscribed' | 'token_revoked' | 'test' }>;
	rng: Seed['rng'];
}

export function createState(seed: Seed): SubscriptionState {
	return { subscriptions: new Map(), removed: [], rng: seed.rng };
}

type StateWithSubscriptions = BaseState & { subscription?: SubscriptionState };

/** Drops subscriptions whose token the advertiser or developer revoked (they silently stop at TikTok). */
function pruneRevoked(state: StateWithSubscriptions, slice: SubscriptionState): void {
	for (const [id, sub] of slice.subscriptions) {
		const token = state.core.tokens.get(sub.subscription_detail.access_token);
		if (!token || token.revoked) {
			slice.subscriptions.delete(id);
			slice.removed.push({ subscription: sub, reason: 'token_revoked' });
		}
	}
}

/**
 * Live lead subscriptions, optionally for one advertiser / form. For other route modules (the ads-account
 * "Webhook" column) and for tests; pass emu.state.
 */
export function liveLeadSubscriptions(
	state: BaseState,
	filter: { advertiserId?: string; pageId?: string; callbackUrl?: string } = {},
): Subscription[] {
	const slice = (state as StateWithSubscriptions).subscription;
	if (!slice) return [];
	pruneRevoked(state as StateWithSubscriptions, slice);
	return [...slice.subscriptions.values()].filter(
		(s) =>
			(filter.advertiserId === undefined || s.subscription_detail.advertiser_id === filter.advertiserId) &&
			(filter.pageId === undefined || s.subscription_detail.page_id === filter.pageId) &&
			(filter.callbackUrl === undefined || s.callback_url === filter.callbackUrl),
	);
}

/** Test helper: TikTok drops a subscription on its side (the node must notice and repair on next activation). */
export function dropSubscription(state: BaseState, subscriptionId: string): boolean {
	const slice = (state as StateWithSubscriptions).subscription;
	const sub = slice?.subscriptions.get(subscriptionId);
	if (!slice || !sub) return false;
	slice.subscriptions.delete(subscriptionId);
	slice.removed.push({ subscription: sub, reason: 'test' });
	return true;
}

/** The forms module's page ids for an advertiser, when that module keeps forms in state.page. */
function knownFormIds(state: BaseState, advertiserId: string): Set<string> | undefined {
	const page = (state as unknown as Record<string, unknown>).page as
		| { forms?: Map<string, { page_id: string; advertiser_id?: string }> | Array<{ page_id: string; advertiser_id?: string }> }
		| undefined;
	const forms = page?.forms;
	if (!forms) return undefined;
	const list = forms instanceof Map ? [...forms.values()] : Array.isArray(forms) ? forms : [];
	if (list.length === 0) return undefined;
	return new Set(list.filter((f) => f.advertiser_id === undefined || f.advertiser_id === advertiserId).map((f) => f.page_id));
}

function withoutToken(detail: LeadSubscriptionDetail): Omit<LeadSubscriptionDetail, 'access_token'> {
	return Object.fromEntries(Object.entries(detail).filter(([key]) => key !== 'access_token')) as Omit<
		LeadSubscriptionDetail,
		'access_token'
	>;
}

const route = routeFor<SubscriptionState>();

const callbackUrl = z
	.string()
	.min(1)
	.max(2048)
	.refine((value) => {
		try {
			const url = new URL(value);
			return url.protocol === 'https:' || url.protocol === 'http:';
		} catch {
			return false;
		}
	}, 'Must be an absolute http(s) URL.');

const subscriptionDetail = z
	.object({
		access_token: z.string().min(1),
		advertiser_id: idString.optional(),
		library_id: idString.optional(),
		page_id: idString.optional(),
		lead_source: z.enum(LEAD_SOURCES).default('INSTANT_FORM'),
	})
	.strict();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-subscriptionsubscribe
	route({
		method: 'POST',
		path: '/subscription/subscribe/',
		auth: 'none',
		body: z.object({
			app_id: z.string().min(1),
			secret: z.string().min(1),
			subscribe_entity: z.enum(SUBSCRIBE_ENTITIES),
			callback_url: callbackUrl,
			subscription_detail: z.record(z.unknown()),
		}),
		handler({ body, state, slice, now }) {
			assertAppCredentials(state, body.app_id, body.secret);
			if (body.subscribe_entity !== 'LEAD') {
				throw new ApiError(40002, `subscribe_entity: ${body.subscribe_entity} is not supported by this emulator.`);
			}
			const parsed = subscriptionDetail.safeParse(body.subscription_detail);
			if (!parsed.success) {
				const issue = parsed.error.issues[0];
				throw new ApiError(40002, `subscription_detail.${issue.path.join('.') || 'value'}: ${issue.message}`);
			}
			const detail = parsed.data;
			if (!detail.advertiser_id === !detail.library_id) {
				throw new ApiError(40002, 'subscription_detail: Exactly one of advertiser_id and library_id is required.');
			}
			if (detail.page_id && detail.lead_source === 'DIRECT_MESSAGE') {
				throw new ApiError(40002, 'subscription_detail.page_id: Not allowed when lead_source is DIRECT_MESSAGE.');
			}
			const token = state.core.tokens.get(detail.access_token);
			if (!token || token.revoked) throw new ApiError(40105, 'subscription_detail.access_token: Access token is invalid');
			if (detail.advertiser_id) {
				assertAdvertiserAccess(state, token, detail.advertiser_id, '/subscription/subscribe/:POST');
				const role = userRoleOn(state, detail.advertiser_id);
				if (role !== 'ADMIN') {
					throw new ApiError(40001, `Subscribing to leads of advertiser ${detail.advertiser_id} requires the ADMIN role (you are ${role}).`);
				}
				const forms = detail.page_id ? knownFormIds(state, detail.advertiser_id) : undefined;
				if (forms && !forms.has(detail.page_id!)) {
					throw new ApiError(40002, `subscription_detail.page_id: Form ${detail.page_id} does not belong to advertiser ${detail.advertiser_id}.`);
				}
			}
			const id = randomId19(slice.rng);
			slice.subscriptions.set(id, {
				subscription_id: id,
				app_id: body.app_id,
				subscribe_entity: 'LEAD',
				callback_url: body.callback_url,
				subscription_detail: detail,
				created_at: now(),
			});
			return { subscription_id: id };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-subscriptionget
	route({
		method: 'GET',
		path: '/subscription/get/',
		auth: 'none',
		query: z.object({
			app_id: z.string().min(1),
			secret: z.string().min(1),
			// Optional: without it every entity's subscriptions are listed.
			subscribe_entity: z.enum(SUBSCRIBE_ENTITIES).optional(),
			page: queryInt(1, 1_000_000).default(1),
			page_size: queryInt(1, 1000).default(10),
		}),
		handler({ query, state, slice }) {
			assertAppCredentials(state, query.app_id, query.secret);
			pruneRevoked(state, slice);
			const all = [...slice.subscriptions.values()].filter(
				(s) => query.subscribe_entity === undefined || s.subscribe_entity === query.subscribe_entity,
			);
			const { list, page_info } = paginate(all, query.page, query.page_size);
			return {
				subscriptions: list.map((s) => ({
					app_id: s.app_id,
					subscription_id: s.subscription_id,
					subscribe_entity: s.subscribe_entity,
					callback_url: s.callback_url,
					subscription_detail: withoutToken(s.subscription_detail),
				})),
				page_info,
			};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-subscriptionunsubscribe
	route({
		method: 'POST',
		path: '/subscription/unsubscribe/',
		auth: 'none',
		body: z.object({ app_id: z.string().min(1), secret: z.string().min(1), subscription_id: idString }),
		handler({ body, state, slice }) {
			assertAppCredentials(state, body.app_id, body.secret);
			pruneRevoked(state, slice);
			const sub = slice.subscriptions.get(body.subscription_id);
			if (!sub) throw new ApiError(40002, `subscription_id: Subscription ${body.subscription_id} does not exist.`);
			slice.subscriptions.delete(body.subscription_id);
			slice.removed.push({ subscription: sub, reason: 'unsubscribed' });
			return { subscription_id: body.subscription_id };
		},
	}),
];
