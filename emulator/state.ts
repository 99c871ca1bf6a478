import { ApiError } from './envelope';
import type { RouteModule } from './route';
import { createAdvertisers, createRng, randomHex, randomId19, type Advertiser, type Rng } from './seed';

/** Options of startEmulator(). Route modules may read their own extra options from seed.options. */
export interface EmulatorOptions {
	/** Listening port on 127.0.0.1; 0 (default) picks a free one. */
	port?: number;
	/** Number for the deterministic generator (ids, names, tokens). Default 42. */
	seed?: number;
	/** Advertisers created at start. Default 13 (one per status value). */
	advertiserCount?: number;
	/** The seeded token and auth code cover only the first N advertisers (the rest answer 40001). Default: all. */
	authorizedAdvertiserCount?: number;
	/** Scope ids granted to the seeded token and auth code. Default DEFAULT_SCOPE. */
	scope?: number[];
	/** Global token-bucket limit (requests per second); excess requests get code 40100. Default: unlimited. */
	qps?: number;
	/** false: streamed multipart bodies (customer-file uploads) are not kept in `requests` (benches). Default true. */
	recordBodies?: boolean;
	/** Extra route modules for this instance only (tests of the emulator itself, ad-hoc endpoints). */
	extraModules?: Record<string, RouteModule>;
	[extra: string]: unknown;
}

/** What every route module's createState(seed) receives. Same seed number → same values. */
export interface Seed {
	appId: string;
	appSecret: string;
	accessToken: string;
	authCode: string;
	advertisers: Advertiser[];
	/** Emulator time (ms) when the state was created. */
	now: number;
	/** Deterministic random numbers in [0, 1). */
	rng: Rng;
	options: EmulatorOptions;
}

/** Scope ids are TikTok's numeric permission ids; the emulator grants these unless told otherwise. */
export const DEFAULT_SCOPE = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

export interface TokenRecord {
	token: string;
	advertiserIds: string[];
	scope: number[];
	revoked: boolean;
}

export interface AuthCodeRecord {
	code: string;
	advertiserIds: string[];
	scope: number[];
	/** Emulator time (ms) after which the code is expired (1 h after issue). */
	expiresAt: number;
	usedAt?: number;
}

export interface UserInfo {
	display_name: string;
	email: string;
	core_user_id: string;
	create_time: number;
	avatar_url: string;
}

export interface CoreState {
	app: { appId: string; appSecret: string };
	/** Insertion-ordered advertisers by id. */
	advertisers: Map<string, Advertiser>;
	tokens: Map<string, TokenRecord>;
	authCodes: Map<string, AuthCodeRecord>;
	user: UserInfo;
	rng: Rng;
}

export const AUTH_CODE_TTL_MS = 60 * 60 * 1000;

/** Fixed credentials for one seed number (they survive emu.reset()). */
export function createSeed(options: EmulatorOptions, now: number): Seed {
	const rng = createRng(options.seed ?? 42);
	const appId = randomId19(rng);
	const appSecret = randomHex(rng, 40);
	const accessToken = randomHex(rng, 40);
	const authCode = randomHex(rng, 40);
	const advertisers = createAdvertisers(rng, options.advertiserCount ?? 13, now);
	return { appId, appSecret, accessToken, authCode, advertisers, now, rng, options };
}

export function createCoreState(seed: Seed): CoreState {
	const advertisers = new Map(seed.advertisers.map((a) => [a.advertiser_id, { ...a }]));
	const authorized = seed.advertisers
		.slice(0, seed.options.authorizedAdvertiserCount ?? seed.advertisers.length)
		.map((a) => a.advertiser_id);
	const scope = seed.options.scope ?? DEFAULT_SCOPE;
	return {
		app: { appId: seed.appId, appSecret: seed.appSecret },
		advertisers,
		tokens: new Map([
			[seed.accessToken, { token: seed.accessToken, advertiserIds: [...authorized], scope: [...scope], revoked: false }],
		]),
		authCodes: new Map([
			[
				seed.authCode,
				{ code: seed.authCode, advertiserIds: [...authorized], scope: [...scope], expiresAt: seed.now + AUTH_CODE_TTL_MS },
			],
		]),
		user: {
			display_name: 'Nguyễn Thị Hương',
			email: 'ng***@example.com',
			core_user_id: randomId19(seed.rng),
			create_time: Math.floor(seed.now / 1000) - 86400 * 400,
			avatar_url: 'https://example.invalid/avatar/default.png',
		},
		rng: seed.rng,
	};
}

/** The state every route module sees: core plus one slice per route module (typed in routes/index.ts). */
export interface BaseState {
	core: CoreState;
}

/** 40001 unless the advertiser exists and `token` is authorized for it. Returns the advertiser. */
export function assertAdvertiserAccess(
	state: BaseState,
	token: string | TokenRecord | undefined,
	advertiserId: string,
	endpoint?: string,
): Advertiser {
	const record = typeof token === 'string' ? state.core.tokens.get(token) : token;
	const advertiser = state.core.advertisers.get(advertiserId);
	if (!record || record.revoked || !advertiser || !record.advertiserIds.includes(advertiserId)) {
		throw new ApiError(
			40001,
			endpoint
				? `advertiser ${advertiserId} does not grant you ${endpoint} permission`
				: `No permission to operate advertiser ${advertiserId}.`,
		);
	}
	return advertiser;
}

// Contract: docs/tiktok-api-contract.md#access-token-header
/** 40101 unless app_id and secret belong to the emulated app (app-level calls: token exchange, subscriptions). */
export function assertAppCredentials(state: BaseState, appId: string, secret: string): void {
	if (appId !== state.core.app.appId || secret !== state.core.app.appSecret) {
		throw new ApiError(40101, 'The app_id and secret are inconsistent. Please check your app_id and secret.');
	}
}

export function issueToken(core: CoreState, advertiserIds: string[], scope: number[]): string {
	const token = randomHex(core.rng, 40);
	core.tokens.set(token, { token, advertiserIds: [...advertiserIds], scope: [...scope], revoked: false });
	return token;
}

export function issueAuthCode(
	core: CoreState,
	advertiserIds: string[],
	scope: number[],
	now: number,
	ttlMs = AUTH_CODE_TTL_MS,
): string {
	const code = randomHex(core.rng, 40);
	core.authCodes.set(code, { code, advertiserIds: [...advertiserIds], scope: [...scope], expiresAt: now + ttlMs });
	return code;
}
