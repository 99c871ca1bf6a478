import { createHash } from 'node:crypto';

import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

const HOST_EXPRESSION =
	'={{$credentials.environment === "custom" ? String($credentials.baseUrl).replace(/\\/+$/, "").replace(/\\/open_api\\/v1\\.3$/, "") : ($credentials.environment === "sandbox" ? "https://sandbox-ads.tiktok.com" : "https://business-api.tiktok.com")}}';

const HOSTS: Record<string, string> = {
	production: 'https://business-api.tiktok.com',
	sandbox: 'https://sandbox-ads.tiktok.com',
};

function hostOf(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.environment === 'custom') {
		return String(credentials.baseUrl ?? '')
			.trim()
			.replace(/(?<!\/)\/+$/, '') // the lookbehind keeps a long run of slashes linear
			.replace(/\/open_api\/v1\.3$/, '');
	}
	return HOSTS[String(credentials.environment)] ?? HOSTS.production;
}

function fingerprint(value: string): string {
	return createHash('sha256').update(value).digest('hex');
}

interface Envelope {
	code?: number;
	message?: string;
	request_id?: string;
	data?: IDataObject;
}

function tikTokFailure(step: string, envelope: Envelope): Error {
	// Only TikTok's code, message and request id: the secret and tokens must never reach an error text.
	return new Error(
		`TikTok refused the ${step} (code ${envelope.code}): ${envelope.message ?? 'no message'}` +
			(envelope.request_id ? ` [request id ${envelope.request_id}]` : ''),
	);
}

export class TikTokAdsOAuth2Api implements ICredentialType {
	name = 'tikTokAdsOAuth2Api';

	displayName = 'TikTok Ads OAuth2 API';

	icon: Icon = { light: 'file:../nodes/TikTokAds/tiktok.svg', dark: 'file:../nodes/TikTokAds/tiktok.dark.svg' };

	documentationUrl = 'https://business-api.tiktok.com/portal/docs?id=1738373164380162';

	properties: INodeProperties[] = [
		{
			displayName:
				'TikTok\'s advertiser authorization is not standard OAuth2. Open https://business-api.tiktok.com/portal/auth?app_id=YOUR_APP_ID&state=n8n&redirect_uri=YOUR_REDIRECT_URL (the redirect URL registered on your TikTok app), approve, and copy the auth_code parameter from the page TikTok redirects to. Paste it below within one hour: n8n exchanges it once for a long-term token. Or paste a long-term access token you already have.',
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
			description: 'Host that serves /open_api/v1.3/ paths',
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
				'The auth_code from TikTok\'s redirect after the advertiser approved your app. Single use, valid one hour. Leave empty when you paste a long-term access token instead.',
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
		const host = hostOf(credentials);
		const pasted = String(credentials.accessToken ?? '').trim();
		if (pasted) {
			// Checked here so a credential test shows TikTok's own words for a bad token.
			const check = (await this.helpers.httpRequest({
				method: 'GET',
				url: `${host}/open_api/v1.3/user/info/`,
				headers: { 'Access-Token': pasted },
				json: true,
			})) as Envelope;
			if (check?.code !== 0) throw tikTokFailure('access token', check ?? {});
			return { longTermToken: pasted };
		}
		const authCode = String(credentials.authCode ?? '').trim();
		if (!authCode) {
			throw new Error(
				'Paste either an authorization code (auth_code from TikTok\'s redirect) or a long-term access token',
			);
		}
		// An auth code works once: when this code was already exchanged keep the token it gave.
		if (credentials.longTermToken && credentials.exchangedCode === fingerprint(authCode)) {
			return { longTermToken: credentials.longTermToken as string };
		}
		const envelope = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${host}/open_api/v1.3/oauth2/access_token/`,
			headers: { 'Content-Type': 'application/json' },
			body: { app_id: credentials.appId, secret: credentials.appSecret, auth_code: authCode },
			json: true,
		})) as Envelope;
		const token = envelope?.data?.access_token;
		if (envelope?.code !== 0 || typeof token !== 'string' || !token) {
			const failure = tikTokFailure('authorization code exchange', envelope ?? {});
			if (envelope?.code === 40102 && /already/i.test(String(envelope.message))) {
				// n8n's editor drops hidden fields when a credential is saved again in the window where it was first
				// tested, so the token this code gave is gone and the code cannot be exchanged a second time.
				failure.message +=
					'. n8n no longer holds the token this code gave (saving the credential again in the same window right after its first test drops it): open TikTok\'s authorization link again and paste the new code, or paste the long-term access token';
			}
			throw failure;
		}
		return { longTermToken: token, exchangedCode: fingerprint(authCode) };
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
		request: {
			baseURL: HOST_EXPRESSION,
			url: '/open_api/v1.3/user/info/',
			method: 'GET',
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
					value: 40001,
					message: 'TikTok says this token lacks permission (40001). Re-authorize the advertiser with the needed scopes.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 40100,
					message: 'TikTok is rate limiting this app (40100). Wait a minute and test again.',
				},
			},
		],
	};
}
