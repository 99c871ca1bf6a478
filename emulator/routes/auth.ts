import { z } from 'zod';
import { ApiError } from '../envelope';
import { defineRoute } from '../route';
import { assertAppCredentials, issueToken } from '../state';

/**
 * Advertiser authorization (docs/tiktok-api-contract.md#authorization-and-identity). Error choices where TikTok's docs are silent:
 * - wrong app_id/secret → 40101 "The app_id and secret are inconsistent…"
 * - unknown, used or expired auth_code → 40110, TikTok's auth-code error (official Python SDK
 *   `tiktok_business/tiktok_code.py`: ERROR_CODE_AUTH_CODE_ERROR = 40110; 40102 there is an expired access token);
 *   one auth_code works once, within 1 h.
 * Each successful exchange issues a new long-term token for the code's advertisers and scope.
 */
export const routes = [
	// Contract: docs/tiktok-api-contract.md#post-oauth2access_token
	defineRoute({
		method: 'POST',
		path: '/oauth2/access_token/',
		auth: 'none',
		body: z.object({
			app_id: z.string().min(1),
			secret: z.string().min(1),
			auth_code: z.string().min(1),
			return_advertiser_ids: z.boolean().optional(),
		}),
		handler({ body, state, now }) {
			assertAppCredentials(state, body.app_id, body.secret);
			const code = state.core.authCodes.get(body.auth_code);
			if (!code) throw new ApiError(40110, 'Authorization code is invalid.');
			if (code.usedAt !== undefined) throw new ApiError(40110, 'Authorization code has already been used.');
			if (now() > code.expiresAt) throw new ApiError(40110, 'Authorization code is expired.');
			code.usedAt = now();
			const accessToken = issueToken(state.core, code.advertiserIds, code.scope);
			return {
				access_token: accessToken,
				advertiser_ids: body.return_advertiser_ids === false ? [] : [...code.advertiserIds],
				scope: [...code.scope],
			};
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-oauth2advertiserget
	defineRoute({
		method: 'GET',
		path: '/oauth2/advertiser/get/',
		query: z.object({ app_id: z.string().min(1), secret: z.string().min(1) }),
		handler({ query, state, token }) {
			assertAppCredentials(state, query.app_id, query.secret);
			const list = (token?.advertiserIds ?? []).flatMap((id) => {
				const adv = state.core.advertisers.get(id);
				return adv ? [{ advertiser_id: adv.advertiser_id, advertiser_name: adv.name }] : [];
			});
			return { list };
		},
	}),
	// Contract: docs/tiktok-api-contract.md#get-userinfo
	defineRoute({
		method: 'GET',
		path: '/user/info/',
		handler: ({ state }) => ({ ...state.core.user }),
	}),
];
