import { z } from 'zod';
import { ApiError } from '../envelope';
import { routeFor } from '../route';
import { createRng, randomId19 } from '../seed';
import type { Seed } from '../state';
import { idString } from '../validate';
import type { BcState } from './bc';

/**
 * Segment (partner) audiences — docs/tiktok-api-contract.md, POST /segment/audience/ and POST /segment/mapping/.
 *
 * Rules modelled (40002 unless said): action enums; a name on create, an audience id on delete; id_schema values
 * from TikTok's enum (lowercase accepted), no duplicates; every user of batch_data has exactly one cell per
 * id_schema entry, each cell `{}` or `{id, audience_ids}`; ids are lowercase hex of the schema's hash length;
 * every audience exists, is a segment audience of one of advertiser_ids and accepts data (`readyAfterMs` after
 * creation, default 0; TikTok needs a minute or two); several advertiser ids must share one Business Center.
 * Emulator choices where sources are silent: a user whose cells are all `{}` is refused; a name over 70 characters
 * is stored as its first 67 characters and "...".
 */

const SCHEMAS = ['EMAIL_SHA256', 'PHONE_SHA256', 'IDFA_SHA256', 'IDFA_MD5', 'AAID_SHA256', 'AAID_MD5'] as const;

export interface SegmentAudience {
	audience_id: string;
	advertiser_id: string;
	name: string;
	createdAt: number;
	deleted: boolean;
	/** `SCHEMA:id` strings. */
	members: Set<string>;
}

export interface SegmentState {
	audiences: Map<string, SegmentAudience>;
	/** Milliseconds after creation before an audience accepts people (tests raise it). */
	readyAfterMs: number;
	rng: () => number;
}

export function createState(seed: Seed): SegmentState {
	return { audiences: new Map(), readyAfterMs: 0, rng: createRng((seed.options.seed ?? 42) * 131 + 17) };
}

const audienceBody = z.object({
	advertiser_id: idString,
	action: z.enum(['create', 'delete']).default('create'),
	custom_audience_name: z.string().min(1).optional(),
	delete_audience_id: idString.optional(),
});

const cell = z.union([
	z.object({ id: z.string().min(1), audience_ids: z.array(idString).min(1) }).strict(),
	z.object({}).strict(),
]);

const mappingBody = z.object({
	advertiser_ids: z.array(idString).min(1),
	action: z.enum(['add', 'delete']).default('add'),
	id_schema: z.array(z.string().transform((s) => s.toUpperCase()).pipe(z.enum(SCHEMAS))).min(1),
	batch_data: z.array(z.array(cell)).min(1),
});

function assertOneBusinessCenter(bc: BcState, advertiserIds: string[]): void {
	if (advertiserIds.length < 2) return;
	for (const center of bc.centers.values()) if (advertiserIds.every((id) => center.advertiserIds.includes(id))) return;
	throw new ApiError(40002, 'advertiser_ids: All advertisers must belong to the same business account.');
}

function assertIdShape(schema: string, id: string): void {
	const length = schema.endsWith('MD5') ? 32 : 64;
	if (id.length !== length || !/^[0-9a-f]+$/.test(id)) throw new ApiError(40002, `batch_data: ${id.slice(0, 12)}… is not a ${schema} value.`);
}

const route = routeFor<SegmentState>();

export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-segmentaudience
	route({
		method: 'POST',
		path: '/segment/audience/',
		body: audienceBody,
		handler(ctx) {
			const body = ctx.body;
			ctx.assertAdvertiser(body.advertiser_id);
			if (body.action === 'delete') {
				if (!body.delete_audience_id) throw new ApiError(40002, 'delete_audience_id: Missing data for required field.');
				const audience = ctx.slice.audiences.get(body.delete_audience_id);
				if (!audience || audience.deleted || audience.advertiser_id !== body.advertiser_id) throw new ApiError(40002, 'delete_audience_id: Audience does not exist.');
				audience.deleted = true;
				return { audience_id: audience.audience_id };
			}
			if (!body.custom_audience_name) throw new ApiError(40002, 'custom_audience_name: Missing data for required field.');
			const name = body.custom_audience_name.length > 70 ? `${body.custom_audience_name.slice(0, 67)}...` : body.custom_audience_name;
			const id = randomId19(ctx.slice.rng);
			ctx.slice.audiences.set(id, { audience_id: id, advertiser_id: body.advertiser_id, name, createdAt: ctx.now(), deleted: false, members: new Set() });
			return { audience_id: id };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#post-segmentmapping
	route({
		method: 'POST',
		path: '/segment/mapping/',
		body: mappingBody,
		handler(ctx) {
			const { advertiser_ids: advertisers, action, id_schema: schema, batch_data: users } = ctx.body;
			for (const id of advertisers) ctx.assertAdvertiser(id);
			assertOneBusinessCenter(ctx.state.bc as BcState, advertisers);
			if (new Set(schema).size !== schema.length) throw new ApiError(40002, 'id_schema: Duplicate ID types are not allowed.');
			const changes: Array<[SegmentAudience, string]> = [];
			users.forEach((user, u) => {
				if (user.length !== schema.length) throw new ApiError(40002, `batch_data[${u}]: Expected ${schema.length} entries aligned with id_schema, got ${user.length}.`);
				if (user.every((c) => !('id' in c))) throw new ApiError(40002, `batch_data[${u}]: A user needs at least one ID.`);
				user.forEach((c, i) => {
					if (!('id' in c)) return;
					assertIdShape(schema[i], c.id);
					for (const audienceId of c.audience_ids) {
						const audience = ctx.slice.audiences.get(audienceId);
						if (!audience || audience.deleted || !advertisers.includes(audience.advertiser_id)) throw new ApiError(40002, `audience_ids: ${audienceId} is not a segment audience of these advertisers.`);
						if (ctx.now() < audience.createdAt + ctx.slice.readyAfterMs) throw new ApiError(40002, `audience_ids: Audience ${audienceId} is not ready to receive data yet.`);
						changes.push([audience, `${schema[i]}:${c.id}`]);
					}
				});
			});
			for (const [audience, member] of changes) {
				if (action === 'add') audience.members.add(member);
				else audience.members.delete(member);
			}
			return {};
		},
	}),
] as const;
