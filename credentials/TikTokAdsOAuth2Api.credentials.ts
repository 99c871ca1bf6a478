import { createHash } from 'node:crypto';

import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { hostExpression } from '../nodes/shared/transport/baseUrl';
import { checkAccessToken, credentialStepError, exchangeAuthCode, resolveHost } from '../nodes/shared/transport/credentialCalls';
import { tikTokCode } from '../nodes/shared/transport/tiktokError';
import { MAX_CREDENTIAL_TIMEOUT_S } from '../nodes/shared/transport/timeouts';

function fingerprint(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

export class TikTokAdsOAuth2Api implements ICredentialType {
	name = 'tikTokAdsOAuth2Api';

	displayName = 'TikTok Ads OAuth2 API';

	icon: Icon = { light: 'file:../nodes/shared/tiktok.svg', dark: 'file:../nodes/shared/tiktok.dark.svg' };

	documentationUrl = 'https://business-api.tiktok.com/portal/docs?id=1738373164380162';

	properties: INodeProperties[] = [
		{
			displayName:
				'TikTok\'s advertiser authorization is not standard OAuth2: open TikTok\'s authorization link for your app (see Authorization Code), approve, and paste the auth_code from the page TikTok redirects to within one hour. Or paste a long-term access token.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'business-api.tiktok.com' },
				{ name: 'Sandbox', value: 'sandbox', description: 'sandbox-ads.tiktok.com (no lead or subscription endpoints)' },
				{ name: 'Custom Base URL', value: 'custom', description: 'A proxy or a local TikTok emulator' },
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:8787',
			description:
				'Host that serves /open_api/v1.3/ paths. https:// is required, except http:// for a local emulator or proxy (localhost, a private IP address or a single-label host name). No user:pass@ in the URL.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			description: 'From your app in the TikTok API for Business portal (My Apps)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Used for the token exchange, lead webhook subscriptions and signature checks',
		},
		{
			displayName: 'Authorization Code',
			name: 'authCode',
			type: 'string',
			default: '',
			description:
				'The auth_code from TikTok\'s redirect after the advertiser approved your app at https://business-api.tiktok.com/portal/auth?app_id=YOUR_APP_ID&state=n8n&redirect_uri=YOUR_REDIRECT_URL (the redirect URL registered on your TikTok app). Single use, valid one hour: n8n exchanges it once for a long-term token. Leave empty when you paste a long-term access token instead.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A long-term advertiser access token, if you already have one. When set it is used instead of the authorization code.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 30,
			description:
				'How long each attempt of an API call may wait for TikTok\'s answer. File uploads and downloads wait at least 120 s; the token check and authorization-code exchange at most 15 s. Raise it for very large audience uploads over a slow link.',
		},
		{
			// Filled by preAuthentication from the authorization code and saved with the credential.
			displayName: 'Long-Term Token',
			name: 'longTermToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Exchanged Code',
			name: 'exchangedCode',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// First, on every path (also when a stored token is kept): the credential test's request URL is built by
		// hostExpression(), which cannot refuse an empty or unsafe custom base URL itself.
		resolveHost(credentials);
		const pasted = String(credentials.accessToken ?? '').trim();
		if (pasted) {
			// Checked here so a credential test shows TikTok's own words for a bad token.
			await checkAccessToken(this, credentials, pasted);
			return { longTermToken: pasted };
		}
		const authCode = String(credentials.authCode ?? '').trim();
		if (!authCode) {
			throw credentialStepError(
				'token check',
				'there is no token yet: paste either an authorization code (auth_code from TikTok\'s redirect) or a long-term access token',
			);
		}
		// An auth code works once: when this code was already exchanged keep the token it gave.
		if (credentials.longTermToken && credentials.exchangedCode === fingerprint(authCode)) {
			return { longTermToken: credentials.longTermToken as string };
		}
		try {
			const token = await exchangeAuthCode(this, credentials, authCode);
			return { longTermToken: token, exchangedCode: fingerprint(authCode) };
		} catch (error) {
			if (tikTokCode(error) === 40110 && /already/i.test((error as Error).message)) {
				// n8n's editor drops hidden fields when a credential is saved again in the window where it was first
				// tested, so the token this code gave is gone and the code cannot be exchanged a second time.
				(error as Error).message +=
					' n8n no longer holds the token this code gave (saving the credential again in the same window right after its first test drops it): open TikTok\'s authorization link again and paste the new code, or paste the long-term access token';
			}
			throw error;
		}
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'Access-Token': '={{$credentials.accessToken || $credentials.longTermToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		// preAuthentication runs first in every credential test and refuses a base URL resolveApiHost refuses, so
		// this expression only ever sees URLs the shared resolver accepts (and yields the same host for them).
		request: {
			baseURL: hostExpression(),
			url: '/open_api/v1.3/user/info/',
			method: 'GET',
			disableFollowRedirect: true,
			timeout: MAX_CREDENTIAL_TIMEOUT_S * 1000,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40105,
					message: 'TikTok says the access token is invalid or revoked (40105). Authorize again and paste a new code or token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40104,
					message: 'TikTok received no access token (40104). Paste an authorization code or a long-term token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40102,
					message: 'TikTok says the access token has expired (40102). Authorize again and paste a new code or token.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40001,
					message: 'TikTok says this token lacks permission (40001). Re-authorize the advertiser with the needed scopes.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40100,
					message: 'TikTok is rate limiting this app (40100). After its per-minute limit wait about 5 minutes; after its daily limit wait until 00:00 UTC. Then test again.',
				},
			},
		],
	};
}
